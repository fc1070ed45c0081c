"""Events for the central system, recorded in the same transaction as the change they report.

Each event has a UUID idempotency key made when it is recorded, so a resend after a crash or a
lost answer is recognised by the central system. Events of one parcel leave strictly in order:
an event waits while an earlier one of its parcel is pending or parked.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from app.backoff import LONGEST_BACKOFF
from app.domain.clock import now_iso
from app.store.database import Database
from app.store.facts import FAMILY_OF_EVENT, StoreFacts, UsedClaim

PENDING, ACKED, PARKED, RESOLVED = "pending", "acked", "parked", "resolved"


@dataclass(frozen=True)
class OutboxEvent:
    id: int
    idempotency_key: str
    parcel_key: str
    kind: str
    payload: dict
    attempts: int
    last_error: str | None
    state: str
    created_at: str | None = None
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: str | None = None


def _event(row: sqlite3.Row) -> OutboxEvent:
    return OutboxEvent(
        id=row["id"],
        idempotency_key=row["idempotency_key"],
        parcel_key=row["parcel_key"],
        kind=row["kind"],
        payload=json.loads(row["payload"]),
        attempts=row["attempts"],
        last_error=row["last_error"],
        state=row["state"],
        created_at=row["created_at"],
        resolution=row["resolution"],
        resolved_by=row["resolved_by"],
        resolved_at=row["resolved_at"],
    )


class Outbox:
    def __init__(self, db: Database):
        self.db = db

    def add(self, parcel_key: str, kind: str, payload: dict, *, claims: Iterable[UsedClaim] = ()) -> str:
        """Record an event (inside the caller's transaction), and the same as a fact for the store's other
        terminals, under the same key, with the claims it used; returns the key."""
        key = str(uuid.uuid4())
        payload = {"idempotencyKey": key, **payload}
        self.db.execute(
            "INSERT INTO outbox (idempotency_key, parcel_key, kind, payload, state, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (key, parcel_key, kind, json.dumps(payload, sort_keys=True), PENDING, now_iso()),
        )
        StoreFacts(self.db).record(kind, FAMILY_OF_EVENT.get(kind, "parcel"), parcel_key, key=key, event=payload, claims=claims)
        self.db.execute("DELETE FROM store_held WHERE tracking_number = ?", (parcel_key,))  # our event rules it now
        return key

    def due(self, limit: int, now: float | None = None) -> list[OutboxEvent]:
        """The events to send now: the oldest unsent event of each parcel, if its time has come. A
        retry time further ahead than any backoff gives was set before the clock went back: due now."""
        now = time.time() if now is None else now
        rows = self.db.execute(
            "SELECT * FROM outbox AS o WHERE o.state = 'pending' AND (o.next_attempt_at <= ? OR o.next_attempt_at > ?) "
            "AND o.id = (SELECT min(id) FROM outbox WHERE parcel_key = o.parcel_key "
            "AND state IN ('pending', 'parked')) ORDER BY o.id LIMIT ?",
            (now, now + LONGEST_BACKOFF, limit),
        ).fetchall()
        return [_event(r) for r in rows]

    def next_due_time(self, now: float | None = None) -> float | None:
        """When the next retry is due (now, for one set before the clock went back)."""
        now = time.time() if now is None else now
        return self.db.execute(
            "SELECT min(CASE WHEN next_attempt_at > ? THEN ? ELSE next_attempt_at END) FROM outbox "
            "WHERE state = 'pending'", (now + LONGEST_BACKOFF, now)
        ).fetchone()[0]

    def acknowledge(self, keys: list[str]) -> None:
        with self.db.transaction() as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, acked_at = ?, last_error = NULL "
                "WHERE idempotency_key = ?",
                [(ACKED, now_iso(), key) for key in keys],
            )

    def retry_later(self, key: str, at: float, error: str) -> None:
        self.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? "
            "WHERE idempotency_key = ?",
            (at, error, key),
        )

    def park(self, key: str, error: str) -> None:
        """A hard refusal: keep the event, with the answer, for a supervisor."""
        self.db.execute(
            "UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ? "
            "WHERE idempotency_key = ?",
            (PARKED, error, key),
        )

    def retry(self, key: str) -> bool:
        """A parked event goes out again (after a fix), under the same key; False if it is not parked."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = ?, next_attempt_at = 0 WHERE idempotency_key = ? AND state = ?",
            (PENDING, key, PARKED),
        )
        return cursor.rowcount == 1

    def resolve(self, key: str, note: str, by: str) -> bool:
        """A parked event settled by a person: kept, with the note; it no longer holds its parcel's
        later events back. False if it is not parked."""
        cursor = self.db.execute(
            "UPDATE outbox SET state = ?, resolution = ?, resolved_by = ?, resolved_at = ? "
            "WHERE idempotency_key = ? AND state = ?",
            (RESOLVED, note, by, now_iso(), key, PARKED),
        )
        return cursor.rowcount == 1

    def exceptions(self) -> list[OutboxEvent]:
        """Parked events first, then resolved ones, newest first in each."""
        rows = self.db.execute(
            "SELECT * FROM outbox WHERE state IN ('parked', 'resolved') ORDER BY state = 'resolved', id DESC"
        ).fetchall()
        return [_event(r) for r in rows]

    def waiting_count(self) -> int:
        """Events not yet acknowledged by the central system (pending or parked)."""
        return self.db.execute(
            "SELECT count(*) FROM outbox WHERE state IN ('pending', 'parked')"
        ).fetchone()[0]

    def parked_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM outbox WHERE state = 'parked'").fetchone()[0]

    def get(self, key: str) -> OutboxEvent | None:
        row = self.db.execute("SELECT * FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return _event(row) if row else None

    def parked(self) -> list[OutboxEvent]:
        rows = self.db.execute("SELECT * FROM outbox WHERE state = 'parked' ORDER BY id").fetchall()
        return [_event(r) for r in rows]
