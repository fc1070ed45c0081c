"""Sync figures: the outbox drained to the sandbox, an idle poll, and the outbox against persist-queue.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python tests/benchmarks/bench_sync.py [--events 10000] [--queue 2000]

(1) Fills a sandbox (its own process, over loopback) with N parcels in transit to store 0166 and the
counter's outbox with one READY FOR CLAIM event each, then times the real OutboxSender draining it
(batches of 200), and again with one request per event (1,000 events), for the ratio. (2) Polls
once to catch up, then once more with nothing changed: the idle poll's requests and body bytes.
(3) Durable enqueue + acknowledge, one item at a time, both with synchronous=FULL: our outbox
(WAL) against persist-queue's SQLiteAckQueue, same machine, same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import persistqueue

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.central.client import CentralClient  # noqa: E402
from app.central.poller import Poller  # noqa: E402
from app.central.sender import OutboxSender  # noqa: E402
from app.domain.clock import now_iso
from app.domain.events import status_event  # noqa: E402
from app.domain.parcels import ParcelStatus  # noqa: E402
from app.sandbox.database import SandboxDb  # noqa: E402
from app.status import SyncMonitor  # noqa: E402
from app.store import Database, Outbox  # noqa: E402
from tests.benchmarks.bench_sandbox import TOKEN, fill  # noqa: E402
from tests.helpers.processes import sandbox_process  # noqa: E402


def drain(folder: Path, url: str, numbers: list[str], batch_size: int) -> float:
    """Events/s for the real sender emptying an outbox of one event per number."""
    db = Database(folder / f"counter-{batch_size}.db")
    outbox = Outbox(db)
    with db.transaction():
        for number in numbers:
            outbox.add(number, "parcel-status", status_event(number, ParcelStatus.READY_FOR_CLAIM,
                                                             store_id="0166", terminal_id="T1",
                                                             timestamp=now_iso()))
    sender = OutboxSender(db.path, partial(CentralClient, url, TOKEN), SyncMonitor(), batch_size=batch_size)
    start = time.perf_counter()
    sender.start()
    while outbox.waiting_count():
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    sender.stop()
    assert outbox.parked_count() == 0
    db.close()
    return len(numbers) / elapsed


def idle_poll(folder: Path, url: str) -> list[tuple[int, int]]:
    """(status, body bytes) of each request an idle poll makes, after catching up."""
    db = Database(folder / "poll.db")
    client, answers = CentralClient(url, TOKEN), []
    client.session.hooks["response"].append(lambda r, *a, **k: answers.append((r.status_code, len(r.content))))
    poller = Poller(db.path, partial(CentralClient, url, TOKEN), SyncMonitor(), "0166", "T1")
    poller.poll_once(db, client)
    poller.poll_once(db, client)
    answers.clear()
    poller.poll_once(db, client)
    client.close()
    db.close()
    return answers


def queues(folder: Path, count: int) -> tuple[float, float]:
    """Items/s through durable enqueue + acknowledge, one at a time: (our outbox, persist-queue)."""
    db = Database(folder / "outbox-bench.db")
    outbox = Outbox(db)
    start = time.perf_counter()
    for n in range(count):
        with db.transaction():
            key = outbox.add(f"P{n}", "bench", {"n": n})
        outbox.acknowledge([key])
    ours = count / (time.perf_counter() - start)
    db.close()

    queue = persistqueue.SQLiteAckQueue(str(folder / "persist-queue"), auto_commit=True, multithreading=True)
    queue._getter.execute("PRAGMA synchronous=FULL")  # its default too; said here to be sure
    start = time.perf_counter()
    for n in range(count):
        queue.put({"n": n})
        queue.ack(queue.get())
    theirs = count / (time.perf_counter() - start)
    return ours, theirs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--queue", type=int, default=2_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="counterpos-sync-bench-"))
    parcels = fill(folder / "sandbox.db", args.events + 1000)
    sandbox_db = SandboxDb(folder / "sandbox.db", load_demo=False)
    sandbox_db.utils["stores"].insert({"id": "0166", "name": "Bench store"})
    sandbox_db.conn.close()
    with sandbox_process(folder / "sandbox.db", TOKEN) as url:
        numbers = [p["trackingNumber"] for p in parcels]
        batched = drain(folder, url, numbers[: args.events], 200)
        single = drain(folder, url, numbers[args.events :], 1)
        print(f"drain, batches of 200: {batched:,.0f} events/s ({args.events:,} events)")
        print(f"drain, one request per event: {single:,.0f} events/s (1,000 events); batching is {batched / single:.1f}x")
        answers = idle_poll(folder, url)
        print(f"idle poll: {len(answers)} request(s), answers {answers} (status, body bytes)")
    ours, theirs = queues(folder, args.queue)
    print(f"durable enqueue + acknowledge, synchronous=FULL: outbox {ours:,.0f} items/s, persist-queue "
          f"{theirs:,.0f} items/s; ratio {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
