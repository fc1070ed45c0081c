"""A day without the central system: 1,000 parcels received and released and 40 drop-offs taken, all
from the counter's own records; then the central system comes back and everything is delivered by
itself, once, in order, with an exception only for the one real conflict planted during the day."""

from __future__ import annotations

import json
import time
from functools import partial

import pytest

from app.central.client import CentralClient
from app.central.poller import Poller
from app.central.sender import OutboxSender
from app.domain.codes import classify
from app.domain.dropoff import read_dropoff
from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.server import SandboxServer
from app.services.claim import ClaimService
from app.services.dropoff import DropOffService
from app.services.lookup import ParcelLookup
from app.services.receive import ReceiveService
from app.status import SyncMonitor
from app.store import Outbox, ParcelCache
from printers.documents import StoreHeader
from tests.conftest import TOKEN
from tests.helpers.central import parcels_on_the_truck, restart

PARCELS = 1_000
DROPOFFS = 40
SELLER = dict(mobile="09171234567", delivery_type="STORE", destination="0234", length="20", width="15",
              height="10", weight="1.5", collect="")


@pytest.mark.expect_log(r"parked: INVALID_OPERATION", logger="app.central.sender")
def test_a_day_offline_is_delivered_by_itself_once_the_central_system_is_back(db, tmp_path):
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    parcels = parcels_on_the_truck(sandbox, PARCELS)
    client = CentralClient(sandbox.url, TOKEN, timeout=(0.5, 1.0))
    Poller(db.path, lambda: client, SyncMonitor(), "0166", "T1").poll_once(db, client)  # the morning sync
    sandbox.stop()
    conflict = parcels[500][0]  # the merchant cancels it at the central system during the day
    sandbox.db.change_status(conflict, ParcelStatus.CANCELLED, Actor.MERCHANT, "")

    lookup = ParcelLookup(ParcelCache(db), client)
    store = StoreHeader("0166", "Offline store", "T1")
    receiving = ReceiveService(db, lookup, store_id="0166", terminal_id="T1")
    claims = ClaimService(db, lookup, store=store)
    dropoffs = DropOffService(db, lookup, store=store)
    done = 0
    for tracking_number, claim_code in parcels:
        done += receiving.receive(classify(tracking_number)).recorded
        found = claims.find(classify(claim_code))
        done += claims.release(found.awaiting_label_of, classify(tracking_number)).recorded
    seller = read_dropoff(**SELLER)
    for _ in range(DROPOFFS):
        quote = dropoffs.quote(seller)
        assert quote.offline
        done += dropoffs.accept(seller, quote, "100").recorded
    assert done == 2 * PARCELS + DROPOFFS  # every action of the day completed offline

    back = restart(sandbox)
    sender = OutboxSender(db.path, partial(CentralClient, back.url, TOKEN), SyncMonitor(), backoff_base=0.05)
    sender.start()
    outbox = Outbox(db)
    deadline = time.monotonic() + 120
    try:
        while outbox.waiting_count() > 2 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        sender.stop()
        back.stop()

    parked = outbox.parked()
    assert [(e.parcel_key, e.payload["status"], json.loads(e.last_error)["type"]) for e in parked] == [
        (conflict, "READY FOR CLAIM", "INVALID_OPERATION")]  # the one real conflict, and only it
    waiting = db.execute("SELECT parcel_key, state FROM outbox WHERE state != 'acked'").fetchall()
    assert sorted(tuple(row) for row in waiting) == [(conflict, "parked"), (conflict, "pending")]  # its claim waits
    statuses = {tn: back.db.record(tn)["status"] for tn, _ in parcels}
    assert statuses.pop(conflict) == "CANCELLED"
    assert set(statuses.values()) == {"CLAIMED"}
    dropped = [r for r in back.db.events() if r["event"].get("type") == "DROPOFF"]
    assert len(dropped) == DROPOFFS and all(r["result"]["status"] == "DROPPED OFF" for r in dropped)
