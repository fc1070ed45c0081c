"""Cash collected at the counter: at most one payment per parcel (a unique index says so)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from app.domain.clock import now_iso
from app.store.database import Database

COD, DROPOFF_FEE = "COD", "DROPOFF FEE"  # what the cash was for


@dataclass(frozen=True)
class Payment:
    tracking_number: str
    amount: Decimal
    tendered: Decimal
    change: Decimal
    method: str
    recorded_at: str
    print_job: int | None


class AlreadyPaid(Exception):
    """This parcel's payment is already recorded."""


class Payments:
    def __init__(self, db: Database):
        self.db = db

    def record(self, tracking_number: str, amount: Decimal, tendered: Decimal, change: Decimal, *,
               event_key: str, print_job: int, method: str = "CASH", kind: str = COD) -> None:
        """Inside the caller's transaction; AlreadyPaid when this parcel has a payment."""
        try:
            self.db.execute(
                "INSERT INTO payments (tracking_number, amount, tendered, change, method, recorded_at, event_key, "
                "print_job, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tracking_number, f"{amount:.2f}", f"{tendered:.2f}", f"{change:.2f}", method, now_iso(), event_key,
                 print_job, kind),
            )
        except sqlite3.IntegrityError:
            raise AlreadyPaid(tracking_number) from None

    def of(self, tracking_number: str) -> Payment | None:
        row = self.db.execute("SELECT * FROM payments WHERE tracking_number = ?", (tracking_number,)).fetchone()
        if row is None:
            return None
        return Payment(row["tracking_number"], Decimal(row["amount"]), Decimal(row["tendered"]),
                       Decimal(row["change"]), row["method"], row["recorded_at"], row["print_job"])
