"""Counter events as the sandbox applies them: idempotent on the key, checked against the parcel journey.

An event reports a status change at a store, in the shape of seed 000's notification
(``trackingNumber``, ``location``, ``status``, ``timestamp``) plus ``idempotencyKey``, ``terminalId``
and ``details``. A repeated key gets the first answer again, whatever the first answer was.
"""

from __future__ import annotations

from app.domain.errors import ErrorType
from app.domain.parcels import Actor, IllegalTransition, ParcelStatus
from app.sandbox.database import SandboxDb

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


def apply_event(db: SandboxDb, event: object, actor: Actor = Actor.POS) -> dict:
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
        result = _decide(db, key, event, actor)
        db.record_event(key, str(event.get("trackingNumber", "")), event, result)
        return result


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
    details = event.get("details") if isinstance(event.get("details"), dict) else {}
    fields = {name: value for name, value in details.items() if name in DETAIL_FIELDS}
    try:
        db.change_status(tracking_number, wanted, actor, event["location"], **fields)
    except IllegalTransition as exc:
        return _rejected(key, ErrorType.INVALID_OPERATION, f"Parcel {tracking_number}: {exc}")
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": wanted.value}
