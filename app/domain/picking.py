"""Picking a web order (seed 003): each scanned item is matched to an order line, by VariantId first
(unique per group) and by EAN otherwise (not unique: one EAN may fit several lines, and then the
clerk chooses). Wrong items, unknown barcodes and more than was ordered are refused, each saying why.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PickLine:
    variant_id: str
    ean: str
    name: str
    quantity: int
    location: str
    picked: int = 0

    @property
    def missing(self) -> int:
        return self.quantity - self.picked


def lines_of(order: dict, picked: dict[str, int]) -> list[PickLine]:
    return [PickLine(line["VariantId"], line.get("Ean") or "", line.get("Name") or line["VariantId"],
                     int(line["Quantity"]), line.get("LocationHint") or "", picked.get(line["VariantId"], 0))
            for line in order["Lines"]]


def sold_lines(order: dict, picked: dict[str, int]) -> list[PickLine]:
    """What was (or will be) handed over, in `picked`: this counter's picks, else the picks the central
    system reports (another terminal picked it), else every line as ordered."""
    handed = picked or {line["VariantId"]: int(line["Quantity"]) for line in order.get("Picked") or order["Lines"]}
    return [line for line in lines_of(order, handed) if line.picked]


class NotThisOrder(ValueError):
    """The scan fits no line the order still needs; `str()` says why."""


def matching(lines: list[PickLine], scanned: str, gtin: str | None = None) -> list[PickLine]:
    """The lines a barcode names: its VariantId's one line, else every line with its EAN."""
    code = scanned.strip()
    by_variant = [line for line in lines if line.variant_id == code]
    ean = gtin or (code if code.isdigit() else None)
    return by_variant or [line for line in lines if ean and line.ean and line.ean.lstrip("0") == ean.lstrip("0")]


def candidates(lines: list[PickLine], scanned: str, gtin: str | None = None) -> list[PickLine]:
    """The lines a scan may be: the VariantId's one line, else every line with the EAN, still needed.

    NotThisOrder when it is not in the order at all, or every line it fits is picked already."""
    fits = matching(lines, scanned, gtin)
    if not fits:
        raise NotThisOrder(f"{scanned.strip()} is not in this order. Put it back.")
    needed = [line for line in fits if line.missing > 0]
    if not needed:
        names = " / ".join(f"{line.name} ({line.quantity})" for line in fits)
        raise NotThisOrder(f"Enough already: {names} all picked. Put the extra one back.")
    return needed
