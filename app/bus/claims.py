"""Claims on what is not physical (a RETURN CODE, a COD parcel's cash, a web order's pick), as the
counter's use cases ask for them: taken on the store hub, refused with who has it, or taken alone
when the hub cannot be asked (the facts tell the others later; a double use is a conflict in F6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.store import Holder, UsedClaim


@dataclass(frozen=True)
class ClaimAnswer:
    used: UsedClaim | None  # this terminal's now; None: another terminal has it
    holder: Holder | None = None  # who has it, when refused


class ClaimGate(Protocol):
    def take(self, subject: str) -> ClaimAnswer: ...

    def release(self, subject: str) -> None:
        """Give back a claim this terminal took but could not record a use of (the transaction failed)."""


class NoStoreBus:
    """A terminal on no store bus: the only one, so every claim is its own."""

    def take(self, subject: str) -> ClaimAnswer:
        return ClaimAnswer(UsedClaim(subject))

    def release(self, subject: str) -> None:
        pass


def return_code(code: str) -> str:
    return f"return-code.{code}"


def cod_cash(tracking_number: str) -> str:
    return f"cod.{tracking_number}"


def pick(order_no: str) -> str:
    return f"pick.{order_no}"
