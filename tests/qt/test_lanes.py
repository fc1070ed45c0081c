"""Work lanes through the real window: a scan never waits behind a printer, every error reaches the
screen and leaves the window usable, and a typed code's approval cannot be raced past."""

from __future__ import annotations

import socket
import sqlite3
import time
from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt

from app.services.kiosk import KioskService
from app.services.staff import SignIn
from app.store import Database, Outbox
from tests.helpers.central import AUTH
from tests.qt.conftest import Clerk, open_counter
from tests.qt.test_kiosk import answer, open_kiosk, touch
from tests.qt.test_sign_in import type_by_hand

FAILED = r"lane: a job failed"


@pytest.fixture
def silent_printer():
    """A TCP port 9100 printer that takes the connection and never answers a status request."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # the kernel completes connections; nobody ever reads or writes
    yield server
    server.close()


def test_scans_are_answered_while_a_printer_status_check_hangs(qtbot, settings, ready, silent_printer, request):
    url = f"tcp://127.0.0.1:{silent_printer.getsockname()[1]}"
    app = open_counter(qtbot, replace(settings, printers={"receipt": {"url": url, "language": "escpos"}}))
    request.addfinalizer(app.stop)
    request.addfinalizer(silent_printer.close)  # first: the hanging check ends, so the counter can stop
    clerk = Clerk(qtbot, app.window)
    devices = app.window.devices
    devices.list.setCurrentRow(0)
    devices.check_status()  # the printer's owner asks it, and waits for an answer that never comes
    assert devices.status.text() == "Asking the printer…"
    started = time.monotonic()
    for parcel in ready[:10]:
        assert clerk.scan(parcel.claim_code).endswith("then scan its label.")
        assert clerk.press(Qt.Key.Key_Escape) == "Claim cancelled: nothing was released."
    assert time.monotonic() - started < 4.0  # 20 answers, all while the status check still hangs
    assert devices.status.text() == "Asking the printer…"


def test_a_typed_code_after_f3_then_f1_as_fast_as_keys_go_still_needs_a_supervisor(qtbot, counter, clerk, ready):
    window = counter.window
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F3)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F1)
    type_by_hand(clerk, ready[0].claim_code)  # decided in the clerk's lane, after both switches
    qtbot.waitUntil(lambda: window.pin_dialog.windowTitle() == "Supervisor approval" and window.pin_dialog.isVisible(),
                    timeout=3000)
    assert window.session.awaiting_label is None
    window.pin_dialog.reject()


def test_cash_like_1e30_is_refused_on_screen_and_the_counter_goes_on(qtbot, counter, clerk, cod):
    clerk.scan(cod[0].claim_code)
    type_by_hand(clerk, "1e30")
    qtbot.waitUntil(lambda: "is not an amount of cash" in clerk.title, timeout=5000)
    type_by_hand(clerk, "5000")
    qtbot.waitUntil(lambda: clerk.title.startswith("Change:"), timeout=5000)


@pytest.mark.expect_log(FAILED, logger="app.ui.lanes")
def test_a_full_disk_during_a_claim_says_so_records_nothing_and_the_next_try_works(qtbot, counter, clerk, ready,
                                                                                    settings, monkeypatch):
    clerk.scan(ready[0].claim_code)
    real = Database.transaction

    def full(self):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Database, "transaction", full)
    assert clerk.scan(ready[0].tracking_number) == "The disk is full or failing: nothing was recorded."
    assert "Call support" in clerk.detail
    disk = counter.window.status.disk
    assert disk.isVisible() and disk.text().startswith("⚠ The disk is full or failing: nothing can be recorded.")
    clerk.press(Qt.Key.Key_Escape)
    clerk.scan(ready[0].claim_code)  # a look-up records nothing: the warning stays
    assert disk.isVisible()
    monkeypatch.setattr(Database, "transaction", real)
    probe = Database(settings.db)
    assert Outbox(probe).waiting_count() == 0
    probe.close()
    assert clerk.scan(ready[0].tracking_number).startswith("Released")
    assert not disk.isVisible()  # recorded again: the disk works


@pytest.mark.expect_log(FAILED, logger="app.ui.lanes")
@pytest.mark.parametrize("call", ["find_return", "start_return", "track"])
def test_an_error_in_any_kiosk_call_leaves_the_busy_page_with_a_message(qtbot, settings, call, monkeypatch, sandbox,
                                                                         request):
    app = open_kiosk(qtbot, settings)
    request.addfinalizer(lambda: (setattr(app.window, "locked", False), app.stop()))
    window = app.window

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    if call == "start_return":  # the return is found first, then starting it fails
        from tests.qt.test_kiosk import register_return

        register_return(sandbox, "ORDER-LANE")
    monkeypatch.setattr(KioskService, call, broken)
    touch(qtbot, window.track_button if call == "track" else window.return_button)
    window.field.setText("76050795432071363" if call == "track" else "ORDER-LANE")
    touch(qtbot, window.next)
    if call == "start_return":
        answer(qtbot, window, window.answer_page)
        touch(qtbot, window.yes)
    assert answer(qtbot, window, window.entry_page) == "Something went wrong. Please ask at the counter."
    assert window.idle.isActive()  # the customer's idle time runs again: the kiosk resets by itself


@pytest.mark.expect_log(FAILED, logger="app.ui.lanes")
def test_an_error_checking_the_staff_pin_is_said_on_the_kiosk(qtbot, settings, monkeypatch, request):
    app = open_kiosk(qtbot, settings)
    request.addfinalizer(lambda: (setattr(app.window, "locked", False), app.stop()))
    window = app.window

    def broken(*args, **kwargs):
        raise RuntimeError("planted")

    monkeypatch.setattr(SignIn, "confirm", broken)
    window._show(window.pin_page, window.staff_id)
    window.staff_id.setText("9001")
    window.pin.setText("9999")
    window._leave()
    qtbot.waitUntil(lambda: window.pin_message.text() == "The PIN could not be checked. Please try again.",
                    timeout=5000)
    assert window.isVisible() and window.locked


@pytest.mark.expect_log(FAILED, logger="app.ui.lanes")
def test_an_error_asking_for_a_dropoff_quote_is_said_in_the_dialog_which_works_again(qtbot, counter, monkeypatch):
    from app.services.counter import CounterSession
    from tests.qt.test_dropoff import GOOD, enter, fill, open_dropoff

    real = CounterSession.quote_dropoff
    monkeypatch.setattr(CounterSession, "quote_dropoff", lambda self, dropoff: 1 / 0)
    dialog = open_dropoff(qtbot, counter.window)
    fill(dialog, **GOOD)
    enter(qtbot, dialog, dialog.fields["collect"], lambda: "nothing was recorded" in dialog.problems.text())
    assert "ZeroDivisionError" in dialog.problems.text() and dialog.isVisible()
    monkeypatch.setattr(CounterSession, "quote_dropoff", real)
    enter(qtbot, dialog, dialog.fields["collect"], lambda: dialog.quote is not None)  # not stuck: Enter works again
    dialog.reject()


def test_esc_stops_waiting_for_a_slow_tracking_lookup_and_its_late_answer_is_dropped(qtbot, counter, clerk, sandbox,
                                                                                     in_transit):
    requests.post(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5, json={
        "kind": "latency", "seconds": 2, "path": "/store/api/v1/tracking", "count": 1}).raise_for_status()
    window = counter.window
    assert clerk.press(Qt.Key.Key_F3).startswith("Tracking")
    qtbot.keyClicks(window.scan_field, in_transit[0].tracking_number)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: clerk.title == "One moment…", timeout=3000)
    assert "Esc stops waiting" in clerk.detail
    assert clerk.press(Qt.Key.Key_Escape) == "Stopped waiting for the answer: nothing was recorded."
    shown = window.outcomes_shown
    qtbot.wait(2500)  # the answer comes back meanwhile, and is not shown over what the clerk was told
    assert window.outcomes_shown == shown and clerk.title.startswith("Stopped waiting")
    assert clerk.scan(in_transit[0].tracking_number).startswith(in_transit[0].tracking_number)  # still tracking


def test_a_timer_that_fires_while_the_counter_closes_hands_in_no_job(qtbot, settings):
    """The minute's "still serving" note comes due after the lanes stopped: nothing runs, nothing raises."""
    app = open_counter(qtbot, settings)
    app.stop()
    app.window._still_here.timeout.emit()  # as the timer would, during the exit
    ran = []
    app.lanes.clerk.run(lambda: ran.append(1), lambda _: ran.append(2))
    qtbot.wait(100)
    assert ran == []
