"""The local copy of the web orders assigned to this shop, kept whole as the central system sent them,
with what the web-order screen filters and searches on."""

from __future__ import annotations

import json

from app.domain.clock import now_iso
from app.domain.weborders import WebOrderStatus
from app.store.database import Database


def search_text(order: dict) -> str:
    """Everything a person may search an order by: its number, the customer, each item."""
    customer = order.get("Customer") or {}
    parts = [order["OrderNo"], customer.get("Name", ""), customer.get("Phone", ""), customer.get("Email", "")]
    for line in order.get("Lines", []):
        parts += [line.get("Name", ""), line.get("VariantId", ""), line.get("Ean", "")]
    return " ".join(str(p) for p in parts if p).lower()


class WebOrderCache:
    def __init__(self, db: Database):
        self.db = db

    def merge_from_central(self, orders: list[dict]) -> int:
        """Take the central system's view, except for orders with events it has not acknowledged yet."""
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO weborders (order_no, shop_id, status, body, updated_at, search, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (order_no) DO UPDATE SET shop_id = excluded.shop_id, status = excluded.status, "
                "body = excluded.body, updated_at = excluded.updated_at, search = excluded.search "
                "WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE parcel_key = excluded.order_no "
                "AND state IN ('pending', 'parked'))",
                [(o["OrderNo"], o["ShopId"], o["Status"], json.dumps(o, sort_keys=True), now_iso(), search_text(o),
                  o.get("CreatedAt") or now_iso()) for o in orders],
            )
        return len(orders)

    def set_status(self, order_no: str, status: WebOrderStatus) -> None:
        """A change made at this counter (inside the caller's transaction)."""
        order = self.get(order_no)
        order.update(Status=status.name, StatusCode=status.value)
        self.db.execute("UPDATE weborders SET status = ?, body = ?, updated_at = ? WHERE order_no = ?",
                        (status.name, json.dumps(order, sort_keys=True), now_iso(), order_no))

    def picked(self, order_no: str) -> dict[str, int]:
        rows = self.db.execute("SELECT variant_id, picked FROM picks WHERE order_no = ?", (order_no,)).fetchall()
        return {row[0]: row[1] for row in rows}

    def add_picked(self, order_no: str, variant_id: str) -> None:
        self.db.execute("INSERT INTO picks (order_no, variant_id, picked) VALUES (?, ?, 1) "
                        "ON CONFLICT (order_no, variant_id) DO UPDATE SET picked = picked + 1", (order_no, variant_id))

    def get(self, order_no: str) -> dict | None:
        row = self.db.execute("SELECT body FROM weborders WHERE order_no = ?", (order_no,)).fetchone()
        return json.loads(row[0]) if row else None

    def count(self, status: str | None = None) -> int:
        if status is None:
            return self.db.execute("SELECT count(*) FROM weborders").fetchone()[0]
        return self.db.execute("SELECT count(*) FROM weborders WHERE status = ?", (status,)).fetchone()[0]

    def find(self, statuses: set[WebOrderStatus], words: list[str], limit: int) -> list[dict]:
        """Orders in `statuses` whose number, customer or items contain every word; newest first."""
        marks = ", ".join("?" * len(statuses))
        sql = f"SELECT body FROM weborders WHERE status IN ({marks})"
        params: list = [s.name for s in statuses]
        for word in words:
            sql += " AND instr(search, ?) > 0"
            params.append(word.lower())
        rows = self.db.execute(sql + " ORDER BY created_at DESC, order_no DESC LIMIT ?", (*params, limit)).fetchall()
        return [json.loads(row[0]) for row in rows]
