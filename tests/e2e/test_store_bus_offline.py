"""One store with the central system stopped: counter T2 runs as its own process with a serial scanner;
counter T1 and the kiosk run here, in the window a clerk and a customer use; all three share the real
store hub. What one terminal did is known at the others, through the hub alone."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2
import pytest
from PySide6.QtCore import Qt

from app.settings import save_settings
from app.store import Database
from scanners.events import scan_event
from tests.conftest import BUS_TOKEN
from tests.helpers.central import wait_for
from tests.helpers.processes import counterpos, isolated_env, stop
from tests.helpers.staff import CLERK, SUPERVISOR, sign_in_demo_clerk
from tests.qt.conftest import Clerk, open_counter
from tests.qt.test_kiosk import open_kiosk, register_return, start_return, wait_for_supplies

pytestmark = pytest.mark.timeout(240)


def rows(db: Path, sql: str, *params) -> list[tuple]:
    """What a running terminal's database holds, read-only."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            return conn.execute(sql, params).fetchall()
    except sqlite3.Error:
        return []


def journal(db: Path, action: str, subject: str) -> list[dict]:
    return [json.loads(detail) for (detail,) in rows(
        db, "SELECT detail FROM journal WHERE action = ? AND subject = ?", action, subject)]


def pdf_text(path: Path) -> str:
    page = pypdfium2.PdfDocument(path.read_bytes())[0]
    return page.get_textpage().get_text_range()


@pytest.fixture
def store(tmp_path, settings, store_hub):
    """Settings for the store's terminals on the hub: one function gives each its own."""
    secret = tmp_path / "bus-token"
    secret.write_text(BUS_TOKEN)
    secret.chmod(0o600)

    def terminal(terminal_id: str, **changes):
        folder = tmp_path / terminal_id
        return replace(settings, terminal_id=terminal_id, db=str(folder / "counter.db"),
                       print_dir=str(folder / "prints"), reports_dir=str(folder / "reports"),
                       store_bus=[store_hub.url], store_bus_token_file=str(secret), **changes)

    return terminal


@contextlib.contextmanager
def counter_process(tmp_path, settings):
    """Counter `settings` as its own process, its clerk signed in, its serial scanner a socket here."""
    scanner = socket.create_server(("127.0.0.1", 0))
    config = tmp_path / f"{settings.terminal_id}.toml"
    save_settings(replace(settings, scanner=f"socket://127.0.0.1:{scanner.getsockname()[1]}"), config)
    Path(settings.db).parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(Database(settings.db)) as db:
        sign_in_demo_clerk(db)
    process = counterpos("--config", str(config), env=isolated_env(tmp_path), log=tmp_path / "T2.log")
    try:
        scanner.settimeout(60)
        connection, _ = scanner.accept()
        with contextlib.closing(connection):
            yield connection
    finally:
        stop(process)
        scanner.close()
    assert process.returncode == 0, (tmp_path / "T2.log").read_text()[-3000:]


def scan_at(qtbot, counter, code: str) -> str:
    """A scan at an in-process counter, as its serial scanner delivers it."""
    window = counter.window
    before = window.outcomes_shown
    window.on_scan(scan_event(code, "test"))
    qtbot.waitUntil(lambda: window.outcomes_shown > before, timeout=10000)
    return window.result.title.text()


def test_with_the_central_system_stopped_the_store_still_works_as_one(qtbot, tmp_path, store, sandbox, demo,
                                                                   in_transit):
    register_return(sandbox, "ORDER-OFF")
    two_settings = store("T2")
    t2_db = Path(two_settings.db)
    with counter_process(tmp_path, two_settings) as scanner_at_t2:
        one = open_counter(qtbot, store("T1"))
        kiosk = open_kiosk(qtbot, store("K1"))
        try:
            kiosk.poller.wake()
            wait_for_supplies(qtbot, kiosk)
            wait_for(lambda: len(rows(t2_db, "SELECT 1 FROM parcels")) >= 13 and
                     one.db.execute("SELECT count(*) FROM parcels").fetchone()[0] >= 13,
                     timeout=30, what="both counters' copies of the store's parcels")
            wait_for(lambda: one.monitor.status.store_terminals == 3, timeout=30, what="three terminals on the hub")
            sandbox.stop()  # the store's line is down from here

            # A return started at the kiosk offline is accepted at T2 a second after its slip prints.
            code = start_return(qtbot, kiosk.window, "ORDER-OFF")
            wait_for(lambda: list(Path(kiosk.db.path).parent.joinpath("prints").glob("*-return-slip.pdf")),
                     what="the slip")
            time.sleep(1.0)  # the customer walks to the counter
            scanner_at_t2.sendall(code.encode() + b"\r")
            number = wait_for(lambda: rows(t2_db, "SELECT tracking_number FROM parcels WHERE claim_code = ? AND "
                                                  "status = 'RETURNED'", code), timeout=10, what="accepted at T2")[0][0]
            receipt = wait_for(lambda: list((t2_db.parent / "prints").glob("*-return-receipt.pdf")),
                               what="T2's receipt")[0]
            wait_for(lambda: receipt.stat().st_size > 0, what="the receipt written")
            assert f"RETURN CODE {code}" in pdf_text(receipt) and "Item order ORDER-OFF" in pdf_text(receipt)

            # ... and the same code, now burnt at T2, is refused at T1 with who burnt it.
            one.window.activateWindow()  # the clerk's keys go to T1's window from here
            qtbot.waitUntil(one.window.isActiveWindow, timeout=3000)
            assert scan_at(qtbot, one, code) == "This RETURN CODE was already used."
            assert one.window.result.detail.text().startswith(f"At T2 by {CLERK[1]}")

            # A delivery received at T1 is released at T2.
            parcel = in_transit[0]
            clerk = Clerk(qtbot, one.window)
            assert clerk.press(Qt.Key.Key_F2).startswith("Receiving a delivery")
            assert scan_at(qtbot, one, parcel.tracking_number).startswith("Received")
            clerk.press(Qt.Key.Key_F1)
            wait_for(lambda: rows(t2_db, "SELECT 1 FROM parcels WHERE tracking_number = ? AND status = "
                                         "'READY FOR CLAIM'", parcel.tracking_number), what="the delivery at T2")
            scanner_at_t2.sendall(parcel.claim_code.encode() + b"\r" + parcel.tracking_number.encode() + b"\r")
            wait_for(lambda: journal(t2_db, "claimed", parcel.tracking_number), what="released at T2")

            # A RETURN CODE burnt at T1 is refused at T2, saying who burnt it.
            slip = next(p for p in demo.returns() if p.store_id == "0166")
            assert scan_at(qtbot, one, slip.claim_code) == "Return accepted. Keep the item for the pull-out."
            scanner_at_t2.sendall(slip.claim_code.encode() + b"\r")
            refused = wait_for(lambda: journal(t2_db, "return-refused", slip.tracking_number), what="refused at T2")
            assert refused[0]["reason"] == "This RETURN CODE was already used."

            # A PIN lockout at T1 holds at T2.
            qtbot.keyClick(one.window.scan_field, Qt.Key.Key_F8)
            for _ in range(5):
                clerk.type_pin(SUPERVISOR[0], "0000")
            wait_for(lambda: rows(t2_db, "SELECT 1 FROM pin_failures WHERE staff_id = ? AND locked_until > ?",
                                  SUPERVISOR[0], time.time()), what="the lockout at T2")
            assert number and rows(t2_db, "PRAGMA integrity_check") == [("ok",)]
        finally:
            kiosk.stop()
            one.stop()
