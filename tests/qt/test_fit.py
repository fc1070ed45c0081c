"""Every kiosk screen fits the store's screens, with the real layouts: at 1024×768, 1366×768, 1920×1080
and 1080×1920 portrait no page needs scrolling and no widget lies outside the window. (A long tracking
timeline scrolls inside its own area; that is the one place content may.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from tests.qt.test_kiosk import open_kiosk

SIZES = [(1024, 768), (1366, 768), (1920, 1080), (1080, 1920)]


def outside(window: QWidget) -> list[str]:
    """Visible widgets of `window` that are not wholly inside it."""
    inside = QRect(0, 0, window.width(), window.height())
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow():
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.text() if hasattr(widget, 'text') else ''}"
                         f" at {rect.getRect()}")
    return found


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_kiosk_page_fits_the_screen_without_scrolling(qtbot, settings, width, height):
    app = open_kiosk(qtbot, settings)
    try:
        window = app.window
        window.resize(width, height)
        for name in ("start_page", "entry_page", "answer_page", "busy_page", "still_page", "pin_page"):
            window._show(getattr(window, name))
            qtbot.wait(20)
            assert window.size().toTuple() == (width, height), name  # never grows past the screen
            assert window.page_scroll.verticalScrollBar().maximum() == 0, f"{name} scrolls at {width}x{height}"
            assert outside(window) == [], name
    finally:
        app.window.locked = False
        app.stop()
