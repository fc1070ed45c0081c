"""Sign-in, lockout messages, changing clerks, supervisor approvals for typed codes and reprints."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from app.compose import build_counter
from app.store import Database, Journal, PrintQueue
from tests.conftest import TOKEN
from tests.helpers.staff import CLERK, SUPERVISOR, sign_in_demo_clerk
from tests.qt.conftest import Clerk, open_counter


def journal(settings) -> list[dict]:
    db = Database(settings.db)
    try:
        return Journal(db).entries()
    finally:
        db.close()


def type_by_hand(clerk: Clerk, text: str) -> None:
    """As a person types: the text arrives in the scan field without a scanner's burst."""
    clerk.window.scan_field.setText(text)
    clerk.qtbot.keyClick(clerk.window.scan_field, Qt.Key.Key_Return)


def test_nobody_works_the_counter_without_signing_in_and_a_wrong_pin_says_so(qtbot, settings, ready):
    app = open_counter(qtbot, settings, sign_in=False)
    try:
        clerk = Clerk(qtbot, app.window)
        assert clerk.title == "Nobody is signed in: sign in to serve customers."  # not "Ready" behind the dialog
        dialog = app.window.pin_dialog
        clerk.type_pin(CLERK[0], "0000")
        assert dialog.isVisible() and dialog.message.text() == "Wrong staff id or PIN. 4 more wrong PINs locks this id."
        dialog.reject()  # Esc: the counter stays locked
        app.window.activateWindow()
        qtbot.waitUntil(app.window.isActiveWindow, timeout=3000)
        assert app.window.status.staff.text() == "Nobody signed in"
        assert clerk.scan(ready[0].claim_code) == "Nobody is signed in: nothing was done."
        assert clerk.press(Qt.Key.Key_F4) == "Nobody is signed in: nothing was done."  # no APO is made
        assert app.window.mode_banner.text() == "Serve a customer"

        qtbot.keyClick(app.window.scan_field, Qt.Key.Key_F8)
        clerk.sign_in(CLERK[0], CLERK[3])
        assert clerk.title == "Welcome, Ana Santos." and app.window.status.staff.text() == "Ana Santos (clerk)"
        assert clerk.scan(ready[0].claim_code).endswith("then scan its label.")
    finally:
        app.stop()
    entries = journal(settings)
    assert [(e["action"], e["staff_id"]) for e in entries if e["subject"] == CLERK[0]] == [
        ("pin-refused", None), ("signed-in", CLERK[0]), ("signed-out", CLERK[0])]  # the counter closed


def test_changing_clerks_puts_each_ones_name_on_what_they_did(qtbot, counter, clerk, settings, ready):
    clerk.scan(ready[0].claim_code)
    clerk.scan(ready[0].tracking_number)
    qtbot.keyClick(counter.window.scan_field, Qt.Key.Key_F8)
    clerk.sign_in(SUPERVISOR[0], SUPERVISOR[3])
    assert counter.window.status.staff.text() == "Ben Cruz (supervisor)"
    clerk.scan(ready[1].claim_code)
    clerk.scan(ready[1].tracking_number)
    by = {e["subject"]: e["staff_id"] for e in journal(settings) if e["action"] == "claimed"}
    assert by == {ready[0].tracking_number: CLERK[0], ready[1].tracking_number: SUPERVISOR[0]}


def test_a_typed_code_waits_for_a_supervisors_pin(qtbot, counter, clerk, settings, ready):
    type_by_hand(clerk, ready[0].claim_code)
    qtbot.waitUntil(lambda: counter.window.pin_dialog.windowTitle() == "Supervisor approval"
                    and counter.window.pin_dialog.isVisible(), timeout=3000)  # the session asked for one
    dialog = counter.window.pin_dialog
    assert counter.window.session.awaiting_label is None
    clerk.type_pin(CLERK[0], CLERK[3])
    assert dialog.message.text() == "Ana Santos is not a supervisor; a supervisor must approve typing a code by hand."
    before = counter.window.outcomes_shown
    clerk.sign_in(SUPERVISOR[0], SUPERVISOR[3])
    qtbot.waitUntil(lambda: counter.window.outcomes_shown > before, timeout=5000)
    assert clerk.title.endswith("then scan its label.")
    approved = [e for e in journal(settings) if e["action"] == "approved"]
    assert [(e["subject"], e["staff_id"], e["detail"]["by"]) for e in approved] == [
        (ready[0].claim_code, CLERK[0], SUPERVISOR[0])]


def test_typed_cash_needs_no_approval(qtbot, counter, clerk, cod):
    clerk.scan(cod[0].claim_code)
    type_by_hand(clerk, "5000")
    qtbot.waitUntil(lambda: clerk.title.startswith("Change:"), timeout=5000)


def test_a_reprint_needs_a_supervisor_and_is_marked(qtbot, counter, clerk, settings, ready):
    assert clerk.press(Qt.Key.Key_F7) == "Nothing has been printed here yet."
    clerk.scan(ready[0].claim_code)
    clerk.scan(ready[0].tracking_number)
    qtbot.keyClick(counter.window.scan_field, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: counter.window.pin_dialog.windowTitle() == "Supervisor approval"
                    and counter.window.pin_dialog.isVisible(), timeout=3000)
    assert "claim receipt #1" in counter.window.pin_dialog.message.text()
    before = counter.window.outcomes_shown
    clerk.sign_in(SUPERVISOR[0], SUPERVISOR[3])
    qtbot.waitUntil(lambda: counter.window.outcomes_shown > before, timeout=5000)
    assert clerk.title == "Printing a copy of claim receipt #1."
    db = Database(settings.db)
    try:
        copy = PrintQueue(db).get(2)
        assert copy.reprint_of == 1 and copy.payload["blocks"][0]["text"] == "*** REPRINT ***"
        assert "approved by Ben Cruz (9001)" in copy.payload["blocks"][1]["text"]
    finally:
        db.close()


def test_a_clean_exit_signs_out_so_the_next_start_asks_for_a_pin(qtbot, settings):
    app = open_counter(qtbot, settings)  # the clerk signs in
    assert app.window.status.staff.text().startswith(CLERK[1])
    app.stop()
    entries = journal(settings)
    assert (entries[-1]["action"], entries[-1]["detail"]["why"]) == ("signed-out", "the counter closed")
    again = open_counter(qtbot, settings, sign_in=False)  # waits for the sign-in dialog
    try:
        assert again.window.status.staff.text() == "Nobody signed in"
    finally:
        again.stop()


def start_after_a_crash(qtbot, settings, minutes_ago: float):
    db = Database(settings.db)
    sign_in_demo_clerk(db, minutes_ago=minutes_ago)  # signed in, last seen `minutes_ago`, then killed
    db.close()
    app = build_counter(settings, TOKEN)
    qtbot.addWidget(app.window)
    app.start()
    app.window.show()
    return app


def test_a_restart_soon_after_a_crash_carries_on_with_the_clerk(qtbot, settings):
    app = start_after_a_crash(qtbot, settings, minutes_ago=3)
    try:
        qtbot.waitUntil(lambda: app.window.status.staff.text().startswith(CLERK[1]), timeout=5000)
        qtbot.wait(200)
        assert app.window.pin_dialog is None or not app.window.pin_dialog.isVisible()
    finally:
        app.stop()


def test_a_restart_long_after_a_crash_asks_for_a_pin(qtbot, settings):
    app = start_after_a_crash(qtbot, replace(settings, resume_minutes=10), minutes_ago=45)
    try:
        qtbot.waitUntil(lambda: app.window.pin_dialog is not None and app.window.pin_dialog.isVisible(), timeout=5000)
        assert app.window.status.staff.text() == "Nobody signed in"
        last = Journal(app.db).entries()[-1]
        assert (last["action"], last["detail"]["why"]) == ("signed-out", "not resumed: the counter stopped 45 "
                                                                          "minutes ago")
    finally:
        app.stop()
