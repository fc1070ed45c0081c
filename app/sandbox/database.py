"""The sandbox's own SQLite database: merchants, stores, parcels, their history, events, webhooks.

A parcel is kept as its full record, with the seed's field names (``merchantReference``,
``shipping_weight``, ``deliveryLocationId`` …), so whatever a merchant sent comes back unchanged.
Every status change goes through `change_status`: it checks the journey and the actor, bumps the
parcel's sequence number (the store API's delta cursor), appends to the history and queues the
merchant's webhook, in one transaction.

One connection, guarded by a lock: the sandbox does one request's database work at a time, which
keeps every answer consistent.
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from app.domain.clock import now_iso
from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import TRANSITIONS, Actor, Parcel, ParcelStatus, check_transition, parcel_from_json
from app.sandbox import demo

_rng = random.SystemRandom()
DEFAULT_HOLDING_DAYS = 7


def journey(start: ParcelStatus, end: ParcelStatus) -> list[tuple[ParcelStatus, Actor]]:
    """The shortest run of allowed changes from `start` to `end`, each with its actor."""
    paths: dict[ParcelStatus, list[tuple[ParcelStatus, Actor]]] = {start: []}
    frontier = [start]
    while frontier and end not in paths:
        following = []
        for status in frontier:
            for (before, after), actor in TRANSITIONS.items():
                if before is status and after not in paths:
                    paths[after] = [*paths[status], (after, actor)]
                    following.append(after)
        frontier = following
    return paths[end]


def seed_timestamp() -> str:
    """Seed 000's webhook time format: ``2015-08-02 17:55:59`` (UTC here)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")


class SandboxDb:
    def __init__(self, path: str | Path, *, load_demo: bool = True):
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.utils = sqlite_utils.Database(self.conn)
        self.lock = threading.RLock()
        # Called inside the transaction of every status change: (record, actor, location, timestamp).
        self.listeners: list[Callable[[dict, Actor, str, str], None]] = []
        self._create()
        if load_demo and not self.utils["merchants"].count:
            self.load_demo()

    def _create(self) -> None:
        t = self.utils
        t["merchants"].create(
            {"code": str, "name": str, "return_validity_days": int, "holding_days": int, "webhook_url": str},
            pk="code",
            if_not_exists=True,
        )
        t["stores"].create({"id": str, "name": str}, pk="id", if_not_exists=True)
        t["parcels"].create(
            {
                "tracking_number": str,
                "store_id": str,
                "code": str,  # CLAIM, PAY & CLAIM (reference) or RETURN CODE
                "merchant_code": str,
                "merchant_reference": str,
                "status": str,
                "body": str,
                "seq": int,
                "created_at": str,
            },
            pk="tracking_number",
            if_not_exists=True,
        )
        t["parcels"].create_index(["code"], unique=True, if_not_exists=True)
        t["parcels"].create_index(["store_id", "seq"], if_not_exists=True)
        t["parcels"].create_index(["merchant_code", "merchant_reference"], if_not_exists=True)
        t["parcels"].create_index(["merchant_reference"], if_not_exists=True)
        t["history"].create(
            {"id": int, "tracking_number": str, "status": str, "location": str, "actor": str, "timestamp": str},
            pk="id",
            if_not_exists=True,
        )
        t["history"].create_index(["tracking_number", "id"], if_not_exists=True)
        t["events"].create(
            {"idempotency_key": str, "tracking_number": str, "body": str, "result": str, "received_at": str},
            pk="idempotency_key",
            if_not_exists=True,
        )
        t["webhooks"].create(
            {
                "id": int,
                "kind": str,  # merchant (seed 000) | tracking (seed 002)
                "merchant_code": str,
                "url": str,
                "headers": str,  # JSON, extra headers (the tracking API's webhook_key)
                "idempotency_key": str,
                "payload": str,
                "state": str,  # pending | delivered
                "attempts": int,
                "next_attempt_at": float,
                "last_status": int,
                "last_error": str,
                "created_at": str,
                "delivered_at": str,
            },
            pk="id",
            if_not_exists=True,
        )
        t["webhooks"].create_index(["state", "next_attempt_at"], if_not_exists=True)
        t["meta"].create({"key": str, "value": str}, pk="key", if_not_exists=True)
        # Tracking numbers handed to a counter in advance, for drop-offs it accepts offline.
        t["issued_numbers"].create({"number": str, "store_id": str, "terminal_id": str, "issued_at": str},
                                   pk="number", if_not_exists=True)
        # RETURN CODEs handed to a kiosk in advance, for returns it starts offline.
        t["issued_return_codes"].create({"code": str, "store_id": str, "terminal_id": str, "issued_at": str},
                                        pk="code", if_not_exists=True)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit; nested uses join the outer one (a savepoint)."""
        with self.lock:
            if self.conn.in_transaction:
                with self.utils.atomic():
                    yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def _rows(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self.conn.execute(sql, params).fetchall()

    # Merchants and stores -----------------------------------------------------------------------

    def load_demo(self) -> None:
        data = demo.demo_data()
        with self.transaction():
            for code, (name, validity, holding) in demo.MERCHANTS.items():
                self.utils["merchants"].upsert(
                    {"code": code, "name": name, "return_validity_days": validity, "holding_days": holding}, pk="code"
                )
            self.utils["stores"].upsert_all([{"id": i, "name": n} for i, n in demo.STORES.items()], pk="id")
            for parcel in data.parcels:
                record = demo.record_of(parcel, demo.merchant_reference(data, parcel))
                start = ParcelStatus.REGISTERED if record.get("flow") == "RETURN" else ParcelStatus.CREATED
                self.add_parcel({**record, "status": start.value}, Actor.MERCHANT, "")
                for status, actor in journey(start, parcel.status):
                    location = parcel.store_id if actor in (Actor.POS, Actor.KIOSK) else "CDI Pasig"
                    self.change_status(parcel.tracking_number, status, actor, location,
                                       shelfSlot=record.get("shelfSlot"))

    def merchant(self, code: str) -> dict | None:
        rows = self._rows("SELECT * FROM merchants WHERE code = ?", (code,))
        return dict(rows[0]) if rows else None

    def set_webhook(self, merchant_code: str, url: str | None) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE merchants SET webhook_url = ? WHERE code = ?", (url, merchant_code))

    def store(self, store_id: str) -> dict | None:
        rows = self._rows("SELECT * FROM stores WHERE id = ?", (store_id,))
        return dict(rows[0]) if rows else None

    def store_exists(self, store_id: str) -> bool:
        return self.store(store_id) is not None

    # Parcels ------------------------------------------------------------------------------------

    def _next_seq(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        seq = int(row[0]) + 1 if row else 1
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)", (str(seq),))
        return seq

    def add_parcel(self, record: dict, actor: Actor, location: str) -> dict:
        """Store a new parcel record (its ``status`` is its first status) and report it."""
        record = {**record, "updatedAt": now_iso()}
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO parcels (tracking_number, store_id, code, merchant_code, merchant_reference, "
                "status, body, seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record["trackingNumber"],
                    record.get("deliveryLocationId"),
                    record.get("claimCode") or record.get("returnCode"),
                    record["merchantCode"],
                    record.get("merchantReference"),
                    record["status"],
                    json.dumps(record),
                    self._next_seq(),
                    now_iso(),
                ),
            )
            self._happened(record, actor, location)
        return record

    def change_status(
        self, tracking_number: str, wanted: ParcelStatus, actor: Actor, location: str, **fields: object
    ) -> dict:
        """Move a parcel on (IllegalTransition if the journey or the actor forbids it); returns the record."""
        with self.transaction() as conn:
            record = self.record(tracking_number)
            if record is None:
                raise KeyError(tracking_number)
            check_transition(ParcelStatus(record["status"]), wanted, actor)
            record = {**record, **fields, "status": wanted.value, "updatedAt": now_iso()}
            if wanted is ParcelStatus.READY_FOR_CLAIM:
                merchant = self.merchant(record["merchantCode"]) or {"holding_days": DEFAULT_HOLDING_DAYS}
                record["holdUntil"] = (datetime.now(UTC) + timedelta(days=merchant["holding_days"])).strftime(
                    "%Y-%m-%dT%H:%M:%SZ")
            conn.execute(
                "UPDATE parcels SET status = ?, body = ?, seq = ?, store_id = ? WHERE tracking_number = ?",
                (wanted.value, json.dumps(record), self._next_seq(), record.get("deliveryLocationId"),
                 tracking_number),
            )
            self._happened(record, actor, location)
        return record

    def update_record(self, tracking_number: str, **fields: object) -> dict:
        """Change a parcel's record without a status change (e.g. its payment)."""
        with self.transaction() as conn:
            record = {**self.record(tracking_number), **fields, "updatedAt": now_iso()}
            conn.execute("UPDATE parcels SET body = ?, seq = ? WHERE tracking_number = ?",
                         (json.dumps(record), self._next_seq(), tracking_number))
        return record

    def _happened(self, record: dict, actor: Actor, location: str) -> None:
        """History row and merchant webhook for a status the parcel just reached."""
        timestamp = seed_timestamp()
        self.conn.execute(
            "INSERT INTO history (tracking_number, status, location, actor, timestamp) VALUES (?, ?, ?, ?, ?)",
            (record["trackingNumber"], record["status"], location, actor.value, timestamp),
        )
        merchant = self.merchant(record["merchantCode"])
        if merchant and merchant["webhook_url"]:
            payload = {  # seed 000's notification, field for field
                "trackingNumber": record["trackingNumber"],
                "referenceId": record.get("merchantReference", ""),
                "location": location,
                "status": record["status"],
                "timestamp": timestamp,
            }
            self.queue_webhook("merchant", merchant["webhook_url"], payload, merchant_code=merchant["code"])
        for listener in self.listeners:
            listener(record, actor, location, timestamp)

    def unused_code(self, kind: CodeKind) -> str:
        """A new code of `kind` that no parcel has and no counter holds yet."""
        while True:
            code = issue_code(kind, _rng)
            if kind is CodeKind.TRACKING:
                taken = self.record(code) or self._rows("SELECT 1 FROM issued_numbers WHERE number = ?", (code,))
            else:
                taken = self.record_by_code(code) or self._rows(
                    "SELECT 1 FROM issued_return_codes WHERE code = ?", (code,))
            if not taken:
                return code

    def issue_numbers(self, store_id: str, terminal_id: str, count: int) -> list[str]:
        """A block of tracking numbers only this terminal may use."""
        with self.transaction() as conn:
            numbers = [self.unused_code(CodeKind.TRACKING) for _ in range(count)]
            conn.executemany("INSERT INTO issued_numbers (number, store_id, terminal_id, issued_at) "
                             "VALUES (?, ?, ?, ?)", [(n, store_id, terminal_id, now_iso()) for n in numbers])
        return numbers

    def issue_return_codes(self, store_id: str, terminal_id: str, count: int) -> list[str]:
        """A block of RETURN CODEs only this kiosk may hand out."""
        with self.transaction() as conn:
            codes = [self.unused_code(CodeKind.RETURN) for _ in range(count)]
            conn.executemany("INSERT INTO issued_return_codes (code, store_id, terminal_id, issued_at) "
                             "VALUES (?, ?, ?, ?)", [(c, store_id, terminal_id, now_iso()) for c in codes])
        return codes

    def issued_return_code(self, code: str) -> dict | None:
        rows = self._rows("SELECT * FROM issued_return_codes WHERE code = ?", (code,))
        return dict(rows[0]) if rows else None

    def set_code(self, tracking_number: str, code: str) -> None:
        self.conn.execute("UPDATE parcels SET code = ? WHERE tracking_number = ?", (code, tracking_number))

    def returns_since(self, since: int, limit: int) -> tuple[list[dict], int, bool]:
        """Return records (any merchant, any status) changed after sequence `since`."""
        rows = self._rows("SELECT body, seq FROM parcels WHERE seq > ? AND json_extract(body, '$.flow') = 'RETURN' "
                          "ORDER BY seq LIMIT ?", (since, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return [json.loads(r["body"]) for r in rows], (rows[-1]["seq"] if rows else since), more

    def issued_number(self, number: str) -> dict | None:
        rows = self._rows("SELECT * FROM issued_numbers WHERE number = ?", (number,))
        return dict(rows[0]) if rows else None

    def record(self, tracking_number: str) -> dict | None:
        rows = self._rows("SELECT body FROM parcels WHERE tracking_number = ?", (tracking_number,))
        return json.loads(rows[0][0]) if rows else None

    def record_by_code(self, code: str) -> dict | None:
        rows = self._rows("SELECT body FROM parcels WHERE code = ?", (code,))
        return json.loads(rows[0][0]) if rows else None

    def record_by_label(self, label_id: str) -> dict | None:
        rows = self._rows("SELECT body FROM parcels WHERE json_extract(body, '$.labelId') = ?", (label_id,))
        return json.loads(rows[0][0]) if rows else None

    def records_with_reference(self, reference: str) -> list[dict]:
        """Every parcel record with this merchant reference, whichever the merchant."""
        rows = self._rows("SELECT body FROM parcels WHERE merchant_reference = ? ORDER BY seq", (reference,))
        return [json.loads(r[0]) for r in rows]

    def records_at(self, store_id: str, statuses: set[str]) -> list[dict]:
        marks = ", ".join("?" * len(statuses))
        rows = self._rows(f"SELECT body FROM parcels WHERE store_id = ? AND status IN ({marks}) ORDER BY seq",
                          (store_id, *sorted(statuses)))
        return [json.loads(r[0]) for r in rows]

    def records_by_reference(self, merchant_code: str, reference: str) -> list[dict]:
        rows = self._rows(
            "SELECT body FROM parcels WHERE merchant_code = ? AND merchant_reference = ? ORDER BY seq",
            (merchant_code, reference),
        )
        return [json.loads(r[0]) for r in rows]

    def parcel(self, tracking_number: str) -> Parcel | None:
        record = self.record(tracking_number)
        return parcel_from_json(record) if record else None

    def parcels_since(self, store_id: str, since: int, limit: int) -> tuple[list[dict], int, bool]:
        """Parcels of a store changed after sequence `since`: (records, new cursor, more to come)."""
        rows = self._rows(
            "SELECT body, seq FROM parcels WHERE store_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (store_id, since, limit + 1),
        )
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1]["seq"] if rows else since
        return [json.loads(r["body"]) for r in rows], cursor, more

    def newest_parcel_change(self, store_id: str) -> int:
        return self._rows("SELECT coalesce(max(seq), 0) FROM parcels WHERE store_id = ?", (store_id,))[0][0]

    def history(self, tracking_number: str) -> list[dict]:
        rows = self._rows(
            "SELECT status, location, actor, timestamp FROM history WHERE tracking_number = ? ORDER BY id",
            (tracking_number,),
        )
        return [dict(r) for r in rows]

    # Counter events (idempotent on their key) ----------------------------------------------------

    def event_result(self, key: str) -> dict | None:
        rows = self._rows("SELECT result FROM events WHERE idempotency_key = ?", (key,))
        return json.loads(rows[0][0]) if rows else None

    def record_event(self, key: str, tracking_number: str, body: dict, result: dict) -> None:
        """Keep the event with its answer; a rejected key sent again keeps only its latest answer."""
        with self.lock:
            self.conn.execute(
                "INSERT OR REPLACE INTO events (idempotency_key, tracking_number, body, result, received_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, tracking_number, json.dumps(body), json.dumps(result), now_iso()),
            )

    def events(self, tracking_number: str | None = None) -> list[dict]:
        sql, params = "SELECT body, result, received_at FROM events", ()
        if tracking_number:
            sql, params = sql + " WHERE tracking_number = ?", (tracking_number,)
        return [
            {"event": json.loads(r["body"]), "result": json.loads(r["result"]), "receivedAt": r["received_at"]}
            for r in self._rows(sql + " ORDER BY rowid", params)
        ]

    # Webhook deliveries -------------------------------------------------------------------------

    def queue_webhook(self, kind: str, url: str, payload: dict, *, merchant_code: str = "",
                      headers: dict | None = None) -> None:
        """A delivery for the dispatcher (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO webhooks (kind, merchant_code, url, headers, idempotency_key, payload, state, attempts, "
            "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, 0, ?)",
            (kind, merchant_code, url, json.dumps(headers or {}), str(uuid.uuid4()), json.dumps(payload), now_iso()),
        )

    def due_webhooks(self, limit: int = 50) -> list[dict]:
        rows = self._rows(
            "SELECT * FROM webhooks WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?",
            (time.time(), limit),
        )
        return [{**dict(r), "payload": json.loads(r["payload"]), "headers": json.loads(r["headers"] or "{}")}
                for r in rows]

    def webhook_attempted(self, webhook_id: int, status: int | None, error: str, retry_at: float | None) -> None:
        """Note one delivery attempt: delivered when `retry_at` is None, else pending until then."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE webhooks SET attempts = attempts + 1, last_status = ?, last_error = ?, "
                "state = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?",
                (
                    status,
                    error,
                    "pending" if retry_at is not None else "delivered",
                    retry_at or 0,
                    None if retry_at is not None else now_iso(),
                    webhook_id,
                ),
            )

    def webhooks(self, merchant_code: str | None = None) -> list[dict]:
        sql, params = "SELECT * FROM webhooks", ()
        if merchant_code:
            sql, params = sql + " WHERE merchant_code = ?", (merchant_code,)
        return [{**dict(r), "payload": json.loads(r["payload"]), "headers": json.loads(r["headers"] or "{}")}
                for r in self._rows(sql + " ORDER BY id", params)]
