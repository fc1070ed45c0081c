"""The print spooler keeps a job until a printer has taken it."""

import json
from pathlib import Path

from app.services.spooler import PrintSpooler
from app.store import PrintQueue
from printers.documents import Document


class FlakyPrinter:
    """Out of paper until it is refilled."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.paper = False

    def print(self, job_id: int, document: Document) -> list[Path]:
        if not self.paper:
            raise OSError("paper out")
        path = self.folder / f"{job_id}-{document.kind}.txt"
        path.write_text(json.dumps(document.blocks))
        return [path]


def test_a_job_that_fails_stays_queued_and_prints_when_the_printer_is_back(db, tmp_path):
    queue = PrintQueue(db)
    with db.transaction():
        job = queue.add("claim-receipt", Document("claim-receipt").text("hello").to_json())
    printer = FlakyPrinter(tmp_path)
    results = []
    spooler = PrintSpooler(db.path, {"receipt": printer}, on_result=results.append)

    assert spooler.print_pending(queue) is False
    assert queue.get(job).state == "pending" and queue.get(job).last_error == "paper out"
    assert results[-1].error == "paper out"

    printer.paper = True
    assert spooler.print_pending(queue) is True
    assert queue.get(job).state == "printed" and queue.get(job).attempts == 2
    printed = json.loads(Path(queue.get(job).output).read_text())
    assert printed == [{"type": "text", "text": "hello", "style": "normal", "align": "left"}]
    assert results[-1].outputs == [queue.get(job).output]


def test_a_job_for_a_printer_that_is_not_configured_waits_with_a_reason(db):
    queue = PrintQueue(db)
    with db.transaction():
        job = queue.add("label", Document("label").to_json(), printer="label")
    assert PrintSpooler(db.path, {}).print_pending(queue) is False
    assert queue.get(job).last_error == "no label printer is configured"
