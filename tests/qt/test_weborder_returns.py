"""Web orders the whole way through the real window: the pick list on the ESC/POS receipt printer and
as a PDF, delivery, and the return of items, refunded at the register (cash out on the shift report,
the drawer opens, the items move back from the turnover shop) or by the web shop, as the order's
return policy says; and all of it on the cached orders while the central system is down."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pypdfium2
import requests
import zxingcpp
from PIL import Image
from PySide6.QtCore import Qt

from app.services.spooler import DRAWER_KICK
from app.store import Journal, PrintQueue
from tests.helpers.central import AUTH, received_events, restart, wait_for
from tests.helpers.oracles import codes_in, emupos_print
from tests.helpers.printer_server import CapturePrinter
from tests.helpers.staff import CLERK, SUPERVISOR
from tests.qt.conftest import Clerk, open_counter
from tests.qt.test_picking import EAN, deliver, open_pick, press, scan
from tests.qt.test_weborders import place


def ledger(sandbox, order_no: str) -> dict:
    return requests.get(f"{sandbox.url}/webshop/api/v1/weborders/{order_no}/ledger", headers=AUTH, timeout=5).json()


def key_in(qtbot, dialog, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog, key, modifier)


def pick_and_deliver(qtbot, window, scans: list[str], lines: int) -> None:
    open_pick(qtbot, window, lines=lines)
    for text in scans:
        scan(qtbot, window, text)
    press(qtbot, window.pick_dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not window.pick_dialog.isVisible(), timeout=5000)
    window.weborders_dialog.activateWindow()
    qtbot.waitUntil(window.weborders_dialog.isActiveWindow, timeout=3000)
    deliver(qtbot, window.weborders_dialog)
    qtbot.waitUntil(lambda: "delivered: the address label is printing" in window.result.title.text(), timeout=5000)


def open_return(qtbot, window):
    orders = window.weborders_dialog
    qtbot.waitUntil(lambda: orders.found and orders.found[0]["Status"] == "DELIVERED", timeout=5000)
    key_in(qtbot, orders, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.return_dialog is not None and window.return_dialog.isVisible(), timeout=5000)
    return window.return_dialog


def each_web_order_dialog(qtbot, window, sandbox):
    """The web-order screens a clerk works in, with an order of three lines placed: its pick, and once it
    is picked and delivered, its return: (its name, the dialog), closed after."""
    place(sandbox, "WEB-7100", "Ana Cruz", [{"VariantId": "V-1005", "Quantity": 1},
                                            {"VariantId": "V-1001", "Quantity": 2}])
    qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
    open_pick(qtbot, window, lines=2)
    scan(qtbot, window, "V-1005")
    qtbot.wait(100)
    yield "pick_dialog", window.pick_dialog
    pick_and_deliver(qtbot, window, [EAN["V-1001"], EAN["V-1001"]], lines=2)
    dialog = open_return(qtbot, window)
    qtbot.wait(100)
    yield "return_dialog", dialog
    dialog.reject()
    window.weborders_dialog.reject()


def test_items_come_back_refunded_at_the_register_and_move_back_from_the_turnover_shop(qtbot, sandbox, settings,
                                                                                      tmp_path):
    with CapturePrinter() as printer:
        app = open_counter(qtbot, replace(settings, printers={"receipt": {"url": printer.url, "language": "escpos"}}))
        try:
            window = app.window
            place(sandbox, "WEB-7001", "Ana Cruz", [{"VariantId": "V-1005", "Quantity": 1},
                                                    {"VariantId": "V-1001", "Quantity": 2}], web_shop="WS-GROUP")
            qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
            pick_and_deliver(qtbot, window, ["V-1005", EAN["V-1001"], EAN["V-1001"]], lines=2)

            dialog = open_return(qtbot, window)
            assert dialog.refund.text() == "Refund in cash from the register: PHP 0.00"
            assert scan(qtbot, window, EAN["V-1006"], "return_dialog") == f"{EAN['V-1006']} was not in this order."
            assert scan(qtbot, window, "V-1005", "return_dialog") == "Phone charger USB-C: 1 of 1 back."
            assert scan(qtbot, window, "V-1005", "return_dialog") == "All 1 of Phone charger USB-C are counted already."
            assert dialog.refund.text() == "Refund in cash from the register: PHP 349.00"
            key_in(qtbot, dialog, Qt.Key.Key_F10)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
            assert window.result.title.text() == "Refund PHP 349.00 in cash to the customer."
            assert window.result.detail.text() == ("Web order WEB-7001: 1 item(s) taken back; the receipt is printing."
                                                   " The items move back here from turnover shop 0301.")

            report = window.session.shift.report()
            assert report.cash["Web order refunds paid out"] == Decimal("-349.00")
            assert (report.counts["Web orders delivered"], report.counts["Web order returns"]) == (1, 1)
            assert PrintQueue(app.db).latest().document == DRAWER_KICK  # the cash comes out of the drawer
            books = wait_for(lambda: ledger(sandbox, "WEB-7001")["Refunds"] and ledger(sandbox, "WEB-7001"),
                             what="the refund")
            assert books["Refunds"] == [{"OrderNo": "WEB-7001", "ShopId": "0166", "Amount": "349.00",
                                         "RefundAtRegister": True}]
            assert [(t["FromShopId"], t["ToShopId"], t["Reason"], [(line["VariantId"], line["Quantity"])
                                                                 for line in t["Lines"]])
                    for t in books["Transfers"]] == [("0166", "0301", "DELIVERY", [("V-1005", 1), ("V-1001", 2)]),
                                                     ("0301", "0166", "RETURN", [("V-1005", 1)])]
            qtbot.waitUntil(lambda: len(printer.jobs) >= 2, timeout=10000)
        finally:
            app.stop()

    # The pick list, as the ESC/POS printer printed it and as its PDF copy: the order and each item scan.
    receipts, _ = emupos_print(printer.jobs[0], tmp_path)
    assert {b.text for b in zxingcpp.read_barcodes(Image.open(receipts[0].png))} == {
        "WEB-7001", EAN["V-1005"], EAN["V-1001"]}
    page = pypdfium2.PdfDocument((Path(settings.reports_dir) / "pick-list-WEB-7001.pdf").read_bytes())[0]
    assert {text for _, text in codes_in(page.render(scale=300 / 72).to_pil())} == {
        "WEB-7001", EAN["V-1005"], EAN["V-1001"]}


def test_a_cash_refund_above_the_set_amount_needs_a_supervisor_and_is_journaled_with_them(qtbot, sandbox, settings):
    app = open_counter(qtbot, replace(settings, refund_approval_above="300.00"))
    try:
        window, clerk = app.window, Clerk(qtbot, app.window)
        place(sandbox, "WEB-7201", "Ana Cruz", [{"VariantId": "V-1005", "Quantity": 1}], web_shop="WS-GROUP")
        qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
        pick_and_deliver(qtbot, window, ["V-1005"], lines=1)
        dialog = open_return(qtbot, window)
        scan(qtbot, window, "V-1005", "return_dialog")
        key_in(qtbot, dialog, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: window.pin_dialog.isVisible() and window.pin_dialog.windowTitle() == "Supervisor approval",
                        timeout=5000)
        assert "a cash refund of PHP 349.00 for WEB-7201" in window.pin_dialog.message.text()
        assert dialog.message.text().startswith("A supervisor approves a cash refund of PHP 349.00.")
        window.pin_dialog.reject()  # no supervisor: nothing is refunded
        assert dialog.isVisible() and window.session.shift.report().counts["Web order returns"] == 0

        key_in(qtbot, dialog, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: window.pin_dialog.isVisible(), timeout=5000)
        clerk.type_pin(CLERK[0], CLERK[3])  # a clerk cannot approve it
        assert window.pin_dialog.message.text() == "Ana Santos is not a supervisor; a supervisor must approve a cash " \
                                                   "refund of PHP 349.00 for WEB-7201."
        clerk.type_pin(SUPERVISOR[0], SUPERVISOR[3])
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        assert window.result.title.text() == "Refund PHP 349.00 in cash to the customer."
        entry = [e for e in Journal(app.db).entries("WEB-7201") if e["action"] == "weborder-returned"][0]
        assert entry["detail"]["approved_by"] == f"{SUPERVISOR[1]} ({SUPERVISOR[0]})"
        assert entry["detail"]["refund"] == "349.00"
    finally:
        app.stop()


def test_offline_the_cached_order_is_picked_delivered_and_returned_and_the_web_shop_refunds(qtbot, sandbox,
                                                                                            settings):
    requests.put(f"{sandbox.url}/sandbox/weborders/config", headers=AUTH, timeout=5,
                 json={"returnPolicy": "NO_REFUND_AT_REGISTER"})
    app = open_counter(qtbot, settings)
    try:
        window = app.window
        place(sandbox, "WEB-7002", "Lito Lapid", [{"VariantId": "V-1001", "Quantity": 2}])
        qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
        sandbox.stop()  # the shop's line is down from here
        qtbot.waitUntil(lambda: window.status.sync.property("state") == "offline", timeout=15000)

        pick_and_deliver(qtbot, window, [EAN["V-1001"], EAN["V-1001"]], lines=1)
        dialog = open_return(qtbot, window)
        key_in(qtbot, dialog, Qt.Key.Key_F10)  # nothing set yet
        qtbot.waitUntil(lambda: dialog.message.text().startswith("Nothing is taken back."), timeout=5000)
        dialog.counts["V-1001"].setValue(1)  # the clerk sets it by hand
        assert dialog.refund.text() == ("Refund PHP 20.00: not at this counter. WS-DIRECT pays it back the way "
                                        "the customer paid.")
        key_in(qtbot, dialog, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
        assert window.result.title.text() == "No refund at the register: WS-DIRECT refunds PHP 20.00."
        assert window.result.detail.text().startswith("Tell the customer the web shop pays it back the way they paid.")
        assert window.session.shift.report().cash["Web order refunds paid out"] == Decimal("0.00")

        back = restart(sandbox)
        try:
            events = wait_for(lambda: len(received_events(back.url, "WEB-7002")) == 4 and
                              received_events(back.url, "WEB-7002"), timeout=20, what="the four steps sent")
            assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [
                ("PICKING", "ACCEPTED"), ("PICKED", "ACCEPTED"), ("DELIVERED", "ACCEPTED"), ("RETURNED", "ACCEPTED")]
            books = ledger(back, "WEB-7002")
            assert [(s["ShopId"], s["Amount"]) for s in books["Sales"]] == [("0166", "40.00")]
            assert books["Refunds"] == [{"OrderNo": "WEB-7002", "ShopId": "0166", "Amount": "20.00",
                                         "RefundAtRegister": False}]
            assert books["Transfers"] == []  # no turnover shop: the items never left this shop's books
            qtbot.waitUntil(lambda: window.weborders_dialog.found[0]["Status"] == "RETURNED", timeout=5000)
        finally:
            back.stop()
    finally:
        app.stop()
