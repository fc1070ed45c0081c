"""Sizes for the screen the program runs on.

The layouts are drawn for a 1024×768 screen at 100 % display scaling. A screen with less room in
Qt's pixels (150 % scaling leaves 683×512 of a 1024×768 screen, 911×512 of a 1366×768 one) gets
every size in px — type, padding, spacing, targets — shrunk by the same factor, so each window
looks as it would at 100 % rather than be cut off. Larger screens keep the drawn sizes.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFont, QGuiApplication

DRAWN_FOR = (1024, 768)
SMALLEST = 0.5  # below half size no one could read it anyway
_drawn_font: QFont | None = None  # the application's type before fit_application first changed it


def factor() -> float:
    room = QGuiApplication.primaryScreen().availableGeometry()
    return max(SMALLEST, min(1.0, room.width() / DRAWN_FOR[0], room.height() / DRAWN_FOR[1]))


def px(size: int) -> int:
    """A size drawn for 1024×768, for this screen."""
    return max(1, round(size * factor()))


def sheet(style: str) -> str:
    """A style sheet with each of its px sizes for this screen."""
    return re.sub(r"(\d+)px", lambda m: f"{px(int(m.group(1)))}px", style)


def fit_application() -> None:
    """The application's own type (message boxes, tables, buttons with no size of their own) for this
    screen; called by each window as it is built, it changes the type once."""
    global _drawn_font
    app = QGuiApplication.instance()
    if _drawn_font is None:
        _drawn_font = QFont(app.font())
    font = QFont(_drawn_font)
    if _drawn_font.pointSizeF() > 0:
        font.setPointSizeF(_drawn_font.pointSizeF() * factor())
    else:
        font.setPixelSize(px(_drawn_font.pixelSize()))
    if font != app.font():
        app.setFont(font)
