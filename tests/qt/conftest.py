"""A running counter program (window, workers, real local database) against the sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.compose import build_counter
from tests.conftest import TOKEN


@pytest.fixture
def counter(qtbot, settings):
    app = build_counter(settings, TOKEN, help_text="demo codes here")
    qtbot.addWidget(app.window)
    app.start()
    app.window.show()
    app.window.activateWindow()  # as run_counter does; shortcuts work only in the active window
    qtbot.waitUntil(app.window.isActiveWindow, timeout=3000)
    yield app
    app.stop()


class Clerk:
    """Drives the counter window with the keyboard, as a clerk or a keyboard-wedge scanner would."""

    def __init__(self, qtbot, window):
        self.qtbot = qtbot
        self.window = window

    def scan(self, text: str) -> str:
        before = self.window.activity.count()
        self.qtbot.keyClicks(self.window.scan_field, text)
        self.qtbot.keyClick(self.window.scan_field, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.window.activity.count() > before, timeout=10000)
        return self.title

    def press(self, key: Qt.Key) -> str:
        before = self.window.activity.count()
        self.qtbot.keyClick(self.window.scan_field, key)
        self.qtbot.waitUntil(lambda: self.window.activity.count() > before, timeout=10000)
        return self.title

    @property
    def title(self) -> str:
        return self.window.result.title.text()

    @property
    def detail(self) -> str:
        return self.window.result.detail.text()

    @property
    def tone(self) -> str:
        return self.window.result.property("tone")


@pytest.fixture
def clerk(qtbot, counter):
    return Clerk(qtbot, counter.window)
