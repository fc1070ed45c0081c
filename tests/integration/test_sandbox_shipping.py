"""The Shipping Order API of seed 004 on the real sandbox: the seed's examples, and every error row."""

from __future__ import annotations

import copy
import re

import pytest
import requests

from app.sandbox.shipping import millis
from tests.helpers.central import AUTH, inject_fault
from tests.helpers.seeds import seed_fact

API = "/api/v1/shipments"



def seed_order(external_id: str = "7709-001", **changes) -> dict:
    order = seed_fact("shipping create request")
    order["deliveryContact"]["name"] += f" ({external_id})"  # distinct orders, not one submitted twice
    order.update(orderExternalId=external_id, **changes)
    return order


def call(sandbox, method: str, path: str, body: object = None, headers: dict | None = None) -> requests.Response:
    return requests.request(method, f"{sandbox.url}{path}", json=body, headers=AUTH if headers is None else headers,
                            timeout=5)


def create(sandbox, external_id: str = "7709-001", **changes) -> requests.Response:
    return call(sandbox, "POST", API, seed_order(external_id, **changes))


def orchestrate(sandbox, **rules) -> None:
    assert call(sandbox, "PUT", "/sandbox/shipping/orchestration", rules).status_code == 200


def assert_error(response: requests.Response, status: int, error_type: str, severity: str, message: str = ""):
    body = response.json()
    assert (response.status_code, body["type"], body["severity"]) == (status, error_type, severity), body
    assert message in body["message"]


def test_the_seed_create_example_is_dispatched_with_the_seed_response_fields(sandbox):
    response = create(sandbox)
    assert response.status_code == 201
    order = response.json()
    seed_answer = seed_fact("shipping create response")
    assert set(seed_answer) - set(order) == set()  # every field of the seed's answer, null where the sandbox has none
    assert set(seed_answer["package"]) <= set(order["package"])
    assert order["status"] == "ORDER_DISPATCHED"
    assert set(order["provider"]) == {"name", "id", "displayName", "serviceId", "serviceType"}
    assert order["trackingId"] and order["fee"] > 0 and len(order["id"]) == 24
    assert {p["name"] for p in order["proposedProviders"]} == {"DoorDash", "Point Pickup", "UPS"}
    assert order["warnings"] == ["pickupTime not given: the provider picks the parcel up as soon as it can"]
    assert call(sandbox, "GET", f"{API}/7709-001").json()["trackingId"] == order["trackingId"]


def test_orchestration_rules_choose_the_provider(sandbox):
    assert call(sandbox, "GET", "/sandbox/shipping/orchestration").json()["strategy"] == "fastest"
    assert create(sandbox, "fast").json()["provider"]["name"] == "DoorDash"
    orchestrate(sandbox, strategy="cheapest")
    assert create(sandbox, "cheap").json()["provider"]["name"] == "UPS"  # 10 lb: UPS is cheapest
    orchestrate(sandbox, allowedProviders={"7709": ["pp"]})
    assert create(sandbox, "allowed").json()["provider"]["name"] == "Point Pickup"
    orchestrate(sandbox, allowedProviders={"7709": []})
    assert_error(create(sandbox, "none"), 422, "NO_PROVIDER_ASSIGNED", "Hard")
    orchestrate(sandbox, allowedProviders={})
    heavy = seed_order("heavy")
    heavy["package"]["weight"] = {"value": 200, "unit": "lb"}
    assert_error(call(sandbox, "POST", API, heavy), 422, "NO_PROVIDER_MATCHED", "Hard")


def test_a_failed_placement_is_kept_edited_and_retried_once(sandbox):
    orchestrate(sandbox, providers={"dd": {"mode": "down"}, "pp": {"mode": "down"}, "ups": {"mode": "down"}})
    assert_error(create(sandbox), 422, "PLACE_ORDER_FAILED", "Transient")
    kept = call(sandbox, "GET", f"{API}/7709-001").json()
    assert kept["status"] == "ORDER_FAILED"
    smaller = copy.deepcopy(kept["package"])
    smaller["weight"]["value"] = 5
    assert call(sandbox, "PUT", f"{API}/7709-001", {"package": smaller}).status_code == 200  # not dispatched yet
    orchestrate(sandbox, providers={"ups": {"mode": "ok"}})
    retried = call(sandbox, "POST", f"{API}/7709-001/retry")
    assert retried.status_code == 201 and retried.json()["status"] == "ORDER_DISPATCHED"
    assert_error(call(sandbox, "POST", f"{API}/7709-001/retry"), 409, "INVALID_OPERATION", "Hard",
                 "can no longer be retried")
    orchestrate(sandbox, providers={"ups": {"mode": "unmapped"}})
    assert_error(create(sandbox, "garbage"), 422, "UNMAPPED_ERROR", "Transient")
    assert_error(call(sandbox, "POST", f"{API}/nosuch/retry"), 404, "NOT_FOUND", "Hard")
    assert_error(call(sandbox, "POST", f"{API}/bad%20id!/retry"), 422, "INVALID_DATA", "Hard", "Invalid Order Id")


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
def test_bad_orders_are_refused_with_the_seed_rows(sandbox, change, status, error_type, message):
    order = {k: v for k, v in seed_order(**change).items() if v is not None}
    assert_error(call(sandbox, "POST", API, order), status, error_type, "Hard", message)


def test_duplicates_missing_orders_tokens_and_server_errors(sandbox):
    create(sandbox)
    assert_error(create(sandbox), 422, "DUPLICATE_ID", "Hard")
    twice = seed_order("7709-001-again", deliveryContact=seed_order()["deliveryContact"])
    assert_error(call(sandbox, "POST", API, twice), 422, "DUPLICATE_RESOURCE", "Hard", "same order")
    create(sandbox, "grouped", groupId="morning-run")
    assert_error(create(sandbox, "grouped-elsewhere", groupId="morning-run", locationExternalId="100983"), 422,
                 "DUPLICATE_NAME", "Hard", "group morning-run belongs to another location")
    assert_error(call(sandbox, "GET", f"{API}/1908241-0061"), 404, "NOT_FOUND", "Hard",
                 "Order with id, 1908241-0061, is not found")
    assert_error(call(sandbox, "GET", f"{API}/bad%20id!"), 422, "INVALID_DATA", "Hard", "Invalid Order Id")
    assert_error(call(sandbox, "GET", f"{API}/7709-001", headers={}), 401, "UNAUTHORIZED", "Hard")
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", count=1, path=API)
    assert_error(create(sandbox, "x"), 500, "INTERNAL_SERVER_ERROR", "Transient")


def test_editing_after_dispatch_keeps_the_package(sandbox):
    create(sandbox)
    edit = seed_fact("shipping edit request")  # changes the package, among others
    edit["orderExternalId"] = "7709-001"
    assert_error(call(sandbox, "PUT", f"{API}/7709-001", edit), 400, "VALIDATION_ERROR", "Hard",
                 "packages parameter cannot be changed post order dispatch")
    del edit["package"]
    edited = call(sandbox, "PUT", f"{API}/7709-001", edit)
    assert edited.status_code == 200 and edited.json()["deliveryContact"]["name"] == "John Smith"
    assert_error(call(sandbox, "PUT", f"{API}/7709-001", {"orderValue": "lots"}), 400, "INVALID_DATA", "Hard",
                 "orderValue field is invalid")
    assert_error(call(sandbox, "PUT", f"{API}/19345234", edit), 404, "NOT_FOUND", "Hard")
    orchestrate(sandbox, allowedProviders={"NYClocation101": []})
    assert_error(call(sandbox, "PUT", f"{API}/7709-001", {"locationExternalId": "NYClocation101"}), 422,
                 "NO_PROVIDER_ASSIGNED", "Hard")


def test_the_seed_create_then_cancel_example_works_with_the_default_orchestration(sandbox):
    assert create(sandbox).status_code == 201
    cancelled = call(sandbox, "DELETE", f"{API}/7709-001")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "ORDER_CANCELLED"


def test_cancelling_follows_the_provider_and_the_state(sandbox):
    orchestrate(sandbox, strategy="cheapest")
    assert create(sandbox, "by-ups").json()["provider"]["name"] == "UPS"
    assert_error(call(sandbox, "DELETE", f"{API}/by-ups"), 403, "CANCELLATION_NOT_ALLOWED", "Hard")
    orchestrate(sandbox, strategy="fastest")
    create(sandbox, "by-dd")
    cancelled = call(sandbox, "DELETE", f"{API}/by-dd")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "ORDER_CANCELLED"
    assert_error(call(sandbox, "DELETE", f"{API}/by-dd"), 409, "ORDER_ALREADY_CANCELED", "Hard")
    create(sandbox, "delivered")
    call(sandbox, "POST", "/sandbox/shipping/delivered/status", {"status": "ORDER_DELIVERED"})
    assert_error(call(sandbox, "DELETE", f"{API}/delivered"), 422, "ORDER_CANCELLATION_FAILED", "Hard")
    assert_error(call(sandbox, "DELETE", f"{API}/19345234"), 404, "NOT_FOUND", "Hard")


def test_status_history_has_the_seed_fields(sandbox):
    create(sandbox)
    reason = {"code": "CUSTOMER_REJECTED", "title": "Customer Rejected", "note": "RT-001 - Customer rejected"}
    call(sandbox, "POST", "/sandbox/shipping/7709-001/status",
         {"status": "ORDER_UNDELIVERABLE", "note": "ARRIVED_AT_RETURN", "statusUser": "Walmart GoLocal",
          "eventReason": reason, "subStatus": "RETURN_AT_LOCATION"})
    history = call(sandbox, "GET", f"{API}/7709-001/status-history").json()
    seed = seed_fact("shipping status history")
    assert set(history[0]) == set(seed[0])
    entries = history[0]["orderStatus"]
    assert [e["status"] for e in entries] == ["REQUEST_RECEIVED", "ESTIMATES_RECEIVED", "ORDER_DISPATCHED",
                                             "ORDER_UNDELIVERABLE"]
    assert set(entries[-1]) == set(seed[0]["orderStatus"][-1])
    assert entries[-1]["eventReason"] == reason
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}(st|nd|rd|th) \d{4}, \d{1,2}:\d{2}:\d{2} (am|pm) UTC",
                        entries[0]["updatedAt"])
    assert call(sandbox, "GET", f"{API}/nosuch/status-history").json() == []


def test_list_filters_pages_and_limits(sandbox):
    for n in range(5):
        create(sandbox, f"order-{n}", groupId="g1" if n < 2 else None)
    listed = call(sandbox, "POST", f"{API}/list", {})  # default: the last 24 hours
    assert [o["orderExternalId"] for o in listed.json()["data"]] == [f"order-{n}" for n in range(5)]
    seed_filters = seed_fact("shipping list request")
    assert_error(call(sandbox, "POST", f"{API}/list", seed_filters), 400, "INVALID_DATA", "Hard", "paginationToken")
    del seed_filters["paginationToken"]
    now = millis()
    seed_filters.update(orderExternalIds=["order-1"], locationExternalIds=["7709"],
                        lastUpdatedAt={"startsAt": now - 3_600_000, "endsAt": now + 1000},
                        createdAt={"startsAt": now - 3_600_000, "endsAt": now + 1000},
                        pickupTime={"startsAt": 0}, deliveryTime={"endsAt": now + 10**9})
    assert [o["orderExternalId"] for o in call(sandbox, "POST", f"{API}/list", seed_filters).json()["data"]] == [
        "order-1"]
    first = call(sandbox, "POST", f"{API}/list", {"limit": 2}).json()
    assert [o["orderExternalId"] for o in first["data"]] == ["order-0", "order-1"]
    assert first["paginationToken"]["previous"] is None
    second = call(sandbox, "POST", f"{API}/list", {"limit": 2, "paginationToken": first["paginationToken"]["next"]})
    assert [o["orderExternalId"] for o in second.json()["data"]] == ["order-2", "order-3"]
    back = call(sandbox, "POST", f"{API}/list", {"limit": 2, "paginationToken": second.json()["paginationToken"]["previous"]})
    assert back.json()["data"] == first["data"]
    assert [o["orderExternalId"] for o in call(sandbox, "POST", f"{API}/list", {"groupId": "g1"}).json()["data"]] == [
        "order-0", "order-1"]
    assert call(sandbox, "POST", f"{API}/list", {"status": ["ORDER_CANCELLED"]}).json()["data"] == []
    too_long = {"lastUpdatedAt": {"startsAt": 0, "endsAt": 31 * 24 * 3600 * 1000}}
    assert_error(call(sandbox, "POST", f"{API}/list", too_long), 400, "INVALID_DATA", "Hard",
                 "lastUpdatedAt date range cannot be greater than 30 days")
    for bad in ({"orderExternalIds": [str(n) for n in range(101)]}, {"limit": 1001}, {"pickupTime": {"startsAt": 0}}):
        assert_error(call(sandbox, "POST", f"{API}/list", bad), 400, "INVALID_DATA", "Hard")


def test_the_rate_limit_answers_429_with_retry_after(sandbox):
    sandbox.app.config["SANDBOX_SHIPPING"].requests_per_second = 3
    answers = [call(sandbox, "GET", f"{API}/nosuch") for _ in range(6)]
    limited = [a for a in answers if a.status_code == 429]
    assert limited and limited[0].headers["Retry-After"] == "1"
    assert_error(limited[0], 429, "TOO_MANY_REQUESTS", "Transient")


@pytest.mark.beyond_the_document("methods the document does not give a path, on purpose")
def test_list_takes_post_alone_and_every_405_says_what_is_allowed(sandbox):
    for method in ("GET", "PUT", "DELETE"):
        answer = call(sandbox, method, f"{API}/list")
        assert answer.status_code == 405 and answer.headers["Allow"] == "OPTIONS, POST", (method, answer.text)
        assert answer.json()["type"] == "VALIDATION_ERROR"
    options = requests.options(f"{sandbox.url}{API}/list", headers=AUTH, timeout=5)
    assert set(options.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert call(sandbox, "PATCH", f"{API}/7709-001").headers["Allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"
