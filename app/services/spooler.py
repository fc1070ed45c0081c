"""The print spooler: one worker per printer, printing its queued jobs in order after they committed.

Before each job it asks a two-way printer how it is: out of paper, cover open or offline, the job
waits (the clerk is told why) and resumes by itself. A job whose connection broke mid-way may or may
not have printed: it becomes ``unknown`` and is never sent again by itself; a person decides
(a reprint is marked as one). A job past its expiry (a cash-drawer kick) is dropped, not printed late.

The spooler's thread is the printer's one owner: whatever else wants the printer (the Devices
screen's status check, diagnostics) `ask`s it, and the question is put between two jobs.
"""

from __future__ import annotations

import logging
import queue as queues
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from app.store import Database, PrintJob, PrintQueue
from app.worker import Trouble, Worker, log_only
from printers.documents import Document
from printers.status import PrinterState
from printers.transports import PartialWrite, TransportError

log = logging.getLogger(__name__)

RETRY_WAIT = 5.0
DRAWER_KICK = "drawer-kick"


class PrinterQueueStopped(Exception):
    """A question asked of a printer whose spooler stopped before it could ask."""


class Printer(Protocol):
    def state(self) -> PrinterState | None: ...
    def print(self, job_id: int, document: Document) -> str: ...
    def kick_drawer(self) -> str: ...


@dataclass(frozen=True)
class PrintResult:
    job_id: int
    document: str
    printer: str
    output: str = ""
    error: str = ""  # why it waits, or why it needs a person


class PrintSpooler(Worker):
    thread_name = "print-spooler"

    def __init__(
        self,
        db_path: str | Path,
        printer_name: str,
        printer: Printer,
        *,
        on_result: Callable[[PrintResult], None] = lambda result: None,
        retry_wait: float = RETRY_WAIT,
        on_trouble: Trouble = log_only,
    ):
        self.db_path = db_path
        self.printer_name = printer_name
        self.printer = printer
        self.on_result = on_result
        self.retry_wait = retry_wait
        super().__init__(on_trouble=on_trouble)
        self.thread_name = f"print-spooler-{printer_name}"
        self._questions: queues.SimpleQueue[tuple[Callable[[Printer], object], Future]] = queues.SimpleQueue()
        self.title = f"Printer queue {printer_name}"

    def run(self) -> None:
        db = Database(self.db_path)
        queue = PrintQueue(db)
        try:
            while self.next_round():
                self._answer_questions()
                all_printed = self.print_pending(queue)
                self.pause(None if all_printed else self.retry_wait)
        finally:
            db.close()

    def ask(self, question: Callable[[Printer], object]) -> Future:
        """`question(printer)`, asked on the spooler's thread between two jobs; its answer (or error) in
        the Future. Wait for it off the GUI thread."""
        answer: Future = Future()
        self._questions.put((question, answer))
        self.wake()
        return answer

    def stop(self, timeout: float = 15.0) -> None:
        super().stop(timeout)
        self._answer_questions(PrinterQueueStopped(f"the printer queue {self.printer_name} stopped"))

    def _answer_questions(self, refusal: Exception | None = None) -> None:
        """Answer every question waiting, or refuse them all with `refusal`."""
        while True:
            try:
                question, answer = self._questions.get_nowait()
            except queues.Empty:
                return
            if refusal is not None:
                answer.set_exception(refusal)
                continue
            try:
                answer.set_result(question(self.printer))
            except Exception as exc:  # the asker's to show
                answer.set_exception(exc)

    def print_pending(self, queue: PrintQueue) -> bool:
        """Print this printer's jobs in order, the whole queue (read a page at a time); False when the
        printer cannot take one now. Each job printed, expired or in doubt leaves the queue."""
        while jobs := queue.pending(self.printer_name):
            for job in jobs:
                self._answer_questions()
                if not self._print(queue, job):
                    return False
        return True

    def _print(self, queue: PrintQueue, job: PrintJob) -> bool:
        if job.expires_at is not None and time.time() > job.expires_at:
            queue.mark_expired(job.id)
            self._tell(job, error="expired: too late to print")
            return True
        try:
            state = self.printer.state()
        except TransportError as exc:
            return self._wait(queue, job, f"printer not reachable: {exc}")
        if state is not None and not state.ready:
            return self._wait(queue, job, state.describe())
        try:
            if job.document == DRAWER_KICK:
                output = self.printer.kick_drawer()
            else:
                output = self.printer.print(job.id, Document.from_json(job.payload))
        except PartialWrite as exc:
            queue.mark_unknown(job.id, str(exc))
            log.warning("print job %d may have printed: %s", job.id, exc)
            self._tell(job, error=f"may or may not have printed ({exc}): check it, reprint if needed")
            return False
        except (TransportError, OSError) as exc:
            return self._wait(queue, job, str(exc))
        queue.mark_printed(job.id, output)
        self._tell(job, output=output)
        return True

    def _wait(self, queue: PrintQueue, job: PrintJob, reason: str) -> bool:
        log.info("print job %d waits: %s", job.id, reason)
        queue.mark_failed_attempt(job.id, reason)
        self._tell(job, error=f"waiting: {reason}")
        return False

    def _tell(self, job: PrintJob, *, output: str = "", error: str = "") -> None:
        self.on_result(PrintResult(job.id, job.document, self.printer_name, output, error))
