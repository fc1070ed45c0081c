"""The spooler with real drivers over loopback: an ESC/POS printer on TCP 9100 that runs out of paper."""

from __future__ import annotations

from app.services.spooler import PrintSpooler
from app.store import PrintQueue
from printers.devices import DRAWER_KICK, printer_from_settings
from printers.documents import Document, StoreHeader, claim_receipt
from tests.helpers.central import wait_for
from tests.helpers.printer_server import OK, PAPER_OUT, CapturePrinter


def receipt() -> Document:
    return claim_receipt(StoreHeader("0166", "7-Eleven Ortigas", "T1"), tracking_number="76050795432071363",
                         claim_code="9755-4257-4904", merchant="Merchant A (001)", description="Earbuds",
                         shelf_slot="D-01", released_at="2026-11-23 19:40", reference="abc")


def test_paper_out_then_ok_prints_the_job_exactly_once(db):
    with CapturePrinter(PAPER_OUT) as device:
        printer = printer_from_settings("receipt", {"url": device.url, "language": "escpos",
                                                    "profile": "epson-tm-t20"})
        with db.transaction():
            job = PrintQueue(db).add("claim-receipt", receipt().to_json())
        results = []
        spooler = PrintSpooler(db.path, "receipt", printer, on_result=results.append, retry_wait=0.05)
        spooler.start()
        try:
            wait_for(lambda: any("out of paper" in r.error for r in results), what="paper out noticed")
            assert device.jobs == []
            device.status = dict(OK)
            wait_for(lambda: PrintQueue(db).get(job).state == "printed", what="printed after refill")
            wait_for(lambda: len(device.jobs) == 1, what="the job at the printer")
        finally:
            spooler.stop()
        assert device.jobs == [printer.render(receipt())]
        assert device.status_requests >= 6  # asked before each try


def test_a_label_printer_prints_zpl_and_a_drawer_kick_reaches_the_receipt_printer(db):
    with CapturePrinter() as device:
        label = printer_from_settings("label", {"url": device.url, "language": "zpl", "dpi": 300})
        label.print(1, Document("shipping-label").text("STORE 0166", "title", "center").barcode("76050795432071363"))
        receipt_printer = printer_from_settings("receipt", {"url": device.url, "language": "escpos"})
        receipt_printer.kick_drawer()
        wait_for(lambda: len(device.jobs) == 2, what="both jobs")
        assert device.jobs[0].startswith(b"^XA^CI28^PW1200") and device.jobs[1] == DRAWER_KICK
