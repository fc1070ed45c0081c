"""Load check of the sandbox over loopback: idempotent event upload and code lookups.

    .venv/bin/python tests/benchmarks/bench_sandbox.py [--events 10000] [--lookups 1000]

Fills a sandbox database with N parcels in transit to store 0166, starts ``counterpos sandbox`` as
its own process, then (1) sends N READY FOR CLAIM events in batches of 200, (2) sends all of them
again, which must all come back as duplicates, (3) sends 1,000 events one request each, for the
ratio, and (4) looks up 1,000 CLAIM CODEs one by one. Prints throughput and latency percentiles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.domain.codes import CodeKind, issue_code  # noqa: E402
from app.domain.parcels import Actor  # noqa: E402
from app.sandbox.database import SandboxDb  # noqa: E402
from tests.helpers.processes import sandbox_process  # noqa: E402

TOKEN = "bench-token"
BATCH = 200


def fill(path: Path, count: int) -> list[dict]:
    db = SandboxDb(path, load_demo=False)
    rng = random.Random(3)
    parcels = []
    with db.transaction():
        for n in range(count):
            record = {"trackingNumber": issue_code(CodeKind.TRACKING, rng), "claimCode": issue_code(CodeKind.CLAIM, rng),
                      "merchantCode": "001", "merchant": "Merchant A", "merchantReference": f"BENCH-{n}",
                      "deliveryLocationId": "0166", "status": "IN-TRANSIT", "paymentType": "PREPAID", "amount": "0.00"}
            parcels.append(db.add_parcel(record, Actor.MERCHANT, ""))
    db.conn.close()
    return parcels


def percentiles(seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return f"p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {ms[-1]:.1f} ms (n={len(ms)}, mean {statistics.fmean(ms):.1f})"


def send(session: requests.Session, url: str, events: list[dict]) -> tuple[list[dict], float]:
    start = time.perf_counter()
    response = session.post(f"{url}/store/api/v1/events", json={"events": events}, timeout=60)
    response.raise_for_status()
    return response.json()["results"], time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--lookups", type=int, default=1_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="counterpos-sandbox-bench-"))
    singles_count = min(1000, args.events)  # events sent one request each, for the ratio
    parcels = fill(folder / "sandbox.db", args.events + singles_count)
    with sandbox_process(folder / "sandbox.db", TOKEN) as url:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        events = [{"idempotencyKey": str(uuid.uuid4()), "trackingNumber": p["trackingNumber"],
                   "status": "READY FOR CLAIM", "location": "0166", "timestamp": "2026-11-23T10:00:00Z",
                   "details": {"shelfSlot": "A-01"}} for p in parcels[: args.events]]

        rates = []
        for label, check in (("first time", lambda r: r["result"] == "ACCEPTED" and not r.get("duplicate")),
                             ("again (duplicates)", lambda r: r.get("duplicate") is True)):
            latencies, start = [], time.perf_counter()
            for i in range(0, len(events), BATCH):
                results, seconds = send(session, url, events[i : i + BATCH])
                latencies.append(seconds)
                assert all(check(r) for r in results), results[0]
            elapsed = time.perf_counter() - start
            rates.append(len(events) / elapsed)
            print(f"events, batches of {BATCH}, {label}: {rates[-1]:,.0f} events/s "
                  f"({len(events):,} in {elapsed:.2f} s); per request {percentiles(latencies)}")
        batched_rate = rates[0]

        singles = [{**e, "idempotencyKey": str(uuid.uuid4()), "trackingNumber": p["trackingNumber"]}
                   for e, p in zip(events[:singles_count], parcels[args.events :], strict=True)]
        latencies, start = [], time.perf_counter()
        for event in singles:
            results, seconds = send(session, url, [event])
            latencies.append(seconds)
            assert results[0]["result"] == "ACCEPTED", results[0]
        single_rate = len(singles) / (time.perf_counter() - start)
        print(f"events, one per request: {single_rate:,.0f} events/s; per request {percentiles(latencies)}")
        print(f"batching (first time) is {batched_rate / single_rate:.1f}x one request per event")

        latencies, start = [], time.perf_counter()
        for parcel in random.Random(5).sample(parcels, args.lookups):
            begun = time.perf_counter()
            response = session.get(f"{url}/store/api/v1/codes/{parcel['claimCode']}", timeout=10)
            latencies.append(time.perf_counter() - begun)
            assert response.json()["parcel"]["trackingNumber"] == parcel["trackingNumber"]
        elapsed = time.perf_counter() - start
        print(f"code lookups: {args.lookups / elapsed:,.0f} lookups/s; {percentiles(latencies)}")


if __name__ == "__main__":
    main()
