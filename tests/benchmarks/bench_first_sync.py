"""A first sync of 100,000 parcels: how long it takes, that the status bar counts it, and that the
window's event loop never stalls meanwhile.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_first_sync.py [--parcels 100000]

Fills a sandbox (its own process, over loopback) with N parcels for store 0166, then runs the real
poller thread against an empty counter database while the GUI thread shows its progress in the real
status bar widget and a 10 ms timer measures the longest gap between two of its ticks.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.central.client import CentralClient  # noqa: E402
from app.central.poller import Poller  # noqa: E402
from app.sandbox.database import SandboxDb  # noqa: E402
from app.status import SyncMonitor  # noqa: E402
from app.store import Database, ParcelCache  # noqa: E402
from app.ui.bridge import Bridge  # noqa: E402
from app.ui.status_bar import SyncIndicator  # noqa: E402
from tests.benchmarks.bench_sandbox import TOKEN, fill  # noqa: E402
from tests.helpers.processes import sandbox_process  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="counterpos-first-sync-"))
    started = time.perf_counter()
    fill(folder / "sandbox.db", args.parcels)
    sandbox_db = SandboxDb(folder / "sandbox.db", load_demo=False)
    sandbox_db.utils["stores"].insert({"id": "0166", "name": "Bench store"})
    sandbox_db.conn.close()
    print(f"sandbox filled with {args.parcels:,} parcels in {time.perf_counter() - started:.0f} s")
    app = QApplication.instance() or QApplication([])
    with sandbox_process(folder / "sandbox.db", TOKEN) as url:
        db = Database(folder / "counter.db")
        monitor, bridge, indicator = SyncMonitor(), Bridge(), SyncIndicator()
        shown: list[str] = []
        bridge.sync_changed.connect(lambda status: (indicator.show_status(status), shown.append(indicator.text())))
        monitor.subscribe(bridge.on_sync)
        poller = Poller(db.path, partial(CentralClient, url, TOKEN), monitor, "0166", "T1", interval=3600)

        gaps, last = [], [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            gaps.append(now - last[0])
            last[0] = now

        timer = QTimer(interval=10)
        timer.timeout.connect(tick)
        timer.start()
        started = time.perf_counter()
        poller.start()
        fetching = threading.Event()
        done = threading.Event()  # set from the poller's thread: the catch-up is over

        def watch(status) -> None:
            if status.fetching:
                fetching.set()
            elif fetching.is_set() and status.online:
                done.set()

        monitor.subscribe(watch)
        while not done.is_set():  # the GUI thread only handles events, as in the program
            app.processEvents()
            time.sleep(0.002)
        elapsed = time.perf_counter() - started
        poller.stop()
        app.processEvents()
        assert ParcelCache(db).count() == args.parcels
        progress = [text for text in shown if "fetching parcels" in text]
        print(f"first sync: {args.parcels:,} parcels in {elapsed:.1f} s ({args.parcels / elapsed:,.0f} parcels/s)")
        print(f"status bar updates while fetching: {len(progress)}, e.g. {progress[len(progress) // 2]!r}")
        print(f"GUI event loop: longest gap between 10 ms ticks {max(gaps) * 1000:.0f} ms "
              f"(p99 {sorted(gaps)[int(0.99 * len(gaps))] * 1000:.0f} ms, {len(gaps):,} ticks)")


if __name__ == "__main__":
    main()
