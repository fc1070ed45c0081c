"""Counter speed with a big local cache: scan-to-screen latency and the claim transaction.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_counter.py [--parcels 1000000]

Builds a local database with N parcels ready for claim at store 0166, then drives the real counter
window: each scan goes through the same path as a clerk's (window → clerk lane → classify → cache
lookup → transaction → back to the GUI thread → result panel). Then the same again while the
support lane waits on a receipt printer's spooler asking a printer that never answers for its
status, and the sender's request to a central system that never answers hangs for its timeout.
Prints percentiles.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.central.client import CentralClient  # noqa: E402
from app.central.sender import OutboxSender  # noqa: E402
from app.compose import build_session  # noqa: E402
from app.domain.checkdigit import damm_digit  # noqa: E402
from app.domain.codes import group  # noqa: E402
from app.services import devices  # noqa: E402
from app.services.lookup import ParcelLookup  # noqa: E402
from app.services.spooler import PrinterQueueStopped, PrintSpooler  # noqa: E402
from app.status import SyncMonitor  # noqa: E402
from app.store import Database, ParcelCache  # noqa: E402
from app.ui.counter_window import CounterWindow  # noqa: E402
from app.ui.lanes import Lanes  # noqa: E402
from printers.devices import printer_from_settings  # noqa: E402
from printers.documents import StoreHeader  # noqa: E402
from scanners.events import ScanEvent  # noqa: E402
from tests.helpers.staff import sign_in_demo_clerk  # noqa: E402

STORE = StoreHeader("0166", "Benchmark store", "T1")


def with_check(body: str) -> str:
    return body + damm_digit(body)


def fill(db: Database, count: int) -> list[tuple[str, str]]:
    """N parcels ready for claim; returns (tracking number, claim code) of each."""
    rows, codes = [], []
    for n in range(count):
        tracking = with_check(f"1{n:015d}")
        claim = group(with_check(f"9{n:010d}"))
        codes.append((tracking, claim))
        rows.append((tracking, "0166", "001", "Merchant A", "READY FOR CLAIM", "PREPAID", "0.00", claim,
                     "item", "09170000000", f"A-{n % 99 + 1:02d}", "2026-11-23T00:00:00Z"))
    with db.transaction() as conn:
        conn.executemany("INSERT INTO parcels (tracking_number, store_id, merchant_code, merchant_name, status, "
                         "payment_type, amount, claim_code, description, mobile_number, shelf_slot, updated_at) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # a cache filled over days is in the database file
    return codes


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return (f"n={len(ms)}  p50={pick(0.50):.2f} ms  p90={pick(0.90):.2f} ms  p99={pick(0.99):.2f} ms  "
            f"max={ms[-1]:.2f} ms  mean={statistics.fmean(ms):.2f} ms")


class TimedWindow(CounterWindow):
    """The real window, noting when each result reaches the screen."""

    shown: list[float]

    def show_outcome(self, outcome) -> None:
        super().show_outcome(outcome)
        self.shown.append(time.perf_counter())


class TimedDatabase(Database):
    """The real database, timing each transaction from BEGIN to COMMIT."""

    timings: list[float]

    @contextlib.contextmanager
    def transaction(self):
        start = time.perf_counter()
        with super().transaction() as conn:
            yield conn
        self.timings.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=1000)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="counterpos-bench-"))
    db = TimedDatabase(folder / "counter.db", auto_checkpoint=False)
    db.timings = []
    started = time.perf_counter()
    codes = fill(db, args.parcels)
    print(f"cache: {ParcelCache(db).count():,} parcels in {time.perf_counter() - started:.1f} s "
          f"({(folder / 'counter.db').stat().st_size / 1e6:.0f} MB)")

    app = QApplication.instance() or QApplication([])
    lookup = ParcelLookup(ParcelCache(db), None)
    silent = socket.socket()  # takes connections and never answers: a printer, and a central system
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    silent_url = f"127.0.0.1:{silent.getsockname()[1]}"
    # As in the program: the sender thread runs beside the counter and checkpoints the WAL off the
    # clerk's commit path. Its central system never answers: each request hangs until its timeout.
    sender = OutboxSender(db.path, partial(CentralClient, f"http://{silent_url}", "token"), SyncMonitor())
    sender.start()
    spooler = PrintSpooler(db.path, "receipt", printer_from_settings("receipt", {"url": f"tcp://{silent_url}"}))
    spooler.start()
    session = build_session(db, lookup, STORE, reports_dir=folder / "reports", on_recorded=sender.wake)
    sign_in_demo_clerk(db)
    lanes = Lanes.make()
    window = TimedWindow(session, lanes, place="bench")
    window.shown = []
    window.show()

    def scan(text: str) -> float:
        before = len(window.shown)
        start = time.perf_counter()
        window.on_scan(ScanEvent(text=text, source="bench"))
        while len(window.shown) == before:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)  # sleeps, as a GUI thread does
        return window.shown[-1] - start

    checks = []

    def keep_a_status_check_waiting() -> None:
        """The Devices screen's check, as the program makes it: the support lane waits on the spooler."""
        def ask() -> str:
            try:
                return spooler.ask(devices.printer_status).result(timeout=60)
            except PrinterQueueStopped as stopped:  # at the end of the run
                return str(stopped)

        checks.append(time.perf_counter())
        lanes.support.run(ask, lambda finished: keep_a_status_check_waiting() if busy else None)

    busy = False
    claims = random.Random(1).sample(codes, 2 * args.claims)
    for phase, sample in (("quiet", claims[: args.claims]), ("printer and central not answering", claims[args.claims:])):
        if phase != "quiet":
            busy = True
            keep_a_status_check_waiting()
        code_scans, label_scans = [], []
        db.timings.clear()
        for tracking, claim in sample:
            code_scans.append(scan(claim))
            label_scans.append(scan(tracking))
            assert window.result.title.text().startswith("Released"), window.result.title.text()
        print(f"[{phase}] scan → screen, CLAIM CODE (lookup, parcel shown):   {percentiles(code_scans)}")
        print(f"[{phase}] scan → screen, label (match, transaction, release):  {percentiles(label_scans)}")
        print(f"[{phase}] claim transaction (state + outbox + print job, synchronous=FULL): "
              f"{percentiles(db.timings)}")
    busy = False
    print(f"printer status checks started during the busy phase: {len(checks)} (each waits for the printer)")
    silent.close()  # the hanging requests end, so everything can stop
    spooler.stop()
    sender.stop()
    lanes.shutdown()
    window.close()
    window.deleteLater()
    app.processEvents()
    app.shutdown()


if __name__ == "__main__":
    main()
