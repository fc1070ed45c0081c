"""A running counter program (window, workers, real local database) against the sandbox."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.compose import build_counter
from app.sandbox.demo import STAFF
from app.store import Database, StaffStore
from tests.conftest import TOKEN
from tests.helpers.staff import CLERK


@pytest.fixture
def counter(qtbot, settings):
    app = open_counter(qtbot, settings)
    yield app
    app.stop()


def open_counter(qtbot, settings, *, sign_in: bool = True):
    """The counter as it opens; the demo clerk signs in through the sign-in dialog unless `sign_in` is
    False (then the dialog waits). The caller stops it."""
    db = Database(settings.db)
    StaffStore(db).add_missing(STAFF)
    db.close()
    app = build_counter(settings, TOKEN, help_text="demo codes here")
    qtbot.addWidget(app.window)
    app.start()
    app.window.show()
    app.window.activateWindow()  # as run_counter does; shortcuts work only in the active window
    qtbot.waitUntil(lambda: app.window.pin_dialog is not None and app.window.pin_dialog.isVisible(), timeout=3000)
    if sign_in:
        Clerk(qtbot, app.window).sign_in(CLERK[0], CLERK[3])
    return app


class Clerk:
    """Drives the counter window with the keyboard, as a clerk or a keyboard-wedge scanner would."""

    def __init__(self, qtbot, window):
        self.qtbot = qtbot
        self.window = window

    def scan(self, text: str) -> str:
        before = self.window.outcomes_shown
        self.qtbot.keyClicks(self.window.scan_field, text)
        self.qtbot.keyClick(self.window.scan_field, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: self.window.outcomes_shown > before, timeout=10000)
        return self.title

    def sign_in(self, staff_id: str, pin: str) -> None:
        """Type into the sign-in (or approval) dialog that is open; waits until it has answered."""
        dialog = self.type_pin(staff_id, pin)
        self.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        self.qtbot.wait(50)  # what the approval led to may open a dialog of its own
        if not self.window.pin_dialog.isVisible():
            self.window.activateWindow()
            self.qtbot.waitUntil(self.window.isActiveWindow, timeout=3000)

    def type_pin(self, staff_id: str, pin: str):
        self.qtbot.waitUntil(lambda: self.window.pin_dialog is not None and self.window.pin_dialog.isVisible(),
                             timeout=3000)
        dialog = self.window.pin_dialog
        dialog.staff_id.setText(staff_id)
        dialog.pin.setText(pin)
        before = dialog.message.text()
        self.qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        self.qtbot.waitUntil(lambda: dialog.isEnabled() and dialog.message.text() not in (before, "Checking…")
                             or not dialog.isVisible(), timeout=5000)
        return dialog

    def press(self, key: Qt.Key) -> str:
        before = self.window.outcomes_shown
        self.qtbot.keyClick(self.window.scan_field, key)
        self.qtbot.waitUntil(lambda: self.window.outcomes_shown > before, timeout=10000)
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


def shown_tip(widget) -> str:
    """A widget's tooltip as a person reads it (tooltips are written as escaped HTML: app/ui/plain.py)."""
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(widget.toolTip()).toPlainText()


DIALOGS = ((Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier, "dropoff_dialog"),
           (Qt.Key.Key_F6, Qt.KeyboardModifier.NoModifier, "exceptions_dialog"),
           (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier, "shift_dialog"),
           (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, "weborders_dialog"),
           (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier, "devices"))


def each_dialog(qtbot, window):
    """Open each of the counter's dialogs with its key, in turn: (its name, the dialog), closed after."""
    for key, modifier, name in DIALOGS:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.keyClick(window.scan_field, key, modifier)
        qtbot.waitUntil(lambda n=name: getattr(window, n) is not None and getattr(window, n).isVisible(), timeout=5000)
        dialog = getattr(window, name)
        qtbot.wait(100)
        yield name, dialog
        dialog.hide() if name == "devices" else dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F8)  # the next clerk signs in
    qtbot.waitUntil(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible(), timeout=3000)
    qtbot.wait(100)
    yield "pin_dialog", window.pin_dialog
    Clerk(qtbot, window).sign_in(CLERK[0], CLERK[3])

