"""Parcels and their journeys: every status, which may follow which, and who may cause each change.

The table `TRANSITIONS` is the documented status list of the central system (the sandbox serves it,
the counter obeys it): forward parcels sent for pickup (seed 000), drop-offs, and returns (seed 001).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from app.domain.money import php
from app.domain.text import bounded


class ParcelStatus(enum.Enum):
    """Every status the central system gives a parcel, forward, drop-off and return alike.

    Seed 000 names DELIVERED TO WAREHOUSE, IN-TRANSIT and CLAIMED and leaves the rest of the list
    "to be posted"; seed 001 gives the returns statuses. The others are ours, named in the same style.
    """

    # Sent by a merchant for pickup at a store (seed 000), or dropped off by a seller.
    CREATED = "CREATED"
    DROPPED_OFF = "DROPPED OFF"
    AT_WAREHOUSE = "DELIVERED TO WAREHOUSE"
    IN_TRANSIT = "IN-TRANSIT"
    READY_FOR_CLAIM = "READY FOR CLAIM"
    CLAIMED = "CLAIMED"
    OUT_FOR_DELIVERY = "OUT FOR DELIVERY"  # a drop-off going to a door address
    DELIVERED = "DELIVERED"
    UNCLAIMED = "UNCLAIMED"  # left at the store past the merchant's holding period
    CANCELLED = "CANCELLED"
    # A return ID the merchant registered (seed 001's business rules), before the customer comes.
    REGISTERED = "REGISTERED"
    EXPIRED = "EXPIRED"  # its validity window passed unused
    # Seed 001's returns status flow, in its order; unclaimed parcels go back the same way.
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
    def known(self) -> bool:
        """False for a status the central system gave that this program does not know (see `read_status`)."""
        return self._value_ in type(self)._value2member_map_


MAX_STATUS_LENGTH = 60
_UNKNOWN_STATUSES: dict[str, ParcelStatus] = {}


def read_status(text: object) -> ParcelStatus:
    """The status the central system gave a parcel. The seeds leave the list open, so one this program
    does not know is kept as given (`known` is False) instead of refused: such a parcel is shown, never
    released. Only a missing status is an error (ValueError)."""
    try:
        return ParcelStatus(text)
    except ValueError:
        pass
    value = " ".join(str(text or "").split())[:MAX_STATUS_LENGTH]
    if not value:
        raise ValueError("a parcel without a status")
    if value not in _UNKNOWN_STATUSES:
        unknown = object.__new__(ParcelStatus)  # a member outside the enumeration, as Flag makes them
        unknown._name_, unknown._value_ = "UNKNOWN", value
        _UNKNOWN_STATUSES[value] = unknown
    return _UNKNOWN_STATUSES[value]


class Actor(enum.Enum):
    """Who causes a status change (seed 001's "trigger" column, extended to the forward flow)."""

    MERCHANT = "Merchant API"
    KIOSK = "Kiosk transaction"
    POS = "POS transaction"
    ECMS_JOB = "ECMS job"
    TRUCKER_SCAN = "Trucker scanning"
    DC_SCAN = "DC scanning"
    PROVIDER = "Delivery provider scanning"


S, A = ParcelStatus, Actor
# (from, to) -> the one actor that may make that change.
TRANSITIONS: dict[tuple[ParcelStatus, ParcelStatus], Actor] = {
    # Forward: merchant -> warehouse (CDI) -> truck -> store -> customer.
    (S.CREATED, S.AT_WAREHOUSE): A.DC_SCAN,
    (S.AT_WAREHOUSE, S.IN_TRANSIT): A.TRUCKER_SCAN,
    (S.IN_TRANSIT, S.READY_FOR_CLAIM): A.POS,
    (S.READY_FOR_CLAIM, S.CLAIMED): A.POS,
    (S.READY_FOR_CLAIM, S.UNCLAIMED): A.ECMS_JOB,
    (S.UNCLAIMED, S.FOR_PULL_OUT): A.ECMS_JOB,
    # Drop-off: seller -> store -> warehouse -> another store (as above) or a door.
    (S.CREATED, S.DROPPED_OFF): A.POS,
    (S.DROPPED_OFF, S.AT_WAREHOUSE): A.DC_SCAN,
    (S.AT_WAREHOUSE, S.OUT_FOR_DELIVERY): A.PROVIDER,
    (S.OUT_FOR_DELIVERY, S.DELIVERED): A.PROVIDER,
    # Cancelled by the merchant before the customer has it; goes back from wherever it is.
    (S.CREATED, S.CANCELLED): A.MERCHANT,
    (S.AT_WAREHOUSE, S.CANCELLED): A.MERCHANT,
    (S.IN_TRANSIT, S.CANCELLED): A.MERCHANT,
    (S.READY_FOR_CLAIM, S.CANCELLED): A.MERCHANT,
    (S.CANCELLED, S.FOR_PULL_OUT): A.ECMS_JOB,
    (S.CANCELLED, S.FOR_RETURN_TO_MERCHANT): A.DC_SCAN,
    # Returns: a registered return ID, used at the kiosk or straight at the counter.
    (S.REGISTERED, S.FOR_RETURN): A.KIOSK,
    (S.REGISTERED, S.RETURNED): A.POS,  # a merchant-issued RETURN CODE needs no kiosk slip
    (S.REGISTERED, S.EXPIRED): A.ECMS_JOB,
    (S.FOR_RETURN, S.EXPIRED): A.ECMS_JOB,
    (S.FOR_RETURN, S.RETURNED): A.POS,
    (S.RETURNED, S.FOR_PULL_OUT): A.ECMS_JOB,
    (S.FOR_PULL_OUT, S.PULLED_OUT): A.POS,
    (S.PULLED_OUT, S.ON_VEHICLE_TO_WAREHOUSE): A.TRUCKER_SCAN,
    (S.ON_VEHICLE_TO_WAREHOUSE, S.ARRIVED_AT_WAREHOUSE): A.TRUCKER_SCAN,
    (S.ARRIVED_AT_WAREHOUSE, S.FOR_RETURN_TO_MERCHANT): A.DC_SCAN,
    (S.FOR_RETURN_TO_MERCHANT, S.RETURNED_TO_MERCHANT): A.DC_SCAN,
    (S.RETURNED_TO_MERCHANT, S.ON_VEHICLE_TO_MERCHANT): A.TRUCKER_SCAN,
    (S.ON_VEHICLE_TO_MERCHANT, S.ARRIVED_AT_MERCHANT): A.TRUCKER_SCAN,
}
del S, A


class IllegalTransition(ValueError):
    """A status change the parcel journey does not allow, or not from this actor."""

    def __init__(self, current: ParcelStatus, wanted: ParcelStatus, actor: Actor | None = None):
        allowed = TRANSITIONS.get((current, wanted))
        if allowed is None:
            message = f"a parcel that is {current.value} cannot become {wanted.value}"
        else:
            message = f"{current.value} → {wanted.value} is done by {allowed.value}, not by {actor.value}"
        super().__init__(message)
        self.current = current
        self.wanted = wanted


def can_transition(current: ParcelStatus, wanted: ParcelStatus, actor: Actor | None = None) -> bool:
    """May `current` become `wanted` (by `actor`, when given)?"""
    allowed = TRANSITIONS.get((current, wanted))
    return allowed is not None and (actor is None or actor is allowed)


def check_transition(current: ParcelStatus, wanted: ParcelStatus, actor: Actor | None = None) -> None:
    """Raise IllegalTransition unless `current` may become `wanted` (by `actor`, when given)."""
    if not can_transition(current, wanted, actor):
        raise IllegalTransition(current, wanted, actor)


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
    valid_until: str | None = None  # a return code's last moment (ISO, UTC)
    hold_until: str | None = None  # a parcel on the shelf: when its merchant's holding period ends (ISO, UTC)


def parcel_from_json(data: dict) -> Parcel:
    """A parcel from the central system's JSON (seed 000 field names), each text cut to what the
    counter stores and shows (`FIELD_LIMITS`)."""
    def text(name: str, default: str = "") -> str:
        return bounded(data.get(name) or default, FIELD_LIMITS[name])

    def optional(name: str) -> str | None:
        return text(name) if data.get(name) else None

    return Parcel(
        tracking_number=bounded(data["trackingNumber"], FIELD_LIMITS["trackingNumber"]),
        store_id=text("deliveryLocationId"),
        merchant_code=text("merchantCode"),
        merchant_name=text("merchant"),
        status=read_status(data.get("status")),
        payment_type=PaymentType(data.get("paymentType") or "PREPAID"),
        amount=php(data.get("amount") or "0"),
        claim_code=optional("claimCode") or optional("returnCode"),
        description=text("description"),
        mobile_number=text("mobileNumber"),
        shelf_slot=optional("shelfSlot"),
        valid_until=optional("validUntil"),
        hold_until=optional("holdUntil"),
    )


FIELD_LIMITS = {"trackingNumber": 40, "deliveryLocationId": 16, "merchantCode": 32, "merchant": 120,
                "claimCode": 64, "returnCode": 64, "description": 500, "mobileNumber": 32, "shelfSlot": 16,
                "validUntil": 40, "holdUntil": 40}


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
        "validUntil": parcel.valid_until,
        "holdUntil": parcel.hold_until,
    }
