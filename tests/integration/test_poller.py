"""The poller against the sandbox: deltas, a 304 when nothing changed, and the link's ups and downs."""

from __future__ import annotations

from functools import partial

import requests

from app.central.client import CentralClient
from app.central.poller import Poller
from app.compose import on_reconnect
from app.domain.parcels import Actor, ParcelStatus
from app.status import SyncMonitor
from app.store import DropOffs, ParcelCache, WebOrderCache
from tests.conftest import TOKEN
from tests.helpers.central import AUTH


def recording_client(url: str) -> tuple[CentralClient, list]:
    """A client whose every answer is noted: (method, path, status, body bytes)."""
    client, answers = CentralClient(url, TOKEN), []
    client.session.hooks["response"].append(
        lambda r, *args, **kwargs: answers.append((r.request.method, r.request.path_url.split("?")[0],
                                                   r.status_code, len(r.content))))
    return client, answers


def test_an_idle_poll_is_one_request_answered_304_with_no_body(db, sandbox, in_transit):
    client, answers = recording_client(sandbox.url)
    monitor = SyncMonitor()
    poller = Poller(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor, "0166", "T1")
    assert poller.poll_once(db, client) >= len(in_transit)  # the first sync, and drop-off supplies stocked
    assert DropOffs(db).rates is not None and DropOffs(db).numbers_left() == 50
    poller.poll_once(db, client)  # nothing new: its ETag is kept for the next poll
    answers.clear()

    assert poller.poll_once(db, client) == 0
    assert answers == [("GET", "/store/api/v1/stores/0166/changes", 304, 0)]
    assert monitor.status.online is True

    sandbox.db.change_status(in_transit[0].tracking_number, ParcelStatus.READY_FOR_CLAIM, Actor.POS, "0166")
    assert poller.poll_once(db, client) == 1
    assert ParcelCache(db).get(in_transit[0].tracking_number).status is ParcelStatus.READY_FOR_CLAIM
    client.close()


def test_coming_back_online_acts_once_per_return():
    monitor, acted = SyncMonitor(), []
    monitor.subscribe(on_reconnect(lambda: acted.append(monitor.status.online)))
    for online in (True, False, False, True, True, False, True):
        monitor.update(online=online, problem="" if online else f"down {len(acted)}")
    assert acted == [True, True]


def test_a_long_first_sync_counts_its_pages_and_ends_at_zero(db, sandbox):
    with sandbox.db.transaction():
        for n in range(2_500):
            number = f"5{n:016d}"
            sandbox.db.add_parcel({"trackingNumber": number, "merchantCode": "001", "deliveryLocationId": "0166",
                                   "status": ParcelStatus.IN_TRANSIT.value}, Actor.TRUCKER_SCAN, "CDI Pasig")
    monitor, seen = SyncMonitor(), []
    monitor.subscribe(lambda status: seen.append(status.fetching))
    client = CentralClient(sandbox.url, TOKEN)
    poller = Poller(db.path, partial(CentralClient, sandbox.url, TOKEN), monitor, "0166", "T1")
    total = poller.poll_once(db, client)
    client.close()
    assert total >= 2_500 and ParcelCache(db).count() == total
    assert [n for n in seen if n][:2] == [1000, 2000] and seen[-1] == 0


def test_a_web_order_placed_at_the_web_shop_reaches_the_counter_with_the_next_poll(db, sandbox):
    client = CentralClient(sandbox.url, TOKEN)
    poller = Poller(db.path, partial(CentralClient, sandbox.url, TOKEN), SyncMonitor(), "0166", "T1")
    poller.poll_once(db, client)
    before = WebOrderCache(db).count()
    placed = requests.post(f"{sandbox.url}/webshop/api/v1/weborders", headers=AUTH, timeout=5, json={
        "OrderNo": "WEB-7001", "ShopId": "0166", "WebShopId": "WS-DIRECT",
        "Customer": {"Name": "Maria Santos", "Phone": "09171234567"},
        "DeliveryAddress": {"Name": "Maria Santos", "Street": "12 Mabini St", "City": "Pasig"},
        "Lines": [{"VariantId": "V-1001", "Quantity": 2}]})
    assert placed.status_code in (200, 201), placed.text
    assert poller.poll_once(db, client) == 1
    assert WebOrderCache(db).count() == before + 1 and WebOrderCache(db).get("WEB-7001")["Status"] == "PENDING"
    client.close()
