"""Click-and-collect web orders (seed 003) on the real sandbox: web shop, shop and ledger."""

from __future__ import annotations

import uuid

import pytest
import requests

from app.domain.weborders import ean13_check_digit
from tests.helpers.central import AUTH

WEB = "/webshop/api/v1"



def call(sandbox, method: str, path: str, body: object = None, **params) -> requests.Response:
    return requests.request(method, f"{sandbox.url}{path}", json=body, params=params, headers=AUTH, timeout=5)


def order(order_no: str = "WEB-1001", web_shop: str = "WS-DIRECT", lines: list | None = None) -> dict:
    return {
        "OrderNo": order_no,
        "ShopId": "0166",
        "WebShopId": web_shop,
        "Customer": {"Name": "Maria Santos", "Phone": "09171234567", "Email": "maria@example.com"},
        "DeliveryAddress": {"Name": "Maria Santos", "Street": "12 Mabini St", "City": "Pasig", "PostalCode": "1600"},
        "Lines": lines or [{"VariantId": "V-1001", "Quantity": 2}, {"VariantId": "V-1005", "Quantity": 1}],
    }


def event(order_no: str, status: str, location: str = "0166", **details) -> dict:
    return {"idempotencyKey": str(uuid.uuid4()), "orderNo": order_no, "status": status, "location": location,
            "timestamp": "2026-11-23T10:00:00Z", "details": details}


def send(sandbox, *events: dict) -> list[dict]:
    return call(sandbox, "POST", "/store/api/v1/events", {"events": list(events)}).json()["results"]


def error(response: requests.Response) -> tuple[int, str]:
    return response.status_code, response.json()["type"]


def test_orders_by_variant_id_and_the_status_filter(sandbox):
    created = call(sandbox, "POST", f"{WEB}/weborders", order())
    assert created.status_code == 201
    lines = created.json()["Lines"]
    assert [(line["VariantId"], line["MatchedBy"], line["Price"]) for line in lines] == [
        ("V-1001", "VariantId", "20.00"), ("V-1005", "VariantId", "349.00")]
    assert lines[0]["LocationHint"] == "Aisle 1, chiller"
    for everything in ("all", "All", "0"):
        assert [o["OrderNo"] for o in call(sandbox, "GET", f"{WEB}/weborders", status=everything).json()["WebOrders"]] \
            == ["WEB-1001"]
    assert call(sandbox, "GET", f"{WEB}/weborders", status="pending").json()["WebOrders"][0]["StatusCode"] == 1
    assert call(sandbox, "GET", f"{WEB}/weborders", status="3").json()["WebOrders"] == []
    assert error(call(sandbox, "GET", f"{WEB}/weborders", status="shipped")) == (400, "VALIDATION_ERROR")
    assert call(sandbox, "GET", f"{WEB}/weborders/WEB-1001").json()["ShopId"] == "0166"
    assert error(call(sandbox, "GET", f"{WEB}/weborders/NOPE")) == (404, "NOT_FOUND")


def test_orders_by_ean_say_which_variant_was_used(sandbox):
    catalogue = sandbox.app.config["SANDBOX_WEBORDERS"]
    shared_ean = catalogue.variant("V-1003")["ean"]
    created = call(sandbox, "POST", f"{WEB}/weborders/ean", order(lines=[{"Ean": shared_ean, "Quantity": 3}]))
    line = created.json()["Lines"][0]
    assert (line["VariantId"], line["MatchedBy"], line["Candidates"]) == ("V-1003", "Ean", ["V-1003", "V-1004"])
    unknown = "480000000099" + ean13_check_digit("480000000099")
    assert error(call(sandbox, "POST", f"{WEB}/weborders/ean", order("W2", lines=[{"Ean": unknown, "Quantity": 1}]))) \
        == (422, "INVALID_DATA")
    mistyped = shared_ean[:12] + str((int(shared_ean[12]) + 1) % 10)
    assert error(call(sandbox, "POST", f"{WEB}/weborders/ean", order("W3", lines=[{"Ean": mistyped, "Quantity": 1}]))) \
        == (400, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"Lines": [{"VariantId": "V-9999", "Quantity": 1}]}, (422, "INVALID_DATA")),
        ({"Lines": [{"VariantId": "V-1001", "Quantity": 0}]}, (400, "VALIDATION_ERROR")),
        ({"Lines": []}, (400, "VALIDATION_ERROR")),
        ({"ShopId": "9999"}, (422, "INVALID_DATA")),
        ({"WebShopId": "WS-NOPE"}, (422, "INVALID_DATA")),
        ({"Customer": {"Name": "No phone"}}, (400, "VALIDATION_ERROR")),
        ({"DeliveryAddress": None}, (400, "VALIDATION_ERROR")),
    ],
)
def test_bad_web_orders_are_refused(sandbox, change, expected):
    assert error(call(sandbox, "POST", f"{WEB}/weborders", {**order(), **change})) == expected


def test_a_duplicate_order_number_is_refused(sandbox):
    call(sandbox, "POST", f"{WEB}/weborders", order())
    assert error(call(sandbox, "POST", f"{WEB}/weborders", order())) == (422, "DUPLICATE_ID")


def test_the_shop_polls_deltas_picks_and_delivers_with_turnover_transfers(sandbox):
    call(sandbox, "POST", f"{WEB}/weborders", order("WEB-2001", web_shop="WS-GROUP"))
    first = call(sandbox, "GET", "/store/api/v1/stores/0166/weborders", since=0).json()
    assert [o["OrderNo"] for o in first["webOrders"]] == ["WEB-2001"]
    assert call(sandbox, "GET", "/store/api/v1/stores/0166/weborders", since=first["cursor"]).json()["webOrders"] == []

    picked = [{"VariantId": "V-1001", "Quantity": 2, "Price": "20.00"}]
    short = [{"VariantId": "V-1005", "Quantity": 1, "Reason": "out of stock"}]
    picking = event("WEB-2001", "PICKING")
    results = send(sandbox, picking, picking, event("WEB-2001", "PICKED", lines=picked, shortPicks=short),
                   event("WEB-2001", "DELIVERED", lines=picked, sale=True))
    assert [r["result"] for r in results] == ["ACCEPTED"] * 4 and results[1]["duplicate"] is True
    delta = call(sandbox, "GET", "/store/api/v1/stores/0166/weborders", since=first["cursor"]).json()["webOrders"]
    assert delta[-1]["Status"] == "DELIVERED" and delta[-1]["ShortPicks"] == short

    ledger = call(sandbox, "GET", f"{WEB}/weborders/WEB-2001/ledger").json()
    assert [(t["FromShopId"], t["ToShopId"], t["Reason"]) for t in ledger["Transfers"]] == [("0166", "0301",
                                                                                            "DELIVERY")]
    assert [(s["ShopId"], s["Amount"]) for s in ledger["Sales"]] == [("0301", "40.00")]  # to the turnover shop

    returned = send(sandbox, event("WEB-2001", "RETURNED", location="0234", lines=picked))
    assert returned[0]["result"] == "ACCEPTED"
    ledger = call(sandbox, "GET", f"{WEB}/weborders/WEB-2001/ledger").json()
    assert (ledger["Transfers"][-1]["FromShopId"], ledger["Transfers"][-1]["ToShopId"]) == ("0301", "0234")
    assert ledger["Refunds"] == [{"OrderNo": "WEB-2001", "ShopId": "0234", "Amount": "40.00",
                                  "RefundAtRegister": True}]


def test_sales_by_the_integrator_and_the_return_policy(sandbox):
    call(sandbox, "PUT", "/sandbox/weborders/config", {"returnPolicy": "NO_REFUND_AT_REGISTER"})
    assert call(sandbox, "GET", "/sandbox/weborders/config").json() == {
        "returnPolicy": "NO_REFUND_AT_REGISTER", "webShops": {"WS-DIRECT": None, "WS-GROUP": "0301"}}
    assert call(sandbox, "POST", f"{WEB}/weborders", order("WEB-3001")).json()["ReturnPolicy"] == "NO_REFUND_AT_REGISTER"
    call(sandbox, "PUT", "/sandbox/weborders/config", {"returnPolicy": "REFUND_AT_REGISTER"})  # sold under the old
    sale = {"OrderNo": "WEB-3001", "ShopId": "0166"}
    assert error(call(sandbox, "POST", f"{WEB}/sales", sale)) == (409, "INVALID_OPERATION")  # not delivered yet
    send(sandbox, event("WEB-3001", "PICKING"), event("WEB-3001", "PICKED"), event("WEB-3001", "DELIVERED"))
    made = call(sandbox, "POST", f"{WEB}/sales", sale)
    assert made.status_code == 201 and made.json()["Amount"] == "389.00"
    assert error(call(sandbox, "POST", f"{WEB}/sales", sale)) == (422, "DUPLICATE_ID")

    send(sandbox, event("WEB-3001", "RETURNED"))
    assert call(sandbox, "GET", f"{WEB}/weborders/WEB-3001/ledger").json()["Refunds"][0]["RefundAtRegister"] is False
    assert error(call(sandbox, "PUT", "/sandbox/weborders/config", {"returnPolicy": "SOMETIMES"})) == (
        400, "VALIDATION_ERROR")


def test_wrong_shop_wrong_order_and_cancelling(sandbox):
    call(sandbox, "POST", f"{WEB}/weborders", order("WEB-4001", web_shop="WS-GROUP"))
    results = send(sandbox, event("WEB-4001", "PICKING", location="0234"), event("WEB-4001", "DELIVERED"),
                   event("WEB-4001", "CANCELLED"), event("NOPE", "PICKING"), event("WEB-4001", "SHIPPED"))
    assert [r.get("error", {}).get("type") for r in results] == [
        "INVALID_DATA", "INVALID_OPERATION", "INVALID_OPERATION", "NOT_FOUND", "VALIDATION_ERROR"]
    assert call(sandbox, "DELETE", f"{WEB}/weborders/WEB-4001").json()["Status"] == "CANCELLED"
    assert error(call(sandbox, "DELETE", f"{WEB}/weborders/WEB-4001")) == (409, "INVALID_OPERATION")
    assert error(call(sandbox, "POST", f"{WEB}/sales", {"OrderNo": "WEB-4001", "ShopId": "0166"})) == (
        409, "INVALID_OPERATION")
