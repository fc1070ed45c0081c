"""Staff at the counter: their roles, and their PINs, kept only as a slow, salted hash (scrypt).

A PIN has few digits, so the hash must be slow: scrypt with 16 MiB of memory per try makes
guessing a stolen database's PINs expensive, while a clerk waits about a twentieth of a second.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass

PIN_DIGITS = (4, 8)
_N, _R, _P = 2**14, 8, 1


class Role(enum.Enum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"  # also approves reprints, typed codes, closing unsynced, exceptions


@dataclass(frozen=True)
class StaffMember:
    staff_id: str
    name: str
    role: Role

    @property
    def is_supervisor(self) -> bool:
        return self.role is Role.SUPERVISOR


class PinError(ValueError):
    """A PIN that cannot be used; `str()` says why."""


def check_pin_shape(pin: str) -> None:
    low, high = PIN_DIGITS
    if not (pin.isascii() and pin.isdigit() and low <= len(pin) <= high):
        raise PinError(f"A PIN is {low} to {high} digits.")


def hash_pin(pin: str) -> str:
    check_pin_shape(pin)
    salt = secrets.token_bytes(16)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${_derive(pin, salt, _N, _R, _P).hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(_derive(pin, bytes.fromhex(salt), int(n), int(r), int(p)), bytes.fromhex(digest))


def _derive(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32)
