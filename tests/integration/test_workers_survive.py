"""No worker dies: the poller, the sender, a print spooler and a scanner each survive an error planted
in their work, say so, and carry on; the status says which one stopped until it works again."""

from __future__ import annotations

import threading
from functools import partial

import pytest

from app.central.client import CentralClient
from app.central.poller import Poller
from app.central.sender import OutboxSender
from app.domain.clock import now_iso
from app.domain.events import status_event
from app.domain.parcels import ParcelStatus
from app.services.spooler import PrintSpooler
from app.status import SyncMonitor
from app.store import Outbox, ParcelCache, PrintQueue
from printers.documents import Document
from scanners.serial_scanner import SerialScanner
from tests.conftest import TOKEN
from tests.helpers.central import received_events, wait_for

STOPPED = r"stopped by an unexpected error"


def planted(wrapped):
    """`wrapped`, except that its first call raises (a function, so that it binds as a method too)."""
    calls = []

    def once_faulty(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("planted fault")
        return wrapped(*args, **kwargs)

    return once_faulty


def troubles(monitor: SyncMonitor) -> list[str]:
    return [problem for _, problem in monitor.status.stopped]


def watch(monitor: SyncMonitor) -> list[tuple[str, ...]]:
    """Every `stopped` the monitor went through, in order."""
    seen: list[tuple[str, ...]] = []
    monitor.subscribe(lambda status: seen.append(tuple(p for _, p in status.stopped)))
    return seen


@pytest.mark.expect_log(STOPPED, logger="app.worker")
def test_the_poller_survives_an_error_says_so_and_syncs(db, sandbox, ready, monkeypatch):
    monkeypatch.setattr(CentralClient, "changes_since", planted(CentralClient.changes_since))
    monitor = SyncMonitor()
    seen = watch(monitor)
    poller = Poller(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor, "0166", interval=0.2)
    poller.restart_base = 0.05
    poller.start()
    try:
        wait_for(lambda: ParcelCache(db).get(ready[0].tracking_number), what="the parcels after the restart")
        wait_for(lambda: not troubles(monitor), what="the poller to say it works again")
    finally:
        poller.stop()
    assert ("Sync stopped: RuntimeError: planted fault",) in seen


@pytest.mark.expect_log(STOPPED, logger="app.worker")
def test_the_sender_survives_an_error_and_delivers(db, sandbox, in_transit, monkeypatch):
    number = in_transit[0].tracking_number
    with db.transaction():
        Outbox(db).add(number, "parcel-status", status_event(number, ParcelStatus.READY_FOR_CLAIM, store_id="0166",
                                                             terminal_id="T1", timestamp=now_iso()))
    monkeypatch.setattr(Outbox, "due", planted(Outbox.due))
    monitor = SyncMonitor()
    seen = watch(monitor)
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor)
    sender.restart_base = 0.05
    sender.start()
    try:
        wait_for(lambda: received_events(sandbox.url, number), what="the event after the restart")
        wait_for(lambda: Outbox(db).waiting_count() == 0, what="the event acknowledged")
        wait_for(lambda: not troubles(monitor), what="the sender to recover")
    finally:
        sender.stop()
    assert ("Sending events stopped: RuntimeError: planted fault",) in seen


class Paper:
    """A printer that takes everything; its status check fails once."""

    def __init__(self):
        self.printed = []
        self.state = planted(lambda: None)

    def print(self, job_id: int, document: Document, sending=lambda: None) -> str:
        sending()
        self.printed.append(job_id)
        return "paper"


@pytest.mark.expect_log(STOPPED, logger="app.worker")
def test_a_print_spooler_survives_an_error_and_prints_the_job_once(db):
    with db.transaction():
        job = PrintQueue(db).add("claim-receipt", Document("claim-receipt").text("hello").to_json(), "receipt")
    monitor, printer = SyncMonitor(), Paper()
    seen = watch(monitor)
    spooler = PrintSpooler(db.path, "receipt", printer, on_trouble=monitor.worker_trouble)
    spooler.restart_base = 0.05
    spooler.start()
    try:
        wait_for(lambda: PrintQueue(db).get(job).state == "printed", what="the job after the restart")
        spooler.wake()  # one more round: it works again
        wait_for(lambda: not troubles(monitor), what="the spooler to recover")
    finally:
        spooler.stop()
    assert printer.printed == [job]
    assert ("Printer queue receipt stopped: RuntimeError: planted fault",) in seen


@pytest.mark.expect_log(r"scanner loop:// stopped by an unexpected error", logger="scanners.reader")
def test_a_scanner_survives_an_error_in_what_it_hands_on_and_reads_the_next_scan():
    scans, statuses, connected = [], [], threading.Event()

    def on_status(status: str) -> None:
        statuses.append(status)
        if status == "connected":
            connected.set()

    scanner = SerialScanner("loop://", planted(scans.append), on_status=on_status)
    scanner.start()
    try:
        wait_for(connected.is_set, what="the scanner to open")
        connected.clear()
        scanner.port.write(b"9755-4257-4904\r")  # handing this one on fails
        wait_for(connected.is_set, what="the scanner to open again")
        scanner.port.write(b"8671-1341-0479\r")
        wait_for(lambda: scans, what="the next scan")
    finally:
        scanner.stop()
    assert [event.text for event in scans] == ["8671-1341-0479"]
    assert any(s.startswith("stopped: RuntimeError: planted fault") for s in statuses)


@pytest.mark.expect_log(STOPPED, logger="app.worker")
def test_the_store_bus_survives_an_error_says_so_and_clears_it_once_it_serves_again(db, store_hub, monkeypatch):
    from app.bus.bus import BusSettings, StoreBus
    from app.store import StoreFacts
    from tests.conftest import BUS_TOKEN

    monkeypatch.setattr(StoreFacts, "pending", planted(StoreFacts.pending))
    monitor = SyncMonitor()
    seen = watch(monitor)
    bus = StoreBus(db.path, BusSettings((store_hub.url,), "0166", "T1", BUS_TOKEN), monitor)
    bus.restart_base = 0.05
    bus.start()
    try:
        wait_for(lambda: monitor.status.store_online and not troubles(monitor) and len(seen) > 2, timeout=20,
                 what="the store bus serving again, its trouble cleared")
    finally:
        bus.stop()
    assert ("The store bus stopped: RuntimeError: planted fault",) in seen
