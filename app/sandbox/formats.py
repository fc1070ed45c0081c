"""The formats the sandbox's OpenAPI document names beyond JSON Schema's own, each checked by the
code that reads such a value, so the document and the handlers agree on what is well formed.

Each format is a function giving what is wrong with a text, in the words a client is answered
with (``{name}`` stands for the field's name), or None when the text is one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from app.domain.codes import CodeError, classify
from app.domain.weborders import valid_ean13

SEED_DATE_TIME = "%Y-%m-%d %H:%M:%S"  # seed 000's deliveryDate, "2015-08-02 17:55:59"


def counter_code(text: str) -> str | None:
    """A CLAIM, PAY & CLAIM or RETURN CODE (12 digits) or a tracking number (17), check digit right."""
    try:
        classify(text)
    except CodeError as exc:
        return str(exc)
    return None


def seed_date_time(text: str) -> str | None:
    try:
        datetime.strptime(text.strip(), SEED_DATE_TIME)
    except ValueError:
        return "{name} must look like 2015-08-02 17:55:59"
    return None


def ean_13(text: str) -> str | None:
    return None if valid_ean13(text) else f"Ean {text[:20]!r} is not a valid EAN-13"


FORMATS: dict[str, Callable[[str], str | None]] = {
    "counter-code": counter_code,
    "seed-date-time": seed_date_time,
    "ean-13": ean_13,
}
