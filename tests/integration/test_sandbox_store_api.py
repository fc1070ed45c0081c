"""The store-facing API beyond the walking skeleton: cheap polls, kiosk returns, quotes, APO, tracking."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import requests

from app.domain.parcels import ParcelStatus
from app.sandbox.jobs import pull_out_list
from tests.helpers.central import AUTH

STORE = "/store/api/v1"


def get(sandbox, path: str, headers: dict | None = None, **params) -> requests.Response:
    return requests.get(f"{sandbox.url}{path}", params=params, headers={**AUTH, **(headers or {})}, timeout=5)


def post(sandbox, path: str, body: dict) -> requests.Response:
    return requests.post(f"{sandbox.url}{path}", json=body, headers=AUTH, timeout=5)


def refusal(response: requests.Response) -> tuple[int, str, str | None]:
    body = response.json()
    return response.status_code, body["type"], body.get("reason")


def register_return(sandbox, reference: str) -> dict:
    body = {"merchantCode": "001", "merchant": "Merchant A", "mobileNumber": "09123456789",
            "merchantReference": reference, "type": "RETURN"}
    return post(sandbox, "/ecms/api/v1/returns", body).json()


def counter_event(sandbox, tracking_number: str, status: str, location: str) -> dict:
    event = {"idempotencyKey": str(uuid.uuid4()), "trackingNumber": tracking_number, "status": status,
             "location": location, "timestamp": "2026-11-23T10:00:00Z"}
    return post(sandbox, f"{STORE}/events", {"events": [event]}).json()["results"][0]


def test_an_unchanged_poll_costs_a_304_with_no_body(sandbox, in_transit):
    everything = get(sandbox, f"{STORE}/stores/0166/parcels", since=0)
    cursor, etag = everything.json()["cursor"], everything.headers["ETag"]
    idle = get(sandbox, f"{STORE}/stores/0166/parcels", since=cursor)
    assert idle.status_code == 200 and len(idle.content) <= 300 and idle.json()["parcels"] == []
    again = get(sandbox, f"{STORE}/stores/0166/parcels", {"If-None-Match": idle.headers["ETag"]}, since=cursor)
    assert again.status_code == 304 and again.content == b""
    assert etag != idle.headers["ETag"]
    counter_event(sandbox, in_transit[0].tracking_number, "READY FOR CLAIM", "0166")
    changed = get(sandbox, f"{STORE}/stores/0166/parcels", {"If-None-Match": idle.headers["ETag"]}, since=cursor)
    assert changed.status_code == 200
    assert [p["trackingNumber"] for p in changed.json()["parcels"]] == [in_transit[0].tracking_number]
    orders = get(sandbox, f"{STORE}/stores/0166/weborders", since=0)
    assert get(sandbox, f"{STORE}/stores/0166/weborders", {"If-None-Match": orders.headers["ETag"]},
               since=0).status_code == 304


def test_the_kiosk_validates_and_issues_a_return_once(sandbox):
    code = register_return(sandbox, "ORDER-100")["returnCode"]
    valid = post(sandbox, f"{STORE}/returns/validate", {"reference": "ORDER-100", "storeId": "0166"}).json()
    assert valid["valid"] is True and valid["return"]["returnCode"] == code
    issued = post(sandbox, f"{STORE}/returns/issue", {"reference": "ORDER-100", "storeId": "0166"}).json()
    assert (issued["returnCode"], issued["status"]) == (code, "FOR RETURN")
    again = post(sandbox, f"{STORE}/returns/issue", {"reference": "ORDER-100", "storeId": "0166"}).json()
    assert again["returnCode"] == code  # a kiosk that lost the answer asks again and gets the same code
    assert refusal(post(sandbox, f"{STORE}/returns/issue", {"reference": "ORDER-100", "storeId": "0234"})) == (
        409, "INVALID_OPERATION", "RETURN_STARTED_ELSEWHERE")
    delta = get(sandbox, f"{STORE}/stores/0166/parcels", since=0).json()["parcels"]
    assert code in {p.get("returnCode") for p in delta}  # the counter gets the code to accept it offline
    accepted = counter_event(sandbox, issued["trackingNumber"], "RETURNED", "0166")
    assert accepted["result"] == "ACCEPTED"
    assert refusal(post(sandbox, f"{STORE}/returns/validate", {"reference": "ORDER-100", "storeId": "0166"})) == (
        409, "INVALID_OPERATION", "RETURN_ALREADY_USED")


def test_each_refusal_has_its_reason(sandbox):
    assert refusal(post(sandbox, f"{STORE}/returns/validate", {"reference": "NOPE-1", "storeId": "0166"})) == (
        404, "NOT_FOUND", "RETURN_NOT_REGISTERED")
    sandbox.db.conn.execute("UPDATE merchants SET return_validity_days = -1 WHERE code = '001'")
    register_return(sandbox, "ORDER-OLD")
    assert refusal(post(sandbox, f"{STORE}/returns/validate", {"reference": "ORDER-OLD", "storeId": "0166"})) == (
        422, "INVALID_DATA", "RETURN_EXPIRED")
    assert refusal(post(sandbox, f"{STORE}/returns/validate", {"reference": "ORDER-100", "storeId": "9999"}))[2] \
        == "RETURN_NOT_REGISTERED"


def test_a_return_found_by_the_waybill_of_the_parcel_the_customer_got(sandbox, demo):
    delivered = demo.for_store(ParcelStatus.CLAIMED)[0]  # merchant reference DEMO-0012
    reference = sandbox.db.record(delivered.tracking_number)["merchantReference"]
    register_return(sandbox, reference)
    found = post(sandbox, f"{STORE}/returns/validate", {"reference": delivered.tracking_number, "storeId": "0166"})
    assert found.json()["return"]["merchantReference"] == reference


def test_a_merchant_issued_return_code_handed_in_at_a_counter_joins_that_stores_apo(sandbox):
    registered = register_return(sandbox, "ORDER-200")
    assert counter_event(sandbox, registered["trackingNumber"], "RETURNED", "0234")["result"] == "ACCEPTED"
    items = get(sandbox, f"{STORE}/stores/0234/pullout").json()["items"]
    assert [(i["trackingNumber"], i["status"], i["pullOutReason"]) for i in items] == [
        (registered["trackingNumber"], "FOR PULL OUT", "RETURNED")]


def test_parcels_left_past_the_holding_period_go_on_the_apo_list(sandbox, ready, demo):
    listed = pull_out_list(sandbox.db, "0166", now=datetime.now(UTC) + timedelta(days=8))
    waiting = ready + [p for p in demo.cash_on_delivery() if p.store_id == "0166"]
    assert {i["trackingNumber"] for i in listed} == {p.tracking_number for p in waiting}
    assert {i["pullOutReason"] for i in listed} == {"UNCLAIMED"}
    history = sandbox.db.history(ready[0].tracking_number)
    assert [(h["status"], h["actor"]) for h in history[-2:]] == [("UNCLAIMED", "ECMS job"),
                                                                ("FOR PULL OUT", "ECMS job")]
    assert get(sandbox, f"{STORE}/stores/0166/pullout").json()["items"] == listed
    assert get(sandbox, f"{STORE}/stores/9999/pullout").status_code == 404


def test_rates_and_dropoff_quotes(sandbox):
    rates = get(sandbox, f"{STORE}/rates").json()
    assert rates["rates"]["STORE"] == "85.00" and rates["limits"]["maxWeightKg"] == "10"
    store = {"deliveryType": "STORE", "amountCollect": "0", "dest": {"deliveryLocationId": "0234"},
             "length": 20, "width": 15, "height": 10, "weight": 1.5}
    quote = post(sandbox, f"{STORE}/dropoff/quote", store).json()
    assert quote["amountDue"] == "85.00" and quote["provider"]["name"] in {"UPS", "DoorDash", "Point Pickup"}
    door = {**store, "deliveryType": "DOOR", "amountCollect": "500.00", "dest": {"shippingAddress": "12 Mabini St"}}
    assert post(sandbox, f"{STORE}/dropoff/quote", door).json()["amountDue"] == "132.50"
    too_big = post(sandbox, f"{STORE}/dropoff/quote", {**store, "length": 31, "weight": 11})
    assert refusal(too_big) == (422, "INVALID_DATA", "PACKAGE_LIMITS")  # well formed, over the rate table's limits
    assert "length is 31 cm" in too_big.json()["message"] and "weight is 11 kg" in too_big.json()["message"]
    assert refusal(post(sandbox, f"{STORE}/dropoff/quote", {**store, "dest": {"deliveryLocationId": "9999"}}))[:2] == (
        422, "INVALID_DATA")


def test_tracking_lookups_for_the_counter(sandbox, in_transit):
    answer = get(sandbox, f"{STORE}/tracking", waybills=f"{in_transit[0].tracking_number},12345678901234567")
    results = answer.json()["results"]
    ours = results[in_transit[0].tracking_number]
    assert ours["valid"] and ours["latest_status"]["clickpost_status_code"] == 5
    assert [s["status"] for s in ours["scans"]] == ["IN-TRANSIT", "DELIVERED TO WAREHOUSE", "CREATED"]
    assert results["12345678901234567"] == {"valid": False, "scans": [], "latest_status": None}
    assert get(sandbox, f"{STORE}/tracking", waybills=",".join(["1"] * 51)).status_code == 400


def dropoff_event(number: str, terminal: str = "T1", **changes) -> dict:
    dropoff = {"mobileNumber": "09171234567", "deliveryType": "STORE", "dest": {"deliveryLocationId": "0234"},
               "amountCollect": "500.00", "package": {"length": "20", "width": "15", "height": "10", "weight": "1.5"},
               "feeCollected": "97.50", "provider": "Delivery Co"}
    return {"idempotencyKey": str(uuid.uuid4()), "type": "DROPOFF", "trackingNumber": number, "location": "0166",
            "terminalId": terminal, "timestamp": "2026-11-23T10:00:00Z", "dropoff": {**dropoff, **changes}}


def test_a_dropoff_under_a_number_from_the_counters_block_creates_the_parcel(sandbox):
    block = post(sandbox, f"{STORE}/stores/0166/terminals/T1/tracking-numbers", {"count": 3}).json()
    first, second, third = block["trackingNumbers"]
    event = dropoff_event(first)
    results = post(sandbox, f"{STORE}/events", {"events": [event, event]}).json()["results"]
    assert [r["result"] for r in results] == ["ACCEPTED", "ACCEPTED"] and results[1]["duplicate"] is True
    parcel = get(sandbox, f"{STORE}/parcels/{first}").json()
    assert (parcel["status"], parcel["deliveryLocationId"], parcel["paymentType"], parcel["amount"]) == (
        "DROPPED OFF", "0234", "COD", "500.00")
    assert parcel["claimCode"].startswith("8")  # the receiver's REFERENCE CODE at store 0234

    refused = post(sandbox, f"{STORE}/events", {"events": [
        dropoff_event(first),  # the same number under a new key: a second parcel cannot have it
        dropoff_event(second, terminal="T2"),  # another counter's block
        dropoff_event(third, package={"length": "31", "width": "15", "height": "10", "weight": "11"}),
        dropoff_event("76050795432071363"),  # never issued
    ]}).json()["results"]
    assert [(r["error"]["type"], r["httpCode"]) for r in refused] == [
        ("DUPLICATE_RESOURCE", 422), ("INVALID_DATA", 422), ("VALIDATION_ERROR", 400), ("INVALID_DATA", 422)]
    assert "each side may be at most 30 cm" in refused[2]["error"]["message"]
    assert "at most 10 kg" in refused[2]["error"]["message"]


def test_a_block_is_between_one_and_a_hundred_numbers_for_a_known_store(sandbox):
    for count in (0, 101, "5", True):
        assert refusal(post(sandbox, f"{STORE}/stores/0166/terminals/T1/tracking-numbers", {"count": count}))[:2] == (
            400, "VALIDATION_ERROR")
    assert post(sandbox, f"{STORE}/stores/9999/terminals/T1/tracking-numbers", {"count": 1}).status_code == 404


def test_a_rejected_key_is_decided_afresh_when_sent_again_and_an_accepted_one_never_twice(sandbox, demo):
    parcel = demo.for_store(ParcelStatus.IN_TRANSIT)[0]
    claim = {"idempotencyKey": str(uuid.uuid4()), "trackingNumber": parcel.tracking_number, "status": "CLAIMED",
             "location": "0166", "timestamp": "2026-11-23T10:00:00Z"}
    first = post(sandbox, f"{STORE}/events", {"events": [claim]}).json()["results"][0]
    assert (first["result"], first["error"]["type"]) == ("REJECTED", "INVALID_OPERATION")
    assert counter_event(sandbox, parcel.tracking_number, "READY FOR CLAIM", "0166")["result"] == "ACCEPTED"
    again, once_more = post(sandbox, f"{STORE}/events", {"events": [claim, claim]}).json()["results"]
    assert again["result"] == "ACCEPTED" and "duplicate" not in again and once_more["duplicate"] is True
    log = get(sandbox, "/sandbox/events", trackingNumber=parcel.tracking_number).json()["events"]
    assert [e["result"]["result"] for e in log if e["event"]["idempotencyKey"] == claim["idempotencyKey"]] == [
        "ACCEPTED"]


def test_a_return_started_offline_binds_the_kiosks_own_code_once(sandbox):
    registered = register_return(sandbox, "ORDER-300")
    feed = get(sandbox, f"{STORE}/returns/registered", since=0).json()
    mine = next(r for r in feed["returns"] if r["merchantReference"] == "ORDER-300")
    assert "returnCode" not in mine and mine["status"] == "REGISTERED"  # a kiosk never learns codes this way
    assert get(sandbox, f"{STORE}/returns/registered", since=feed["cursor"]).json()["returns"] == []
    codes = post(sandbox, f"{STORE}/stores/0166/terminals/K1/return-codes", {"count": 2}).json()["returnCodes"]

    def started(code: str, terminal: str = "K1", reference: str = "ORDER-300") -> dict:
        event = {"idempotencyKey": str(uuid.uuid4()), "type": "RETURN_STARTED", "reference": reference,
                 "returnCode": code, "trackingNumber": registered["trackingNumber"], "location": "0166",
                 "terminalId": terminal, "timestamp": "2026-11-23T10:00:00Z"}
        return post(sandbox, f"{STORE}/events", {"events": [event]}).json()["results"][0]

    assert started(codes[0], terminal="K2")["error"]["type"] == "INVALID_DATA"  # not that kiosk's code
    assert started(codes[0])["result"] == "ACCEPTED"
    assert started(codes[0])["result"] == "ACCEPTED"  # the same start, told twice
    assert started(codes[1])["error"]["type"] == "INVALID_OPERATION"  # one return, one code
    found = get(sandbox, f"{STORE}/codes/{codes[0]}").json()["parcel"]
    assert (found["trackingNumber"], found["status"]) == (registered["trackingNumber"], "FOR RETURN")
    assert get(sandbox, f"{STORE}/codes/{registered['returnCode']}").status_code == 404
