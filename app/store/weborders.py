"""The local copy of the web orders assigned to this shop, kept whole as the central system sent them."""

from __future__ import annotations

import json

from app.domain.clock import now_iso
from app.store.database import Database


class WebOrderCache:
    def __init__(self, db: Database):
        self.db = db

    def merge_from_central(self, orders: list[dict]) -> int:
        """Take the central system's view, except for orders with events it has not acknowledged yet."""
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO weborders (order_no, shop_id, status, body, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (order_no) DO UPDATE SET shop_id = excluded.shop_id, status = excluded.status, "
                "body = excluded.body, updated_at = excluded.updated_at "
                "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE parcel_key = excluded.order_no "
                "AND state IN ('pending', 'parked'))",
                [(o["OrderNo"], o["ShopId"], o["Status"], json.dumps(o, sort_keys=True), now_iso()) for o in orders],
            )
        return len(orders)

    def get(self, order_no: str) -> dict | None:
        row = self.db.execute("SELECT body FROM weborders WHERE order_no = ?", (order_no,)).fetchone()
        return json.loads(row[0]) if row else None

    def count(self, status: str | None = None) -> int:
        if status is None:
            return self.db.execute("SELECT count(*) FROM weborders").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM weborders WHERE status = ?", (status,)).fetchone()[0]
