"""A drop-off's parcel record, as a merchant's request (seed 000) and a counter's DROPOFF event make it."""

from __future__ import annotations

from decimal import Decimal

from app.domain.codes import CodeKind
from app.domain.parcels import ParcelStatus
from app.domain.rates import DEMO_RATES
from app.sandbox.database import SandboxDb


def dropoff_record(db: SandboxDb, *, tracking_number: str, merchant_code: str, merchant: str, mobile: str,
                   reference: str, delivery_type: str, collect: Decimal, destination: str) -> dict:
    """The CREATED record: to a store (the receiver gets a CLAIM or REFERENCE CODE there) or a door."""
    record = {
        "flow": "DROPOFF",
        "merchantCode": merchant_code,
        "merchant": merchant,
        "mobileNumber": mobile,
        "merchantReference": reference,
        "deliveryType": delivery_type,
        "amountCollect": f"{collect:.2f}",
        "paymentType": "COD" if collect > 0 else "PREPAID",
        "amount": f"{collect:.2f}",
        "amountDue": f"{DEMO_RATES.fee(delivery_type, collect):.2f}",
        "trackingNumber": tracking_number,
        "status": ParcelStatus.CREATED.value,
    }
    if delivery_type == "STORE":
        record["deliveryLocationId"] = destination
        record["claimCode"] = db.unused_code(CodeKind.REFERENCE if collect > 0 else CodeKind.CLAIM)
    else:
        record["shippingAddress"] = destination
    return record
