"""The print spooler: one thread that prints queued jobs, in order, after their transaction committed.

A job that fails (printer off, paper out) stays queued and is tried again; the counter never waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.store import Database, PrintQueue
from app.worker import Worker
from printers.documents import Document

log = logging.getLogger(__name__)

RETRY_WAIT = 5.0


class Printer(Protocol):
    def print(self, job_id: int, document: Document) -> list[Path]: ...


@dataclass(frozen=True)
class PrintResult:
    job_id: int
    document: str
    outputs: list[str]
    error: str = ""


class PrintSpooler(Worker):
    thread_name = "print-spooler"

    def __init__(
        self,
        db_path: str | Path,
        printers: dict[str, Printer],
        *,
        on_result: Callable[[PrintResult], None] = lambda result: None,
    ):
        self.db_path = db_path
        self.printers = printers
        self.on_result = on_result
        super().__init__()

    def run(self) -> None:
        db = Database(self.db_path)
        queue = PrintQueue(db)
        try:
            while self.next_round():
                all_printed = self.print_pending(queue)
                self.pause(None if all_printed else RETRY_WAIT)
        finally:
            db.close()

    def print_pending(self, queue: PrintQueue) -> bool:
        """Print every pending job; False if one failed and must be tried again later."""
        for job in queue.pending():
            printer = self.printers.get(job.printer)
            try:
                if printer is None:
                    raise LookupError(f"no {job.printer} printer is configured")
                outputs = [str(p) for p in printer.print(job.id, Document.from_json(job.payload))]
            except Exception as exc:  # any device failure: keep the job, tell the clerk, retry later
                log.warning("print job %d failed: %s", job.id, exc)
                queue.mark_failed_attempt(job.id, str(exc))
                self.on_result(PrintResult(job.id, job.document, [], str(exc)))
                return False
            queue.mark_printed(job.id, "\n".join(outputs))
            self.on_result(PrintResult(job.id, job.document, outputs))
        return True
