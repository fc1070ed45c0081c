"""Counter events as the sandbox applies them: idempotent on the key, checked against the journey.

An event reports a status change at a store, in the shape of seed 000's notification
(``trackingNumber``, ``location``, ``status``, ``timestamp``) plus ``idempotencyKey``, ``terminalId``
and ``details``. A web order's event names its ``orderNo`` instead of a ``trackingNumber`` (statuses
PICKING, PICKED, DELIVERED, RETURNED; ``details`` carries picked ``lines``, ``shortPicks``, and
``sale: true`` when the shop records the sale). A repeated key gets the first answer again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.errors import ErrorType
from app.domain.parcels import Actor, IllegalTransition, ParcelStatus
from app.domain.weborders import WebOrderStatus
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError
from app.sandbox.weborders import WebOrderBook

REQUIRED = ("idempotencyKey", "trackingNumber", "status", "location", "timestamp")
# Details a counter may set on the parcel with an event, as record fields.
DETAIL_FIELDS = {"shelfSlot"}


def _rejected(key: str, error_type: ErrorType, message: str, http_code: int | None = None) -> dict:
    return {
        "idempotencyKey": key,
        "result": "REJECTED",
        "httpCode": http_code or error_type.http_code,
        "error": {"type": error_type.value, "message": message},
    }


def apply_event(db: SandboxDb, event: object, actor: Actor = Actor.POS, weborders: WebOrderBook | None = None) -> dict:
    """Apply one event and answer for it; never raises for bad input."""
    if not isinstance(event, dict):
        return _rejected("", ErrorType.VALIDATION_ERROR, "an event must be a JSON object")
    key = event.get("idempotencyKey")
    if not isinstance(key, str) or not key:
        return _rejected("", ErrorType.VALIDATION_ERROR, "idempotencyKey is a required field")
    with db.transaction():
        earlier = db.event_result(key)
        if earlier is not None:
            return {**earlier, "duplicate": True}
        if "orderNo" in event and weborders is not None:
            result = _decide_weborder(weborders, key, event)
        elif event.get("type") == "PAYMENT":
            result = _decide_payment(db, key, event)
        else:
            result = _decide(db, key, event, actor)
        db.record_event(key, str(event.get("trackingNumber") or event.get("orderNo") or ""), event, result)
        return result


SHOP_STEPS = {WebOrderStatus.PICKING, WebOrderStatus.PICKED, WebOrderStatus.DELIVERED, WebOrderStatus.RETURNED}


def _decide_weborder(weborders: WebOrderBook, key: str, event: dict) -> dict:
    missing = [f for f in ("orderNo", "status", "location", "timestamp") if not event.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    order = weborders.order(str(event["orderNo"]))
    if order is None:
        return _rejected(key, ErrorType.NOT_FOUND, f"Web order {event['orderNo']} is not found")
    try:
        wanted = WebOrderStatus[str(event["status"])]
    except KeyError:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"unknown web order status {event['status']!r}")
    if wanted not in SHOP_STEPS:
        return _rejected(key, ErrorType.INVALID_OPERATION, f"a shop cannot make a web order {wanted.name}")
    if wanted is not WebOrderStatus.RETURNED and event["location"] != order["ShopId"]:
        return _rejected(key, ErrorType.INVALID_DATA,
                         f"Web order {order['OrderNo']} is assigned to shop {order['ShopId']}, not {event['location']}")
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    try:
        weborders.move(order, wanted, event["location"], details)
    except ApiError as exc:
        return _rejected(key, exc.error_type, exc.message, exc.http_code)
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": wanted.name}


def _decide_payment(db: SandboxDb, key: str, event: dict) -> dict:
    """Cash collected for a COD parcel: its amount, once."""
    payment = event.get("payment") if isinstance(event.get("payment"), dict) else {}
    missing = [f for f in ("trackingNumber", "location", "timestamp") if not event.get(f)]
    missing += [f"payment.{f}" for f in ("amount", "tendered", "change") if not payment.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    record = db.record(str(event["trackingNumber"]))
    if record is None:
        return _rejected(key, ErrorType.NOT_FOUND, f"Parcel with tracking number {event['trackingNumber']} is not found")
    if record.get("paymentType") != "COD":
        return _rejected(key, ErrorType.INVALID_OPERATION, "a prepaid parcel takes no payment")
    if record.get("paid"):
        return _rejected(key, ErrorType.INVALID_OPERATION, f"Parcel {record['trackingNumber']} is paid already")
    if payment["amount"] != record["amount"] or event["location"] != record.get("deliveryLocationId"):
        return _rejected(key, ErrorType.INVALID_DATA,
                         f"the payment is for {record['amount']} at store {record.get('deliveryLocationId')}")
    db.update_record(record["trackingNumber"], paid={**payment, "at": event["timestamp"], "location": event["location"]})
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": record["status"]}


def _decide(db: SandboxDb, key: str, event: dict, actor: Actor) -> dict:
    missing = [f for f in REQUIRED if not event.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    try:
        wanted = ParcelStatus(event["status"])
    except ValueError:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"unknown status {event['status']!r}")
    tracking_number = str(event["trackingNumber"])
    record = db.record(tracking_number)
    if record is None:
        return _rejected(key, ErrorType.NOT_FOUND, f"Parcel with tracking number {tracking_number} is not found")
    store = record.get("deliveryLocationId")
    if store and event["location"] != store:
        return _rejected(
            key, ErrorType.INVALID_DATA, f"Parcel {tracking_number} is for store {store}, not {event['location']}"
        )
    expired = record.get("validUntil") and datetime.fromisoformat(record["validUntil"]) < datetime.now(UTC)
    if wanted is ParcelStatus.RETURNED and expired:
        return _rejected(key, ErrorType.INVALID_OPERATION, f"the return {tracking_number} expired on "
                                                           f"{record['validUntil'][:10]}")
    if wanted is ParcelStatus.CLAIMED and record.get("paymentType") == "COD" and not record.get("paid"):
        return _rejected(key, ErrorType.INVALID_OPERATION, f"Parcel {tracking_number} is cash on delivery and not paid")
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    fields = {name: value for name, value in details.items() if name in DETAIL_FIELDS}
    if not store:
        fields["deliveryLocationId"] = event["location"]  # e.g. a merchant-issued return handed in here
    try:
        db.change_status(tracking_number, wanted, actor, event["location"], **fields)
    except IllegalTransition as exc:
        return _rejected(key, ErrorType.INVALID_OPERATION, f"Parcel {tracking_number}: {exc}")
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": wanted.value}
