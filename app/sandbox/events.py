"""Counter events as the sandbox applies them: idempotent on the key, checked against the journey.

An event reports a status change at a store, in the shape of seed 000's notification
(``trackingNumber``, ``location``, ``status``, ``timestamp``) plus ``idempotencyKey``, ``terminalId``
and ``details``. A ``PAYMENT`` event reports cash collected for a COD parcel; a ``DROPOFF`` event a
seller's parcel accepted under a tracking number from the counter's block, with seed 000's drop-off
fields in ``dropoff``. A web order's event names its ``orderNo`` instead of a ``trackingNumber``
(statuses PICKING, PICKED, DELIVERED, RETURNED; ``details`` carries picked ``lines``, ``shortPicks``,
and ``sale: true`` when the shop records the sale).

A key already accepted gets its first answer again (nothing is applied twice); a key that was
rejected may be sent again after a fix and is decided afresh (nothing was applied).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from app.domain.dropoff import DropOffProblems, read_dropoff
from app.domain.errors import ErrorType
from app.domain.parcels import Actor, IllegalTransition, ParcelStatus
from app.domain.weborders import WebOrderStatus
from app.sandbox.database import SandboxDb
from app.sandbox.dropoffs import dropoff_record
from app.sandbox.errors import ApiError
from app.sandbox.jobs import pull_out_list
from app.sandbox.returns import start_with_kiosk_code
from app.sandbox.weborders import WebOrderBook

log = logging.getLogger(__name__)

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
    """Apply one event and answer for it; never raises. An event the sandbox fails on (a fault of its
    own) is answered INTERNAL_SERVER_ERROR and not recorded, so the client sends it again later; the
    other events of its batch are answered as usual."""
    if not isinstance(event, dict):
        return _rejected("", ErrorType.VALIDATION_ERROR, "an event must be a JSON object")
    key = event.get("idempotencyKey")
    if not isinstance(key, str) or not key:
        return _rejected("", ErrorType.VALIDATION_ERROR, "idempotencyKey is a required field")
    try:
        return _apply(db, key, event, actor, weborders)
    except Exception:
        log.exception("event %s could not be applied", key)
        return _rejected(key, ErrorType.INTERNAL_SERVER_ERROR, "the event could not be applied; it was not recorded")


def _apply(db: SandboxDb, key: str, event: dict, actor: Actor, weborders: WebOrderBook | None) -> dict:
    with db.transaction():
        earlier = db.event_result(key)
        if earlier is not None and earlier["result"] == "ACCEPTED":
            return {**earlier, "duplicate": True}
        if "orderNo" in event and weborders is not None:
            result = _decide_weborder(weborders, key, event)
        elif event.get("type") == "PAYMENT":
            result = _decide_payment(db, key, event)
        elif event.get("type") == "DROPOFF":
            result = _decide_dropoff(db, key, event)
        elif event.get("type") == "RETURN_STARTED":
            result = _decide_kiosk_return(db, key, event)
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


def _decide_kiosk_return(db: SandboxDb, key: str, event: dict) -> dict:
    """A return a kiosk started offline with a code from its block."""
    missing = [f for f in ("reference", "returnCode", "location", "terminalId", "timestamp") if not event.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    try:
        record = start_with_kiosk_code(db, str(event["reference"]), str(event["location"]),
                                       str(event["terminalId"]), str(event["returnCode"]))
    except ApiError as exc:
        return _rejected(key, exc.error_type, exc.message, exc.http_code)
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": record["status"]}


def _decide_dropoff(db: SandboxDb, key: str, event: dict) -> dict:
    """A seller's parcel accepted at the counter: the parcel is created, DROPPED OFF at that store."""
    dropoff = event.get("dropoff") if isinstance(event.get("dropoff"), dict) else {}
    package = dropoff.get("package") if isinstance(dropoff.get("package"), dict) else {}
    dest = dropoff.get("dest") if isinstance(dropoff.get("dest"), dict) else {}
    missing = [f for f in ("trackingNumber", "location", "terminalId", "timestamp") if not event.get(f)]
    missing += [f"dropoff.{f}" for f in ("mobileNumber", "deliveryType", "feeCollected") if not dropoff.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    number, store = str(event["trackingNumber"]), str(event["location"])
    issued = db.issued_number(number)
    if issued is None or (issued["store_id"], issued["terminal_id"]) != (store, event["terminalId"]):
        return _rejected(key, ErrorType.INVALID_DATA,
                         f"tracking number {number} was not issued to terminal {event['terminalId']} at store {store}")
    if db.record(number) is not None:
        return _rejected(key, ErrorType.DUPLICATE_RESOURCE, f"tracking number {number} is used already")
    try:
        accepted = read_dropoff(
            mobile=str(dropoff["mobileNumber"]), delivery_type=str(dropoff["deliveryType"]),
            destination=str(dest.get("deliveryLocationId") or dest.get("shippingAddress") or ""),
            collect=str(dropoff.get("amountCollect", "0")),
            **{name: str(package.get(name, "")) for name in ("length", "width", "height", "weight")})
    except DropOffProblems as exc:
        return _rejected(key, ErrorType.VALIDATION_ERROR, str(exc))
    if accepted.delivery_type == "STORE" and not db.store_exists(accepted.destination):
        return _rejected(key, ErrorType.INVALID_DATA, f"no store {accepted.destination} exists")
    record = dropoff_record(db, tracking_number=number, merchant_code="", merchant="Walk-in seller",
                            mobile=accepted.mobile_number, reference=number, delivery_type=accepted.delivery_type,
                            collect=accepted.amount_collect, destination=accepted.destination)
    record.update(feeCollected=str(dropoff["feeCollected"]), package=accepted.package(), droppedOffAt=store)
    db.add_parcel(record, Actor.POS, store)
    db.change_status(number, ParcelStatus.DROPPED_OFF, Actor.POS, store)
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": ParcelStatus.DROPPED_OFF.value}


def _decide(db: SandboxDb, key: str, event: dict, actor: Actor) -> dict:
    missing = [f for f in REQUIRED if not event.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    try:
        wanted = ParcelStatus(event["status"])
    except ValueError:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"unknown status {event['status']!r}")
    tracking_number = str(event["trackingNumber"])
    if wanted is ParcelStatus.PULLED_OUT:
        pull_out_list(db, str(event["location"]))  # the jobs, as when the store asks for its APO list
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
