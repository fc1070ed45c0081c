"""Returns at the kiosk (seed 001): find the registered return ID, check the business rules, issue.

The customer types or scans an order number / UID (the merchant's reference) or the waybill of the
parcel they got. The return must have been registered by the merchant, be within its validity window
and not be used yet; each refusal has its own reason. Issuing moves it to FOR RETURN at the kiosk's
store (so that store's counter gets the RETURN CODE in its next delta) and hands out the code.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.errors import ErrorType
from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError

USED = {s.value for s in ParcelStatus} - {ParcelStatus.REGISTERED.value, ParcelStatus.FOR_RETURN.value,
                                          ParcelStatus.EXPIRED.value}


def find_return(db: SandboxDb, reference: str, store_id: str) -> dict:
    """The return registered for an order number, UID or waybill that `store_id` may take; ApiError
    with a reason otherwise."""
    candidates = [r for r in db.records_with_reference(reference) if r.get("flow") == "RETURN"]
    shipment = db.record(reference)
    if not candidates and shipment is not None and shipment.get("flow") != "RETURN":
        candidates = [r for r in db.records_by_reference(shipment["merchantCode"], shipment["merchantReference"])
                      if r.get("flow") == "RETURN"]
    if not candidates:
        raise ApiError(ErrorType.NOT_FOUND, f"No return is registered for {reference}.",
                       reason="RETURN_NOT_REGISTERED")
    live = [r for r in candidates if r["status"] in (ParcelStatus.REGISTERED.value, ParcelStatus.FOR_RETURN.value)]
    if live:
        record = live[-1]
        if datetime.fromisoformat(record["validUntil"]) < datetime.now(UTC):
            raise ApiError(ErrorType.INVALID_DATA, f"The return for {reference} expired on "
                                                   f"{record['validUntil'][:10]}.", reason="RETURN_EXPIRED")
        started_at = record.get("deliveryLocationId")
        if record["status"] == ParcelStatus.FOR_RETURN.value and started_at != store_id:
            raise ApiError(ErrorType.INVALID_OPERATION, f"The return for {reference} was started at store "
                                                        f"{started_at}.", reason="RETURN_STARTED_ELSEWHERE")
        return record
    if any(r["status"] in USED for r in candidates):
        raise ApiError(ErrorType.INVALID_OPERATION, f"The return for {reference} was already used.",
                       reason="RETURN_ALREADY_USED")
    raise ApiError(ErrorType.INVALID_DATA, f"The return for {reference} expired.", reason="RETURN_EXPIRED")


def issue_return(db: SandboxDb, reference: str, store_id: str) -> dict:
    """FOR RETURN at `store_id`; asking again (a kiosk that lost the answer) gets the same code."""
    record = find_return(db, reference, store_id)
    if record["status"] == ParcelStatus.FOR_RETURN.value:
        return record
    return db.change_status(record["trackingNumber"], ParcelStatus.FOR_RETURN, Actor.KIOSK, store_id,
                            deliveryLocationId=store_id)
