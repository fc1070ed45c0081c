"""5,000 events drained through a sandbox having a very bad day: 30% 500s, 10% 429 with Retry-After,
10% timeouts (the events are applied, the answer is lost), 5% dropped connections. Every event
arrives exactly once, in order per parcel, and none is parked."""

from __future__ import annotations

import collections
import time
from functools import partial

import requests

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.central.sender import OutboxSender
from app.domain.clock import now_iso
from app.domain.events import status_event
from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.server import SandboxServer
from app.status import SyncMonitor
from app.store import Outbox
from tests.conftest import TOKEN
from tests.helpers.central import AUTH, parcels_on_the_truck

PARCELS = 2_500  # two events each: READY FOR CLAIM, then CLAIMED (the other order is refused)
EVENTS_PATH = "/store/api/v1/events"
FAULT_SEED = 1
FAULTS = [
    {"kind": "error", "status": 500, "type": "INTERNAL_SERVER_ERROR", "rate": 0.3},
    {"kind": "error", "status": 429, "type": "TOO_MANY_REQUESTS", "rate": 0.1, "retry_after": 1},
    {"kind": "timeout", "seconds": 0.6, "rate": 0.1},
    {"kind": "drop", "rate": 0.05},
]


class WitnessedClient(CentralClient):
    """A client that notes how each request ended, so the test knows every fault really happened."""

    endings: list[str] = []

    def _request(self, method, path, **kwargs):
        try:
            response = super()._request(method, path, **kwargs)
        except CentralUnreachable as exc:
            self.endings.append(str(exc).split(":")[0])  # ReadTimeout, ConnectionError, …
            raise
        except CentralError as exc:
            self.endings.append(str(exc.info.http_code))
            raise
        self.endings.append(str(response.status_code))
        return response


def test_every_event_arrives_once_in_order_through_every_kind_of_fault(db, tmp_path):
    # Seeded, so that the few dozen requests meet every kind of fault on every run.
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN, fault_seed=FAULT_SEED).start()
    try:
        deliver_through_faults(db, sandbox)
    finally:
        sandbox.stop()


def deliver_through_faults(db, sandbox):
    numbers = [tracking_number for tracking_number, _ in parcels_on_the_truck(sandbox, PARCELS)]
    outbox = Outbox(db)
    with db.transaction():
        for number in numbers:
            for status in (ParcelStatus.READY_FOR_CLAIM, ParcelStatus.CLAIMED):
                outbox.add(number, "parcel-status", status_event(number, status, store_id="0166", terminal_id="T1",
                                                                 timestamp=now_iso()))
    for fault in FAULTS:
        requests.post(f"{sandbox.url}/sandbox/faults", json={**fault, "path": EVENTS_PATH}, headers=AUTH,
                      timeout=5).raise_for_status()

    sender = OutboxSender(db.path, partial(WitnessedClient, sandbox.url, TOKEN, timeout=(1.0, 0.3)),
                          SyncMonitor(), backoff_base=0.02)
    started = time.monotonic()
    sender.start()
    try:
        while outbox.waiting_count() and time.monotonic() - started < 100:
            time.sleep(0.2)
    finally:
        sender.stop()
    assert (outbox.waiting_count(), outbox.parked_count()) == (0, 0)
    seen = set(WitnessedClient.endings)
    assert {"200", "500", "429", "ReadTimeout", "ConnectionError"} <= seen, collections.Counter(WitnessedClient.endings)

    ours = set(numbers)
    applied = [(tn, status) for tn, status in sandbox.db.conn.execute(
        "SELECT tracking_number, status FROM history WHERE actor = ? ORDER BY id", (Actor.POS.value,)) if tn in ours]
    assert sorted(applied, key=lambda a: a[0]) == [(tn, s) for tn in sorted(ours)
                                                   for s in ("READY FOR CLAIM", "CLAIMED")]  # once each, in order
    accepted = [r for r in sandbox.db.events() if r["event"]["trackingNumber"] in ours]
    assert len(accepted) == 2 * PARCELS and all(r["result"]["result"] == "ACCEPTED" for r in accepted)
