"""Records from the central system this counter could not read, kept for support (F6) instead of
stopping the feed they came in."""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.domain.clock import now_iso
from app.store.database import Database

MAX_RECORD = 20_000  # characters of a record kept: enough to see what is wrong with it


@dataclass(frozen=True)
class UnreadableRecord:
    id: int
    feed: str
    record: str  # the record as it came, as JSON (cut at MAX_RECORD)
    error: str
    received_at: str


class UnreadableRecords:
    def __init__(self, db: Database):
        self.db = db

    def add(self, feed: str, record: object, error: str) -> None:
        """Keep one (inside the caller's transaction, with the cursor that moves past it)."""
        text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)[:MAX_RECORD]
        self.db.execute("INSERT INTO unreadable (feed, record, error, received_at) VALUES (?, ?, ?, ?)",
                        (feed, text, error[:500], now_iso()))

    def all(self) -> list[UnreadableRecord]:
        """Newest first."""
        rows = self.db.execute("SELECT id, feed, record, error, received_at FROM unreadable ORDER BY id DESC")
        return [UnreadableRecord(*row) for row in rows.fetchall()]
