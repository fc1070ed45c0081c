"""The merchant APIs of seeds 000 and 001 on the real sandbox, fed the seeds' own examples."""

from __future__ import annotations

import uuid
from datetime import datetime

import pypdfium2
import pytest
import requests
import zxingcpp

from app.domain.codes import CodeKind, classify
from tests.helpers.central import AUTH, wait_for
from tests.helpers.receiver import WebhookReceiver
from tests.helpers.seeds import seed_fact


def post(sandbox, path: str, body: object, headers: dict | None = None) -> requests.Response:
    return requests.post(f"{sandbox.url}{path}", json=body, headers=AUTH if headers is None else headers, timeout=5)


def assert_error(response: requests.Response, status: int, error_type: str, message: str = "") -> None:
    body = response.json()
    assert (response.status_code, body["type"]) == (status, error_type), body
    assert message in body["message"]
    assert body["severity"] in ("Hard", "Transient")


def test_the_seed_shipment_example_gets_the_documented_answer_and_a_label_that_scans(sandbox):
    request = seed_fact("shipment request")
    response = post(sandbox, "/ecms/api/v1/shipments", request)
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == set(seed_fact("shipment response"))  # trackingNumber, shippingLabel, claimCode
    assert classify(answer["trackingNumber"]).kind is CodeKind.TRACKING
    assert classify(answer["claimCode"]).kind is CodeKind.REFERENCE  # COD: the PAY & CLAIM code

    label = requests.get(answer["shippingLabel"], timeout=5)  # no token: a label link, as in the seed
    assert label.headers["Content-Type"] == "application/pdf"
    page = pypdfium2.PdfDocument(label.content)[0]
    for dpi in (203, 300):
        decoded = {(b.format.name, b.text) for b in zxingcpp.read_barcodes(page.render(scale=dpi / 72).to_pil())}
        assert decoded == {("Code128", answer["trackingNumber"]), ("QRCode", answer["trackingNumber"])}

    record = requests.get(f"{sandbox.url}/store/api/v1/parcels/{answer['trackingNumber']}", headers=AUTH,
                          timeout=5).json()
    for field in ("shipping_weight", "shipping_length", "merchantReference", "deliveryLocationId", "orderDate"):
        assert record[field] == request[field]  # the merchant's fields come back as sent
    assert record["status"] == "CREATED" and record["paymentType"] == "COD" and record["amount"] == "200.00"


def test_a_prepaid_shipment_gets_a_claim_code(sandbox):
    request = seed_fact("shipment request")
    request.update(amount="0", merchantReference="PREPAID-1")
    del request["paymentType"]
    answer = post(sandbox, "/ecms/api/v1/shipments", request).json()
    assert classify(answer["claimCode"]).kind is CodeKind.CLAIM


@pytest.mark.parametrize(
    ("change", "status", "error_type", "message"),
    [
        ({"merchantCode": None}, 400, "VALIDATION_ERROR", "merchantCode is a required field"),
        ({"merchantCode": "999"}, 422, "INVALID_DATA", "No such merchantCode"),
        ({"mobileNumber": "12345"}, 400, "VALIDATION_ERROR", "mobileNumber"),
        ({"deliveryLocationId": "9999"}, 422, "INVALID_DATA", "No such deliveryLocationId"),
        ({"deliveryLocationId": "16"}, 400, "VALIDATION_ERROR", "four digits"),
        ({"deliveryDate": "2015-07-31 10:00:00"}, 422, "INVALID_DATA", "before orderDate"),
        ({"deliveryDate": "tomorrow"}, 400, "VALIDATION_ERROR", "deliveryDate must look like"),
        ({"shipping_length": "31"}, 422, "INVALID_DATA", "length is 31 cm"),
        ({"shipping_weight": "10.5"}, 422, "INVALID_DATA", "weight is 10.5 kg"),
        ({"shipping_length": "30", "shipping_width": "30", "shipping_height": "30.5"}, 422, "INVALID_DATA",
         "height is 30.5 cm"),
        ({"shipping_weight": "heavy"}, 400, "VALIDATION_ERROR", "shipping_weight must be a number above 0"),
        ({"amount": "0"}, 422, "INVALID_DATA", "a COD shipment needs an amount above 0"),
        ({"paymentType": "PREPAID"}, 400, "VALIDATION_ERROR", "amount must be 0 for a prepaid shipment"),
        ({"amount": "-5"}, 400, "VALIDATION_ERROR", "amount must be an amount of pesos like 200.00, from 0"),
        ({"paymentType": "CARD"}, 400, "VALIDATION_ERROR", "paymentType must be COD"),
    ],
)
def test_bad_shipments_are_refused_with_the_seed_taxonomy(sandbox, change, status, error_type, message):
    request = seed_fact("shipment request")
    request.update(change)
    request = {k: v for k, v in request.items() if v is not None}
    assert_error(post(sandbox, "/ecms/api/v1/shipments", request), status, error_type, message)


def test_the_same_merchant_reference_twice_is_a_duplicate_and_a_missing_token_unauthorized(sandbox):
    request = seed_fact("shipment request")
    assert post(sandbox, "/ecms/api/v1/shipments", request).status_code == 200
    assert_error(post(sandbox, "/ecms/api/v1/shipments", request), 422, "DUPLICATE_ID", "AXDY43322222524544")
    assert_error(post(sandbox, "/ecms/api/v1/shipments", request, headers={}), 401, "UNAUTHORIZED")
    response = requests.post(f"{sandbox.url}/ecms/api/v1/shipments", data="{oops", headers=AUTH, timeout=5)
    assert_error(response, 400, "VALIDATION_ERROR", "JSON object")


def test_a_return_id_is_valid_for_the_merchants_days_and_never_after_it_was_used(sandbox):
    request = seed_fact("return request")
    answer = post(sandbox, "/ecms/api/v1/returns", request).json()
    assert set(answer) == set(seed_fact("return response"))  # returnCode, trackingNumber
    assert classify(answer["returnCode"]).kind is CodeKind.RETURN
    record = requests.get(f"{sandbox.url}/store/api/v1/codes/{answer['returnCode']}", headers=AUTH,
                          timeout=5).json()["parcel"]
    assert record["status"] == "REGISTERED"
    days = (datetime.fromisoformat(record["validUntil"]) - datetime.fromisoformat(record["registeredAt"])).days
    assert days == 7  # Merchant A's window
    assert_error(post(sandbox, "/ecms/api/v1/returns", request), 422, "DUPLICATE_ID", "still valid")

    accepted = {"idempotencyKey": str(uuid.uuid4()), "trackingNumber": answer["trackingNumber"], "status": "RETURNED",
                "location": "0166", "timestamp": "2026-11-23T10:00:00Z"}
    assert post(sandbox, "/store/api/v1/events", {"events": [accepted]}).json()["results"][0]["result"] == "ACCEPTED"
    assert_error(post(sandbox, "/ecms/api/v1/returns", request), 422, "INVALID_DATA", "already used")
    request["type"] = "REFUND"
    assert_error(post(sandbox, "/ecms/api/v1/returns", request), 400, "VALIDATION_ERROR", 'type must be "RETURN"')


@pytest.mark.parametrize(("example", "fee"), [("dropoff request to a store", "85.00"),
                                             ("dropoff request to a door", "120.00")])
def test_the_seed_dropoff_examples_get_a_tracking_number_and_the_fee(sandbox, example, fee):
    answer = post(sandbox, "/ecms/api/v1/dropoff", seed_fact(example)).json()
    assert set(answer) == {"trackingNumber", "amountDue"} and answer["amountDue"] == fee
    assert classify(answer["trackingNumber"]).kind is CodeKind.TRACKING


def test_dropoff_fees_and_refusals(sandbox):
    request = seed_fact("dropoff request to a store")
    assert post(sandbox, "/ecms/api/v1/dropoff", {**request, "amountCollect": "500.00"}).json()["amountDue"] == "97.50"
    assert_error(post(sandbox, "/ecms/api/v1/dropoff", {**request, "deliveryType": "DRONE"}), 400, "VALIDATION_ERROR")
    assert_error(post(sandbox, "/ecms/api/v1/dropoff", {**request, "dest": None}), 400, "VALIDATION_ERROR", "dest")
    assert_error(post(sandbox, "/ecms/api/v1/dropoff", {**request, "dest": {"deliveryLocationId": "9999"}}), 422,
                 "INVALID_DATA")
    door = seed_fact("dropoff request to a door")
    assert_error(post(sandbox, "/ecms/api/v1/dropoff", {**door, "dest": {}}), 400, "VALIDATION_ERROR", "shippingAddress")


def simulate(sandbox, tracking_number: str, status: str, actor: str, location: str = "CDI") -> requests.Response:
    body = {"trackingNumber": tracking_number, "status": status, "actor": actor, "location": location}
    return post(sandbox, "/sandbox/simulate", body)


def test_every_status_change_reaches_the_merchants_webhook_at_least_once_despite_failures(sandbox):
    with WebhookReceiver(fail_first=2) as receiver:
        request = requests.put(f"{sandbox.url}/ecms/api/v1/webhook", json={"merchantCode": "001", "url": receiver.url},
                               headers=AUTH, timeout=5)
        assert request.json() == {"merchantCode": "001", "url": receiver.url}
        setting = requests.get(f"{sandbox.url}/ecms/api/v1/webhook", params={"merchantCode": "001"}, headers=AUTH,
                               timeout=5)
        assert setting.json() == {"merchantCode": "001", "url": receiver.url}
        shipment = seed_fact("shipment request")
        tn = post(sandbox, "/ecms/api/v1/shipments", shipment).json()["trackingNumber"]
        assert simulate(sandbox, tn, "DELIVERED TO WAREHOUSE", "DC_SCAN").status_code == 200
        assert simulate(sandbox, tn, "IN-TRANSIT", "TRUCKER_SCAN").status_code == 200
        events = [{"idempotencyKey": str(uuid.uuid4()), "trackingNumber": tn, "status": status, "location": "0166",
                   "timestamp": "2026-11-23T10:00:00Z", "details": {"shelfSlot": "A-01"}}
                  for status in ("READY FOR CLAIM", "CLAIMED")]
        unpaid = post(sandbox, "/store/api/v1/events", {"events": [events[0], events[1]]}).json()["results"]
        assert unpaid[1]["error"]["message"].endswith("is cash on delivery and not paid")  # the seed's is COD
        payment = {"idempotencyKey": str(uuid.uuid4()), "type": "PAYMENT", "trackingNumber": tn, "location": "0166",
                   "timestamp": "2026-11-23T10:01:00Z",
                   "payment": {"method": "CASH", "amount": "200.00", "tendered": "500.00", "change": "300.00"}}
        events = [payment, {**events[1], "idempotencyKey": str(uuid.uuid4())}]
        for event in events:
            post(sandbox, "/store/api/v1/events", {"events": [event]})
        expected = ["CREATED", "DELIVERED TO WAREHOUSE", "IN-TRANSIT", "READY FOR CLAIM", "CLAIMED"]
        # Seed 000 promises no order, and retries reorder deliveries: compare what arrived.
        wait_for(lambda: sorted(receiver.statuses(tn)) == sorted(expected), timeout=20, what="every status")

        seed_payload = seed_fact("merchant notification")  # the notification example of seed 000
        for request in receiver.requests:
            assert set(request["body"]) == set(seed_payload)
            datetime.strptime(request["body"]["timestamp"], "%Y-%m-%d %H:%M:%S")
        claimed = [r for r in receiver.requests if r["body"]["status"] == "CLAIMED"][0]
        assert claimed["body"]["referenceId"] == "AXDY43322222524544" and claimed["body"]["location"] == "0166"
        def deliveries() -> list[dict]:
            return requests.get(f"{sandbox.url}/sandbox/webhooks?merchantCode=001", headers=AUTH,
                                timeout=5).json()["deliveries"]

        wait_for(lambda: all(d["state"] == "delivered" for d in deliveries()), what="deliveries recorded")
        deliveries = deliveries()
        assert all(d["last_status"] == 200 for d in deliveries)
        assert sum(d["attempts"] for d in deliveries) == len(deliveries) + 2  # the two failures were retried
        assert len({d["idempotency_key"] for d in deliveries}) == len(deliveries)
    removed = requests.delete(f"{sandbox.url}/ecms/api/v1/webhook", params={"merchantCode": "001"}, headers=AUTH,
                              timeout=5)
    assert removed.json() == {"merchantCode": "001", "url": None}


def test_simulated_scans_follow_the_journey_and_the_actors(sandbox):
    tn = post(sandbox, "/ecms/api/v1/shipments", seed_fact("shipment request")).json()[
        "trackingNumber"]
    assert_error(simulate(sandbox, tn, "IN-TRANSIT", "TRUCKER_SCAN"), 409, "INVALID_OPERATION", "cannot become")
    assert_error(simulate(sandbox, tn, "DELIVERED TO WAREHOUSE", "TRUCKER_SCAN"), 409, "INVALID_OPERATION",
                 "is done by DC scanning")
    assert_error(simulate(sandbox, tn, "DELIVERED TO WAREHOUSE", "POS"), 400, "VALIDATION_ERROR", "stores use")
    assert_error(simulate(sandbox, "12345678901234567", "IN-TRANSIT", "TRUCKER_SCAN"), 404, "NOT_FOUND")
    simulate(sandbox, tn, "DELIVERED TO WAREHOUSE", "DC_SCAN")
    history = requests.get(f"{sandbox.url}/sandbox/parcels/{tn}/history", headers=AUTH, timeout=5).json()["history"]
    assert [(h["status"], h["actor"]) for h in history] == [("CREATED", "Merchant API"),
                                                          ("DELIVERED TO WAREHOUSE", "DC scanning")]
