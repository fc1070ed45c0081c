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
from app.domain.returns import ReturnRefusal, startable_return
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError

_ERROR_TYPES = {"RETURN_NOT_REGISTERED": ErrorType.NOT_FOUND, "RETURN_EXPIRED": ErrorType.INVALID_DATA,
                "RETURN_ALREADY_USED": ErrorType.INVALID_OPERATION, "RETURN_STARTED_ELSEWHERE": ErrorType.INVALID_OPERATION}


def returns_for(db: SandboxDb, reference: str) -> list[dict]:
    """The return records an order number, UID or waybill (of the return, or of the parcel the customer
    got) may mean."""
    candidates = [r for r in db.records_with_reference(reference) if r.get("flow") == "RETURN"]
    shipment = db.record(reference)
    if not candidates and shipment is not None and shipment.get("flow") != "RETURN":
        candidates = [r for r in db.records_by_reference(shipment["merchantCode"], shipment["merchantReference"])
                      if r.get("flow") == "RETURN"]
    return candidates


def find_return(db: SandboxDb, reference: str, store_id: str) -> dict:
    """The return `store_id` may start for an order number, UID or waybill; ApiError with a reason otherwise."""
    try:
        return startable_return(returns_for(db, reference), reference, store_id, datetime.now(UTC))
    except ReturnRefusal as refusal:
        raise ApiError(_ERROR_TYPES[refusal.reason], str(refusal), reason=refusal.reason) from None


def issue_return(db: SandboxDb, reference: str, store_id: str) -> dict:
    """FOR RETURN at `store_id`; asking again (a kiosk that lost the answer) gets the same code."""
    record = find_return(db, reference, store_id)
    if record["status"] == ParcelStatus.FOR_RETURN.value:
        return record
    return db.change_status(record["trackingNumber"], ParcelStatus.FOR_RETURN, Actor.KIOSK, store_id,
                            deliveryLocationId=store_id)


def start_with_kiosk_code(db: SandboxDb, reference: str, store_id: str, terminal_id: str, code: str) -> dict:
    """A return a kiosk started offline, under a RETURN CODE from its own block: FOR RETURN at its store
    with that code (the one on the customer's slip). Sent again, it is the same return."""
    issued = db.issued_return_code(code)
    if issued is None or (issued["store_id"], issued["terminal_id"]) != (store_id, terminal_id):
        raise ApiError(ErrorType.INVALID_DATA, f"RETURN CODE {code} was not issued to kiosk {terminal_id} of "
                                               f"store {store_id}")
    record = find_return(db, reference, store_id)
    if record["status"] == ParcelStatus.FOR_RETURN.value:
        if record.get("returnCode") != code:
            raise ApiError(ErrorType.INVALID_OPERATION, f"The return for {reference} was already started with "
                                                        "another code.", reason="RETURN_ALREADY_USED")
        return record
    with db.transaction():
        db.set_code(record["trackingNumber"], code)
        return db.change_status(record["trackingNumber"], ParcelStatus.FOR_RETURN, Actor.KIOSK, store_id,
                                deliveryLocationId=store_id, returnCode=code,
                                registeredReturnCode=record.get("returnCode"))


def kiosk_view(db: SandboxDb, record: dict) -> dict:
    """What a kiosk keeps of a return to check it offline: never its code (the kiosk hands out its own)."""
    shipments = [r["trackingNumber"] for r in db.records_by_reference(record["merchantCode"],
                                                                      record.get("merchantReference") or "")
                 if r.get("flow") != "RETURN"]
    return {"trackingNumber": record["trackingNumber"], "merchantCode": record["merchantCode"],
            "merchant": record.get("merchant") or record["merchantCode"],
            "merchantReference": record.get("merchantReference") or "", "waybills": shipments,
            "description": record.get("description") or "",
            "validUntil": record["validUntil"], "status": record["status"],
            "deliveryLocationId": record.get("deliveryLocationId")}
