"""Money is Decimal pesos (PHP), rounded to centavos, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENTAVO = Decimal("0.01")


class MoneyError(ValueError):
    """An amount that is not a valid peso amount; `str()` is the user message."""


LARGEST_AMOUNT = Decimal("999999999999.99")  # a trillion pesos less a centavo


def php(value: str | int | Decimal) -> Decimal:
    """Parse an amount (``"200"``, ``"200.00"``, ``Decimal``) into pesos with two decimals."""
    if isinstance(value, float):
        raise TypeError("money is never float; pass a string or Decimal")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise MoneyError(f"{value!r} is not an amount of money.") from None
    if not amount.is_finite():
        raise MoneyError(f"{value!r} is not an amount of money.")
    if amount < 0:
        raise MoneyError("An amount cannot be negative.")
    if amount > LARGEST_AMOUNT:  # 1e30 would not even fit two decimals (Decimal's 28 digits)
        raise MoneyError(f"{str(value)[:40]!r} is more than any amount of money handled here.")
    return amount.quantize(CENTAVO, rounding=ROUND_HALF_UP)


def format_php(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``PHP 1,234.50``."""
    return f"PHP {amount.quantize(CENTAVO):,.2f}"


MAX_TENDER = Decimal("100000.00")  # the most cash a counter takes for one parcel, unless the store sets it
MANY_TIMES = 10  # cash more than this many times the amount due is asked to be confirmed
# ASCII digits only: \d would take any script's digits, and Decimal() would read them.
_TENDERED = re.compile(r"(?:PHP|₱)? ?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})(\.[0-9]{1,2})?")
_TOO_PRECISE = re.compile(r"(?:PHP|₱)? ?([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,9})\.[0-9]{3,}")


def read_tendered(text: str, *, most: Decimal = MAX_TENDER) -> Decimal:
    """The cash a clerk typed as received: digits, with thousands separators if any (``1,500``) and at
    most two decimals; no sign, no exponent, nothing else. Never rounded: ``349.505`` is refused."""
    typed = text.strip()
    if len(typed) > 20 or not _TENDERED.fullmatch(typed):
        if _TOO_PRECISE.fullmatch(typed):
            raise MoneyError(f"{typed} has more than two decimals: centavos are two digits.")
        raise MoneyError(f"{typed[:20]!r} is not an amount of cash: type digits, like 1500 or 1,500.50.")
    amount = Decimal(typed.removeprefix("PHP").removeprefix("₱").strip().replace(",", ""))
    if amount > most:
        raise MoneyError(f"{format_php(amount)} is more than a counter takes ({format_php(most)}): check the "
                         "amount typed.")
    return amount.quantize(CENTAVO)
