"""Input a fuzzer or a careless or hostile client sends, over real HTTP: each once made the sandbox
answer 500 (or worse, stored something that made later answers 500 for everyone). Each is now a
clear refusal in the error shape, and what was refused is not stored."""

from __future__ import annotations

import base64
import json

import pytest
import requests

from tests.conftest import TOKEN
from tests.helpers.central import AUTH
from tests.helpers.seeds import seed_fact
from tests.integration.test_sandbox_shipping import API, call, create, seed_order
from tests.integration.test_sandbox_weborders import WEB, event, order, send


def post_raw(sandbox, path: str, text: str, headers: dict | None = None) -> requests.Response:
    return requests.post(f"{sandbox.url}{path}", data=text.encode("utf-8", "surrogatepass"),
                         headers={"Content-Type": "application/json", **(AUTH if headers is None else headers)},
                         timeout=10)


def refused(response: requests.Response, status: int = 400, error_type: str = "VALIDATION_ERROR") -> str:
    body = response.json()
    assert (response.status_code, body["type"], body["severity"]) == (status, error_type, "Hard"), body
    return body["message"]


@pytest.mark.parametrize("filters", [{"status": 5}, {"orderExternalIds": 5}, {"locationExternalIds": True},
                                     {"orderExternalIds": [{"a": 1}]}, {"groupId": {"a": 1}}, {"groupId": [1]},
                                     {"limit": True}, {"pickupTime": {"startsAt": "soon"}, "deliveryTime": {}}])
def test_shipment_list_filters_of_the_wrong_type_are_refused(sandbox, filters):
    refused(call(sandbox, "POST", f"{API}/list", filters), 400, "INVALID_DATA")


def test_a_pagination_token_holding_infinity_is_refused(sandbox):
    token = base64.urlsafe_b64encode(b'{"offset": Infinity}').decode()
    assert "paginationToken" in refused(call(sandbox, "POST", f"{API}/list", {"paginationToken": token}), 400,
                                        "INVALID_DATA")


def test_the_list_checks_its_limits_with_no_order_stored(sandbox):
    day = 24 * 3600 * 1000
    assert "30 days" in refused(call(sandbox, "POST", f"{API}/list",
                                     {"lastUpdatedAt": {"startsAt": 0, "endsAt": 40 * day}}), 400, "INVALID_DATA")
    assert "at most 100" in refused(call(sandbox, "POST", f"{API}/list",
                                         {"orderExternalIds": [str(n) for n in range(101)]}), 400, "INVALID_DATA")


def test_an_order_with_a_bad_pickup_time_is_not_stored_to_poison_the_list(sandbox):
    assert "pickupTime" in refused(create(sandbox, "7709-009", pickupTime="soon"))
    assert create(sandbox, "7709-010").status_code == 201
    assert "pickupTime" in refused(call(sandbox, "PUT", f"{API}/7709-010", {"pickupTime": "soon"}), 400, "INVALID_DATA")
    listed = call(sandbox, "POST", f"{API}/list", {"pickupTime": {"startsAt": 0}, "deliveryTime": {"endsAt": 2**62}})
    assert listed.status_code == 200, listed.text


@pytest.mark.parametrize("change", [{"orderExternalId": None}, {"orderExternalId": "x" * 101},
                                    {"orderExternalId": ["7709-010"]}, {"groupId": {"a": 1}},
                                    {"deliveryInstructions": "x" * 10_001}, {"locale": "x" * 51},
                                    {"itemList": "abc"}, {"itemList": [{}] * 101}])
def test_an_edit_keeps_to_the_field_limits(sandbox, change):
    assert create(sandbox, "7709-010").status_code == 201
    refused(call(sandbox, "PUT", f"{API}/7709-010", change), 400, "INVALID_DATA")  # seed 004's PUT row
    assert call(sandbox, "GET", f"{API}/7709-010").status_code == 200  # still found by its id


def test_a_group_id_that_is_not_text_is_refused_on_create(sandbox):
    refused(create(sandbox, "7709-011", groupId={"a": 1}))
    refused(call(sandbox, "POST", API, {**seed_order("7709-012"), "orderExternalId": ["x"]}))


@pytest.mark.parametrize(("path", "fact", "field"), [
    ("/ecms/api/v1/shipments", "shipment request", "amount"),
    ("/ecms/api/v1/dropoff", "dropoff request to a store", "amountCollect"),
    ("/store/api/v1/dropoff/quote", None, "amountCollect")])
def test_an_amount_too_large_for_money_is_refused(sandbox, path, fact, field):
    body = seed_fact(fact) if fact else {"deliveryType": "DOOR", "length": 10, "width": 10, "height": 10, "weight": 1}
    body[field] = "1e30"
    assert field in refused(call(sandbox, "POST", path, body))


@pytest.mark.parametrize(("text", "why"), [
    ('{"events": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested deeper than 32 levels"),
    ('{"events": [{"idempotencyKey": "k", "trackingNumber": NaN}]}', "NaN is not a JSON number"),
    ('{"events": [{"idempotencyKey": "k", "trackingNumber": 1e999}]}', "1e999 is too large a number"),
    ('{"events": [{"idempotencyKey": "k", "trackingNumber": 99999999999999999999999}]}', "beyond a 64-bit integer"),
    ('{"events": [{"idempotencyKey": "\\udc00"}]}', "lone surrogate")])
def test_json_no_server_can_keep_is_refused_with_why(sandbox, text, why):
    message = refused(post_raw(sandbox, "/store/api/v1/events", text))
    assert message.startswith("the body is not JSON we can read: ") and why in message


def test_deep_json_on_the_tracking_paths_is_refused_without_a_key(sandbox):
    deep = '{"key": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = post_raw(sandbox, "/api/v2/tracking/awb-register/", deep, headers={})
    assert 400 <= answer.status_code < 500 and answer.json()["meta"]["success"] is False


def test_a_lone_surrogate_is_refused_where_it_would_be_stored(sandbox):
    shipment = json.dumps(seed_fact("shipment request")).replace("AXDY43322222524544", "\\udc00")
    refused(post_raw(sandbox, "/ecms/api/v1/shipments", shipment))
    webhook = '{"merchantCode": "001", "url": "https://example.com/\\udc00"}'
    refused(requests.put(f"{sandbox.url}/ecms/api/v1/webhook", data=webhook.encode(), timeout=5,
                         headers={"Content-Type": "application/json", **AUTH}))


@pytest.mark.parametrize("query", ["since=99999999999999999999999", "since=-1", "since=1.99999999999999999999999"])
def test_a_feed_cursor_beyond_an_integer_is_refused(sandbox, query):
    path = "/store/api/v1/stores/0166/changes" if "." in query else "/store/api/v1/stores/0166/parcels"
    refused(requests.get(f"{sandbox.url}{path}?{query}", headers=AUTH, timeout=5))


def test_a_cp_id_beyond_64_bits_is_refused(sandbox):
    key = TOKEN
    requests.post(f"{sandbox.url}/api/v1/register-service/", json={"key": key, "service_id": 2}, timeout=5)
    answer = requests.post(f"{sandbox.url}/api/v2/tracking/awb-register/", timeout=5,
                           json={"key": key, "waybill": "76050795432071363", "cp_id": str(2**63)})
    assert answer.status_code == 400 and "cp_id" in answer.json()["meta"]["message"], answer.text


def test_web_order_events_with_bad_lines_are_refused_one_by_one(sandbox):
    assert call(sandbox, "POST", f"{WEB}/weborders", order("WEB-7201")).status_code == 201
    good = event("WEB-7201", "PICKING")
    bad_lines = event("WEB-7201", "PICKED", lines="abc")
    strangers = event("WEB-7201", "PICKED", lines=[{"VariantId": ["V-1001"], "Quantity": 1}])
    too_many = event("WEB-7201", "PICKED", lines=[{"VariantId": "V-1001", "Quantity": 99}])
    results = send(sandbox, good, bad_lines, strangers, too_many)
    assert [r["result"] for r in results] == ["ACCEPTED", "REJECTED", "REJECTED", "REJECTED"]
    assert [r["error"]["type"] for r in results[1:]] == ["VALIDATION_ERROR", "INVALID_DATA", "VALIDATION_ERROR"]
    # Picked without prices, delivered with a sale: the sale is the web shop's own prices.
    assert send(sandbox, event("WEB-7201", "PICKED", lines=[{"VariantId": "V-1005", "Quantity": 1}]))[0]["result"] \
        == "ACCEPTED"
    delivered = send(sandbox, event("WEB-7201", "DELIVERED", sale=True,
                                    lines=[{"VariantId": "V-1005", "Quantity": 1, "Price": "0.01"}]))
    assert delivered[0]["result"] == "ACCEPTED", delivered
    ledger = call(sandbox, "GET", f"{WEB}/weborders/WEB-7201/ledger").json()
    assert [sale["Amount"] for sale in ledger["Sales"]] == ["349.00"]
    returned = send(sandbox, event("WEB-7201", "RETURNED", lines="abc"))
    assert returned[0]["error"]["type"] == "VALIDATION_ERROR"


def test_a_fault_of_nan_seconds_is_refused(sandbox):
    for seconds in ("nan", "inf", -1):
        assert "seconds" in refused(call(sandbox, "POST", "/sandbox/faults", {"kind": "latency", "seconds": seconds}))
    assert call(sandbox, "GET", "/sandbox/faults").json()["faults"] == []


def test_only_the_documented_fields_make_a_shipment(sandbox):
    body = {**seed_fact("shipment request"), "paid": "yes"}
    assert "paid" in refused(call(sandbox, "POST", "/ecms/api/v1/shipments", body))
    for planted in ("validUntil", "shelfSlot", "holdUntil", "status"):
        refused(call(sandbox, "POST", "/ecms/api/v1/shipments", {**seed_fact("shipment request"), planted: "x"}))


def test_the_document_is_checked_before_any_handler_runs(sandbox):
    """openapi-core holds each request to resources/openapi.yaml, in the words the document gives."""
    body = {**seed_fact("return request"), "merchantCode": 1}
    assert refused(call(sandbox, "POST", "/ecms/api/v1/returns", body)) == "merchantCode: 1 is not of type 'string'"
    store = {**seed_fact("shipment request"), "deliveryLocationId": "16"}
    assert refused(call(sandbox, "POST", "/ecms/api/v1/shipments", store)) == (
        "deliveryLocationId: a store id is four digits, like 0166")
    assert refused(call(sandbox, "POST", f"{API}/list", {"limit": "ten"}), 400, "INVALID_DATA").startswith(
        "Invalid Data: limit")


@pytest.mark.beyond_the_document("a HEAD, which the document does not name")
def test_a_head_request_is_held_to_its_get(sandbox):
    head = requests.head(f"{sandbox.url}/store/api/v1/stores/0166/parcels", params={"since": "x"}, headers=AUTH,
                         timeout=5)
    assert head.status_code == 400


def test_a_url_no_parser_reads_is_refused_as_no_url(sandbox):
    for url in ("http://[", "http://", "ftp://example.com/", "  "):
        answer = call(sandbox, "PUT", "/ecms/api/v1/webhook", {"merchantCode": "M001", "url": url})
        assert refused(answer) in ("url must be an http(s) URL", "url is required field", "url is a required field")


@pytest.mark.beyond_the_document("a method the document does not name on these paths")
def test_a_word_that_is_a_route_of_its_own_is_never_read_as_an_id(sandbox):
    for path, allowed in (("/webshop/api/v1/weborders/ean", "POST"), (f"{API}/list", "POST")):
        answer = requests.get(f"{sandbox.url}{path}", headers=AUTH, timeout=10)
        assert answer.status_code == 405 and allowed in answer.headers["Allow"], answer.text


@pytest.mark.parametrize(("path", "status", "error_type", "words"), [
    ("/store/api/v1/codes/12345", 422, "INVALID_DATA", "has 5 digits (codes have 12, tracking numbers 17)"),
    ("/store/api/v1/codes/9755-4257-4905", 422, "INVALID_DATA", "looks mistyped: its check digit does not match"),
    ("/webshop/api/v1/weborders?shopId=01660166016", 400, "VALIDATION_ERROR", "shopId"),
    ("/webshop/api/v1/weborders?status=picked,7", 400, "VALIDATION_ERROR", "status"),
    ("/store/api/v1/stores/0166/parcels?since=-1", 400, "VALIDATION_ERROR", "since"),
    (f"{API}/a%20b", 422, "INVALID_DATA", "Invalid data: Invalid Order Id")])
def test_a_value_outside_the_document_is_refused_in_the_words_the_document_gives(sandbox, path, status, error_type,
                                                                                  words):
    assert words in refused(requests.get(f"{sandbox.url}{path}", headers=AUTH, timeout=10), status, error_type)


def test_a_web_order_line_with_a_wrong_ean_check_digit_is_refused_by_name(sandbox):
    body = {"OrderNo": "WEB-EAN-1", "ShopId": "0166", "WebShopId": "WS1", "Customer": {"Name": "A", "Phone": "1"},
            "DeliveryAddress": {"Name": "A", "Street": "B", "City": "C"}, "Lines": [{"Ean": "4006381333932",
                                                                                      "Quantity": 1}]}
    assert refused(call(sandbox, "POST", "/webshop/api/v1/weborders/ean", body)) == (
        "Ean '4006381333932' is not a valid EAN-13")
