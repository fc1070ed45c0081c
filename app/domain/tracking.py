"""Tracking status codes, status buckets and NDR codes of the tracking API (seed 002).

Codes 1, 5, 6, 8 and 9 are named in the seed's samples; the others carry the tracking provider's
published descriptions. Only codes the seed places in a bucket are listed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.domain.parcels import ParcelStatus


class Bucket(enum.IntEnum):
    ORDER_PLACED = 1
    DISPATCHED = 2
    IN_TRANSIT = 3
    OUT_FOR_DELIVERY = 4
    FAILED_DELIVERY = 5
    DELIVERED = 6
    RETURNED = 7
    LOST = 8
    DAMAGED = 9

    @property
    def meaning(self) -> str:
        return _BUCKET_MEANING[self]

    @property
    def terminal(self) -> bool:
        """Seed 002: "6, 7, 8: These are terminal buckets in shipment journey"."""
        return self in (Bucket.DELIVERED, Bucket.RETURNED, Bucket.LOST)


_BUCKET_MEANING = {
    Bucket.ORDER_PLACED: "Order Placed by Customer",
    Bucket.DISPATCHED: "Dispatched",
    Bucket.IN_TRANSIT: "In Transit",
    Bucket.OUT_FOR_DELIVERY: "Out For Delivery",
    Bucket.FAILED_DELIVERY: "Failed Delivery",
    Bucket.DELIVERED: "Delivered",
    Bucket.RETURNED: "Returned: When shipment is in return journey due to customer rejection",
    Bucket.LOST: "Lost",
    Bucket.DAMAGED: "Damaged",
}


@dataclass(frozen=True)
class TrackingStatus:
    code: int
    description: str
    bucket: Bucket


def _statuses(*rows: tuple[int, str, Bucket]) -> dict[int, TrackingStatus]:
    return {code: TrackingStatus(code, description, bucket) for code, description, bucket in rows}


B = Bucket
STATUSES = _statuses(
    (1, "OrderPlaced", B.ORDER_PLACED),
    (2, "PickupPending", B.ORDER_PLACED),
    (3, "PickupFailed", B.ORDER_PLACED),
    (4, "PickedUp", B.DISPATCHED),
    (5, "InTransit", B.IN_TRANSIT),
    (6, "OutForDelivery", B.OUT_FOR_DELIVERY),
    (7, "NotServiceable", B.FAILED_DELIVERY),
    (8, "Delivered", B.DELIVERED),
    (9, "FailedDelivery", B.FAILED_DELIVERY),
    (10, "CancelledOrder", B.ORDER_PLACED),
    (11, "RTO-Requested", B.RETURNED),
    (12, "RTO-Marked", B.RETURNED),
    (13, "RTO-OutForDelivery", B.RETURNED),
    (14, "RTO-Delivered", B.RETURNED),
    (15, "RTO-Failed", B.RETURNED),
    (16, "Lost", B.LOST),
    (17, "Damaged", B.DAMAGED),
    (18, "ShipmentDelayed", B.IN_TRANSIT),
    (19, "ContactCustomerCare", B.IN_TRANSIT),
    (20, "ShipmentHeld", B.IN_TRANSIT),
    (21, "RTO-InTransit", B.RETURNED),
    (25, "OutForPickup", B.ORDER_PLACED),
    (26, "RTO-ContactCustomerCare", B.RETURNED),
    (27, "RTO-ShipmentDelay", B.RETURNED),
    (28, "AWBRegistered", B.ORDER_PLACED),
)
del B

class NdrCode(enum.IntEnum):
    """Non-delivery reasons. Seed 002: map on the code, never on the description."""

    UNKNOWN_EXCEPTION = 0
    CUSTOMER_UNAVAILABLE = 1
    REJECTED_BY_CUSTOMER = 2
    DELIVERY_RESCHEDULED = 3
    NO_ATTEMPT = 4
    CUSTOMER_UNREACHABLE = 5
    ADDRESS_ISSUE = 6
    PAYMENT_ISSUE = 7
    OUT_OF_DELIVERY_AREA = 8
    ORDER_ALREADY_CANCELLED = 9
    SELF_COLLECT = 10
    SHIPMENT_SEIZED_BY_CUSTOMER = 11

    @property
    def description(self) -> str:
        return _NDR_DESCRIPTION[self]


_NDR_DESCRIPTION = {
    NdrCode.UNKNOWN_EXCEPTION: "Unknown Exception",
    NdrCode.CUSTOMER_UNAVAILABLE: "Customer Unavailable",
    NdrCode.REJECTED_BY_CUSTOMER: "Rejected by Customer",
    NdrCode.DELIVERY_RESCHEDULED: "Delivery Rescheduled",
    NdrCode.NO_ATTEMPT: "No Attempt",
    NdrCode.CUSTOMER_UNREACHABLE: "Customer Unreachable",
    NdrCode.ADDRESS_ISSUE: "Address Issue",
    NdrCode.PAYMENT_ISSUE: "Payment Issue",
    NdrCode.OUT_OF_DELIVERY_AREA: "Out Of Delivery Area",
    NdrCode.ORDER_ALREADY_CANCELLED: "Order Already Cancelled",
    NdrCode.SELF_COLLECT: "Self Collect",
    NdrCode.SHIPMENT_SEIZED_BY_CUSTOMER: "Shipment Seized By Customer",
}


def ndr_for(code: int) -> NdrCode:
    """The NDR reason for `code`; an unknown code is an unknown exception, never an error."""
    try:
        return NdrCode(code)
    except ValueError:
        return NdrCode.UNKNOWN_EXCEPTION


# ParcelStatus -> (clickpost_status_code, NDR reason or None): how our statuses read in tracking.
PARCEL_TRACKING: dict[ParcelStatus, tuple[int, NdrCode | None]] = {
    ParcelStatus.CREATED: (1, None),
    ParcelStatus.REGISTERED: (1, None),
    ParcelStatus.DROPPED_OFF: (4, None),
    ParcelStatus.AT_WAREHOUSE: (4, None),
    ParcelStatus.IN_TRANSIT: (5, None),
    ParcelStatus.READY_FOR_CLAIM: (6, None),  # waiting at the store: the customer's "out for delivery"
    ParcelStatus.OUT_FOR_DELIVERY: (6, None),
    ParcelStatus.CLAIMED: (8, None),
    ParcelStatus.DELIVERED: (8, None),
    ParcelStatus.UNCLAIMED: (9, NdrCode.CUSTOMER_UNAVAILABLE),
    ParcelStatus.CANCELLED: (10, None),
    ParcelStatus.EXPIRED: (10, None),
    ParcelStatus.FOR_RETURN: (11, None),
    ParcelStatus.RETURNED: (12, None),
    ParcelStatus.FOR_PULL_OUT: (21, None),
    ParcelStatus.PULLED_OUT: (21, None),
    ParcelStatus.ON_VEHICLE_TO_WAREHOUSE: (21, None),
    ParcelStatus.ARRIVED_AT_WAREHOUSE: (21, None),
    ParcelStatus.FOR_RETURN_TO_MERCHANT: (21, None),
    ParcelStatus.RETURNED_TO_MERCHANT: (14, None),
    ParcelStatus.ON_VEHICLE_TO_MERCHANT: (13, None),
    ParcelStatus.ARRIVED_AT_MERCHANT: (14, None),
}
