"""The returns status table of seed 001 (CLiQQ Returns API), in order, with trigger and meaning."""

from __future__ import annotations

import enum


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
