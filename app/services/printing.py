"""Which printer prints which document, reprints (approved, and marked as such), the cash drawer."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

from app.services.spooler import DRAWER_KICK, DRAWER_KICK_LIFETIME
from app.store import Database, Journal, PrintQueue
from app.store import PrintJob as PrintJob  # what the counter's F7 shows before a reprint
from printers.documents import TEST_PAGE, Document, as_reprint

log = logging.getLogger(__name__)

DEFAULT_PRINTER = "receipt"


class PrintRoutes:
    """Document kind → printer name, from the terminal's settings; the rest go to ``receipt``."""

    def __init__(self, documents: dict[str, str] | None = None):
        self.documents = dict(documents or {})

    def printer_for(self, kind: str) -> str:
        return self.documents.get(kind, DEFAULT_PRINTER)


def reprint(db: Database, job_id: int, approved_by: str) -> int:
    """Queue a copy of a job, marked REPRINT with who approved it; returns the new job's id."""
    queue = PrintQueue(db)
    job = queue.get(job_id)
    if job is None:
        raise LookupError(f"there is no print job {job_id}")
    if not approved_by.strip():
        raise PermissionError("a reprint needs a supervisor's approval")
    copy = as_reprint(Document.from_json(job.payload), job_id, approved_by)
    with db.transaction():
        new_id = queue.add(job.document, copy.to_json(), job.printer, reprint_of=job_id)
        Journal(db).record("reprint", str(job_id), new_job=new_id, approved_by=approved_by)
    return new_id


def prints_in_doubt(db: Database) -> list[PrintJob]:
    """Jobs that may or may not have printed, oldest first: on screen until someone checks them."""
    return PrintQueue(db).unknown()


def readable(job: PrintJob) -> str:
    """A job's document as text, to compare with what came out of the printer."""
    return "\n".join(Document.from_json(job.payload).lines())


def settle_in_doubt(db: Database, job: PrintJob, checked_by: str, *, copy_approved_by: str = "") -> int | None:
    """Someone looked at a job in doubt: it printed (nothing more), or a copy is queued, marked REPRINT
    with who approved it. Returns the copy's job id; raises LookupError when the job was not in doubt
    any more (checked at another counter a moment ago, say)."""
    with db.transaction():
        if not PrintQueue(db).mark_checked(job.id):
            raise LookupError(f"print job {job.id} is not waiting to be checked any more")
        copy = reprint(db, job.id, copy_approved_by) if copy_approved_by else None
        Journal(db).record("print-checked", str(job.id), checked_by=checked_by, copy=copy)
    return copy


def last_customer_print(db: Database) -> PrintJob | None:
    """The newest receipt, label or list this counter printed for someone, to print again."""
    return PrintQueue(db).latest(leaving_out=(DRAWER_KICK, TEST_PAGE))


def open_drawer(db: Database, routes: PrintRoutes) -> int:
    """Queue a cash-drawer kick that is dropped if it cannot happen within seconds."""
    with db.transaction():
        return PrintQueue(db).add(DRAWER_KICK, Document(DRAWER_KICK).to_json(), routes.printer_for(DRAWER_KICK),
                                  expires_at=time.time() + DRAWER_KICK_LIFETIME)


def save_pdf(document: Document, folder: Path, name: str) -> Path | None:
    """A PDF copy for the office, written after what it shows is recorded: where it went, or None when
    it could not be written (a failure loses nothing). `name` may hold outside data (a web order's
    number): it is made a plain file name, and the file is kept in `folder` whatever it said."""
    from printers import pdf  # loaded when first needed, not at start (see printers.devices)

    path = folder / f"{file_name(name)}.pdf"
    try:
        if path.resolve().parent != folder.resolve():
            raise OSError(f"{path} is not in {folder}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf.render(document))
    except OSError:
        log.exception("the PDF copy could not be written to %s", path)
        return None
    return path


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_name(text: str) -> str:
    """`text` as a file name that stays in its folder on any system: letters, digits, dot, dash and
    underscore only, no leading dot, at most 120 characters."""
    return _UNSAFE.sub("_", text).lstrip(".")[:120] or "unnamed"
