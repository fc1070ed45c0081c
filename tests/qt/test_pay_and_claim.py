"""Cash on delivery through the real window against the sandbox: amount due, cash, change, label, release."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import zxingcpp
from PySide6.QtCore import Qt

from app.store import Payments
from tests.helpers.central import received_events, wait_for


def test_pay_and_claim_collects_once_gives_change_and_releases_the_right_parcel(clerk, counter, sandbox, settings,
                                                                                cod, ready, qtbot):
    parcel = cod[0]  # PHP 1,250.00
    assert clerk.scan(parcel.claim_code) == "Amount due: PHP 1,250.00"
    assert clerk.scan("1000") == "PHP 1,000.00 is less than the PHP 1,250.00 due."
    assert clerk.scan("-5") == ("'-5' is not an amount of cash: type digits, like 1500 or 1,500.50. Type the cash "
                                "received, like 1500.")
    assert clerk.scan("lots") == ("'lots' is not an amount of cash: type digits, like 1500 or 1,500.50. Type the "
                                  "cash received, like 1500.")
    assert Payments(counter.db).of(parcel.tracking_number) is None

    assert clerk.scan("1500") == "Change: PHP 250.00"
    assert clerk.tone == "ok"
    drawer = wait_for(lambda: list(Path(settings.print_dir).glob("drawer-*.escpos")), what="the drawer opened")
    assert drawer[0].read_bytes() == b"\x1bp\x00\x19\xfa"  # ESC p: pulse pin 2, 50 ms on, 500 ms off
    qtbot.waitUntil(lambda: counter.window.status.printer.text().startswith("Cash drawer opened #"), timeout=5000)
    payment = Payments(counter.db).of(parcel.tracking_number)
    assert (str(payment.tendered), str(payment.change)) == ("1500.00", "250.00")

    # A double Enter, then the code scanned again: nothing is collected twice.
    assert clerk.scan("1500").startswith("Not a code we know: '1500' has 4 digits")
    assert clerk.press(Qt.Key.Key_Escape) == "Claim cancelled: nothing was released."
    assert clerk.scan(parcel.claim_code).startswith("Paid already (PHP 1,250.00)")
    kinds = counter.db.execute("SELECT kind FROM outbox WHERE parcel_key = ? ORDER BY id", (parcel.tracking_number,))
    assert [row[0] for row in kinds] == ["payment"]

    assert clerk.scan(ready[0].tracking_number) == "WRONG PARCEL: do not hand it over."
    assert clerk.scan(parcel.tracking_number) == "Released. Hand the parcel to the customer."

    receipt = Path(settings.print_dir) / "000001-pay-and-claim-receipt.pdf"
    qtbot.waitUntil(receipt.exists, timeout=10000)
    image = pypdfium2.PdfDocument(receipt.read_bytes())[0].render(scale=300 / 72).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [parcel.tracking_number]
    # One receipt, with the cash on it: the release prints no second one.
    assert [p.name for p in Path(settings.print_dir).glob("*.pdf")] == ["000001-pay-and-claim-receipt.pdf"]

    events = wait_for(lambda: len(received_events(sandbox.url, parcel.tracking_number)) == 2 and
                      received_events(sandbox.url, parcel.tracking_number), what="payment and claim reported")
    assert [(e["event"].get("type", e["event"].get("status")), e["result"]["result"]) for e in events] == [
        ("PAYMENT", "ACCEPTED"), ("CLAIMED", "ACCEPTED")]
    assert events[0]["event"]["payment"] == {"method": "CASH", "amount": "1250.00", "tendered": "1500.00",
                                             "change": "250.00"}


def test_cash_comes_only_from_typing_in_a_money_format_within_bounds(clerk, counter, cod, qtbot):
    from scanners.events import scan_event
    from tests.qt.test_sign_in import type_by_hand

    parcel = cod[0]  # PHP 1,250.00
    assert clerk.scan(parcel.claim_code) == "Amount due: PHP 1,250.00"
    for scanned in ("56760443750346720", "4800016644291", "9999"):  # a damaged label, an item's EAN, a stray scan
        before = counter.window.outcomes_shown
        counter.window.on_scan(scan_event(scanned, "keyboard-wedge"))
        qtbot.waitUntil(lambda before=before: counter.window.outcomes_shown > before, timeout=5000)
        assert clerk.title == "That was a scan, not the cash received: nothing was taken."
    for typed, said in (("349.505", "349.505 has more than two decimals: centavos are two digits."),
                        ("200000", "PHP 200,000.00 is more than a counter takes (PHP 100,000.00)"),
                        ("50000", "PHP 50,000.00 for PHP 1,250.00 due? Type it again to confirm.")):
        before = counter.window.outcomes_shown
        type_by_hand(clerk, typed)
        qtbot.waitUntil(lambda before=before: counter.window.outcomes_shown > before, timeout=5000)
        assert clerk.title.startswith(said)
    assert Payments(counter.db).of(parcel.tracking_number) is None
    type_by_hand(clerk, "50,000")  # the same amount again: confirmed
    qtbot.waitUntil(lambda: clerk.title.startswith("Change:"), timeout=5000)
    assert clerk.title == "Change: PHP 48,750.00"
    assert str(Payments(counter.db).of(parcel.tracking_number).tendered) == "50000.00"
