"""The event a counter sends when a parcel changes status at the store.

Its fields follow seed 000's notification (``trackingNumber``, ``location``, ``status``,
``timestamp``), plus the terminal that did it and details such as the shelf slot. The outbox adds
the ``idempotencyKey``. The caller gives the time (its clock's ``iso()``).
"""

from __future__ import annotations

from app.domain.dropoff import DropOff
from app.domain.parcels import ParcelStatus


def status_event(
    tracking_number: str,
    status: ParcelStatus,
    *,
    store_id: str,
    terminal_id: str,
    timestamp: str,
    details: dict | None = None,
) -> dict:
    return {
        "trackingNumber": tracking_number,
        "status": status.value,
        "location": store_id,
        "terminalId": terminal_id,
        "timestamp": timestamp,
        "details": details or {},
    }


def payment_event(
    tracking_number: str, *, amount: str, tendered: str, change: str, store_id: str, terminal_id: str, timestamp: str
) -> dict:
    """Cash collected for a pay & claim parcel (seed 000: "POS sends transaction details")."""
    return {
        "type": "PAYMENT",
        "trackingNumber": tracking_number,
        "location": store_id,
        "terminalId": terminal_id,
        "timestamp": timestamp,
        "payment": {"method": "CASH", "amount": amount, "tendered": tendered, "change": change},
    }


def dropoff_event(tracking_number: str, dropoff: DropOff, *, fee: str, provider: str, store_id: str,
                  terminal_id: str, timestamp: str) -> dict:
    """A seller's parcel accepted here under a number from this terminal's block (seed 000's fields)."""
    return {
        "type": "DROPOFF",
        "trackingNumber": tracking_number,
        "location": store_id,
        "terminalId": terminal_id,
        "timestamp": timestamp,
        "dropoff": {"mobileNumber": dropoff.mobile_number, "deliveryType": dropoff.delivery_type,
                    "dest": dropoff.dest, "amountCollect": f"{dropoff.amount_collect:.2f}",
                    "package": dropoff.package(), "feeCollected": fee, "provider": provider},
    }


def weborder_event(order_no: str, status: str, *, store_id: str, terminal_id: str, timestamp: str,
                   details: dict | None = None) -> dict:
    """A web order's step at this shop (seed 003): PICKING, PICKED, DELIVERED or RETURNED."""
    return {
        "orderNo": order_no,
        "status": status,
        "location": store_id,
        "terminalId": terminal_id,
        "timestamp": timestamp,
        "details": details or {},
    }
