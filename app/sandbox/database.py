"""The sandbox's own SQLite database: merchants, stores, parcels with a change sequence, events.

One connection, guarded by a lock: the sandbox serves one request's database work at a time,
which keeps every answer consistent without transactions spread across threads.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from app.domain.clock import now_iso
from app.domain.parcels import Parcel, parcel_from_json, parcel_to_json
from app.sandbox import demo


class SandboxDb:
    def __init__(self, path: str | Path, *, load_demo: bool = True):
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.utils = sqlite_utils.Database(self.conn)
        self.lock = threading.RLock()
        self._create()
        if load_demo and not self.utils["parcels"].count:
            self.load(demo.demo_data().parcels, demo.MERCHANTS, demo.STORES)

    def _create(self) -> None:
        t = self.utils
        t["merchants"].create({"code": str, "name": str}, pk="code", if_not_exists=True)
        t["stores"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
        t["parcels"].create(
            {"tracking_number": str, "store_id": str, "claim_code": str, "body": str, "seq": int},
            pk="tracking_number",
            if_not_exists=True,
        )
        t["parcels"].create_index(["claim_code"], unique=True, if_not_exists=True)
        t["parcels"].create_index(["store_id", "seq"], if_not_exists=True)
        t["events"].create(
            {
                "idempotency_key": str,
                "tracking_number": str,
                "body": str,
                "result": str,
                "received_at": str,
            },
            pk="idempotency_key",
            if_not_exists=True,
        )
        t["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def load(self, parcels: list[Parcel], merchants: dict[str, str], stores: dict[str, str]) -> None:
        with self.transaction():
            self.utils["merchants"].upsert_all(
                [{"code": c, "name": n} for c, n in merchants.items()], pk="code"
            )
            self.utils["stores"].upsert_all([{"id": i, "name": n} for i, n in stores.items()], pk="id")
            for parcel in parcels:
                self.save_parcel(parcel)

    def _next_seq(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    def save_parcel(self, parcel: Parcel) -> None:
        """Insert or update a parcel; every change gets a new sequence number for the deltas."""
        body = {**parcel_to_json(parcel), "updatedAt": now_iso()}
        with self.lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO parcels (tracking_number, store_id, claim_code, body, seq) "
                "VALUES (?, ?, ?, ?, ?)",
                (parcel.tracking_number, parcel.store_id, parcel.claim_code, json.dumps(body), self._next_seq()),
            )

    def parcel(self, tracking_number: str) -> Parcel | None:
        with self.lock:
            row = self.conn.execute(
                "SELECT body FROM parcels WHERE tracking_number = ?", (tracking_number,)
            ).fetchone()
        return parcel_from_json(json.loads(row[0])) if row else None

    def parcel_by_code(self, code: str) -> Parcel | None:
        with self.lock:
            row = self.conn.execute("SELECT body FROM parcels WHERE claim_code = ?", (code,)).fetchone()
        return parcel_from_json(json.loads(row[0])) if row else None

    def parcels_since(self, store_id: str, since: int, limit: int) -> tuple[list[dict], int, bool]:
        """Parcels of a store changed after sequence `since`: (bodies, new cursor, more to come)."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT body, seq FROM parcels WHERE store_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                (store_id, since, limit + 1),
            ).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1]["seq"] if rows else since
        return [json.loads(r["body"]) for r in rows], cursor, more

    def store_exists(self, store_id: str) -> bool:
        with self.lock:
            return self.conn.execute("SELECT 1 FROM stores WHERE id = ?", (store_id,)).fetchone() is not None

    def event_result(self, key: str) -> dict | None:
        with self.lock:
            row = self.conn.execute("SELECT result FROM events WHERE idempotency_key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def record_event(self, key: str, tracking_number: str, body: dict, result: dict) -> None:
        with self.lock:
            self.conn.execute(
                "INSERT INTO events (idempotency_key, tracking_number, body, result, received_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, tracking_number, json.dumps(body), json.dumps(result), now_iso()),
            )

    def events(self, tracking_number: str | None = None) -> list[dict]:
        sql = "SELECT body, result, received_at FROM events"
        params: tuple = ()
        if tracking_number:
            sql += " WHERE tracking_number = ?"
            params = (tracking_number,)
        with self.lock:
            rows = self.conn.execute(sql + " ORDER BY rowid", params).fetchall()
        return [
            {"event": json.loads(r["body"]), "result": json.loads(r["result"]), "receivedAt": r["received_at"]}
            for r in rows
        ]
