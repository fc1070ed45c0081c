"""A dialog of the counter: part of the counter's window, not a window of its own to minimise or
close with a title-bar button (Esc leaves it, as each dialog says), no taller than the screen, and
its form's fields named for a screen reader by their labels."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from app.ui.accessible import name_form_fields

FLAGS = Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint


class CounterDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent, FLAGS)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        name_form_fields(self)
        super().showEvent(event)

    def resize(self, width: int, height: int) -> None:
        screen = QGuiApplication.primaryScreen().availableGeometry()
        super().resize(min(width, screen.width()), min(height, screen.height()))
