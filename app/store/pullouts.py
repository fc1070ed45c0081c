"""APOs (authorities to pull out) and their items: which the trucker took, which were missing."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.clock import now_iso
from app.store.database import Database

WAITING, PULLED, MISSING = "waiting", "pulled", "missing"


@dataclass(frozen=True)
class PullOutItem:
    apo_number: str
    tracking_number: str
    reason: str
    merchant: str
    state: str


class PullOuts:
    def __init__(self, db: Database):
        self.db = db

    def open_apo(self) -> str | None:
        """The APO still being pulled out, if any."""
        row = self.db.execute("SELECT apo_number FROM pullout_items WHERE state = ? ORDER BY id LIMIT 1",
                              (WAITING,)).fetchone()
        return row[0] if row else None

    def create(self, apo_number: str, items: list[tuple[str, str, str]]) -> None:
        """Inside the caller's transaction: (tracking number, reason, merchant) per item."""
        self.db.conn.executemany(
            "INSERT INTO pullout_items (apo_number, tracking_number, reason, merchant, state, changed_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(apo_number, tn, reason, merchant, WAITING, now_iso()) for tn, reason, merchant in items],
        )

    def items(self, apo_number: str) -> list[PullOutItem]:
        rows = self.db.execute("SELECT * FROM pullout_items WHERE apo_number = ? ORDER BY id", (apo_number,))
        return [PullOutItem(r["apo_number"], r["tracking_number"], r["reason"], r["merchant"], r["state"])
                for r in rows]

    def mark(self, apo_number: str, tracking_number: str, state: str) -> None:
        self.db.execute(
            "UPDATE pullout_items SET state = ?, changed_at = ? WHERE apo_number = ? AND tracking_number = ?",
            (state, now_iso(), apo_number, tracking_number),
        )
