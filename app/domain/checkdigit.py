"""Damm check digits for the codes the central system issues.

Damm catches every single-digit typo and every swap of two adjacent digits, the two mistakes a clerk
typing a code off a phone screen actually makes (Luhn misses 09 <-> 90).
"""

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def _interim(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def damm_digit(digits: str) -> str:
    """The check digit to append to `digits` (ASCII digits only)."""
    return str(_interim(digits))


def damm_valid(digits: str) -> bool:
    """True when the last digit of `digits` is its Damm check digit."""
    return _interim(digits) == 0
