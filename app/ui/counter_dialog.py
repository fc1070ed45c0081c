"""A dialog of the counter: part of the counter's window, not a window of its own to minimise or
close with a title-bar button (Esc leaves it, as each dialog says), and no taller than the screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

FLAGS = Qt.WindowType.Dialog | Qt.WindowType.CustomizeWindowHint | Qt.WindowType.WindowTitleHint


class CounterDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent, FLAGS)

    def resize(self, width: int, height: int) -> None:
        screen = QGuiApplication.primaryScreen().availableGeometry()
        super().resize(min(width, screen.width()), min(height, screen.height()))
