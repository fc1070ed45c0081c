"""The central client against the real sandbox over loopback HTTP."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
import requests

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.clock import now_iso
from app.domain.errors import ErrorType
from app.domain.events import status_event
from app.domain.parcels import Actor, ParcelStatus
from tests.conftest import TOKEN
from tests.helpers.central import inject_fault, received_events


@pytest.fixture
def client(sandbox):
    c = CentralClient(sandbox.url, TOKEN)
    yield c
    c.close()


def event(tracking_number: str, status: ParcelStatus, store: str = "0166", **details) -> dict:
    return {
        "idempotencyKey": str(uuid.uuid4()),
        **status_event(tracking_number, status, store_id=store, terminal_id="T1", timestamp=now_iso(), details=details),
    }


def test_changes_since_a_cursor_are_a_delta_and_an_unchanged_one_is_a_304(client, sandbox, in_transit, ready):
    delta = client.changes_since("0166", "0.0", limit=5)
    assert len(delta.parcels) == 5 and delta.more
    everything, orders = list(delta.parcels), list(delta.weborders)
    while delta.more:
        delta = client.changes_since("0166", delta.cursor, limit=5)
        everything += delta.parcels
        orders += delta.weborders
    assert {p.tracking_number for p in in_transit + ready} <= {p.tracking_number for p in everything}
    assert all(p.store_id == "0166" for p in everything) and all(o["ShopId"] == "0166" for o in orders)
    idle = client.changes_since("0166", delta.cursor)
    assert (idle.parcels, idle.weborders, idle.cursor, idle.more) == ([], [], delta.cursor, False) and idle.etag
    assert client.changes_since("0166", delta.cursor, etag=idle.etag) is None  # nothing changed: 304
    sandbox.db.change_status(in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM, Actor.POS, "0166")
    changed = client.changes_since("0166", delta.cursor, etag=idle.etag)
    assert [p.tracking_number for p in changed.parcels] == [in_transit[0].tracking_number]


def test_one_parcel_and_a_claim_code_can_be_looked_up(client, ready):
    found = client.parcel(ready[0].tracking_number)
    assert replace(found, hold_until=None) == ready[0]  # the demo's parcels do not know when they were shelved
    assert found.hold_until > datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert client.parcel_by_code(ready[0].claim_code) == found
    assert client.parcel("12345678901234567") is None
    assert client.parcel_by_code(ready[0].claim_code.replace("-", "")) == found


def test_events_are_applied_once_whatever_the_repeats(client, sandbox, in_transit):
    tn = in_transit[0].tracking_number
    received = event(tn, ParcelStatus.READY_FOR_CLAIM, shelfSlot="A-01")
    first = client.post_events([received])
    again = client.post_events([received, received])
    assert first[0]["result"] == "ACCEPTED"
    assert [r["result"] for r in again] == ["ACCEPTED", "ACCEPTED"]
    assert all(r.get("duplicate") for r in again)
    assert len(received_events(sandbox.url, tn)) == 1
    parcel = client.parcel(tn)
    assert parcel.status is ParcelStatus.READY_FOR_CLAIM and parcel.shelf_slot == "A-01"


def test_refused_events_are_answered_per_event_with_the_seed_taxonomy(client, in_transit, ready, demo):
    other_store = demo.elsewhere()[0].tracking_number
    results = client.post_events(
        [
            event(in_transit[0].tracking_number, ParcelStatus.CLAIMED),  # not received yet
            event("12345678901234567", ParcelStatus.CLAIMED),
            event(other_store, ParcelStatus.READY_FOR_CLAIM),
            event(ready[0].tracking_number, ParcelStatus.CLAIMED),
            {"idempotencyKey": str(uuid.uuid4()), "status": "CLAIMED"},
        ]
    )
    assert [(r["result"], r.get("error", {}).get("type"), r.get("httpCode")) for r in results] == [
        ("REJECTED", "INVALID_OPERATION", 409),
        ("REJECTED", "NOT_FOUND", 404),
        ("REJECTED", "INVALID_DATA", 422),
        ("ACCEPTED", None, None),
        ("REJECTED", "VALIDATION_ERROR", 400),
    ]


def test_a_wrong_token_is_unauthorized_and_hard(sandbox):
    client = CentralClient(sandbox.url, "not-the-token")
    with pytest.raises(CentralError) as caught:
        client.ping()
    assert caught.value.info.type is ErrorType.UNAUTHORIZED
    assert caught.value.info.http_code == 401
    assert not caught.value.transient


def test_injected_server_errors_are_transient_and_carry_retry_after(client, sandbox):
    inject_fault(sandbox.url, 429, "TOO_MANY_REQUESTS", count=1, retry_after=7)
    with pytest.raises(CentralError) as caught:
        client.ping()
    assert caught.value.transient and caught.value.retry_after == 7.0
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", count=1)
    with pytest.raises(CentralError) as caught:
        client.ping()
    assert caught.value.info.type is ErrorType.INTERNAL_SERVER_ERROR and caught.value.transient
    client.ping()  # the faults are used up


def test_a_central_system_that_is_not_there_is_unreachable(sandbox):
    url = sandbox.url
    sandbox.stop()
    with pytest.raises(CentralUnreachable):
        CentralClient(url, TOKEN, timeout=(0.5, 0.5)).ping()


def test_a_malformed_request_gets_a_validation_error(sandbox):
    response = requests.post(
        f"{sandbox.url}/store/api/v1/events",
        data="{not json",
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400
    assert json.loads(response.text)["type"] == "VALIDATION_ERROR"
