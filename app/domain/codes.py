"""What a scanned or typed text is, before anything is looked up.

Formats (our own, issued by the central system, each ending in a Damm check digit):

* CLAIM, REFERENCE (pay & claim / COD) and RETURN codes: 12 digits shown as ``9917-6789-0023``; the
  first digit tells the kind (9 claim, 8 reference, 1 return), as in the seed examples
  (claim ``9917-…``, return ``1822-…``).
* Tracking numbers: 17 digits (seed 000: ``30310533261428120``).
* Store ids: 4 digits (``0166``).
"""

from __future__ import annotations

import enum
import random
import re
from dataclasses import dataclass

from app.domain.checkdigit import damm_digit, damm_valid

MAX_SCAN_LENGTH = 64


class CodeKind(enum.Enum):
    CLAIM = "CLAIM CODE"
    REFERENCE = "REFERENCE CODE"
    RETURN = "RETURN CODE"
    TRACKING = "tracking number"


_PREFIX_KIND = {"9": CodeKind.CLAIM, "8": CodeKind.REFERENCE, "1": CodeKind.RETURN}
_KIND_PREFIX = {kind: prefix for prefix, kind in _PREFIX_KIND.items()}
_SEPARATORS = re.compile(r"[\s\-]")
_STORE_ID = re.compile(r"\d{4}")


class CodeError(ValueError):
    """A text that is not a code we know; `str()` is the message for the clerk."""


@dataclass(frozen=True)
class Code:
    kind: CodeKind
    value: str  # canonical: 12-digit codes grouped with dashes, tracking numbers bare

    def __str__(self) -> str:
        return self.value


def _clean(text: str) -> str:
    if len(text) > MAX_SCAN_LENGTH:
        raise CodeError(f"Not a code we know: {len(text)} characters is far too long for any of our codes.")
    if any(not ch.isprintable() for ch in text.strip()):
        raise CodeError("Not a code we know: it contains control characters. Scan it again.")
    return _SEPARATORS.sub("", text)


def classify(text: str) -> Code:
    """Recognise a scan or typed text, or raise CodeError with a message a clerk understands."""
    digits = _clean(text)
    if not digits:
        raise CodeError("Nothing was scanned.")
    if not digits.isascii() or not digits.isdigit():
        raise CodeError(f"Not a code we know: {_shown(text)!r} is not made of digits.")
    if len(digits) == 17:
        if not damm_valid(digits):
            raise CodeError(f"Tracking number {digits} looks mistyped: its check digit does not match.")
        return Code(CodeKind.TRACKING, digits)
    if len(digits) == 12:
        kind = _PREFIX_KIND.get(digits[0])
        if kind is None:
            raise CodeError(f"Not a code we know: {group(digits)} is not a claim, reference or return code.")
        if not damm_valid(digits):
            raise CodeError(f"{kind.value} {group(digits)} looks mistyped: its check digit does not match.")
        return Code(kind, group(digits))
    raise CodeError(
        f"Not a code we know: {_shown(text)!r} has {len(digits)} digits "
        "(codes have 12, tracking numbers 17)."
    )


def _shown(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 24 else text[:21] + "…"


def group(digits: str) -> str:
    """``991767890023`` → ``9917-6789-0023``."""
    return "-".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def validate_store_id(text: str) -> str:
    """A store id is four digits, e.g. ``0166``."""
    text = text.strip()
    if not _STORE_ID.fullmatch(text):
        raise CodeError(f"Store id {text!r} must be four digits, like 0166.")
    return text


def issue_code(kind: CodeKind, rng: random.Random) -> str:
    """A new code of `kind` with its check digit (the central system issues these)."""
    if kind is CodeKind.TRACKING:
        body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(15))
        return body + damm_digit(body)
    body = _KIND_PREFIX[kind] + "".join(str(rng.randint(0, 9)) for _ in range(10))
    return group(body + damm_digit(body))


_LIST_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class NotATrackingNumber:
    """A part of a list of tracking numbers that is not one: `code` when it is another kind of code."""

    text: str
    message: str
    code: Code | None = None


def tracking_numbers(text: str) -> tuple[list[str], list[NotATrackingNumber]]:
    """The distinct tracking numbers of a typed or scanned list (spaces, commas or semicolons between
    them), in order, and each part that is not one."""
    numbers, problems = [], []
    for part in (p for p in _LIST_SEPARATORS.split(text.strip()) if p):
        try:
            code = classify(part)
        except CodeError as exc:
            problems.append(NotATrackingNumber(part, str(exc)))
            continue
        if code.kind is not CodeKind.TRACKING:
            problems.append(NotATrackingNumber(part, f"{code.value} is a {code.kind.value}", code))
        elif code.value not in numbers:
            numbers.append(code.value)
    return numbers, problems
