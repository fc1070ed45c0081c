"""5,000 events drained through a sandbox having a very bad day: 30% 500s, 10% 429 with Retry-After,
10% timeouts (the events are applied, the answer is lost), 5% dropped connections. Every event
arrives exactly once, in order per parcel, and none is parked."""

from __future__ import annotations

import time
from functools import partial

import requests

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.central.sender import OutboxSender
from app.central.status import SyncMonitor
from app.domain.events import status_event
from app.domain.parcels import Actor, ParcelStatus
from app.store import Outbox
from tests.conftest import TOKEN
from tests.helpers.central import AUTH

PARCELS = 2_500  # two events each: READY FOR CLAIM, then CLAIMED (the other order is refused)
EVENTS_PATH = "/store/api/v1/events"
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


def parcels_on_the_truck(sandbox) -> list[str]:
    numbers = [f"4{n:015d}" for n in range(PARCELS)]
    numbers = [n + str(int(n) % 10) for n in numbers]  # 17 digits; the sandbox does not check this digit
    with sandbox.db.transaction():
        for number in numbers:
            sandbox.db.add_parcel({"trackingNumber": number, "merchantCode": "001", "merchant": "Merchant A",
                                   "deliveryLocationId": "0166", "paymentType": "PREPAID", "amount": "0.00",
                                   "status": ParcelStatus.IN_TRANSIT.value}, Actor.TRUCKER_SCAN, "CDI Pasig")
    return numbers


def test_every_event_arrives_once_in_order_through_every_kind_of_fault(db, sandbox):
    numbers = parcels_on_the_truck(sandbox)
    outbox = Outbox(db)
    with db.transaction():
        for number in numbers:
            for status in (ParcelStatus.READY_FOR_CLAIM, ParcelStatus.CLAIMED):
                outbox.add(number, "parcel-status", status_event(number, status, store_id="0166", terminal_id="T1"))
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
    assert {"200", "500", "429", "ReadTimeout", "ConnectionError"} <= seen, seen

    conn = sandbox.db.conn
    applied = conn.execute(
        "SELECT status, count(*) FROM history WHERE actor = ? AND tracking_number LIKE '4%' GROUP BY status",
        (Actor.POS.value,)).fetchall()
    assert {row[0]: row[1] for row in applied} == {"READY FOR CLAIM": PARCELS, "CLAIMED": PARCELS}  # once each
    out_of_order = conn.execute(
        "SELECT count(*) FROM history AS c JOIN history AS r ON r.tracking_number = c.tracking_number "
        "WHERE c.status = 'CLAIMED' AND r.status = 'READY FOR CLAIM' AND r.id > c.id").fetchone()[0]
    assert out_of_order == 0
    accepted = conn.execute("SELECT count(*) FROM events WHERE json_extract(result, '$.result') = 'ACCEPTED' "
                            "AND tracking_number LIKE '4%'").fetchone()[0]
    assert accepted == 2 * PARCELS
