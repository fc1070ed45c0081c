"""A receipt printer out of paper while the clerk serves: the counter goes on, the receipt waits, then
prints exactly once when paper is in, and the emulated printer's output scans. A receipt that may
not have printed (the printer cut the connection, or the counter stopped while sending it) is never
sent again by itself: it stays in sight until the clerk checks it, and a copy is a REPRINT."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt

from app.store import Database, Journal, PrintQueue
from printers.documents import Document
from tests.helpers.oracles import emupos_print
from tests.helpers.printer_server import OK, PAPER_OUT, CapturePrinter, CuttingPrinter
from tests.helpers.staff import CLERK
from tests.qt.conftest import Clerk, open_counter, shown_tip
from tests.qt.test_exceptions import approve_as_supervisor, open_exceptions


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


@pytest.mark.expect_log(r"may have printed", logger="app.services.spooler")
def test_a_receipt_cut_off_by_the_printer_stays_in_sight_until_checked_and_a_copy_is_a_reprint(
        qtbot, settings, ready):
    with CuttingPrinter(keep=64) as printer:
        app = open_counter(qtbot, replace(settings, printers={"receipt": {"url": printer.url,
                                                                          "language": "escpos"}}))
        try:
            status, clerk = app.window.status.printer, Clerk(qtbot, app.window)
            for parcel in ready[:2]:
                clerk.scan(parcel.claim_code)
                assert clerk.scan(parcel.tracking_number) == "Released. Hand the parcel to the customer."
            qtbot.waitUntil(lambda: status.text() == "⚠ 2 prints may not have printed: F6 to check", timeout=20000)
            assert status.property("state") == "problem" and "connection lost" in shown_tip(status)
            assert [job.state for job in PrintQueue(app.db).unknown()] == ["unknown", "unknown"]
            assert [len(kept) for kept in printer.kept] == [64, 64]

            printer.cutting = False
            dialog = open_exceptions(qtbot, app.window)
            rows = [dialog.list.item(n).text() for n in range(dialog.list.count())]
            assert rows[:3] == ["May not have printed: claim receipt #1\non printer receipt",
                                "May not have printed: claim receipt #2\non printer receipt",
                                "Nothing refused: every event was accepted."]
            assert "connection lost after" in dialog.detail.toPlainText()
            assert ready[0].tracking_number in dialog.detail.toPlainText()  # to compare with what came out
            assert dialog.printed_button.isEnabled() and not dialog.retry_button.isEnabled()
            qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # #1 came out whole
            qtbot.waitUntil(lambda: dialog.message.text().startswith("Checked: the claim receipt #1 printed."),
                            timeout=5000)
            qtbot.waitUntil(lambda: dialog.list.item(0).text().startswith("May not have printed: claim receipt #2"),
                            timeout=5000)
            approve_as_supervisor(qtbot, clerk, dialog, lambda: qtbot.keyClick(dialog, Qt.Key.Key_C,
                                                                                 Qt.KeyboardModifier.AltModifier))
            assert dialog.message.text().startswith("Printing a copy of the claim receipt #2.")
            dialog.reject()
            qtbot.waitUntil(lambda: status.text() in ("Printer: every print checked", "Printed claim receipt #3"),
                            timeout=10000)
            qtbot.waitUntil(lambda: len(printer.kept) == 3, timeout=10000)
            assert b"REPRINT" in printer.kept[2] and len(printer.kept[2]) > 64
            qtbot.waitUntil(lambda: PrintQueue(app.db).get(3).state == "printed", timeout=10000)
            assert [PrintQueue(app.db).get(n).state for n in (1, 2)] == ["checked", "checked"]
            assert [e["action"] for e in Journal(app.db).entries("1")] == ["print-checked"]
            assert Journal(app.db).entries("1")[0]["detail"] == {"checked_by": CLERK[0], "copy": None}
        finally:
            app.stop()


@pytest.mark.expect_log(r"may have printed: the counter stopped while sending it", logger="app.services.spooler")
def test_a_receipt_the_counter_was_sending_when_it_stopped_is_not_printed_again_at_the_next_start(
        qtbot, settings, ready):
    with CapturePrinter() as printer:
        db = Database(settings.db)
        with db.transaction():
            job = PrintQueue(db).add("claim-receipt", Document("claim-receipt").text("before the crash").to_json())
        PrintQueue(db).mark_sending(job)
        db.close()
        app = open_counter(qtbot, replace(settings, printers={"receipt": {"url": printer.url, "language": "escpos"}}))
        try:
            status = app.window.status.printer
            qtbot.waitUntil(lambda: status.text() == "⚠ 1 print may not have printed: F6 to check", timeout=10000)
            qtbot.wait(500)
            assert printer.jobs == [] and PrintQueue(app.db).get(job).state == "unknown"
        finally:
            app.stop()
