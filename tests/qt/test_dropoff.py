"""Drop-off through the real window (F5) against the sandbox: field checks, quote, fee, label, receipt."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pypdfium2
import pytest
from PySide6.QtCore import Qt

from app.store import DropOffs, Journal, Payments
from printers import zpl
from tests.helpers.central import inject_fault, received_events, restart, wait_for
from tests.helpers.oracles import codes_in, zpl_label
from tests.helpers.scale import fake_scale
from tests.qt.conftest import open_counter

GOOD = {"mobile": "0917 123 4567", "destination": "0234", "length": "20", "width": "15", "height": "10",
        "weight": "1.5", "collect": "500"}


@pytest.fixture
def counter(qtbot, settings, tmp_path):
    printers = {"receipt": {"url": f"folder://{tmp_path}/receipts", "language": "pdf"},
                "label": {"url": f"folder://{tmp_path}/labels", "language": "zpl"}}
    app = open_counter(qtbot, replace(settings, printers=printers, documents={"shipping-label": "label"}))
    yield app
    app.stop()


def open_dropoff(qtbot, window):
    window.activateWindow()  # back from an earlier dialog (the offscreen platform does not do it)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.dropoff_dialog is not None and window.dropoff_dialog.isVisible(), timeout=3000)
    return window.dropoff_dialog


def enter(qtbot, dialog, field, until) -> None:
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and until(), timeout=10000)


def fill(dialog, **values) -> None:
    for name, value in values.items():
        dialog.fields[name].setText(value)


def tracking_number_in(text: str) -> str:
    return re.search(r"Tracking number (\d{17})", text).group(1)


def test_a_dropoff_is_checked_quoted_paid_labelled_and_reported(qtbot, counter, clerk, sandbox, tmp_path):
    dialog = open_dropoff(qtbot, counter.window)
    fill(dialog, **{**GOOD, "mobile": "123", "length": "31", "weight": "abc", "collect": "-5"})
    enter(qtbot, dialog, dialog.fields["collect"], lambda: bool(dialog.problems.text()))
    assert dialog.problems.text().splitlines() == [
        "The seller's mobile number is 11 digits starting 09 (or +639…).",
        "The length is 31 cm; each side may be at most 30 cm.",
        "The weight must be a number of kg, like 12.5.",
        "Amount to collect: An amount cannot be negative.",
    ]
    assert [n for n, f in dialog.fields.items() if f.property("problem")] == ["mobile", "length", "weight", "collect"]
    assert dialog.quote is None and not dialog.cash.isEnabled()

    fill(dialog, **GOOD)
    enter(qtbot, dialog, dialog.fields["collect"], lambda: dialog.quote is not None)
    assert dialog.quote_label.text().startswith("Fee PHP 97.50 · carried by ")  # PHP 85 + 2.5% of PHP 500
    assert not dialog.quote.offline and dialog.cash.hasFocus()

    dialog.cash.setText("50")
    enter(qtbot, dialog, dialog.cash, lambda: "less than" in dialog.problems.text())
    assert dialog.problems.text() == "PHP 50.00 is less than the PHP 97.50 fee. Nothing was recorded."
    dialog.cash.setText("100")
    qtbot.keyClick(dialog.cash, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.cash, Qt.Key.Key_Return)  # a double Enter records one drop-off
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert clerk.title == "Change: PHP 2.50" and clerk.tone == "ok"
    number = tracking_number_in(clerk.detail)
    assert counter.db.execute("SELECT count(*) FROM dropoffs").fetchone()[0] == 1

    payment = Payments(counter.db).of(number)
    assert (str(payment.amount), str(payment.tendered), str(payment.change)) == ("97.50", "100.00", "2.50")
    entry = Journal(counter.db).entries(number)[0]
    assert (entry["action"], entry["staff_id"], entry["detail"]["fee"]) == ("dropped-off", "1001", "97.50")

    label = wait_for(lambda: list((tmp_path / "labels").glob("*.bin")), what="the label printed")  # not the .part
    assert codes_in(zpl_label(label[0].read_bytes(), zpl.LABEL_4X6_203.dpi)) == {("Code128", number),
                                                                                 ("QRCode", number)}
    receipt = wait_for(lambda: list((tmp_path / "receipts").glob("*.bin")), what="the receipt printed")
    page = pypdfium2.PdfDocument(receipt[0].read_bytes())[0]
    assert codes_in(page.render(scale=300 / 72).to_pil()) == {("Code128", number), ("QRCode", number)}
    assert "PHP 97.50" in page.get_textpage().get_text_range()

    events = wait_for(lambda: received_events(sandbox.url, number), what="the drop-off reported")
    assert [(e["event"]["type"], e["result"]["result"], e["result"]["status"]) for e in events] == [
        ("DROPOFF", "ACCEPTED", "DROPPED OFF")]
    assert events[0]["event"]["dropoff"]["feeCollected"] == "97.50"


def test_the_form_is_frozen_while_its_quote_is_asked_so_screen_and_record_agree(qtbot, counter, clerk, sandbox):
    inject_fault(sandbox.url, 200, "INTERNAL_SERVER_ERROR", kind="latency", seconds=1.5,
                 path="/store/api/v1/dropoff/quote", count=1)
    dialog = open_dropoff(qtbot, counter.window)
    fill(dialog, **GOOD)
    qtbot.keyClick(dialog.fields["collect"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.busy, timeout=3000)
    assert not any(field.isEnabled() for field in dialog.fields.values()) and not dialog.delivery.isEnabled()
    qtbot.keyClicks(dialog.fields["collect"], "999")  # typed while the quote is on its way: not taken
    qtbot.waitUntil(lambda: dialog.quote is not None, timeout=10000)
    assert dialog.fields["collect"].text() == GOOD["collect"] and dialog.dropoff.amount_collect == Decimal(
        GOOD["collect"])
    assert all(field.isEnabled() for field in dialog.fields.values())
    dialog.reject()


def test_with_the_central_system_down_the_dropoff_is_priced_from_the_rate_table_and_sent_later(
        qtbot, counter, clerk, sandbox):
    stock = DropOffs(counter.db)  # the poller keeps the rate table and a block of tracking numbers here
    qtbot.waitUntil(lambda: stock.rates is not None and stock.numbers_left() == 50, timeout=10000)
    sandbox.stop()

    dialog = open_dropoff(qtbot, counter.window)
    fill(dialog, **{**GOOD, "collect": "", "destination": "0301", "weight": "10"})
    enter(qtbot, dialog, dialog.fields["collect"], lambda: dialog.quote is not None)
    assert dialog.quote_label.text() == ("Fee PHP 85.00 · the carrier is chosen by the central system when the "
                                         "drop-off is sent (offline: fee from the rate table)")
    fill(dialog, weight="9.5")  # a change after the quote drops it: the fee must match what was typed
    assert dialog.quote is None and not dialog.cash.isEnabled()
    enter(qtbot, dialog, dialog.fields["weight"], lambda: dialog.quote is not None)
    dialog.cash.setText("85")
    enter(qtbot, dialog, dialog.cash, lambda: not dialog.isVisible())
    assert clerk.title == "Change: PHP 0.00"
    number = tracking_number_in(clerk.detail)
    qtbot.waitUntil(lambda: "1 event waiting" in counter.window.status.sync.text(), timeout=10000)

    restarted = restart(sandbox)
    try:
        events = wait_for(lambda: received_events(restarted.url, number), timeout=30, what="sent once back online")
        assert [(e["event"]["type"], e["result"]["result"]) for e in events] == [("DROPOFF", "ACCEPTED")]
    finally:
        restarted.stop()


def test_offline_before_any_rate_table_the_clerk_is_told_why_no_fee_can_be_given(qtbot, settings, sandbox):
    sandbox.stop()  # before the counter ever reached it
    app = open_counter(qtbot, settings)
    try:
        dialog = open_dropoff(qtbot, app.window)
        fill(dialog, **GOOD)
        enter(qtbot, dialog, dialog.fields["collect"], lambda: bool(dialog.problems.text()))
        assert dialog.problems.text() == ("Cannot price a drop-off offline yet. This counter has no rate table from "
                                          "the central system yet. Try again online.")
        assert dialog.quote is None
    finally:
        app.stop()


def test_the_weight_is_read_from_a_serial_scale_when_one_is_configured(qtbot, settings):
    server, requests = fake_scale(b"ST,GS,+  2.350kg\r\n")
    with server:
        app = open_counter(qtbot, replace(settings, scale=f"socket://127.0.0.1:{server.getsockname()[1]}"))
        try:
            dialog = open_dropoff(qtbot, app.window)
            assert dialog.scale_button.isVisible()
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
            qtbot.keyClick(dialog, Qt.Key.Key_F2)
            qtbot.waitUntil(lambda: dialog.fields["weight"].text() == "2.350", timeout=5000)
            assert requests == [b"W\r"] and dialog.fields["collect"].hasFocus()
        finally:
            app.stop()


def test_without_a_scale_the_weight_is_typed(qtbot, counter):
    dialog = open_dropoff(qtbot, counter.window)
    assert not dialog.scale_button.isVisible()
