"""The Shipping Order API of seed 004 on the real sandbox: the seed's examples, and every error row."""

from __future__ import annotations

import copy
import re

import pytest
import requests

from app.sandbox.server import SandboxServer
from app.sandbox.shipping import millis
from tests.conftest import TOKEN
from tests.helpers.central import inject_fault
from tests.helpers.seeds import bulleted_json

SEED_004 = "004_c72ccc947ad72caf.txt"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
API = "/api/v1/shipments"


@pytest.fixture
def server(tmp_path):
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    yield sandbox
    sandbox.stop()


def seed_order(external_id: str = "7709-001", **changes) -> dict:
    order = copy.deepcopy(bulleted_json(SEED_004, "Create Shipping"))
    order.update(orderExternalId=external_id, **changes)
    return order


def call(server, method: str, path: str, body: object = None, headers: dict | None = None) -> requests.Response:
    return requests.request(method, f"{server.url}{path}", json=body, headers=AUTH if headers is None else headers,
                            timeout=5)


def create(server, external_id: str = "7709-001", **changes) -> requests.Response:
    return call(server, "POST", API, seed_order(external_id, **changes))


def orchestrate(server, **rules) -> None:
    assert call(server, "PUT", "/sandbox/shipping/orchestration", rules).status_code == 200


def assert_error(response: requests.Response, status: int, error_type: str, severity: str, message: str = ""):
    body = response.json()
    assert (response.status_code, body["type"], body["severity"]) == (status, error_type, severity), body
    assert message in body["message"]


def test_the_seed_create_example_is_dispatched_with_the_seed_response_fields(server):
    response = create(server)
    assert response.status_code == 201
    order = response.json()
    seed_answer = bulleted_json(SEED_004, "Create Shipping", 1)
    missing = set(seed_answer) - set(order)
    assert missing <= {"pickupContact", "pickupAddress", "undeliverableOrderReturnLocation", "returnLocationId"}
    assert order["status"] == "ORDER_DISPATCHED"
    assert set(order["provider"]) == {"name", "id", "displayName", "serviceId", "serviceType"}
    assert order["trackingId"] and order["fee"] > 0 and len(order["id"]) == 24
    assert {p["name"] for p in order["proposedProviders"]} == {"DoorDash", "Point Pickup", "UPS"}
    assert order["warnings"] == ["pickupTime not given: the provider picks the parcel up as soon as it can"]
    assert call(server, "GET", f"{API}/7709-001").json()["trackingId"] == order["trackingId"]


def test_orchestration_rules_choose_the_provider(server):
    assert create(server, "cheap").json()["provider"]["name"] == "UPS"  # 10 lb: UPS is cheapest
    orchestrate(server, strategy="fastest")
    assert create(server, "fast").json()["provider"]["name"] == "DoorDash"
    orchestrate(server, allowedProviders={"7709": ["pp"]})
    assert create(server, "allowed").json()["provider"]["name"] == "Point Pickup"
    orchestrate(server, allowedProviders={"7709": []})
    assert_error(create(server, "none"), 422, "NO_PROVIDER_ASSIGNED", "Hard")
    orchestrate(server, allowedProviders={})
    heavy = seed_order("heavy")
    heavy["package"]["weight"] = {"value": 200, "unit": "lb"}
    assert_error(call(server, "POST", API, heavy), 422, "NO_PROVIDER_MATCHED", "Hard")


def test_a_failed_placement_is_kept_edited_and_retried_once(server):
    orchestrate(server, providers={"dd": {"mode": "down"}, "pp": {"mode": "down"}, "ups": {"mode": "down"}})
    assert_error(create(server), 422, "PLACE_ORDER_FAILED", "Transient")
    kept = call(server, "GET", f"{API}/7709-001").json()
    assert kept["status"] == "ORDER_FAILED"
    smaller = copy.deepcopy(kept["package"])
    smaller["weight"]["value"] = 5
    assert call(server, "PUT", f"{API}/7709-001", {"package": smaller}).status_code == 200  # not dispatched yet
    orchestrate(server, providers={"ups": {"mode": "ok"}})
    retried = call(server, "POST", f"{API}/7709-001/retry")
    assert retried.status_code == 201 and retried.json()["status"] == "ORDER_DISPATCHED"
    assert_error(call(server, "POST", f"{API}/7709-001/retry"), 409, "INVALID_OPERATION", "Hard",
                 "can no longer be retried")
    orchestrate(server, providers={"ups": {"mode": "unmapped"}})
    assert_error(create(server, "garbage"), 422, "UNMAPPED_ERROR", "Transient")
    assert_error(call(server, "POST", f"{API}/nosuch/retry"), 404, "NOT_FOUND", "Hard")
    assert_error(call(server, "POST", f"{API}/bad%20id!/retry"), 422, "INVALID_DATA", "Hard", "Invalid Order Id")


@pytest.mark.parametrize(
    ("change", "status", "error_type", "message"),
    [
        ({"locationExternalId": None}, 400, "VALIDATION_ERROR", "locationExternalId is a required field"),
        ({"locationExternalId": "4040"}, 422, "INVALID_DATA", "No such locationExternalId"),
        ({"deliveryAddress": None}, 400, "VALIDATION_ERROR", "Delivery Address not provided"),
        ({"deliveryAddress": {"street1": "1 Nowhere", "city": "Atlantis"}}, 422, "GEOCODING_FAILED", "Geocoding"),
        ({"package": {"name": "x"}}, 400, "VALIDATION_ERROR", "package needs size and weight"),
        ({"orderValue": -1}, 400, "VALIDATION_ERROR", "orderValue"),
    ],
)
def test_bad_orders_are_refused_with_the_seed_rows(server, change, status, error_type, message):
    order = {k: v for k, v in seed_order(**change).items() if v is not None}
    assert_error(call(server, "POST", API, order), status, error_type, "Hard", message)


def test_duplicates_missing_orders_tokens_and_server_errors(server):
    create(server)
    assert_error(create(server), 422, "DUPLICATE_ID", "Hard")
    assert_error(call(server, "GET", f"{API}/1908241-0061"), 404, "NOT_FOUND", "Hard",
                 "Order with id, 1908241-0061, is not found")
    assert_error(call(server, "GET", f"{API}/bad%20id!"), 422, "INVALID_DATA", "Hard", "Invalid Order Id")
    assert_error(call(server, "GET", f"{API}/7709-001", headers={}), 401, "UNAUTHORIZED", "Hard")
    inject_fault(server.url, 500, "INTERNAL_SERVER_ERROR", count=1, path=API)
    assert_error(create(server, "x"), 500, "INTERNAL_SERVER_ERROR", "Transient")


def test_editing_after_dispatch_keeps_the_package(server):
    create(server)
    edit = bulleted_json(SEED_004, "Edit Shipment\nUse this API")  # changes the package, among others
    edit["orderExternalId"] = "7709-001"
    assert_error(call(server, "PUT", f"{API}/7709-001", edit), 400, "VALIDATION_ERROR", "Hard",
                 "packages parameter cannot be changed post order dispatch")
    del edit["package"]
    edited = call(server, "PUT", f"{API}/7709-001", edit)
    assert edited.status_code == 200 and edited.json()["deliveryContact"]["name"] == "John Smith"
    assert_error(call(server, "PUT", f"{API}/7709-001", {"orderValue": "lots"}), 400, "INVALID_DATA", "Hard",
                 "orderValue field is invalid")
    assert_error(call(server, "PUT", f"{API}/19345234", edit), 404, "NOT_FOUND", "Hard")
    orchestrate(server, allowedProviders={"NYClocation101": []})
    assert_error(call(server, "PUT", f"{API}/7709-001", {"locationExternalId": "NYClocation101"}), 422,
                 "NO_PROVIDER_ASSIGNED", "Hard")


def test_cancelling_follows_the_provider_and_the_state(server):
    assert create(server, "by-ups").json()["provider"]["name"] == "UPS"
    assert_error(call(server, "DELETE", f"{API}/by-ups"), 403, "CANCELLATION_NOT_ALLOWED", "Hard")
    orchestrate(server, strategy="fastest")
    create(server, "by-dd")
    cancelled = call(server, "DELETE", f"{API}/by-dd")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "ORDER_CANCELLED"
    assert_error(call(server, "DELETE", f"{API}/by-dd"), 409, "ORDER_ALREADY_CANCELED", "Hard")
    create(server, "delivered")
    call(server, "POST", "/sandbox/shipping/delivered/status", {"status": "ORDER_DELIVERED"})
    assert_error(call(server, "DELETE", f"{API}/delivered"), 422, "ORDER_CANCELLATION_FAILED", "Hard")
    assert_error(call(server, "DELETE", f"{API}/19345234"), 404, "NOT_FOUND", "Hard")


def test_status_history_has_the_seed_fields(server):
    create(server)
    reason = {"code": "CUSTOMER_REJECTED", "title": "Customer Rejected", "note": "RT-001 - Customer rejected"}
    call(server, "POST", "/sandbox/shipping/7709-001/status",
         {"status": "ORDER_UNDELIVERABLE", "note": "ARRIVED_AT_RETURN", "statusUser": "Walmart GoLocal",
          "eventReason": reason, "subStatus": "RETURN_AT_LOCATION"})
    history = call(server, "GET", f"{API}/7709-001/status-history").json()
    seed = bulleted_json(SEED_004, "Get Shipment Status", 0, "[")
    assert set(history[0]) == set(seed[0])
    entries = history[0]["orderStatus"]
    assert [e["status"] for e in entries] == ["REQUEST_RECEIVED", "ESTIMATES_RECEIVED", "ORDER_DISPATCHED",
                                             "ORDER_UNDELIVERABLE"]
    assert set(entries[-1]) == set(seed[0]["orderStatus"][-1])
    assert entries[-1]["eventReason"] == reason
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}(st|nd|rd|th) \d{4}, \d{1,2}:\d{2}:\d{2} (am|pm) UTC",
                        entries[0]["updatedAt"])
    assert call(server, "GET", f"{API}/nosuch/status-history").json() == []


def test_list_filters_pages_and_limits(server):
    for n in range(5):
        create(server, f"order-{n}", groupId="g1" if n < 2 else None)
    listed = call(server, "POST", f"{API}/list", {})  # default: the last 24 hours
    assert [o["orderExternalId"] for o in listed.json()["data"]] == [f"order-{n}" for n in range(5)]
    seed_filters = bulleted_json(SEED_004, "List Shipments")
    assert_error(call(server, "POST", f"{API}/list", seed_filters), 400, "INVALID_DATA", "Hard", "paginationToken")
    del seed_filters["paginationToken"]
    now = millis()
    seed_filters.update(orderExternalIds=["order-1"], locationExternalIds=["7709"],
                        lastUpdatedAt={"startsAt": now - 3_600_000, "endsAt": now + 1000},
                        createdAt={"startsAt": now - 3_600_000, "endsAt": now + 1000},
                        pickupTime={"startsAt": 0}, deliveryTime={"endsAt": now + 10**9})
    assert [o["orderExternalId"] for o in call(server, "POST", f"{API}/list", seed_filters).json()["data"]] == [
        "order-1"]
    first = call(server, "POST", f"{API}/list", {"limit": 2}).json()
    assert [o["orderExternalId"] for o in first["data"]] == ["order-0", "order-1"]
    assert first["paginationToken"]["previous"] is None
    second = call(server, "POST", f"{API}/list", {"limit": 2, "paginationToken": first["paginationToken"]["next"]})
    assert [o["orderExternalId"] for o in second.json()["data"]] == ["order-2", "order-3"]
    back = call(server, "POST", f"{API}/list", {"limit": 2, "paginationToken": second.json()["paginationToken"]["previous"]})
    assert back.json()["data"] == first["data"]
    assert [o["orderExternalId"] for o in call(server, "POST", f"{API}/list", {"groupId": "g1"}).json()["data"]] == [
        "order-0", "order-1"]
    assert call(server, "POST", f"{API}/list", {"status": ["ORDER_CANCELLED"]}).json()["data"] == []
    too_long = {"lastUpdatedAt": {"startsAt": 0, "endsAt": 31 * 24 * 3600 * 1000}}
    assert_error(call(server, "POST", f"{API}/list", too_long), 400, "INVALID_DATA", "Hard",
                 "lastUpdatedAt date range cannot be greater than 30 days")
    for bad in ({"orderExternalIds": [str(n) for n in range(101)]}, {"limit": 1001}, {"pickupTime": {"startsAt": 0}}):
        assert_error(call(server, "POST", f"{API}/list", bad), 400, "INVALID_DATA", "Hard")


def test_the_rate_limit_answers_429_with_retry_after(server):
    server.app.config["SANDBOX_SHIPPING"].requests_per_second = 3
    answers = [call(server, "GET", f"{API}/nosuch") for _ in range(6)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and limited[0].headers["Retry-After"] == "1"
    assert_error(limited[0], 429, "TOO_MANY_REQUESTS", "Transient")
