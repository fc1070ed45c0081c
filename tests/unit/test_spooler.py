"""The print spooler keeps a job until a printer has taken it, never prints one twice by itself, and
drains the whole queue; the PDF copies kept for the office stay in their folder."""

from __future__ import annotations

import json
import time

import pytest

from app.services.printing import PrintRoutes, open_drawer, reprint
from app.services.spooler import PrintSpooler
from app.store import Journal, PrintQueue
from printers.documents import Document
from printers.status import PrinterState
from printers.transports import PartialWrite


class FlakyPrinter:
    """Out of paper until refilled; can be told to break off mid-job."""

    def __init__(self):
        self.paper = False
        self.break_off = False
        self.runs_out_during_the_job = False
        self.printed: list[tuple[int, Document]] = []
        self.drawer_kicks = 0

    def state(self) -> PrinterState:
        return PrinterState(paper_out=not self.paper)

    def print(self, job_id: int, document: Document, sending=lambda: None) -> str:
        sending()
        if self.break_off:
            raise PartialWrite("connection lost after 512 of 2048 bytes")
        self.printed.append((job_id, document))
        if self.runs_out_during_the_job:
            self.paper = False
        return f"job {job_id} on the flaky printer"

    def kick_drawer(self) -> str:
        self.drawer_kicks += 1
        return "cash drawer opened"


def queue_receipt(db, text: str = "hello", printer: str = "receipt") -> int:
    with db.transaction():
        return PrintQueue(db).add("claim-receipt", Document("claim-receipt").text(text).to_json(), printer)


def test_a_job_waits_while_the_printer_is_out_of_paper_then_prints_once(db):
    queue, printer, results = PrintQueue(db), FlakyPrinter(), []
    job = queue_receipt(db)
    spooler = PrintSpooler(db.path, "receipt", printer, on_result=results.append)
    assert spooler.print_pending(queue) is False
    assert (queue.get(job).state, queue.get(job).last_error) == ("pending", "out of paper: put in a new roll")
    assert results[-1].error == "waiting: out of paper: put in a new roll" and printer.printed == []
    printer.paper = True
    assert spooler.print_pending(queue) is True
    assert spooler.print_pending(queue) is True
    assert [job_id for job_id, _ in printer.printed] == [job]
    assert queue.get(job).state == "printed" and results[-1].output == f"job {job} on the flaky printer"


@pytest.mark.expect_log(r"may have printed", logger="app.services.spooler")
def test_a_job_that_broke_off_is_never_printed_again_by_itself(db):
    queue, printer = PrintQueue(db), FlakyPrinter()
    printer.paper, printer.break_off = True, True
    job = queue_receipt(db)
    spooler = PrintSpooler(db.path, "receipt", printer)
    spooler.print_pending(queue)
    printer.break_off = False
    spooler.print_pending(queue)
    assert printer.printed == [] and queue.get(job).state == "unknown"
    assert [j.id for j in queue.unknown()] == [job]


@pytest.mark.expect_log(r"may have printed", logger="app.services.spooler")
def test_a_printer_that_runs_out_of_paper_during_a_job_leaves_it_in_doubt_not_printed(db):
    queue, printer, results = PrintQueue(db), FlakyPrinter(), []
    printer.paper, printer.runs_out_during_the_job = True, True
    job = queue_receipt(db)
    PrintSpooler(db.path, "receipt", printer, on_result=results.append).print_pending(queue)
    assert queue.get(job).state == "unknown" and len(printer.printed) == 1
    assert results[-1].error == ("may have printed (sent, but then the printer said: out of paper: put in a new "
                                 "roll): check it in F6")


@pytest.mark.expect_log(r"may have printed: the counter stopped while sending it", logger="app.services.spooler")
def test_a_job_found_sending_after_a_restart_is_in_doubt_and_never_sent_again_by_itself(db):
    queue, printer, results = PrintQueue(db), FlakyPrinter(), []
    printer.paper = True
    crashed, kick, waiting = queue_receipt(db, "crashed"), open_drawer(db, PrintRoutes()), queue_receipt(db, "next")
    queue.mark_sending(crashed)
    queue.mark_sending(kick)  # the counter was killed with these bytes going out
    spooler = PrintSpooler(db.path, "receipt", printer, on_result=results.append)
    spooler.start()
    try:
        deadline = time.monotonic() + 10
        while queue.get(waiting).state != "printed" and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        spooler.stop()
    assert [job_id for job_id, _ in printer.printed] == [waiting] and printer.drawer_kicks == 0
    assert (queue.get(crashed).state, queue.get(kick).state) == ("unknown", "expired")
    assert queue.get(crashed).last_error == "the counter stopped while sending it: it may have printed"
    assert results[0].job_id == crashed and results[0].error.startswith("may have printed")
    assert queue.mark_checked(crashed) and not queue.mark_checked(crashed)  # a person dealt with it, once
    assert queue.get(crashed).state == "checked" and queue.unknown() == []


def test_a_reprint_is_approved_marked_and_journaled(db):
    job = queue_receipt(db, "the receipt")
    copy = reprint(db, job, approved_by="Supervisor Reyes")
    copied = PrintQueue(db).get(copy)
    assert copied.reprint_of == job and copied.printer == "receipt"
    blocks = copied.payload["blocks"]
    assert blocks[0]["text"] == "*** REPRINT ***"
    assert blocks[1]["text"] == f"Copy of print job {job}, approved by Supervisor Reyes"
    assert blocks[-1]["text"] == "the receipt"
    assert Journal(db).entries(str(job))[0]["detail"] == {"approved_by": "Supervisor Reyes", "new_job": copy}
    for who in ("", "  "):
        try:
            reprint(db, job, approved_by=who)
        except PermissionError as exc:
            assert "supervisor" in str(exc)
        else:
            raise AssertionError("a reprint without approval was queued")


def test_a_drawer_kick_too_late_is_dropped_and_one_in_time_opens_the_drawer(db):
    queue, printer = PrintQueue(db), FlakyPrinter()
    printer.paper = True
    late = open_drawer(db, PrintRoutes())
    db.execute("UPDATE print_jobs SET expires_at = ? WHERE id = ?", (time.time() - 1, late))
    spooler = PrintSpooler(db.path, "receipt", printer)
    spooler.print_pending(queue)
    assert queue.get(late).state == "expired" and printer.drawer_kicks == 0
    in_time = open_drawer(db, PrintRoutes())
    spooler.print_pending(queue)
    assert queue.get(in_time).state == "printed" and printer.drawer_kicks == 1


def test_each_spooler_prints_only_its_printers_jobs_and_routes_choose_the_printer(db):
    routes = PrintRoutes({"shipping-label": "label"})
    assert routes.printer_for("shipping-label") == "label" and routes.printer_for("claim-receipt") == "receipt"
    label_job = queue_receipt(db, printer="label")
    queue, printer = PrintQueue(db), FlakyPrinter()
    printer.paper = True
    PrintSpooler(db.path, "receipt", printer).print_pending(queue)
    assert printer.printed == [] and queue.get(label_job).state == "pending"
    assert json.loads(json.dumps(queue.get(label_job).payload))["kind"] == "claim-receipt"


def test_after_paper_out_the_whole_queue_prints_in_one_go(db):
    queue, printer = PrintQueue(db), FlakyPrinter()
    jobs = [queue_receipt(db, f"receipt {n}") for n in range(45)]
    spooler = PrintSpooler(db.path, "receipt", printer)
    assert spooler.print_pending(queue) is False  # out of paper: all wait
    printer.paper = True
    assert spooler.print_pending(queue) is True  # one wake: not 20, every one
    assert [job_id for job_id, _ in printer.printed] == jobs


def test_a_pdf_copy_named_from_outside_data_stays_in_its_folder(tmp_path):
    from app.services.printing import save_pdf

    reports = tmp_path / "reports" / "deep"
    written = save_pdf(Document("pick-list").text("x"), reports, "pick-list-x/../../../../escape")
    assert written is not None and written.parent == reports
    assert written.name == "pick-list-x_.._.._.._.._escape.pdf"
    assert sorted(p.name for p in tmp_path.rglob("*.pdf")) == [written.name]
    assert save_pdf(Document("pick-list"), reports, "../..").parent == reports  # a name of dots only, too
