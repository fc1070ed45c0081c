"""Drop-offs accepted here, the tracking numbers reserved for them, and the cached rate table."""

from __future__ import annotations

import json
from decimal import Decimal

from app.domain.clock import now_iso
from app.domain.dropoff import DropOff
from app.domain.rates import RateTable
from app.store.database import Database

RATES = "dropoff_rates"  # meta key: the rate table last fetched, as JSON


class NoTrackingNumber(Exception):
    """Every reserved tracking number is used; the central system must send more."""


class DropOffs:
    def __init__(self, db: Database):
        self.db = db

    def numbers_left(self) -> int:
        return self.db.execute("SELECT count(*) FROM tracking_block WHERE used_at IS NULL").fetchone()[0]

    def add_numbers(self, numbers: list[str]) -> None:
        with self.db.transaction():
            for number in numbers:
                self.db.execute("INSERT OR IGNORE INTO tracking_block (number, received_at) VALUES (?, ?)",
                                (number, now_iso()))

    def take_number(self) -> str:
        """The next unused reserved number, marked used (inside the caller's transaction)."""
        row = self.db.execute("SELECT number FROM tracking_block WHERE used_at IS NULL ORDER BY rowid LIMIT 1").fetchone()
        if row is None:
            raise NoTrackingNumber
        self.db.execute("UPDATE tracking_block SET used_at = ? WHERE number = ?", (now_iso(), row[0]))
        return row[0]

    def record(self, tracking_number: str, dropoff: DropOff, *, fee: Decimal, provider: str,
               quoted_offline: bool) -> None:
        self.db.execute(
            "INSERT INTO dropoffs (tracking_number, mobile_number, delivery_type, destination, package, amount_collect, "
            "fee, provider, quoted_offline, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (tracking_number, dropoff.mobile_number, dropoff.delivery_type, dropoff.destination,
             json.dumps(dropoff.package()), f"{dropoff.amount_collect:.2f}", f"{fee:.2f}", provider,
             int(quoted_offline), now_iso()))

    @property
    def rates(self) -> RateTable | None:
        cached = self.db.get_meta(RATES)
        return RateTable.from_json(json.loads(cached)) if cached else None

    @rates.setter
    def rates(self, table: RateTable) -> None:
        self.db.set_meta(RATES, json.dumps(table.to_json()))
