"""Print jobs: stored with the counter action that causes them, printed by the spooler afterwards.

The payload is the neutral document layout, so a job can be rendered again for a reprint or for
another printer after a restart.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from app.domain.clock import now_iso
from app.store.database import Database

PENDING, PRINTED = "pending", "printed"  # a failed attempt stays pending, with its error


@dataclass(frozen=True)
class PrintJob:
    id: int
    document: str
    payload: dict
    printer: str
    state: str
    attempts: int
    last_error: str | None
    output: str | None


def _job(row: sqlite3.Row) -> PrintJob:
    return PrintJob(
        id=row["id"],
        document=row["document"],
        payload=json.loads(row["payload"]),
        printer=row["printer"],
        state=row["state"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        output=row["output"],
    )


class PrintQueue:
    def __init__(self, db: Database):
        self.db = db

    def add(self, document: str, payload: dict, printer: str = "receipt") -> int:
        """Queue a document (inside the caller's transaction); returns the job id."""
        cursor = self.db.execute(
            "INSERT INTO print_jobs (document, payload, printer, state, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (document, json.dumps(payload, sort_keys=True), printer, PENDING, now_iso()),
        )
        return cursor.lastrowid

    def pending(self, limit: int = 20) -> list[PrintJob]:
        rows = self.db.execute(
            "SELECT * FROM print_jobs WHERE state = 'pending' ORDER BY id LIMIT ?", (limit,)
        ).fetchall()
        return [_job(r) for r in rows]

    def get(self, job_id: int) -> PrintJob | None:
        row = self.db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def mark_printed(self, job_id: int, output: str) -> None:
        self.db.execute(
            "UPDATE print_jobs SET state = ?, attempts = attempts + 1, output = ?, printed_at = ?, "
            "last_error = NULL WHERE id = ?",
            (PRINTED, output, now_iso(), job_id),
        )

    def mark_failed_attempt(self, job_id: int, error: str) -> None:
        """The printer could not take it now; the job stays pending and is tried again."""
        self.db.execute(
            "UPDATE print_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?",
            (error, job_id),
        )
