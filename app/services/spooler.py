"""The print spooler: one worker per printer, printing its queued jobs in order after they committed.

Before each job it asks a two-way printer how it is: out of paper, cover open or offline, the job
waits (the clerk is told why) and resumes by itself. A job is marked ``sending`` (committed) before
its first byte goes out, and ``printed`` only once the transport saw all of it taken and, for a
two-way printer, the printer says it is fine after it. Otherwise it may or may not have printed: it
becomes ``unknown`` and is never sent again by itself, and so does a job found ``sending`` after a
restart; a person checks it (F6), and a copy needs the usual approval and is marked REPRINT. A job
past its expiry (a cash-drawer kick) is dropped, not printed late.

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
from functools import partial
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
DRAWER_KICK_LIFETIME = 10.0  # seconds: a drawer that opens a minute late opens for the wrong customer
IN_DOUBT = "may have printed ({}): check it in F6"


class AfterTheJob(Exception):
    """The printer took a job and then was not fine: the job may be spoilt."""


class PrinterQueueStopped(Exception):
    """A question asked of a printer whose spooler stopped before it could ask."""


class Printer(Protocol):
    def state(self) -> PrinterState | None: ...
    def print(self, job_id: int, document: Document, sending: Callable[[], None]) -> str:
        """Render and send; `sending()` just before the first byte goes out."""
    def kick_drawer(self) -> str: ...


@dataclass(frozen=True)
class PrintResult:
    job_id: int
    document: str
    printer: str
    output: str = ""
    error: str = ""  # why it waits, or why it needs a person
    in_doubt: bool = False  # it may or may not have printed: a person checks it (F6)


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
            for job in queue.settle_interrupted(self.printer_name, leaving_out=(DRAWER_KICK,)):
                log.warning("print job %d may have printed: the counter stopped while sending it", job.id)
                self._tell(job, error=IN_DOUBT.format("the counter stopped while sending it"), in_doubt=True)
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
        if job.expires_at is not None and not 0 <= job.expires_at - time.time() <= DRAWER_KICK_LIFETIME:
            # too late; or due further ahead than it could be, so set before the clock went back
            queue.mark_expired(job.id)
            self._tell(job, error="expired: too late to print")
            return True
        try:
            state = self.printer.state()
        except TransportError as exc:
            return self._wait(queue, job, f"printer not reachable: {exc}")
        if state is not None and not state.ready:
            return self._wait(queue, job, state.describe())
        sending = partial(queue.mark_sending, job.id)
        try:
            if job.document == DRAWER_KICK:
                sending()
                output = self.printer.kick_drawer()
            else:
                output = self.printer.print(job.id, Document.from_json(job.payload), sending)
                self._check_after()
        except PartialWrite as exc:
            return self._in_doubt(queue, job, str(exc))
        except (TransportError, OSError) as exc:
            return self._wait(queue, job, str(exc))  # nothing went out: it is tried again
        except AfterTheJob as exc:
            return self._in_doubt(queue, job, str(exc))
        queue.mark_printed(job.id, output)
        self._tell(job, output=output)
        return True

    def _check_after(self) -> None:
        """A two-way printer is asked again once it has the job: trouble then may have spoilt it."""
        try:
            state = self.printer.state()
        except TransportError as exc:
            raise AfterTheJob(f"sent, but the printer could not be asked after it: {exc}") from exc
        if state is not None and not state.ready:
            raise AfterTheJob(f"sent, but then the printer said: {state.describe()}")

    def _in_doubt(self, queue: PrintQueue, job: PrintJob, why: str) -> bool:
        queue.mark_unknown(job.id, why)
        log.warning("print job %d may have printed: %s", job.id, why)
        self._tell(job, error=IN_DOUBT.format(why), in_doubt=True)
        return False

    def _wait(self, queue: PrintQueue, job: PrintJob, reason: str) -> bool:
        log.info("print job %d waits: %s", job.id, reason)
        queue.mark_failed_attempt(job.id, reason)
        self._tell(job, error=f"waiting: {reason}")
        return False

    def _tell(self, job: PrintJob, *, output: str = "", error: str = "", in_doubt: bool = False) -> None:
        self.on_result(PrintResult(job.id, job.document, self.printer_name, output, error, in_doubt))
