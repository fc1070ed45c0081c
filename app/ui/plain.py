"""Text from outside is shown as plain text, everywhere.

Qt's QLabel renders anything that looks like HTML as rich text, so a merchant's item description
with ``<b style="color:green">OK TO RELEASE</b>`` would be drawn as large green type where the clerk
decides. Every label of a window is made plain text when the window starts, and an application-wide
event filter does the same for each label polished after that, whichever screen makes it; tooltips
that carry outside text go through `tip`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget


class PlainTextLabels(QObject):
    """Every QLabel shows its text as plain text: those of `windows` now, any other as it is polished."""

    def install(self, app: QApplication, *windows: QWidget) -> None:
        for window in windows:
            for label in window.findChildren(QLabel):
                label.setTextFormat(Qt.TextFormat.PlainText)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Polish and isinstance(watched, QLabel):
            watched.setTextFormat(Qt.TextFormat.PlainText)
        return False


def tip(text: str) -> str:
    """A tooltip that shows `text` as it is: Qt renders tooltips that look like HTML as rich text."""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
