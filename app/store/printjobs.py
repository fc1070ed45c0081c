"""Print jobs: stored with the counter action that causes them, printed by the spooler afterwards.

The payload is the neutral document layout, so a job can be rendered again for a reprint or for
another printer after a restart. States: ``pending`` (waiting or being tried), ``sending`` (its
bytes are going out: committed before the first one goes), ``printed`` (the printer took all of it),
``unknown`` (it may or may not have printed: the connection broke mid-job, or the counter stopped
while sending it; a person decides, never an automatic second copy), ``checked`` (a person looked
at an unknown one and dealt with it) and ``expired`` (too late to be worth printing, like a
cash-drawer kick).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from app.domain.clock import now_iso
from app.store.database import Database

PENDING, SENDING, PRINTED, UNKNOWN, CHECKED, EXPIRED = "pending", "sending", "printed", "unknown", "checked", "expired"
INTERRUPTED = "the counter stopped while sending it"


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
    expires_at: float | None = None
    reprint_of: int | None = None


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
        expires_at=row["expires_at"],
        reprint_of=row["reprint_of"],
    )


class PrintQueue:
    def __init__(self, db: Database):
        self.db = db

    def add(
        self,
        document: str,
        payload: dict,
        printer: str = "receipt",
        *,
        expires_at: float | None = None,
        reprint_of: int | None = None,
    ) -> int:
        """Queue a document (inside the caller's transaction); returns the job id."""
        cursor = self.db.execute(
            "INSERT INTO print_jobs (document, payload, printer, state, created_at, expires_at, reprint_of) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (document, json.dumps(payload, sort_keys=True), printer, PENDING, now_iso(), expires_at, reprint_of),
        )
        return cursor.lastrowid

    def pending(self, printer: str | None = None, limit: int = 20) -> list[PrintJob]:
        sql, params = "SELECT * FROM print_jobs WHERE state = 'pending'", ()
        if printer is not None:
            sql, params = sql + " AND printer = ?", (printer,)
        rows = self.db.execute(sql + " ORDER BY id LIMIT ?", (*params, limit)).fetchall()
        return [_job(r) for r in rows]

    def unknown(self) -> list[PrintJob]:
        """Jobs that may or may not have printed, for a person to look at."""
        return [_job(r) for r in self.db.execute("SELECT * FROM print_jobs WHERE state = 'unknown' ORDER BY id")]

    def latest(self, *, leaving_out: tuple[str, ...] = ()) -> PrintJob | None:
        """The newest original job (not a reprint) of any document kind but `leaving_out`."""
        marks = ", ".join("?" * len(leaving_out))
        row = self.db.execute(f"SELECT * FROM print_jobs WHERE reprint_of IS NULL AND document NOT IN ({marks}) "
                              "ORDER BY id DESC LIMIT 1", leaving_out).fetchone()
        return _job(row) if row else None

    def get(self, job_id: int) -> PrintJob | None:
        row = self.db.execute("SELECT * FROM print_jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row else None

    def mark_sending(self, job_id: int) -> None:
        """Durably, before the first byte goes out: after a crash the job is known to be in doubt."""
        self.db.execute("UPDATE print_jobs SET state = ? WHERE id = ? AND state = ?", (SENDING, job_id, PENDING))

    def settle_interrupted(self, printer: str, leaving_out: tuple[str, ...] = ()) -> list[PrintJob]:
        """After a restart: this printer's jobs found ``sending`` may have printed; they become
        ``unknown`` (never sent again by themselves), except documents in `leaving_out`, which expire
        (a cash-drawer kick is not worth doing late). Returns the jobs now in doubt."""
        marks = ", ".join("?" * len(leaving_out))
        with self.db.transaction():
            self.db.execute(f"UPDATE print_jobs SET state = ?, last_error = ? WHERE printer = ? AND state = ? "
                            f"AND document IN ({marks})", (EXPIRED, INTERRUPTED, printer, SENDING, *leaving_out))
            rows = self.db.execute("SELECT * FROM print_jobs WHERE printer = ? AND state = ? ORDER BY id",
                                   (printer, SENDING)).fetchall()
            self.db.execute("UPDATE print_jobs SET state = ?, last_error = ? WHERE printer = ? AND state = ?",
                            (UNKNOWN, f"{INTERRUPTED}: it may have printed", printer, SENDING))
        return [_job(row) for row in rows]

    def mark_checked(self, job_id: int) -> bool:
        """A person dealt with a job in doubt; False when it was not in doubt (any more)."""
        return self.db.execute("UPDATE print_jobs SET state = ? WHERE id = ? AND state = ?",
                               (CHECKED, job_id, UNKNOWN)).rowcount == 1

    def mark_printed(self, job_id: int, output: str) -> None:
        self.db.execute(
            "UPDATE print_jobs SET state = ?, attempts = attempts + 1, output = ?, printed_at = ?, "
            "last_error = NULL WHERE id = ?",
            (PRINTED, output, now_iso(), job_id),
        )

    def mark_unknown(self, job_id: int, error: str) -> None:
        self._settle(job_id, UNKNOWN, error)

    def mark_expired(self, job_id: int) -> None:
        self._settle(job_id, EXPIRED, "too late to print")

    def _settle(self, job_id: int, state: str, error: str) -> None:
        self.db.execute(
            "UPDATE print_jobs SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
            (state, error, job_id),
        )

    def mark_failed_attempt(self, job_id: int, error: str) -> None:
        """The printer could not take it now (nothing went out); the job is pending again, tried again."""
        self.db.execute(
            "UPDATE print_jobs SET state = ?, attempts = attempts + 1, last_error = ? WHERE id = ?",
            (PENDING, error, job_id),
        )
