"""Web orders reach the counter through the poller: the top bar counts and blinks until someone opens
the web-order screen (Ctrl+W), where they are filtered by status and searched."""

from __future__ import annotations

from dataclasses import replace

import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.sandbox.weborders import DEMO_CATALOGUE
from tests.helpers.central import AUTH
from tests.qt.conftest import open_counter

TUNA_EAN = next(ean for variant, ean, *_ in DEMO_CATALOGUE if variant == "V-1003")


def place(sandbox, order_no: str, customer: str, lines: list[dict], web_shop: str = "WS-DIRECT") -> None:
    """As a web shop does, through the sandbox's web-shop API."""
    response = requests.post(f"{sandbox.url}/webshop/api/v1/weborders", headers=AUTH, timeout=5, json={
        "OrderNo": order_no, "ShopId": "0166", "WebShopId": web_shop,
        "Customer": {"Name": customer, "Phone": "09171234567"},
        "DeliveryAddress": {"Name": customer, "Street": "12 Mabini St", "City": "Pasig"}, "Lines": lines})
    assert response.status_code == 201, response.text


def rows(dialog) -> list[str]:
    return [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]


def test_new_web_orders_blink_until_opened_and_are_filtered_and_searched(qtbot, counter, sandbox, monkeypatch):
    rings = []
    monkeypatch.setattr(QApplication, "beep", lambda: rings.append(1))
    window = counter.window
    assert window.weborders_badge.text() == "Web orders: none pending" and not window._blink.isActive()
    place(sandbox, "WEB-5001", "Maria Santos", [{"VariantId": "V-1001", "Quantity": 2}])
    place(sandbox, "WEB-5002", "Jose Rizal", [{"VariantId": "V-1003", "Quantity": 1},
                                              {"VariantId": "V-1006", "Quantity": 1}])
    qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 2 pending", timeout=10000)
    assert window._blink.isActive() and rings == []  # the bell is off unless the store turns it on
    qtbot.waitUntil(lambda: window.weborders_badge.property("blink") is True, timeout=2000)

    qtbot.keyClick(window.scan_field, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.weborders_dialog is not None and window.weborders_dialog.isVisible(),
                    timeout=3000)
    dialog = window.weborders_dialog
    assert not window._blink.isActive() and window.weborders_badge.property("blink") is False
    qtbot.waitUntil(lambda: rows(dialog) == ["WEB-5002", "WEB-5001"], timeout=3000)  # newest first
    assert dialog.table.hasFocus() or dialog.focusWidget() is dialog.table  # ↑/↓ move through the orders
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.selected_order() == "WEB-5001"
    dialog.refresh()  # a poll's refresh keeps the highlighted order: Ctrl+P acts on what the clerk sees
    qtbot.wait(300)
    assert dialog.selected_order() == "WEB-5001" and dialog.table.currentRow() == 1
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    assert "Canned tuna 155 g" in dialog.detail.text() and "Aisle 4" in dialog.detail.text()
    assert "Returns: refunded in cash at the register" in dialog.detail.text()  # the policy it was sold under

    dialog.status.setCurrentText("Delivered")
    qtbot.waitUntil(lambda: rows(dialog) == [] and dialog.detail.text() == "No web order matches.", timeout=3000)
    dialog.status.setCurrentText("Pending")
    qtbot.waitUntil(lambda: len(rows(dialog)) == 2, timeout=3000)
    for query, expected in (("maria", ["WEB-5001"]), (TUNA_EAN, ["WEB-5002"]), ("umbrella rizal", ["WEB-5002"]),
                            ("web-500", ["WEB-5002", "WEB-5001"]), ("nobody", [])):
        dialog.search.setText(query)
        qtbot.waitUntil(lambda expected=expected: rows(dialog) == expected, timeout=3000)
    assert dialog.count.text() == "0 orders"
    dialog.search.setText(" ".join(f"word{n}" for n in range(1000)))  # raised "Expression tree is too large"
    qtbot.waitUntil(lambda: dialog.count.text().startswith("Search by at most 8 words"), timeout=3000)
    assert dialog.count.property("problem") is True
    dialog.search.setText("maria")
    qtbot.waitUntil(lambda: rows(dialog) == ["WEB-5001"], timeout=3000)  # and the screen goes on
    dialog.reject()

    place(sandbox, "WEB-5003", "Ana Cruz", [{"VariantId": "V-1002", "Quantity": 3}])
    qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 3 pending", timeout=10000)
    assert window._blink.isActive()  # a new one: blinking again


def test_the_bell_rings_as_each_new_web_order_arrives_when_the_store_wants_it(qtbot, sandbox, settings, monkeypatch):
    rings = []
    monkeypatch.setattr(QApplication, "beep", lambda: rings.append(1))
    app = open_counter(qtbot, replace(settings, weborder_sound=True))
    try:
        window = app.window
        qtbot.wait(1200)  # polls with nothing new: silence
        assert rings == []
        place(sandbox, "WEB-5101", "Maria Santos", [{"VariantId": "V-1001", "Quantity": 1}])
        qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 1 pending", timeout=10000)
        qtbot.wait(1200)  # the same order polled again rings no more
        assert rings == [1]
        place(sandbox, "WEB-5102", "Jose Rizal", [{"VariantId": "V-1002", "Quantity": 1}])
        qtbot.waitUntil(lambda: window.weborders_badge.text() == "Web orders: 2 pending", timeout=10000)
        assert rings == [1, 1]
    finally:
        app.stop()
