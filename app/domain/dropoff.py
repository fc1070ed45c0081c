"""A seller's drop-off as the clerk enters it, checked field by field with one clear message each.

Seed 000's drop-off request names the fields (``mobileNumber``, ``deliveryType`` STORE or DOOR,
``amountCollect``, ``dest`` with ``deliveryLocationId`` or ``shippingAddress``); the package limits are
product rules (see `app.domain.limits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from app.domain.codes import CodeError, validate_store_id
from app.domain.limits import limit_violations
from app.domain.money import MoneyError, php

MOBILE = re.compile(r"(09|\+639)\d{9}")
MAX_ADDRESS = 500
FIELDS = ("mobile", "delivery_type", "destination", "length", "width", "height", "volume", "weight", "collect")


@dataclass(frozen=True)
class DropOff:
    mobile_number: str
    delivery_type: str  # STORE | DOOR
    destination: str  # a store id for STORE, the address for DOOR
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal
    weight_kg: Decimal
    amount_collect: Decimal

    @property
    def dest(self) -> dict:
        """Seed 000's ``dest`` object."""
        if self.delivery_type == "STORE":
            return {"deliveryLocationId": self.destination}
        return {"shippingAddress": self.destination}

    def package(self) -> dict:
        return {"length": str(self.length_cm), "width": str(self.width_cm), "height": str(self.height_cm),
                "weight": str(self.weight_kg)}


class DropOffProblems(ValueError):
    """Every field that cannot be used: `problems` maps a field name to its message."""

    def __init__(self, problems: dict[str, str]):
        super().__init__(" ".join(problems.values()))
        self.problems = problems


def read_dropoff(*, mobile: str, delivery_type: str, destination: str, length: str, width: str, height: str,
                 weight: str, collect: str) -> DropOff:
    """The typed fields as a DropOff, or DropOffProblems naming each field that is wrong and why."""
    problems: dict[str, str] = {}
    mobile = mobile.strip().replace(" ", "").replace("-", "")
    if not MOBILE.fullmatch(mobile):
        problems["mobile"] = "The seller's mobile number is 11 digits starting 09 (or +639…)."
    delivery_type = delivery_type.strip().upper()
    destination = destination.strip()
    if delivery_type == "STORE":
        try:
            destination = validate_store_id(destination)
        except CodeError as exc:
            problems["destination"] = f"Destination: {exc}"
    elif delivery_type == "DOOR":
        if not 10 <= len(destination) <= MAX_ADDRESS:
            problems["destination"] = f"The door address needs street, barangay and city (10 to {MAX_ADDRESS} letters)."
    else:
        problems["delivery_type"] = "Deliver to STORE or DOOR."
    size = {}
    for name, text, unit in (("length", length, "cm"), ("width", width, "cm"), ("height", height, "cm"),
                             ("weight", weight, "kg")):
        try:
            size[name] = Decimal(text.strip().replace(",", "."))
            if not size[name].is_finite():
                raise InvalidOperation
        except InvalidOperation:
            problems[name] = f"The {name} must be a number of {unit}, like 12.5."
    # Each limit a typed number breaks, even when another field is not a number yet (1 stands in for
    # those: it breaks no limit); the volume only when every side is known.
    known = {name: size.get(name, Decimal(1)) for name in ("length", "width", "height", "weight")}
    for message in limit_violations(known["length"], known["width"], known["height"], known["weight"]):
        field = next((n for n in known if f"The {n} " in message), "volume")
        if field in size or (field == "volume" and len(size) == 4):
            problems.setdefault(field, message)
    try:
        amount_collect = php(collect or "0")
    except MoneyError as exc:
        problems["collect"] = f"Amount to collect: {exc}"
    if problems:
        raise DropOffProblems({name: problems[name] for name in FIELDS if name in problems})
    return DropOff(mobile, delivery_type, destination, size["length"], size["width"], size["height"], size["weight"],
                   amount_collect)
