"""Data the counter does not understand never stops the feed: a parcel with a status it does not know is
kept and shown as such, a record it cannot read is set aside for F6, and the next parcels sync,
before and after a restart."""

from __future__ import annotations

import random
from functools import partial

import pytest

from app.central.client import CentralClient
from app.central.poller import Poller
from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import Actor
from app.status import SyncMonitor
from app.store import Database, ParcelCache, UnreadableRecords
from tests.conftest import TOKEN
from tests.helpers.central import parcels_on_the_truck

_RNG = random.Random(7)
CUSTOMS = {"trackingNumber": issue_code(CodeKind.TRACKING, _RNG), "claimCode": issue_code(CodeKind.CLAIM, _RNG),
           "merchantCode": "001", "merchant": "Merchant A", "deliveryLocationId": "0166", "paymentType": "PREPAID",
           "amount": "0.00", "status": "ON HOLD AT CUSTOMS"}
GARBLED = {**CUSTOMS, "trackingNumber": issue_code(CodeKind.TRACKING, _RNG), "claimCode": issue_code(CodeKind.CLAIM, _RNG),
           "amount": "lots", "status": "READY FOR CLAIM"}


def sync(db, sandbox) -> Poller:
    """A poller that polls until it has everything."""
    poller = Poller(db.path, partial(CentralClient, sandbox.url, TOKEN), SyncMonitor(), "0166")
    client = CentralClient(sandbox.url, TOKEN)
    while poller.poll_once(db, client):
        pass
    client.close()
    assert poller.monitor.status.online is True and poller.monitor.status.problem == ""
    return poller


@pytest.mark.beyond_the_document("a status the document does not list, and an amount that is not money")
@pytest.mark.expect_log(r"a parcel record could not be read and is set aside", logger="app.central.poller")
def test_an_unknown_status_and_a_garbled_record_do_not_stop_the_next_thousand_parcels(db, sandbox, tmp_path):
    for record in (CUSTOMS, GARBLED):
        sandbox.db.add_parcel(record, Actor.MERCHANT, "merchant")
    first = parcels_on_the_truck(sandbox, 1000, seed=21)
    sync(db, sandbox)
    cache = ParcelCache(db)
    assert all(cache.get(number) for number, _ in first)
    customs = cache.get(CUSTOMS["trackingNumber"])
    assert customs.status.value == "ON HOLD AT CUSTOMS" and customs.status.known is False
    assert cache.get(GARBLED["trackingNumber"]) is None
    [garbled] = UnreadableRecords(db).all()
    assert garbled.feed == "parcel" and "lots" in garbled.record and GARBLED["trackingNumber"] in garbled.record

    db.close()  # a restart: the same database, a new poller
    again = Database(tmp_path / "counter.db")
    later = parcels_on_the_truck(sandbox, 1000, seed=22)
    sync(again, sandbox)
    cache = ParcelCache(again)
    assert all(cache.get(number) for number, _ in later)
    assert cache.get(CUSTOMS["trackingNumber"]).status.value == "ON HOLD AT CUSTOMS"
    assert len(UnreadableRecords(again).all()) == 1  # set aside once, not at every poll
    again.close()
