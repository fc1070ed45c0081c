"""An on-screen keyboard for a touch screen: digits, letters and a dash, then space, delete and clear;
each key a large target typing into one line edit. For a field that takes digits only, the
letters (and the dash) are hidden."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from app.ui.scale import px

ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM")
KEY_HEIGHT, SHORT_SCREEN_KEY_HEIGHT = 56, 48  # px: 48 is what a finger needs, all a 768 px screen has room for


class OnScreenKeyboard(QWidget):
    def __init__(self, target: QLineEdit, parent=None):
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(px(6))
        grid.setContentsMargins(0, 0, 0, 0)
        self.letters: list[QPushButton] = []
        for row, keys in enumerate(ROWS):
            for column, key in enumerate(keys):
                button = self._key(key, lambda _=False, k=key: self.target.insert(k))
                grid.addWidget(button, row, column)
                if not key.isdigit():
                    self.letters.append(button)
        self.space = self._key("", lambda: self.target.insert(" "))
        self.delete = self._key("", self.target.backspace)
        self.clear = self._key("", self.target.clear)
        grid.addWidget(self.space, 4, 0, 1, 6)
        grid.addWidget(self.delete, 4, 6, 1, 2)
        grid.addWidget(self.clear, 4, 8, 1, 2)
        for column in range(10):
            grid.setColumnStretch(column, 1)  # every key as wide as the next, words or letters
        self.retranslate()

    def digits_only(self, only: bool) -> None:
        for key in self.letters:
            key.setVisible(not only)

    def retranslate(self) -> None:
        self.space.setText(self.tr("Space"))
        self.delete.setText(self.tr("Delete"))
        self.clear.setText(self.tr("Clear"))
        for key in self.findChildren(QPushButton):
            key.setAccessibleDescription(self.tr("Types this character."))
        self.space.setAccessibleDescription(self.tr("Types a space."))
        self.delete.setAccessibleDescription(self.tr("Deletes the last character."))
        self.clear.setAccessibleDescription(self.tr("Clears the whole field."))

    def _key(self, text: str, press) -> QPushButton:
        key = QPushButton(text)
        tall = QGuiApplication.primaryScreen().availableGeometry().height() >= 900
        key.setFixedHeight(KEY_HEIGHT if tall else px(SHORT_SCREEN_KEY_HEIGHT))  # larger type fits in it too
        key.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        key.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus (and a scanner's keys)
        key.setObjectName("key")
        key.clicked.connect(press)
        return key
