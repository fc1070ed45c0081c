"""A kiosk's copy of the return IDs, looked up by what a customer types, and its own RETURN CODEs.

Kept whole as the central system sent them (without codes), except returns this kiosk started and
the central system has not heard of yet: those keep their local state until their event is sent.
"""

from __future__ import annotations

import json

from app.domain.clock import now_iso
from app.store.database import Database

CURSOR = "returns_cursor"  # meta key: where the return-ID feed continues


class KioskReturns:
    def __init__(self, db: Database):
        self.db = db

    @property
    def cursor(self) -> int | None:
        """None until the feed was read once: then nothing can be checked offline."""
        value = self.db.get_meta(CURSOR)
        return int(value) if value is not None else None

    def merge_from_central(self, returns: list[dict], cursor: int) -> None:
        with self.db.transaction() as conn:
            unsent = {row[0] for row in conn.execute(
                "SELECT parcel_key FROM outbox WHERE kind = 'return-started' AND state IN ('pending', 'parked')")}
            for record in returns:
                number = record["trackingNumber"]
                if number in unsent:
                    continue  # started here, not yet told: ours is newer
                self.db.execute("INSERT OR REPLACE INTO return_ids (tracking_number, body) VALUES (?, ?)",
                                (number, json.dumps(record, sort_keys=True)))
                self.db.execute("DELETE FROM return_id_keys WHERE tracking_number = ?", (number,))
                keys = {number, record.get("merchantReference") or "", *record.get("waybills", [])} - {""}
                conn.executemany("INSERT OR IGNORE INTO return_id_keys (key, tracking_number) VALUES (?, ?)",
                                 [(key.upper(), number) for key in keys])
            self.db.set_meta(CURSOR, str(cursor))

    def candidates(self, reference: str) -> list[dict]:
        """The return records an order number, UID or waybill may mean, oldest first."""
        rows = self.db.execute(
            "SELECT r.body FROM return_id_keys AS k JOIN return_ids AS r USING (tracking_number) "
            "WHERE k.key = ? ORDER BY r.rowid", (reference.strip().upper(),)).fetchall()
        return [json.loads(row[0]) for row in rows]

    def mark_started(self, record: dict, store_id: str, code: str) -> None:
        """FOR RETURN here under `code` (inside the caller's transaction)."""
        started = {**record, "status": "FOR RETURN", "deliveryLocationId": store_id, "returnCode": code}
        self.db.execute("UPDATE return_ids SET body = ? WHERE tracking_number = ?",
                        (json.dumps(started, sort_keys=True), record["trackingNumber"]))

    def codes_left(self) -> int:
        return self.db.execute("SELECT count(*) FROM return_codes WHERE used_at IS NULL").fetchone()[0]

    def add_codes(self, codes: list[str]) -> None:
        with self.db.transaction() as conn:
            conn.executemany("INSERT OR IGNORE INTO return_codes (code, received_at) VALUES (?, ?)",
                             [(code, now_iso()) for code in codes])

    def take_code(self, tracking_number: str) -> str | None:
        """The next unused code, marked used for this return (inside the caller's transaction)."""
        row = self.db.execute("SELECT code FROM return_codes WHERE used_at IS NULL ORDER BY rowid LIMIT 1").fetchone()
        if row is None:
            return None
        self.db.execute("UPDATE return_codes SET used_at = ?, tracking_number = ? WHERE code = ?",
                        (now_iso(), tracking_number, row[0]))
        return row[0]
