"""Exceptions (F6) through the real window: a conflict resolved with a note, a refusal retried after a fix."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt

from app.store import Journal, Outbox
from tests.helpers.central import AUTH, inject_fault, received_events, wait_for
from tests.helpers.staff import SUPERVISOR
from tests.qt.conftest import open_counter


@pytest.fixture
def counter(qtbot, settings):
    # One poll at start, then none during the test: the counter keeps what it first saw.
    app = open_counter(qtbot, replace(settings, poll_interval=600))
    qtbot.waitUntil(lambda: app.db.execute("SELECT count(*) FROM parcels").fetchone()[0] >= 13, timeout=10000)
    yield app
    app.stop()


def open_exceptions(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.exceptions_dialog is not None and window.exceptions_dialog.isVisible()
                    and bool(window.exceptions_dialog.rows), timeout=5000)
    return active(qtbot, window.exceptions_dialog)


def active(qtbot, dialog):
    """Keys go to the active window (the offscreen platform does not always move it back)."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    return dialog


def approve_as_supervisor(qtbot, clerk, dialog, press) -> None:
    before = dialog.message.text()
    press()
    qtbot.waitUntil(lambda: clerk.window.pin_dialog.isVisible()
                    and clerk.window.pin_dialog.windowTitle() == "Supervisor approval", timeout=3000)
    clerk.type_pin(SUPERVISOR[0], SUPERVISOR[3])
    qtbot.waitUntil(lambda: dialog.message.text() not in (before, ""), timeout=5000)
    active(qtbot, dialog)


@pytest.mark.expect_log(r"parked: INVALID_OPERATION", logger="app.central.sender")
def test_a_parcel_claimed_here_but_cancelled_centrally_is_a_conflict_resolved_with_a_note(
        qtbot, counter, clerk, sandbox, ready):
    parcel = ready[0]
    requests.post(f"{sandbox.url}/sandbox/simulate", headers=AUTH, timeout=5, json={
        "trackingNumber": parcel.tracking_number, "status": "CANCELLED", "actor": "MERCHANT"}).raise_for_status()
    clerk.scan(parcel.claim_code)  # the counter still knows it as ready: it is released
    assert clerk.scan(parcel.tracking_number) == "Released. Hand the parcel to the customer."
    qtbot.waitUntil(lambda: "1 refused: F6 Exceptions" in counter.window.status.sync.text(), timeout=10000)

    dialog = open_exceptions(qtbot, counter.window)
    assert dialog.list.item(0).text().startswith(f"Conflict: CLAIMED\n{parcel.tracking_number}\nParcel ")
    shown = dialog.detail.toPlainText()
    assert shown.startswith(f"CLAIMED for {parcel.tracking_number}\n") and "Answer: INVALID_OPERATION" in shown
    assert "{" not in shown and "idempotency" not in shown.lower()  # a clerk reads words, not the record
    qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # support asks for the details
    assert '"status": "CLAIMED"' in dialog.detail.toPlainText() and "Idempotency key" in dialog.detail.toPlainText()

    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # no note: nobody is asked for a PIN
    assert dialog.message.text().startswith("Write what was done about it first")
    assert not counter.window.pin_dialog.isVisible()
    dialog.note.setText("Customer has the parcel; merchant told, refund stopped.")
    approve_as_supervisor(qtbot, clerk, dialog, lambda: qtbot.keyClick(dialog, Qt.Key.Key_S,
                                                                         Qt.KeyboardModifier.AltModifier))
    assert dialog.message.text().startswith(f"Resolved: CLAIMED for {parcel.tracking_number}.")
    qtbot.waitUntil(lambda: "resolved: Customer has the parcel" in dialog.list.item(0).text(), timeout=5000)
    assert not dialog.retry_button.isEnabled()  # settled: it stays listed, read-only

    kept = Outbox(counter.db).exceptions()
    assert [(e.state, e.resolved_by, e.payload["status"]) for e in kept] == [("resolved", SUPERVISOR[0], "CLAIMED")]
    entry = Journal(counter.db).entries(kept[0].idempotency_key)[-1]
    assert (entry["action"], entry["staff_id"], entry["detail"]["approved_by"]) == (
        "exception-resolved", "1001", SUPERVISOR[0])
    qtbot.waitUntil(lambda: "all events sent" in counter.window.status.sync.text(), timeout=10000)


@pytest.mark.expect_log(r"parked: INVALID_DATA", logger="app.central.sender")
def test_a_refused_event_is_sent_again_after_a_fix_under_the_same_key(qtbot, counter, clerk, sandbox, ready):
    parcel = ready[1]
    inject_fault(sandbox.url, 422, "INVALID_DATA", count=1, path="/store/api/v1/events")
    clerk.scan(parcel.claim_code)
    clerk.scan(parcel.tracking_number)
    qtbot.waitUntil(lambda: "1 refused: F6 Exceptions" in counter.window.status.sync.text(), timeout=10000)

    dialog = open_exceptions(qtbot, counter.window)
    assert dialog.list.item(0).text() == f"Refused: CLAIMED\n{parcel.tracking_number}\ninjected fault"
    approve_as_supervisor(qtbot, clerk, dialog, lambda: qtbot.keyClick(dialog, Qt.Key.Key_R,
                                                                         Qt.KeyboardModifier.AltModifier))
    assert dialog.message.text().startswith(f"Sending CLAIMED for {parcel.tracking_number} again.")
    events = wait_for(lambda: received_events(sandbox.url, parcel.tracking_number), what="sent again")
    assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("CLAIMED", "ACCEPTED")]
    qtbot.waitUntil(lambda: "all events sent" in counter.window.status.sync.text(), timeout=10000)
    assert Outbox(counter.db).exceptions() == []
