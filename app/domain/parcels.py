"""The forward journey of a parcel sent for pickup at a store, and what may follow what.

Status names are those the central system uses (seed 000 names ``DELIVERED TO WAREHOUSE``,
``IN-TRANSIT`` and ``CLAIMED``; the returns table of seed 001 names ``FOR PULL OUT`` and
``PULLED OUT FROM STORE``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from app.domain.money import php


class ParcelStatus(enum.Enum):
    CREATED = "CREATED"
    AT_WAREHOUSE = "DELIVERED TO WAREHOUSE"
    IN_TRANSIT = "IN-TRANSIT"
    READY_FOR_CLAIM = "READY FOR CLAIM"
    CLAIMED = "CLAIMED"
    UNCLAIMED = "UNCLAIMED"  # left at the store past the merchant's holding period
    CANCELLED = "CANCELLED"
    FOR_PULL_OUT = "FOR PULL OUT"
    PULLED_OUT = "PULLED OUT FROM STORE"


_NEXT: dict[ParcelStatus, frozenset[ParcelStatus]] = {
    ParcelStatus.CREATED: frozenset({ParcelStatus.AT_WAREHOUSE, ParcelStatus.CANCELLED}),
    ParcelStatus.AT_WAREHOUSE: frozenset({ParcelStatus.IN_TRANSIT, ParcelStatus.CANCELLED}),
    ParcelStatus.IN_TRANSIT: frozenset({ParcelStatus.READY_FOR_CLAIM, ParcelStatus.CANCELLED}),
    ParcelStatus.READY_FOR_CLAIM: frozenset(
        {ParcelStatus.CLAIMED, ParcelStatus.UNCLAIMED, ParcelStatus.CANCELLED}
    ),
    ParcelStatus.UNCLAIMED: frozenset({ParcelStatus.FOR_PULL_OUT}),
    ParcelStatus.CANCELLED: frozenset({ParcelStatus.FOR_PULL_OUT}),
    ParcelStatus.FOR_PULL_OUT: frozenset({ParcelStatus.PULLED_OUT}),
    ParcelStatus.CLAIMED: frozenset(),
    ParcelStatus.PULLED_OUT: frozenset(),
}


class IllegalTransition(ValueError):
    """A status change the parcel journey does not allow."""

    def __init__(self, current: ParcelStatus, wanted: ParcelStatus):
        super().__init__(f"a parcel that is {current.value} cannot become {wanted.value}")
        self.current = current
        self.wanted = wanted


def can_transition(current: ParcelStatus, wanted: ParcelStatus) -> bool:
    return wanted in _NEXT[current]


def check_transition(current: ParcelStatus, wanted: ParcelStatus) -> None:
    """Raise IllegalTransition unless `current` may become `wanted`."""
    if not can_transition(current, wanted):
        raise IllegalTransition(current, wanted)


class PaymentType(enum.Enum):
    PREPAID = "PREPAID"
    COD = "COD"


@dataclass(frozen=True)
class Parcel:
    """A parcel as the counter knows it."""

    tracking_number: str
    store_id: str
    merchant_code: str
    merchant_name: str
    status: ParcelStatus
    payment_type: PaymentType = PaymentType.PREPAID
    amount: Decimal = Decimal("0.00")
    claim_code: str | None = None
    description: str = ""
    mobile_number: str = ""
    shelf_slot: str | None = None


def parcel_from_json(data: dict) -> Parcel:
    """A parcel from the central system's JSON (seed 000 field names)."""
    return Parcel(
        tracking_number=str(data["trackingNumber"]),
        store_id=str(data["deliveryLocationId"]),
        merchant_code=str(data.get("merchantCode", "")),
        merchant_name=str(data.get("merchant", "")),
        status=ParcelStatus(data["status"]),
        payment_type=PaymentType(data.get("paymentType") or "PREPAID"),
        amount=php(data.get("amount") or "0"),
        claim_code=data.get("claimCode"),
        description=str(data.get("description", "")),
        mobile_number=str(data.get("mobileNumber", "")),
        shelf_slot=data.get("shelfSlot"),
    )


def parcel_to_json(parcel: Parcel) -> dict:
    return {
        "trackingNumber": parcel.tracking_number,
        "deliveryLocationId": parcel.store_id,
        "merchantCode": parcel.merchant_code,
        "merchant": parcel.merchant_name,
        "status": parcel.status.value,
        "paymentType": parcel.payment_type.value,
        "amount": f"{parcel.amount:.2f}",
        "claimCode": parcel.claim_code,
        "description": parcel.description,
        "mobileNumber": parcel.mobile_number,
        "shelfSlot": parcel.shelf_slot,
    }
