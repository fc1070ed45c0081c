"""Store bus figures, on the real store hub (nats-server) over loopback, two terminals' databases:

    .venv/bin/python tests/benchmarks/bench_store_bus.py [--facts 500] [--catch-up 10000] [--actions 1000]

(1) A fact recorded at T1 (a parcel received: its row and the fact, one transaction) until T2 has
applied it, one at a time: p50 and p99 (goal p99 <= 50 ms). (2) Catch-up: T1 records N facts while T2
is off; T2's bus starts and applies them all: the time from its start (goal <= 2 s for 10,000).
(3) The clerk's action (a parcel's status and its event, one transaction), 10 ms apart, with this
terminal on the bus, its bus thread running, and on none: p50 and p99 (goal: no change; the publish
is never in it). Back to back, the bus thread publishing the last action takes the GIL from the next.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.bus.bus import BusSettings, StoreBus  # noqa: E402
from app.bus.hub import HubSettings, StoreHub  # noqa: E402
from app.domain.clock import now_iso  # noqa: E402
from app.domain.events import status_event  # noqa: E402
from app.domain.parcels import Parcel, ParcelStatus  # noqa: E402
from app.status import SyncMonitor  # noqa: E402
from app.store import Database, Outbox, ParcelCache, StoreFacts  # noqa: E402
from app.store.facts import BUS_ON  # noqa: E402
from tests.helpers.processes import free_port  # noqa: E402

GAP = 0.01  # between the clerk's actions (a clerk's are seconds apart): the bus publishes the last meanwhile


def number(n: int) -> str:
    return f"12{n:015d}"


def receive(db: Database, bus: StoreBus | None, n: int) -> None:
    with db.transaction():
        ParcelCache(db).keep(Parcel(number(n), "0166", "M1", "Shop", ParcelStatus.READY_FOR_CLAIM, shelf_slot="A-01"))
        StoreFacts(db).record("parcel-status", "parcel", number(n), key=f"fact-{n}")
    if bus is not None:
        bus.wake()


def applied(db: Database, key: str | None = None) -> int:
    if key is None:
        return db.execute("SELECT count(*) FROM applied_facts").fetchone()[0]
    return db.execute("SELECT count(*) FROM applied_facts WHERE fact_key = ?", (key,)).fetchone()[0]


def until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        time.sleep(0.0005)


def settled(db: Database) -> None:
    """Until no fact has been applied here for half a second."""
    count, still = -1, time.monotonic()
    while time.monotonic() - still < 0.5:
        if applied(db) != count:
            count, still = applied(db), time.monotonic()
        time.sleep(0.05)


def terminal(folder: Path, hub: StoreHub, name: str) -> tuple[Database, StoreBus, SyncMonitor]:
    db = Database(folder / f"{name}.db")
    db.set_meta(BUS_ON, "1")
    monitor = SyncMonitor()
    return db, StoreBus(db.path, BusSettings((hub.url,), "0166", name), monitor), monitor


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100)
    return f"p50 {statistics.median(samples) * 1000:.1f} ms, p99 {cuts[98] * 1000:.1f} ms"


def fact_latency(folder: Path, hub: StoreHub, count: int) -> str:
    db1, bus1, status1 = terminal(folder, hub, "T1")
    db2, bus2, status2 = terminal(folder, hub, "T2")
    for bus in (bus1, bus2):
        bus.start()
    until(lambda: status1.status.store_online and status2.status.store_online)
    samples = []
    for n in range(count):
        start = time.perf_counter()
        receive(db1, bus1, n)
        until(lambda n=n: applied(db2, f"fact-{n}"))
        samples.append(time.perf_counter() - start)
    for bus in (bus1, bus2):
        bus.stop()
    db1.close()
    db2.close()
    return percentiles(samples)


def catch_up(folder: Path, hub: StoreHub, count: int) -> float:
    db1, bus1, status1 = terminal(folder, hub, "C1")
    db2, bus2, status2 = terminal(folder, hub, "C2")
    bus2.start()  # once, so its durable consumer exists: from here it is "a terminal that was off"
    until(lambda: status2.status.store_online)
    bus2.stop()
    _, bus2, _ = terminal(folder, hub, "C2")
    for n in range(count):
        receive(db1, None, 100_000 + n)
    bus1.start()
    until(lambda: status1.status.store_online and status1.status.store_facts_waiting == 0, timeout=600)
    before = applied(db2)
    start = time.perf_counter()
    bus2.start()
    until(lambda: applied(db2) - before >= count, timeout=600)
    elapsed = time.perf_counter() - start
    bus1.stop()
    bus2.stop()
    db1.close()
    db2.close()
    return elapsed


def clerk_action(folder: Path, hub: StoreHub, count: int, *, on_bus: bool) -> str:
    db = Database(folder / f"clerk-{on_bus}.db")
    db.set_meta(BUS_ON, "1" if on_bus else "0")
    bus = StoreBus(db.path, BusSettings((hub.url,), "0166", f"A{int(on_bus)}"), SyncMonitor()) if on_bus else None
    if bus is not None:
        bus.start()
        settled(db)  # the store's earlier facts applied here first: the clerk's day, not the catch-up
    samples = []
    for n in range(count):
        tracking = number(500_000 + n)
        start = time.perf_counter()
        with db.transaction():
            ParcelCache(db).set_status(tracking, ParcelStatus.CLAIMED, None, store_id="0166")
            Outbox(db).add(tracking, "parcel-status", status_event(
                tracking, ParcelStatus.CLAIMED, store_id="0166", terminal_id="T1", timestamp=now_iso()))
        samples.append(time.perf_counter() - start)
        if bus is not None:
            bus.wake()
        time.sleep(GAP)
    if bus is not None:
        bus.stop()
    db.close()
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=500)
    parser.add_argument("--catch-up", type=int, default=10_000)
    parser.add_argument("--actions", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-store-bus-"))
    hub = StoreHub(HubSettings(folder / "hub", port=free_port())).start()
    try:
        print(f"fact applied at another terminal ({args.facts:,}, one at a time): "
              f"{fact_latency(folder, hub, args.facts)}")
        print(f"catch-up of {args.catch_up:,} facts by a terminal that was off: {catch_up(folder, hub, args.catch_up):.2f} s")
        print(f"clerk's action, on the store bus ({args.actions:,}): {clerk_action(folder, hub, args.actions, on_bus=True)}")
        print(f"clerk's action, on no store bus ({args.actions:,}): {clerk_action(folder, hub, args.actions, on_bus=False)}")
    finally:
        hub.stop()


if __name__ == "__main__":
    main()
