"""Returns (seed 001): the business rules a return ID must pass before a customer may start it or hand
the item in. The central system, an offline kiosk and the counter apply these same rules; the
returns statuses themselves are `ParcelStatus`'s."""

from __future__ import annotations

from datetime import datetime

from app.domain.parcels import ParcelStatus


class ReturnRefusal(Exception):
    """A return ID that may not be started now; `reason` names why, `str()` says it for the log."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason  # RETURN_NOT_REGISTERED, RETURN_EXPIRED, RETURN_ALREADY_USED, RETURN_STARTED_ELSEWHERE


_LIVE = {ParcelStatus.REGISTERED.value, ParcelStatus.FOR_RETURN.value}


def return_refusal(status: str, valid_until: str | None, started_at: str | None, store_id: str,
                   now: datetime) -> str | None:
    """Why one return record may not be started or handed in at `store_id` now, or None when it may:
    used (past FOR RETURN), expired (EXPIRED, or past its validity window), or started at another
    store (FOR RETURN with a store that is not this one)."""
    if status not in _LIVE:
        return "RETURN_EXPIRED" if status == ParcelStatus.EXPIRED.value else "RETURN_ALREADY_USED"
    if valid_until and datetime.fromisoformat(valid_until.replace("Z", "+00:00")) < now:
        return "RETURN_EXPIRED"
    if status == ParcelStatus.FOR_RETURN.value and started_at and started_at != store_id:
        return "RETURN_STARTED_ELSEWHERE"
    return None


def startable_return(candidates: list[dict], reference: str, store_id: str, now: datetime) -> dict:
    """Of the return records found for an order number, UID or waybill, the one `store_id` may start."""
    if not candidates:
        raise ReturnRefusal("RETURN_NOT_REGISTERED", f"No return is registered for {reference}.")
    live = [r for r in candidates if r["status"] in _LIVE]
    if not live:  # used if any was used, else expired
        reasons = {return_refusal(r["status"], None, None, store_id, now) for r in candidates}
        reason = "RETURN_ALREADY_USED" if "RETURN_ALREADY_USED" in reasons else "RETURN_EXPIRED"
        raise ReturnRefusal(reason, _REFUSAL_MESSAGE[reason].format(reference=reference, day="", store=""))
    record = live[-1]
    reason = return_refusal(record["status"], record["validUntil"], record.get("deliveryLocationId"), store_id, now)
    if reason:
        raise ReturnRefusal(reason, _REFUSAL_MESSAGE[reason].format(
            reference=reference, day=f" on {record['validUntil'][:10]}", store=record.get("deliveryLocationId")))
    return record


_REFUSAL_MESSAGE = {
    "RETURN_ALREADY_USED": "The return for {reference} was already used.",
    "RETURN_EXPIRED": "The return for {reference} expired{day}.",
    "RETURN_STARTED_ELSEWHERE": "The return for {reference} was started at store {store}.",
}
