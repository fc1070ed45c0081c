"""Counter events as the sandbox applies them: idempotent on the key, checked against the parcel journey.

An event reports a status change at a store, in the shape of seed 000's notification
(``trackingNumber``, ``location``, ``status``, ``timestamp``) plus ``idempotencyKey``, ``terminalId``
and ``details``. A repeated key gets the first answer again, whatever the first answer was.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.errors import ErrorType
from app.domain.parcels import IllegalTransition, ParcelStatus, check_transition
from app.sandbox.database import SandboxDb

REQUIRED = ("idempotencyKey", "trackingNumber", "status", "location", "timestamp")


def _rejected(key: str, error_type: ErrorType, message: str, http_code: int | None = None) -> dict:
    return {
        "idempotencyKey": key,
        "result": "REJECTED",
        "httpCode": http_code or error_type.http_code,
        "error": {"type": error_type.value, "message": message},
    }


def apply_event(db: SandboxDb, event: object) -> dict:
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
        result = _decide(db, key, event)
        db.record_event(key, str(event.get("trackingNumber", "")), event, result)
        return result


def _decide(db: SandboxDb, key: str, event: dict) -> dict:
    missing = [f for f in REQUIRED if not event.get(f)]
    if missing:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"{', '.join(missing)} is a required field")
    try:
        wanted = ParcelStatus(event["status"])
    except ValueError:
        return _rejected(key, ErrorType.VALIDATION_ERROR, f"unknown status {event['status']!r}", 400)
    tracking_number = str(event["trackingNumber"])
    parcel = db.parcel(tracking_number)
    if parcel is None:
        return _rejected(key, ErrorType.NOT_FOUND, f"Parcel with tracking number {tracking_number} is not found")
    if event["location"] != parcel.store_id:
        return _rejected(
            key,
            ErrorType.INVALID_DATA,
            f"Parcel {tracking_number} is for store {parcel.store_id}, not {event['location']}",
        )
    try:
        check_transition(parcel.status, wanted)
    except IllegalTransition as exc:
        return _rejected(key, ErrorType.INVALID_OPERATION, f"Parcel {tracking_number}: {exc}")
    details = event.get("details") or {}
    slot = details.get("shelfSlot") if wanted is ParcelStatus.READY_FOR_CLAIM else parcel.shelf_slot
    db.save_parcel(replace(parcel, status=wanted, shelf_slot=slot))
    return {"idempotencyKey": key, "result": "ACCEPTED", "status": wanted.value}
