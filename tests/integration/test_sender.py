"""The outbox sender delivering to the real sandbox: ordering, retries, parking, offline."""

from __future__ import annotations

import json
import random
import time
from functools import partial

import pytest
import requests

from app.central.client import CentralClient
from app.central.sender import OutboxSender
from app.domain.clock import now_iso
from app.domain.events import status_event
from app.domain.parcels import ParcelStatus
from app.status import SyncMonitor
from app.store import Database, Outbox
from tests.conftest import TOKEN
from tests.helpers.central import AUTH, inject_fault, received_events, wait_for


def record(db: Database, tracking_number: str, status: ParcelStatus, store: str = "0166") -> str:
    with db.transaction():
        return Outbox(db).add(
            tracking_number,
            "parcel-status",
            status_event(tracking_number, status, store_id=store, terminal_id="T1", timestamp=now_iso(),
                         details={"shelfSlot": "A-01"}),
        )


@pytest.fixture
def sender(tmp_path, sandbox):
    monitor = SyncMonitor()
    return OutboxSender(tmp_path / "counter.db", partial(CentralClient, sandbox.url, TOKEN), monitor,
                        rng=random.Random(0))


def drain(sender: OutboxSender, db: Database, sandbox_url: str) -> None:
    client = CentralClient(sandbox_url, TOKEN)
    sender._paused_until = 0
    while sender.drain_once(Outbox(db), client):
        pass


def test_events_of_one_parcel_arrive_in_order_and_once(db, sender, sandbox, in_transit):
    tn = in_transit[0].tracking_number
    first = record(db, tn, ParcelStatus.READY_FOR_CLAIM)
    second = record(db, tn, ParcelStatus.CLAIMED)
    drain(sender, db, sandbox.url)
    events = received_events(sandbox.url, tn)
    assert [e["event"]["idempotencyKey"] for e in events] == [first, second]
    assert all(e["result"]["result"] == "ACCEPTED" for e in events)
    assert Outbox(db).waiting_count() == 0


@pytest.mark.expect_log(r"parked: INVALID_DATA", logger="app.central.sender")
def test_a_hard_refusal_is_parked_with_the_answer_and_others_still_go(db, sender, sandbox, in_transit, demo):
    refused = record(db, demo.elsewhere()[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    fine = record(db, in_transit[1].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    drain(sender, db, sandbox.url)
    outbox = Outbox(db)
    assert outbox.get(fine).state == "acked"
    parked = outbox.get(refused)
    assert parked.state == "parked"
    assert json.loads(parked.last_error) == {
        "httpCode": 422, "type": "INVALID_DATA",
        "message": f"Parcel {demo.elsewhere()[0].tracking_number} is for store 0234, not 0166",
    }
    assert sender.monitor.status.parked == 1


def test_a_server_error_pauses_with_backoff_and_retry_after_then_delivers(db, sender, sandbox, in_transit):
    key = record(db, in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    inject_fault(sandbox.url, 429, "TOO_MANY_REQUESTS", count=1, retry_after=30)
    client = CentralClient(sandbox.url, TOKEN)
    before = time.monotonic()
    assert not sender.drain_once(Outbox(db), client)
    assert sender._paused_until >= before + 30  # Retry-After honoured
    assert Outbox(db).get(key).state == "pending"  # nothing parked for a transient error
    drain(sender, db, sandbox.url)
    assert Outbox(db).get(key).state == "acked"


def test_a_retry_after_of_a_day_pauses_the_sender_no_longer_than_its_cap(db, sandbox, in_transit):
    key = record(db, in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    inject_fault(sandbox.url, 429, "TOO_MANY_REQUESTS", count=1, retry_after=86400)
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), SyncMonitor(), retry_after_cap=1.0,
                          backoff_base=0.05)
    sender.start()
    try:
        wait_for(lambda: Outbox(db).get(key).state == "acked", timeout=10, what="the event, a second later")
    finally:
        sender.stop()


def test_the_clock_set_back_an_hour_does_not_stop_delivery(db, sandbox, in_transit, monkeypatch):
    key = record(db, in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    later = record(db, in_transit[1].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    Outbox(db).retry_later(later, time.time() + 60, "due in a minute, by the clock as it was")
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", count=1)
    monitor = SyncMonitor()
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor, backoff_base=1.0)
    sender.start()
    try:
        wait_for(lambda: "INTERNAL_SERVER_ERROR" in monitor.status.problem, what="the sender to pause")
        wall = time.time
        monkeypatch.setattr(time, "time", lambda: wall() - 3600)  # then the PC's clock goes back an hour
        wait_for(lambda: {Outbox(db).get(k).state for k in (key, later)} == {"acked"}, timeout=10,
                 what="both events: the pause on the monotonic clock, the retry time due in spite of the clock")
    finally:
        sender.stop()


def test_a_wrong_token_parks_nothing(db, sandbox, in_transit):
    key = record(db, in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    monitor = SyncMonitor()
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, "wrong"), monitor)
    assert not sender.drain_once(Outbox(db), CentralClient(sandbox.url, "wrong"))
    assert Outbox(db).get(key).state == "pending"
    assert "UNAUTHORIZED" in monitor.status.problem


def test_the_running_sender_goes_offline_and_delivers_when_the_central_system_is_back(tmp_path, in_transit):
    from app.sandbox.server import SandboxServer

    server = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    port = server.port
    server.stop()  # the central system is down
    db = Database(tmp_path / "counter.db")
    key = record(db, in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM)
    monitor = SyncMonitor()
    sender = OutboxSender(db.path, partial(CentralClient, f"http://127.0.0.1:{port}", TOKEN, timeout=(0.3, 1)),
                          monitor, rng=random.Random(0))
    sender.start()
    try:
        wait_for(lambda: monitor.status.online is False, what="offline")
        assert monitor.status.waiting == 1
        server = SandboxServer(tmp_path / "sandbox.db", TOKEN, port=port).start()
        wait_for(lambda: monitor.status.waiting == 0, timeout=20, what="delivery after reconnect")
        assert monitor.status.online is True
        assert [e["event"]["idempotencyKey"] for e in received_events(server.url)] == [key]
    finally:
        sender.stop()
        server.stop()


@pytest.mark.expect_log(r"parked: INTERNAL_SERVER_ERROR", logger="app.central.sender")
def test_one_event_the_central_system_keeps_failing_on_is_parked_and_the_rest_go_on(db, sandbox, in_transit):
    parcels = [p.tracking_number for p in in_transit[:6]]
    keys = {tn: record(db, tn, ParcelStatus.READY_FOR_CLAIM) for tn in parcels}
    poison = parcels[3]
    behind = record(db, poison, ParcelStatus.CLAIMED)  # the same parcel's next event: it must wait
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", path="/store/api/v1/events", body=keys[poison])
    monitor = SyncMonitor()
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor, backoff_base=0.02)
    sender.start()
    try:
        wait_for(lambda: Outbox(db).get(keys[poison]).state == "parked", timeout=20, what="the event at fault")
        wait_for(lambda: all(Outbox(db).get(keys[tn]).state == "acked" for tn in parcels if tn != poison),
                 timeout=10, what="the other parcels' events")
        time.sleep(0.3)
        assert Outbox(db).get(behind).state == "pending"  # order per parcel: behind the parked one
    finally:
        sender.stop()
    parked = json.loads(Outbox(db).get(keys[poison]).last_error)
    assert parked["httpCode"] == 500 and "failed on this event 3 times while others went through" in parked["message"]
    assert monitor.status.parked == 1


def test_a_central_system_failing_on_everything_parks_nothing(db, sandbox, in_transit):
    keys = [record(db, p.tracking_number, ParcelStatus.READY_FOR_CLAIM) for p in in_transit[:4]]
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", path="/store/api/v1/")  # ping and events alike
    sender = OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), SyncMonitor(), backoff_base=0.01)
    sender.start()
    try:
        time.sleep(1.5)  # many rounds of faults, each split
        assert {Outbox(db).get(k).state for k in keys} == {"pending"}
    finally:
        sender.stop()
    requests.delete(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5).raise_for_status()
    drain(OutboxSender(db.path, partial(CentralClient, sandbox.url, TOKEN), SyncMonitor()), db, sandbox.url)
    assert {Outbox(db).get(k).state for k in keys} == {"acked"}
