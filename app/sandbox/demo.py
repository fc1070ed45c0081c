"""Demo data: the same merchants, stores, parcels and codes every time, so a newcomer can follow along.

Store 0166 is the demo counter. It has parcels on the truck (to receive), parcels on the shelf with
their CLAIM CODEs (to claim), and a few that are there to be refused (another store's, already claimed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import Parcel, ParcelStatus, PaymentType, parcel_to_json

DEMO_STORE = "0166"

# code: (name, days a registered return ID stays valid (seed 001's "valid only for X days"),
#        days a parcel waits at the store before it is unclaimed)
MERCHANTS = {"001": ("Merchant A", 7, 7), "002": ("Merchant B", 14, 5)}
STORES = {
    "0166": "7-Eleven Ortigas Avenue",
    "0234": "7-Eleven Pasig Kapitolyo",
    "0301": "7-Eleven Makati Ayala",
}

# Staff of the demo counter: (staff id, name, role, PIN).
STAFF = [("1001", "Ana Santos", "clerk", "1111"), ("9001", "Ben Cruz", "supervisor", "9999")]

# Click-and-collect orders a demo web shop places for the demo store (seed 003's fields).
WEB_ORDERS = [
    {"OrderNo": "WEB-2041", "ShopId": DEMO_STORE, "WebShopId": "WS-DIRECT",
     "Customer": {"Name": "Maria Santos", "Phone": "09171234567"},
     "DeliveryAddress": {"Name": "Maria Santos", "Street": "12 Mabini St", "Barangay": "Kapitolyo", "City": "Pasig"},
     "Lines": [{"VariantId": "V-1001", "Quantity": 2}, {"VariantId": "V-1005", "Quantity": 1}]},
    {"OrderNo": "WEB-2042", "ShopId": DEMO_STORE, "WebShopId": "WS-GROUP",
     "Customer": {"Name": "Jose Reyes", "Phone": "09181234567"},
     "DeliveryAddress": {"Name": "Jose Reyes", "Street": "8 Emerald Ave", "Barangay": "San Antonio", "City": "Pasig"},
     "Lines": [{"VariantId": "V-1003", "Quantity": 1}, {"VariantId": "V-1006", "Quantity": 1}]},
]

_ITEMS = [
    "Wireless earbuds",
    "Phone case",
    "Cotton T-shirt (M)",
    "Rice cooker inner pot",
    "Paperback novel",
    "Vitamin C 500 mg",
    "USB-C cable 1 m",
    "Kids' water bottle",
    "Lipstick set",
    "Desk lamp bulb",
    "Running socks (3 pairs)",
    "Notebook A5",
    "Bluetooth speaker",
    "Sunscreen SPF 50",
    "Keychain",
    "Hair clips",
    "Electric fan, 16 in",
    "Air fryer, 4 L",
    "Running shoes, size 42 (return)",
    "Denim jacket, L (return)",
]


@dataclass(frozen=True)
class DemoData:
    parcels: list[Parcel]

    def for_store(self, status: ParcelStatus, store_id: str = DEMO_STORE) -> list[Parcel]:
        """Prepaid parcels of a store in a status."""
        return [p for p in self.parcels if p.status is status and p.store_id == store_id
                and p.payment_type is PaymentType.PREPAID]

    def returns(self) -> list[Parcel]:
        """Returns waiting for the customer: one started at the demo store's kiosk, one merchant-issued."""
        return [p for p in self.parcels if p.status in (ParcelStatus.FOR_RETURN, ParcelStatus.REGISTERED)]

    def cash_on_delivery(self) -> list[Parcel]:
        return [p for p in self.parcels if p.payment_type is PaymentType.COD]

    def elsewhere(self) -> list[Parcel]:
        """Parcels waiting at, or going to, another store."""
        return [p for p in self.parcels if p.store_id not in (DEMO_STORE, "")]


def demo_data() -> DemoData:
    rng = random.Random(166)
    items = iter(_ITEMS)
    parcels: list[Parcel] = []

    def parcel(store_id: str, status: ParcelStatus, slot: str | None = None, cod: str | None = None) -> Parcel:
        merchant = rng.choice(sorted(MERCHANTS))
        return Parcel(
            tracking_number=issue_code(CodeKind.TRACKING, rng),
            store_id=store_id,
            merchant_code=merchant,
            merchant_name=MERCHANTS[merchant][0],
            status=status,
            payment_type=PaymentType.COD if cod else PaymentType.PREPAID,
            amount=Decimal(cod or "0.00"),
            claim_code=issue_code(CodeKind.REFERENCE if cod else CodeKind.CLAIM, rng),
            description=next(items),
            mobile_number="0917" + "".join(str(rng.randint(0, 9)) for _ in range(7)),
            shelf_slot=slot,
        )

    parcels += [parcel(DEMO_STORE, ParcelStatus.IN_TRANSIT) for _ in range(6)]
    parcels += [parcel(DEMO_STORE, ParcelStatus.READY_FOR_CLAIM, f"D-{n:02d}") for n in range(1, 6)]
    parcels += [parcel(DEMO_STORE, ParcelStatus.CLAIMED, None) for _ in range(2)]
    parcels += [parcel("0234", ParcelStatus.IN_TRANSIT) for _ in range(2)]
    parcels += [parcel("0234", ParcelStatus.READY_FOR_CLAIM, "A-01")]
    parcels += [parcel(DEMO_STORE, ParcelStatus.READY_FOR_CLAIM, "E-01", cod="1250.00"),
                parcel(DEMO_STORE, ParcelStatus.READY_FOR_CLAIM, "E-02", cod="349.50")]
    valid_until = (datetime.now(UTC) + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for store_id, status in ((DEMO_STORE, ParcelStatus.FOR_RETURN), ("", ParcelStatus.REGISTERED)):
        parcels.append(replace(parcel(store_id, status), claim_code=issue_code(CodeKind.RETURN, rng),
                               valid_until=valid_until))
    return DemoData(parcels)


def merchant_reference(data: DemoData, parcel: Parcel) -> str:
    """The order number the demo's merchant gave this parcel (or return)."""
    return f"DEMO-{data.parcels.index(parcel) + 1:04d}"


def record_of(parcel: Parcel, merchant_reference: str) -> dict:
    """A demo parcel as the record a merchant's request would have made (seed 000 and 001 fields)."""
    if parcel.status in (ParcelStatus.FOR_RETURN, ParcelStatus.REGISTERED):
        record = {**parcel_to_json(parcel), "flow": "RETURN", "type": "RETURN", "returnCode": parcel.claim_code,
                  "merchantReference": merchant_reference, "registeredAt": parcel.valid_until}
        del record["claimCode"]
        return record
    return {
        **parcel_to_json(parcel),
        "merchantReference": merchant_reference,
        "orderDate": "2026-11-20",
        "deliveryDate": "2026-11-23 17:00:00",
        "shipping_weight": "0.5",
        "shipping_length": "20",
        "shipping_width": "15",
        "shipping_height": "10",
    }


def codes_text(data: DemoData | None = None) -> str:
    """What to scan or type in the demo, as printed by ``counterpos --demo --list-codes``."""
    data = data or demo_data()
    ready = data.for_store(ParcelStatus.READY_FOR_CLAIM)
    other = data.elsewhere()[0]
    claimed = data.for_store(ParcelStatus.CLAIMED)[0]
    lines = [f"Demo store {DEMO_STORE}, {STORES[DEMO_STORE]}", "", "F8 Sign in: staff id, PIN"]
    lines += [f"  {staff_id}  {pin}  {name} ({role})" for staff_id, name, role, pin in STAFF]
    lines.append("")
    lines.append("F2 Receive: scan each parcel's label")
    lines += [f"  {p.tracking_number}  {p.description}" for p in data.for_store(ParcelStatus.IN_TRANSIT)]
    lines += ["", "F1 Serve: the CLAIM CODE, then its label"]
    lines += [f"  {p.claim_code}  {p.tracking_number}" for p in ready]
    lines += ["", "F1 Pay & claim: the REFERENCE CODE, cash, label"]
    lines += [f"  {p.claim_code}  {p.tracking_number}  PHP {p.amount}" for p in data.cash_on_delivery()]
    lines += ["", "F1 Return: the RETURN CODE"]
    lines += [f"  {p.claim_code}  {'kiosk slip' if p.store_id else 'from the merchant'}" for p in data.returns()]
    lines += ["", "Refused on purpose"]
    lines.append(f"  {other.tracking_number}  store {other.store_id}'s label")
    lines.append(f"  {claimed.claim_code}  already claimed")
    lines.append(f"  {ready[0].claim_code}  {ready[1].tracking_number}")
    lines.append("                  ^ wrong parcel's label")
    lines.append("  9917-6789-0023  mistyped (check digit)")
    from app.sandbox.weborders import DEMO_CATALOGUE  # here: weborders needs the database, which needs this module

    ean = {variant: code for variant, code, *_ in DEMO_CATALOGUE}
    lines += ["", "Ctrl+W Web orders: Ctrl+P picks, scan",
              f"  {ean['V-1001']} (twice), {ean['V-1005']}", "    for WEB-2041;",
              f"  {ean['V-1003']}, {ean['V-1006']}", "    for WEB-2042;",
              "  then F10, and Ctrl+D delivers;", "  Ctrl+R takes items back"]
    return "\n".join(lines) + "\n"


def kiosk_text(data: DemoData | None = None) -> str:
    """What to try at the demo kiosk."""
    data = data or demo_data()
    registered = next(p for p in data.returns() if p.status is ParcelStatus.REGISTERED)
    ready = data.for_store(ParcelStatus.READY_FOR_CLAIM)[0]
    staff_id, _, _, pin = STAFF[0]
    return (f"Kiosk demo: return order {merchant_reference(data, registered)}; track {ready.tracking_number}; "
            f"staff id {staff_id} and PIN {pin} leave the kiosk.")
