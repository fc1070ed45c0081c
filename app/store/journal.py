"""The audit journal: who did what at this counter, in order, never edited.

Who: the staff member signed in at this counter when the entry was written (kept in the database,
so every connection, on every thread, writes the same name).
"""

from __future__ import annotations

import json

from app.domain.clock import now_iso
from app.store.database import SIGNED_IN, Database


class Journal:
    def __init__(self, db: Database, terminal_id: str = ""):
        self.db = db
        self.terminal_id = terminal_id

    def record(self, action: str, subject: str = "", **detail: object) -> None:
        self.db.execute(
            "INSERT INTO journal (at, terminal_id, staff_id, action, subject, detail) "
            "VALUES (?, ?, (SELECT value FROM meta WHERE key = ?), ?, ?, ?)",
            (now_iso(), self.terminal_id, SIGNED_IN, action, subject, json.dumps(detail, sort_keys=True, default=str)),
        )

    def after(self, journal_id: int) -> list[dict]:
        """Every entry written after entry `journal_id`, with its id, oldest first."""
        rows = self.db.execute("SELECT id, at, terminal_id, staff_id, action, subject, detail FROM journal "
                               "WHERE id > ? ORDER BY id", (journal_id,)).fetchall()
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]

    def entries(self, subject: str | None = None) -> list[dict]:
        sql = "SELECT at, terminal_id, staff_id, action, subject, detail FROM journal"
        params: tuple = ()
        if subject is not None:
            sql += " WHERE subject = ?"
            params = (subject,)
        rows = self.db.execute(sql + " ORDER BY id", params).fetchall()
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
