"""A receipt printer out of paper while the clerk serves: the counter goes on, the receipt waits, then
prints exactly once when paper is in, and the emulated printer's output scans."""

from __future__ import annotations

from dataclasses import replace

import zxingcpp
from PIL import Image

from app.store import PrintQueue
from tests.helpers.oracles import emupos_print
from tests.helpers.printer_server import OK, PAPER_OUT, CapturePrinter
from tests.qt.conftest import Clerk, open_counter


def test_a_receipt_waits_for_paper_and_prints_once_when_it_is_in(qtbot, settings, ready, tmp_path):
    with CapturePrinter(PAPER_OUT) as printer:
        app = open_counter(qtbot, replace(settings, printers={"receipt": {"url": printer.url,
                                                                          "language": "escpos"}}))
        try:
            status = app.window.status.printer
            clerk = Clerk(qtbot, app.window)
            clerk.scan(ready[0].claim_code)
            assert clerk.scan(ready[0].tracking_number) == "Released. Hand the parcel to the customer."
            qtbot.waitUntil(lambda: "out of paper" in status.text(), timeout=10000)
            assert status.property("state") == "problem" and printer.jobs == []
            # The counter is not blocked: the next customer is served meanwhile.
            clerk.scan(ready[1].claim_code)
            assert clerk.scan(ready[1].tracking_number) == "Released. Hand the parcel to the customer."

            printer.status = dict(OK)  # a new roll
            qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=15000)
            qtbot.wait(300)
            assert len(printer.jobs) == 2  # each receipt once, in order
            assert [job.state for job in (PrintQueue(app.db).get(1), PrintQueue(app.db).get(2))] == [
                "printed", "printed"]
        finally:
            app.stop()
    receipts, _ = emupos_print(printer.jobs[0], tmp_path)
    assert [b.text for b in zxingcpp.read_barcodes(Image.open(receipts[0].png))] == [ready[0].tracking_number]
