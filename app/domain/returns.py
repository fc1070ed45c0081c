"""Returns (seed 001): the status table in order, with trigger and meaning, and the business rules a
return ID must pass before a customer may start it (the central system and an offline kiosk apply the
same rules)."""

from __future__ import annotations

import enum
from datetime import datetime

from app.domain.parcels import ParcelStatus


class ReturnStatus(enum.Enum):
    FOR_RETURN = "FOR RETURN"
    RETURNED = "RETURNED"
    FOR_PULL_OUT = "FOR PULL OUT"
    PULLED_OUT = "PULLED OUT FROM STORE"
    ON_VEHICLE_TO_WAREHOUSE = "ON VEHICLE TO WAREHOUSE"
    ARRIVED_AT_WAREHOUSE = "ARRIVED AT WAREHOUSE"
    FOR_RETURN_TO_MERCHANT = "FOR RETURN TO MERCHANT"
    RETURNED_TO_MERCHANT = "RETURNED TO MERCHANT"
    ON_VEHICLE_TO_MERCHANT = "ON VEHICLE TO MERCHANT"
    ARRIVED_AT_MERCHANT = "ARRIVED AT MERCHANT"

    @property
    def trigger(self) -> str:
        return _TABLE[self][0]

    @property
    def description(self) -> str:
        return _TABLE[self][1]

    def next(self) -> ReturnStatus | None:
        """The status that follows this one in the returns flow, None at the end."""
        order = list(ReturnStatus)
        index = order.index(self)
        return order[index + 1] if index + 1 < len(order) else None


# Seed 001, "Returns Status Flow": status | trigger | description.
_TABLE = {
    ReturnStatus.FOR_RETURN: ("Kiosk transaction", "Customer requests for return in the kiosk"),
    ReturnStatus.RETURNED: ("POS transaction", "Item was handed over to counter"),
    ReturnStatus.FOR_PULL_OUT: ("ECMS job", "Item was included in the APO list"),
    ReturnStatus.PULLED_OUT: ("SBS Returns", "Item was returned to trucker by store"),
    ReturnStatus.ON_VEHICLE_TO_WAREHOUSE: (
        "Trucker scanning",
        "Item was loaded into the truck and on its way to the DC",
    ),
    ReturnStatus.ARRIVED_AT_WAREHOUSE: ("Trucker scanning", "Item has arrived at the DC"),
    ReturnStatus.FOR_RETURN_TO_MERCHANT: ("DC scanning", "Item was received at warehouse"),
    ReturnStatus.RETURNED_TO_MERCHANT: (
        "DC scanning",
        "Item was staged/ stored for returns/ Item was returned to merchant during merchant's delivery",
    ),
    ReturnStatus.ON_VEHICLE_TO_MERCHANT: (
        "Trucker scanning",
        "Item was loaded in the trucker and on its way to merchant",
    ),
    ReturnStatus.ARRIVED_AT_MERCHANT: ("Trucker scanning", "Item was handed over to merchant"),
}


class ReturnRefusal(Exception):
    """A return ID that may not be started now; `reason` names why, `str()` says it for the log."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason  # RETURN_NOT_REGISTERED, RETURN_EXPIRED, RETURN_ALREADY_USED, RETURN_STARTED_ELSEWHERE


_LIVE = {ParcelStatus.REGISTERED.value, ParcelStatus.FOR_RETURN.value}
_NOT_USED = _LIVE | {ParcelStatus.EXPIRED.value}


def startable_return(candidates: list[dict], reference: str, store_id: str, now: datetime) -> dict:
    """Of the return records found for an order number, UID or waybill, the one `store_id` may start:
    registered by the merchant, within its validity window, not used, not started at another store."""
    if not candidates:
        raise ReturnRefusal("RETURN_NOT_REGISTERED", f"No return is registered for {reference}.")
    live = [r for r in candidates if r["status"] in _LIVE]
    if not live:
        if any(r["status"] not in _NOT_USED for r in candidates):
            raise ReturnRefusal("RETURN_ALREADY_USED", f"The return for {reference} was already used.")
        raise ReturnRefusal("RETURN_EXPIRED", f"The return for {reference} expired.")
    record = live[-1]
    if datetime.fromisoformat(record["validUntil"].replace("Z", "+00:00")) < now:
        raise ReturnRefusal("RETURN_EXPIRED", f"The return for {reference} expired on {record['validUntil'][:10]}.")
    started_at = record.get("deliveryLocationId")
    if record["status"] == ParcelStatus.FOR_RETURN.value and started_at != store_id:
        raise ReturnRefusal("RETURN_STARTED_ELSEWHERE", f"The return for {reference} was started at store "
                                                        f"{started_at}.")
    return record
