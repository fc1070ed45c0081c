"""Money is Decimal pesos (PHP), rounded to centavos, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENTAVO = Decimal("0.01")


class MoneyError(ValueError):
    """An amount that is not a valid peso amount; `str()` is the user message."""


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
    return amount.quantize(CENTAVO, rounding=ROUND_HALF_UP)


def format_php(amount: Decimal) -> str:
    """``Decimal("1234.5")`` → ``PHP 1,234.50``."""
    return f"PHP {amount.quantize(CENTAVO):,.2f}"
