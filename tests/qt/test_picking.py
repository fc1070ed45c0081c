"""Picking a web order through the real window: the pick list prints, scans are matched to lines (a
shared EAN asks which item), wrong and extra items are refused, a pick is resumed, a short pick needs
a reason, and the sandbox hears PICKING then PICKED with the short lines."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.sandbox.weborders import DEMO_CATALOGUE
from scanners.events import scan_event
from tests.helpers.central import AUTH, received_events, wait_for
from tests.helpers.oracles import codes_in, zpl_label
from tests.qt.conftest import open_counter
from tests.qt.test_weborders import place

EAN = {variant: ean for variant, ean, *_ in DEMO_CATALOGUE}


def scan(qtbot, window, text: str, screen: str = "pick_dialog") -> str:
    """A wedge scan while the pick (or another web-order) screen is open: what it says then."""
    dialog = getattr(window, screen)
    before = dialog.message.text()
    window.on_scan(scan_event(text, "keyboard-wedge"))
    qtbot.waitUntil(lambda: dialog.message.text() != before, timeout=5000)
    return dialog.message.text()


def press(qtbot, dialog, key) -> str:
    before = dialog.message.text()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    qtbot.keyClick(dialog, key)
    qtbot.waitUntil(lambda: dialog.message.text() != before or not dialog.isVisible(), timeout=5000)
    return dialog.message.text()


def open_pick(qtbot, window, lines: int = 3) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.weborders_dialog is not None and window.weborders_dialog.table.rowCount() == 1,
                    timeout=5000)
    orders = window.weborders_dialog
    orders.activateWindow()
    qtbot.waitUntil(orders.isActiveWindow, timeout=3000)
    qtbot.keyClick(orders, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pick_dialog is not None and window.pick_dialog.isVisible()
                    and window.pick_dialog.table.rowCount() == lines, timeout=5000)


def rows(dialog) -> list[tuple[str, str, str]]:
    return [tuple(dialog.table.item(r, c).text() for c in (0, 2, 3)) for r in range(dialog.table.rowCount())]


def test_a_web_order_is_picked_by_scanning_resumed_and_finished_short_with_a_reason(qtbot, counter, sandbox,
                                                                                      settings):
    window = counter.window
    place(sandbox, "WEB-6001", "Maria Santos", [{"VariantId": "V-1003", "Quantity": 1},
                                                {"VariantId": "V-1004", "Quantity": 1},
                                                {"VariantId": "V-1001", "Quantity": 2}])
    qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
    open_pick(qtbot, window)
    dialog = window.pick_dialog
    assert dialog.message.text().startswith("Picking: the pick list is printing.")

    assert scan(qtbot, window, "V-1006") == "V-1006 is not in this order. Put it back."
    assert scan(qtbot, window, EAN["V-1001"]).startswith("Bottled water 500 ml: 1 of 2")
    assert scan(qtbot, window, EAN["V-1001"]).startswith("Bottled water 500 ml: 2 of 2, all there.")
    assert scan(qtbot, window, EAN["V-1001"]).startswith("Enough already: Bottled water 500 ml (2) all picked.")
    assert scan(qtbot, window, EAN["V-1003"]).startswith("This barcode fits more than one item: which is it?\n"
                                                         "  1: Canned tuna 155 g (V-1003)\n"
                                                         "  2: Canned tuna 155 g, promo pack (V-1004)")
    assert press(qtbot, dialog, Qt.Key.Key_2).startswith("Canned tuna 155 g, promo pack: 1 of 1, all there.")
    assert press(qtbot, dialog, Qt.Key.Key_F10).startswith("Short: 1 × Canned tuna 155 g.")
    assert dialog.reason.hasFocus()

    dialog.reject()  # a break: the pick is kept
    window.weborders_dialog.reject()
    open_pick(qtbot, window)
    dialog = window.pick_dialog
    assert dialog.message.text().startswith("Picking resumed.")
    assert rows(dialog) == [("Canned tuna 155 g", "0", "1"), ("Canned tuna 155 g, promo pack", "1", "1"),
                            ("Bottled water 500 ml", "2", "2")]
    assert not dialog.reason.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_Tab)
    assert dialog.code.hasFocus()  # first the field to type an item in, then the reason
    qtbot.keyClick(dialog.code, Qt.Key.Key_Tab)
    assert dialog.reason.hasFocus()
    qtbot.keyClicks(dialog.reason, "out of stock")
    qtbot.waitUntil(lambda: dialog.reason.text() == "out of stock", timeout=3000)  # typing, not a scan
    press(qtbot, dialog, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert window.result.title.text() == "Web order WEB-6001 picked, 1 line(s) short."

    events = wait_for(lambda: len(received_events(sandbox.url, "WEB-6001")) == 2 and
                      received_events(sandbox.url, "WEB-6001"), what="PICKING and PICKED sent")
    assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("PICKING", "ACCEPTED"),
                                                                             ("PICKED", "ACCEPTED")]
    order = requests.get(f"{sandbox.url}/webshop/api/v1/weborders/WEB-6001", headers=AUTH, timeout=5).json()
    assert order["Status"] == "PICKED"
    assert order["ShortPicks"] == [{"VariantId": "V-1003", "Quantity": 1, "Reason": "out of stock"}]

    pick_list = wait_for(lambda: list(Path(settings.print_dir).glob("*-pick-list.pdf")), what="the pick list")
    page = pypdfium2.PdfDocument(pick_list[0].read_bytes())[0]
    found = {text for _, text in codes_in(page.render(scale=300 / 72).to_pil())}
    assert found == {"WEB-6001", EAN["V-1001"], EAN["V-1003"]}  # the order and each item's barcode (tuna twice)



def deliver(qtbot, orders) -> None:
    """Ctrl+D on the highlighted order, and Yes to the question that names it."""
    orders.confirm_box = None
    qtbot.keyClick(orders, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: orders.confirm_box is not None and orders.confirm_box.isVisible(), timeout=3000)
    assert orders.confirm_box.text().startswith(f"Deliver web order {orders.selected_order()} to ")
    orders.confirm_box.button(QMessageBox.StandardButton.Yes).click()


def test_a_picked_order_is_delivered_with_its_address_label_the_sale_and_the_turnover_transfer(
        qtbot, sandbox, settings, tmp_path):
    labels = {"receipt": {"url": f"folder://{tmp_path}/receipts", "language": "pdf"},
              "label": {"url": f"folder://{tmp_path}/labels", "language": "zpl"}}
    app = open_counter(qtbot, replace(settings, printers=labels, documents={"address-label": "label"}))
    try:
        window = app.window
        place(sandbox, "WEB-6002", "Jose Reyes", [{"VariantId": "V-1005", "Quantity": 1}], web_shop="WS-GROUP")
        qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
        qtbot.keyClick(window.scan_field, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.weborders_dialog is not None and window.weborders_dialog.table.rowCount(),
                        timeout=5000)
        orders = window.weborders_dialog
        orders.activateWindow()
        qtbot.waitUntil(orders.isActiveWindow, timeout=3000)
        deliver(qtbot, orders)  # not picked yet: refused
        qtbot.waitUntil(lambda: window.result.title.text() == "Web order WEB-6002 is pending: only a picked order "
                                                              "is delivered.", timeout=5000)
        orders.reject()
        open_pick(qtbot, window, lines=1)
        orders = window.weborders_dialog

        dialog = window.pick_dialog  # the label does not scan: the clerk types the variant id instead
        before = dialog.message.text()
        dialog.code.setText("V-1005")
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.message.text() != before, timeout=5000)
        assert dialog.message.text().startswith("Phone charger USB-C: 1 of 1, all there.") and dialog.code.text() == ""
        press(qtbot, window.pick_dialog, Qt.Key.Key_F10)
        qtbot.waitUntil(lambda: window.result.title.text() == "Web order WEB-6002 picked, complete.", timeout=5000)
        orders.activateWindow()
        qtbot.waitUntil(orders.isActiveWindow, timeout=3000)
        deliver(qtbot, orders)
        qtbot.waitUntil(lambda: window.result.title.text() == "Web order WEB-6002 delivered: the address label is "
                                                               "printing.", timeout=5000)
        assert orders.result.text().startswith("Web order WEB-6002 delivered")  # said in the screen in front too
        assert "for turnover shop 0301" in window.result.detail.text()

        label = wait_for(lambda: list((tmp_path / "labels").glob("*.bin")), what="the address label")
        assert codes_in(zpl_label(label[0].read_bytes(), 203)) == {("Code128", "WEB-6002"), ("QRCode", "WEB-6002")}
        fallback = Path(settings.reports_dir) / "address-label-WEB-6002.pdf"  # for any printer, if ZPL is down
        assert f"If the label printer is down, print {fallback} on any printer." in window.result.detail.text()
        page = pypdfium2.PdfDocument(fallback.read_bytes())[0]
        assert codes_in(page.render(scale=300 / 72).to_pil()) == {("Code128", "WEB-6002"), ("QRCode", "WEB-6002")}
        ledger = wait_for(lambda: requests.get(f"{sandbox.url}/webshop/api/v1/weborders/WEB-6002/ledger",
                                               headers=AUTH, timeout=5).json()["Sales"] and
                          requests.get(f"{sandbox.url}/webshop/api/v1/weborders/WEB-6002/ledger", headers=AUTH,
                                       timeout=5).json(), what="the sale")
        assert [(sale["ShopId"], sale["Amount"]) for sale in ledger["Sales"]] == [("0301", "349.00")]
        assert [(t["FromShopId"], t["ToShopId"], t["Reason"]) for t in ledger["Transfers"]] == [("0166", "0301",
                                                                                             "DELIVERY")]
    finally:
        app.stop()
