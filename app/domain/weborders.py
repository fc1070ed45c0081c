"""Click-and-collect web orders (seed 003): statuses, what may follow what, and item barcodes.

The seed lets a status filter of ``all``, ``All`` or ``0`` mean every status; each status also has
a number, so a filter may name it either way.
"""

from __future__ import annotations

import enum


class WebOrderStatus(enum.Enum):
    PENDING = 1  # assigned to a shop, not started
    PICKING = 2
    PICKED = 3
    DELIVERED = 4  # handed over or sent: a sale is made against the OrderNo
    CANCELLED = 5
    RETURNED = 6


_NEXT = {
    WebOrderStatus.PENDING: {WebOrderStatus.PICKING, WebOrderStatus.CANCELLED},
    WebOrderStatus.PICKING: {WebOrderStatus.PICKED, WebOrderStatus.CANCELLED},
    WebOrderStatus.PICKED: {WebOrderStatus.DELIVERED, WebOrderStatus.PICKING, WebOrderStatus.CANCELLED},
    WebOrderStatus.DELIVERED: {WebOrderStatus.RETURNED},
    WebOrderStatus.CANCELLED: set(),
    WebOrderStatus.RETURNED: set(),
}

ALL = ("all", "All", "0")

# The group's return policy (seed 003): is a returning customer refunded from the shop's register?
# An order carries the policy it was sold under, so a counter knows it offline.
REFUND_AT_REGISTER = "REFUND_AT_REGISTER"
NO_REFUND_AT_REGISTER = "NO_REFUND_AT_REGISTER"


def can_follow(current: WebOrderStatus, wanted: WebOrderStatus) -> bool:
    return wanted in _NEXT[current]


def status_filter(text: str | None) -> set[WebOrderStatus]:
    """The statuses a filter asks for: ``all``/``All``/``0`` or nothing for all, else names or numbers."""
    if text is None or text.strip() in ALL or not text.strip():
        return set(WebOrderStatus)
    wanted = set()
    for part in text.split(","):
        part = part.strip()
        try:
            wanted.add(WebOrderStatus(int(part)) if part.isdigit() else WebOrderStatus[part.upper()])
        except (KeyError, ValueError):
            names = ", ".join(s.name.lower() for s in WebOrderStatus)
            raise ValueError(f"unknown status {part!r}: use all, 0, or one of {names} (or 1-6)") from None
    return wanted


def ean13_check_digit(first12: str) -> str:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def valid_ean13(code: str) -> bool:
    return len(code) == 13 and code.isdigit() and ean13_check_digit(code[:12]) == code[12]
