"""A terminal's store bus alone, as its own process (``python -m tests.helpers.bus_terminal DB TERMINAL
HUB TOKEN``): for tests that put a terminal where the test process cannot be, such as a network
namespace they cut off. The test records facts in the terminal's database; the bus publishes them
within a second and applies the store's."""

from __future__ import annotations

import signal
import sys
import threading

from app.bus.bus import BusSettings, StoreBus
from app.status import SyncMonitor


def main(db: str, terminal: str, hub: str, token: str) -> None:
    bus = StoreBus(db, BusSettings((hub,), "0166", terminal, token), SyncMonitor())
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    bus.start()
    stopped.wait()
    bus.stop()


if __name__ == "__main__":
    main(*sys.argv[1:5])
