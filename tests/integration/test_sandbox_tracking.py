"""The tracking API of seed 002 on the real sandbox, fed the seed's own payloads."""

from __future__ import annotations

import time

import pytest
import requests

from app.domain.tracking import STATUSES
from tests.conftest import TOKEN
from tests.helpers.central import AUTH, wait_for
from tests.helpers.receiver import WebhookReceiver
from tests.helpers.seeds import seed_fact

EXTERNAL = "ABCDRESDEFGHIJKL1257679"  # the seed's sample waybill: not a parcel of ours



def call(sandbox, path: str, body: dict) -> requests.Response:
    return requests.post(f"{sandbox.url}{path}", json=body, timeout=5)


def register_service(sandbox) -> dict:
    body = {**seed_fact("tracking register service"), "key": TOKEN}
    return call(sandbox, "/api/v1/register-service/", body).json()


def register(sandbox, waybill: str) -> requests.Response:
    body = seed_fact("tracking awb register")
    body.update(waybill=waybill, key=TOKEN)
    return call(sandbox, "/api/v2/tracking/awb-register/", body)


def track(sandbox, *waybills: str) -> dict:
    params = {"username": "testuser", "key": TOKEN, "waybill": ",".join(waybills), "cp_id": 10}
    response = requests.get(f"{sandbox.url}/api/v2/track-order/", params=params, timeout=5)
    assert response.status_code == 200, response.text
    return response.json()


def simulate(sandbox, tracking_number: str, status: str, actor: str) -> None:
    body = {"trackingNumber": tracking_number, "status": status, "actor": actor, "location": "Pasig CDI"}
    assert requests.post(f"{sandbox.url}/sandbox/simulate", json=body, headers=AUTH, timeout=5).status_code == 200


def courier_scan(sandbox, code: int, status: str, **extra) -> None:
    body = {"waybill": EXTERNAL, "clickpost_status_code": code, "status": status, "location": "Bengaluru", **extra}
    response = requests.post(f"{sandbox.url}/sandbox/tracking/scan", json=body, headers=AUTH, timeout=5)
    assert response.status_code == 200, response.text


def test_register_the_service_then_a_waybill_with_the_seed_payloads(sandbox, demo):
    assert call(sandbox, "/api/v1/register-service/", {"key": "wrong", "service_id": 2}).status_code == 401
    assert register(sandbox, EXTERNAL).json()["meta"]["success"] is False  # not registered for tracking yet
    assert register_service(sandbox) == {"message": "SUCCESS", "status_code": 200, "success": True}
    answer = register(sandbox, EXTERNAL).json()
    assert answer["meta"] == {"message": "SUCCESS", "status": 200, "success": True}
    assert set(answer["result"]) == {"security_key", "consumer_details", "shipment_info", "tracking_id"}


def test_track_order_shows_latest_status_scans_and_buckets(sandbox, demo):
    register_service(sandbox)
    parcel = demo.parcels[0]  # a parcel of ours, IN-TRANSIT to store 0166
    register(sandbox, parcel.tracking_number)
    register(sandbox, EXTERNAL)
    courier_scan(sandbox, 1, "In Manifest")
    courier_scan(sandbox, 5, "Reached the nearest hub")
    courier_scan(sandbox, 9, "When forward shipment is not accepted by end customer", ndr_status_code=1,
                 remark="Failed Delivery")

    answer = track(sandbox, parcel.tracking_number, EXTERNAL, "NOSUCHWAYBILL")
    assert answer["meta"]["success"] is True
    assert answer["result"]["NOSUCHWAYBILL"] == {"valid": False}
    ours = answer["result"][parcel.tracking_number]
    assert ours["valid"] is True
    assert ours["latest_status"]["clickpost_status_code"] == 5  # IN-TRANSIT to the store
    assert set(ours) == {"latest_status", "additional", "scans", "valid"}
    theirs = answer["result"][EXTERNAL]
    assert [s["clickpost_status_code"] for s in theirs["scans"]] == [9, 5, 1]  # newest first, as in the seed
    assert theirs["latest_status"]["clickpost_status_bucket"] == 5  # Failed Delivery
    for scan in theirs["scans"]:
        known = STATUSES[scan["clickpost_status_code"]]
        assert scan["clickpost_status_description"] == known.description
        assert scan["clickpost_status_bucket"] == int(known.bucket)
    seed_response = seed_fact("tracking polling response")["result"]["SF18399217NER"]
    assert set(theirs) == set(seed_response)
    assert set(theirs["latest_status"]) == set(seed_response["latest_status"])
    assert set(theirs["scans"][0]) == set(seed_response["scans"][0])
    assert set(theirs["additional"]) == set(seed_response["additional"])


def test_unregistered_waybills_are_invalid_and_cannot_be_unregistered_twice(sandbox):
    register_service(sandbox)
    register(sandbox, EXTERNAL)
    body = {**seed_fact("tracking awb unregister"), "waybill": EXTERNAL, "key": TOKEN}
    answer = call(sandbox, "/api/v1/tracking/awb-unregister/", body).json()
    assert answer == {"meta": {"success": True, "status": 200, "message": "SUCCESS"}, "result": {"awb": EXTERNAL}}
    assert track(sandbox, EXTERNAL)["result"][EXTERNAL] == {"valid": False}
    second = call(sandbox, "/api/v1/tracking/awb-unregister/", body)
    assert second.status_code == 400 and second.json()["meta"]["success"] is False


def test_webhooks_carry_the_latest_status_at_sending_time_so_order_does_not_matter(sandbox):
    register_service(sandbox)
    register(sandbox, EXTERNAL)
    def latest_is_the_failed_delivery(body: dict) -> bool:
        return body["additional"]["latest_status"]["clickpost_status_code"] == 9

    # The receiver refuses any webhook whose latest_status is not the newest scan, so the older
    # scan's webhook is retried until it is sent after the newer scan, and must then say so.
    with WebhookReceiver(accept=latest_is_the_failed_delivery) as receiver:
        body = {"key": TOKEN, "url": receiver.url, "webhook_key": "secret-webhook-key"}
        assert call(sandbox, "/api/v1/tracking/webhook/", body).json()["meta"]["success"]
        courier_scan(sandbox, 6, "Out for Delivery")
        wait_for(lambda: len(receiver.requests) >= 1, what="the first (refused) delivery")
        courier_scan(sandbox, 9, "Customer Cancelled the order", ndr_status_code=4)

        def accepted() -> list[dict]:
            return [r for r in receiver.requests if latest_is_the_failed_delivery(r["body"])]

        wait_for(lambda: {r["body"]["clickpost_status_code"] for r in accepted()} == {6, 9}, timeout=20,
                 what="both scans' webhooks accepted")

    seed_payload = seed_fact("tracking webhook payload")
    ndr_payload = seed_fact("tracking ndr webhook payload")
    delivered = accepted()
    for request in receiver.requests:
        assert request["headers"]["webhook_key"] == "secret-webhook-key"
        assert set(request["body"]) == set(seed_payload)
    failed = [r["body"] for r in delivered if r["body"]["clickpost_status_code"] == 9][0]
    assert set(failed["additional"]) == set(ndr_payload["additional"])
    assert (failed["additional"]["ndr_status_code"], failed["additional"]["ndr_status_description"]) == (
        4, "No Attempt")


def test_test_webhook_sends_the_test_data_to_the_test_url(sandbox):
    with WebhookReceiver() as receiver:
        body = seed_fact("tracking test webhook")
        body["test_url"] = receiver.url
        answer = requests.post(f"{sandbox.url}/api/v1/test_webhook", params={"key": TOKEN}, json=body, timeout=5)
        assert answer.json()["result"]["response_status"] == 200
        assert receiver.requests[0]["body"] == body["test_data"]
    refused = requests.post(f"{sandbox.url}/api/v1/test_webhook", params={"key": "nope"}, json=body, timeout=5)
    assert refused.status_code == 401


def test_a_registered_waybill_without_a_scan_is_valid_and_an_unregistered_one_is_not(sandbox):
    register_service(sandbox)
    assert register(sandbox, EXTERNAL).status_code == 200
    result = track(sandbox, EXTERNAL, "NEVER-REGISTERED")["result"]
    assert result[EXTERNAL]["valid"] is True and result[EXTERNAL]["scans"] == []
    assert "latest_status" not in result[EXTERNAL]
    assert result["NEVER-REGISTERED"] == {"valid": False}


def test_comma_separated_waybills_are_registered_and_unregistered_each_or_none(sandbox):
    register_service(sandbox)
    several = register(sandbox, "AWB-1,AWB-2").json()
    assert several["meta"]["success"] is True and len(several["result"]) == 2
    assert several["result"][0]["tracking_id"] != several["result"][1]["tracking_id"]
    body = {**seed_fact("tracking awb unregister"), "key": TOKEN}
    refused = call(sandbox, "/api/v1/tracking/awb-unregister/", {**body, "waybill": "AWB-1,NEVER"})
    assert refused.status_code == 400 and "NEVER" in refused.json()["meta"]["message"]
    assert track(sandbox, "AWB-1")["result"]["AWB-1"]["valid"] is True  # refused whole: AWB-1 stays
    both = call(sandbox, "/api/v1/tracking/awb-unregister/", {**body, "waybill": "AWB-1,AWB-2"}).json()
    assert both["result"] == [{"awb": "AWB-1"}, {"awb": "AWB-2"}]
    assert call(sandbox, "/api/v1/tracking/awb-unregister/", {**body, "waybill": "AWB-1"}).status_code == 400


@pytest.mark.expect_log(r"sandbox request GET /api/v2/track-order/ failed")
def test_a_server_fault_on_a_tracking_path_answers_in_the_tracking_apis_shape(sandbox, monkeypatch):
    from app.sandbox import tracking_api

    def broken(waybill):
        raise RuntimeError("a fault of the sandbox's own")

    monkeypatch.setattr(tracking_api, "_tracking_record", broken)
    register_service(sandbox)
    params = {"username": "testuser", "key": TOKEN, "waybill": EXTERNAL, "cp_id": 10}
    answer = requests.get(f"{sandbox.url}/api/v2/track-order/", params=params, timeout=5)
    assert answer.status_code == 500
    assert answer.json() == {"meta": {"message": "Internal Server Error: an unexpected error occurred", "status": 500,
                                      "success": False}, "result": None}


def test_a_client_that_opts_for_selected_events_gets_only_those_each_named(sandbox):
    register_service(sandbox)
    register(sandbox, EXTERNAL)
    with WebhookReceiver() as receiver:
        body = {"key": TOKEN, "url": receiver.url, "webhook_key": "k", "notification_events": [4, 5]}
        assert call(sandbox, "/api/v1/tracking/webhook/", body).json()["meta"]["success"]
        courier_scan(sandbox, 6, "Out for Delivery")  # event 3: not chosen
        courier_scan(sandbox, 9, "Customer Cancelled the order", ndr_status_code=4)
        courier_scan(sandbox, 8, "Delivered to consignee")
        wait_for(lambda: len(receiver.requests) >= 2, what="the two chosen events' webhooks")
        time.sleep(0.5)  # and nothing for the one not chosen
    sent = [(r["body"]["clickpost_status_code"], r["body"]["additional"]["notification_event_id"])
            for r in receiver.requests]
    assert sorted(sent) == [(8, 5), (9, 4)]
    failed = next(r["body"] for r in receiver.requests if r["body"]["clickpost_status_code"] == 9)
    assert set(failed["additional"]) == set(seed_fact("tracking ndr webhook payload")["additional"]) | {
        "notification_event_id"}
    refused = call(sandbox, "/api/v1/tracking/webhook/", {**body, "notification_events": [7]})
    assert refused.status_code == 400
