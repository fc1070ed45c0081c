"""The merchant APIs of seeds 000 and 001, under ``/ecms/api/v1`` (bearer token).

* ``POST /shipments``: a parcel for pickup at a store, prepaid (``amount`` 0) or cash on delivery.
* ``POST /returns``: register a return ID (seed 001); valid for the merchant's number of days.
* ``POST /dropoff``: a seller's parcel dropped at a store, for another store or a door.
* ``PUT|GET|DELETE /webhook``: the merchant's notification URL (seed 000's webhook).

Labels are served at ``/ecms/labels/<id>.pdf`` without a token, like the seed's label links.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from flask import Blueprint, Response, current_app, jsonify, request, url_for

from app.domain.codes import CodeKind
from app.domain.errors import ErrorType
from app.domain.limits import limit_violations
from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.database import SandboxDb
from app.sandbox.dropoffs import dropoff_record
from app.sandbox.errors import ApiError
from app.sandbox.formats import SEED_DATE_TIME
from app.sandbox.requests_ import (
    day,
    json_body,
    known_merchant,
    known_store,
    mobile_number,
    money,
    number,
    read_delivery_type,
    text,
    timestamp,
)
from printers import pdf
from printers.documents import shipping_label

merchant_api = Blueprint("merchant", __name__, url_prefix="/ecms/api/v1")
labels = Blueprint("labels", __name__, url_prefix="/ecms/labels")

LIVE_RETURN = {ParcelStatus.REGISTERED.value, ParcelStatus.FOR_RETURN.value}


def db() -> SandboxDb:
    return current_app.config["SANDBOX_DB"]


# Seed 000's request fields: no other is taken (a "paid" or "shelfSlot" planted here would be the record's).
SHIPMENT_FIELDS = ("merchantCode", "merchant", "mobileNumber", "merchantReference", "deliveryLocationId",
                   "deliveryDate", "orderDate", "shipping_weight", "shipping_length", "shipping_width",
                   "shipping_height", "description", "amount", "paymentType")


@merchant_api.post("/shipments")
def create_shipment() -> Response:
    body = json_body()
    unknown = sorted(set(body) - set(SHIPMENT_FIELDS))
    if unknown:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"unknown field(s): {', '.join(name[:40] for name in unknown[:5])}")
    merchant = known_merchant(db(), body)
    mobile = mobile_number(body)
    reference = text(body, "merchantReference")
    store = known_store(db(), body)
    delivery = timestamp(body, "deliveryDate", SEED_DATE_TIME, "2015-08-02 17:55:59")
    ordered = day(body, "orderDate")
    # Rules between fields, or with the rate table's limits: what is asked is well formed, not possible (422).
    if delivery.date() < ordered:
        raise ApiError(ErrorType.INVALID_DATA, "deliveryDate cannot be before orderDate")
    size = {name: number(body, f"shipping_{name}") for name in ("length", "width", "height", "weight")}
    problems = limit_violations(size["length"], size["width"], size["height"], size["weight"])
    if problems:
        raise ApiError(ErrorType.INVALID_DATA, "Package limits: " + " ".join(problems), reason="PACKAGE_LIMITS")
    amount = money(body, "amount")
    payment = text(body, "paymentType", max_length=10, required=False).upper() or ("COD" if amount > 0 else "PREPAID")
    if payment not in ("COD", "PREPAID"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "paymentType must be COD, or left out for a prepaid order")
    if payment == "COD" and amount <= 0:
        raise ApiError(ErrorType.INVALID_DATA, "a COD shipment needs an amount above 0")
    if payment == "PREPAID" and amount > 0:
        raise ApiError(ErrorType.VALIDATION_ERROR, "amount must be 0 for a prepaid shipment; set paymentType COD")
    if any(r.get("flow", "SHIPMENT") == "SHIPMENT" for r in db().records_by_reference(merchant["code"], reference)):
        raise ApiError(ErrorType.DUPLICATE_ID, f"Resource with provided id already exists: merchantReference {reference}")
    record = {
        **{name: body[name] for name in SHIPMENT_FIELDS if name in body},  # as sent: it comes back unchanged
        "flow": "SHIPMENT",
        "merchantCode": merchant["code"],
        "merchant": text(body, "merchant", required=False) or merchant["name"],
        "mobileNumber": mobile,
        "merchantReference": reference,
        "deliveryLocationId": store["id"],
        "deliveryDate": delivery.strftime("%Y-%m-%d %H:%M:%S"),
        "orderDate": ordered.isoformat(),
        "description": text(body, "description", max_length=500, required=False),
        "amount": f"{amount:.2f}",
        "paymentType": payment,
        "trackingNumber": db().unused_code(CodeKind.TRACKING),
        "claimCode": db().unused_code(CodeKind.REFERENCE if payment == "COD" else CodeKind.CLAIM),
        "labelId": secrets.token_hex(12),
        "status": ParcelStatus.CREATED.value,
    }
    db().add_parcel(record, Actor.MERCHANT, "")
    return jsonify(
        {
            "trackingNumber": record["trackingNumber"],
            "shippingLabel": url_for("labels.label", label_id=record["labelId"], _external=True),
            "claimCode": record["claimCode"],
        }
    )


@merchant_api.post("/returns")
def register_return() -> Response:
    body = json_body()
    merchant = known_merchant(db(), body)
    mobile = mobile_number(body)
    reference = text(body, "merchantReference")
    if text(body, "type", max_length=10) != "RETURN":
        raise ApiError(ErrorType.VALIDATION_ERROR, 'type must be "RETURN"')
    earlier = [r for r in db().records_by_reference(merchant["code"], reference) if r.get("flow") == "RETURN"]
    if any(r["status"] in LIVE_RETURN for r in earlier):
        raise ApiError(ErrorType.DUPLICATE_ID, f"Return ID {reference} is already registered and still valid")
    if any(r["status"] != ParcelStatus.EXPIRED.value for r in earlier):
        # Seed 001: once accepted at a counter, a return ID is never valid again.
        raise ApiError(ErrorType.INVALID_DATA, f"Return ID {reference} was already used for a return")
    now = datetime.now(UTC)
    record = {
        "flow": "RETURN",
        "type": "RETURN",
        "merchantCode": merchant["code"],
        "merchant": text(body, "merchant", required=False) or merchant["name"],
        "mobileNumber": mobile,
        "merchantReference": reference,
        "trackingNumber": db().unused_code(CodeKind.TRACKING),
        "returnCode": db().unused_code(CodeKind.RETURN),
        "registeredAt": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validUntil": (now + timedelta(days=merchant["return_validity_days"])).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "status": ParcelStatus.REGISTERED.value,
    }
    db().add_parcel(record, Actor.MERCHANT, "")
    return jsonify({"returnCode": record["returnCode"], "trackingNumber": record["trackingNumber"]})


@merchant_api.post("/dropoff")
def create_dropoff() -> Response:
    body = json_body()
    merchant = known_merchant(db(), body)
    mobile = mobile_number(body)
    reference = text(body, "merchantReference")
    delivery_type = read_delivery_type(body)
    collect = money(body, "amountCollect")
    dest = body.get("dest")
    if not isinstance(dest, dict):
        raise ApiError(ErrorType.VALIDATION_ERROR, "dest is a required field (an object)")
    to_store = delivery_type == "STORE"
    destination = known_store(db(), dest)["id"] if to_store else text(dest, "shippingAddress", max_length=500)
    record = dropoff_record(db(), tracking_number=db().unused_code(CodeKind.TRACKING), merchant_code=merchant["code"],
                            merchant=merchant["name"], mobile=mobile, reference=reference,
                            delivery_type=delivery_type, collect=collect, destination=destination)
    db().add_parcel(record, Actor.MERCHANT, "")
    return jsonify({"trackingNumber": record["trackingNumber"], "amountDue": record["amountDue"]})


@merchant_api.put("/webhook")
def set_webhook() -> Response:
    body = json_body()
    merchant = known_merchant(db(), body)
    url = text(body, "url", max_length=2000)
    try:
        parsed = urlparse(url)
    except ValueError:  # "http://[" is no URL at all
        parsed = urlparse("")
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ApiError(ErrorType.VALIDATION_ERROR, "url must be an http(s) URL")
    db().set_webhook(merchant["code"], url)
    return jsonify({"merchantCode": merchant["code"], "url": url})


@merchant_api.get("/webhook")
def get_webhook() -> Response:
    merchant = known_merchant(db(), {"merchantCode": request.args.get("merchantCode")})
    return jsonify({"merchantCode": merchant["code"], "url": merchant["webhook_url"]})


@merchant_api.delete("/webhook")
def delete_webhook() -> Response:
    merchant = known_merchant(db(), {"merchantCode": request.args.get("merchantCode")})
    db().set_webhook(merchant["code"], None)
    return jsonify({"merchantCode": merchant["code"], "url": None})


@labels.get("/<label_id>.pdf")
def label(label_id: str) -> Response:
    record = db().record_by_label(label_id)
    if record is None:
        raise ApiError(ErrorType.NOT_FOUND, "Not Found: no such label")
    store = db().store(record["deliveryLocationId"]) or {"name": ""}
    collect = f"PHP {record['amount']}" if record["paymentType"] == "COD" else None
    document = shipping_label(
        tracking_number=record["trackingNumber"],
        sender=f"{record['merchant']} ({record['merchantCode']})",
        mobile=record["mobileNumber"],
        destination=f"STORE {record['deliveryLocationId']}",
        destination_name=store["name"],
        route=f"CDI Pasig → {record['deliveryLocationId']}",
        collect=collect,
        reference=record["merchantReference"],
    )
    return Response(pdf.render(document), mimetype="application/pdf")
