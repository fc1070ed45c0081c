"""The customer's kiosk through its real window against the sandbox: a return from the reference to the
printed slip (its Code 128 and QR decode to the RETURN CODE, and the counter accepts that code), each
refusal, tracking in plain words, the idle reset, Filipino on every screen, and the lockdown."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2
import pytest
import requests
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from app.compose import build_kiosk
from app.sandbox.demo import merchant_reference
from app.sandbox.jobs import mark_unclaimed
from app.store import Database, KioskReturns, Outbox, StaffStore
from scanners.events import scan_event
from tests.helpers.central import AUTH, TOKEN, restart, wait_for
from tests.helpers.oracles import codes_in
from tests.helpers.staff import STAFF
from tests.qt.conftest import Clerk, open_counter


@pytest.fixture
def kiosk(qtbot, settings):
    app = open_kiosk(qtbot, settings)
    yield app
    app.window.locked = False
    app.stop()


def open_kiosk(qtbot, settings, **changes):
    settings = replace(settings, mode="kiosk", terminal_id="K1", **changes)
    db = Database(settings.db)
    StaffStore(db).add_missing(STAFF)
    db.close()
    app = build_kiosk(settings, TOKEN)
    app.start()
    app.window.show()
    qtbot.addWidget(app.window)
    return app


def register_return(sandbox, reference: str) -> dict:
    response = requests.post(f"{sandbox.url}/ecms/api/v1/returns", headers=AUTH, timeout=5, json={
        "merchantCode": "001", "merchant": "Merchant A", "mobileNumber": "09123456789",
        "merchantReference": reference, "type": "RETURN"})
    assert response.status_code == 200, response.text
    return response.json()


def touch(qtbot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_on_screen(qtbot, window, text: str) -> None:
    """Each character touched on the on-screen keyboard."""
    keys = {key.text(): key for key in window.keyboard.findChildren(QPushButton)}
    for char in text:
        touch(qtbot, keys[char])


def start_return(qtbot, window, reference: str) -> str:
    """A customer's return started from the start page: its RETURN CODE, once the slip is on its way."""
    touch(qtbot, window.return_button)
    window.field.setText(reference)
    touch(qtbot, window.next)
    answer(qtbot, window, window.answer_page)
    touch(qtbot, window.yes)
    qtbot.waitUntil(lambda: window.code.text() != "", timeout=10000)
    return window.code.text()


def answer(qtbot, window, page) -> str:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page, timeout=10000)
    return (window.body if page is window.answer_page else window.message).text()


def test_a_return_prints_a_slip_whose_code_the_counter_accepts(qtbot, kiosk, sandbox, settings):
    registered = register_return(sandbox, "ORDER-K1")
    window = kiosk.window
    touch(qtbot, window.return_button)
    assert window.field.hasFocus()
    type_on_screen(qtbot, window, "ORDER-K1")
    touch(qtbot, window.next)
    shown = answer(qtbot, window, window.answer_page)
    assert shown.startswith("Seller: Merchant A\nOrder: ORDER-K1\nReturn by: ")
    touch(qtbot, window.yes)
    shown = answer(qtbot, window, window.answer_page)
    assert shown.startswith("Your slip is printing. Bring the item and the slip to the counter by ")
    assert (window.title.text(), window.code.text()) == ("Your RETURN CODE", registered["returnCode"])
    assert not window.no.isVisible()  # the code is out: Done is the one way on

    slip = wait_for(lambda: list(Path(settings.print_dir).glob("*-return-slip.pdf")), what="the slip")
    page = pypdfium2.PdfDocument(slip[0].read_bytes())[0]
    assert codes_in(page.render(scale=300 / 72).to_pil()) == {("Code128", registered["returnCode"]),
                                                              ("QRCode", registered["returnCode"])}
    status = requests.get(f"{sandbox.url}/store/api/v1/parcels/{registered['trackingNumber']}", headers=AUTH,
                          timeout=5).json()["status"]
    assert status == "FOR RETURN"
    touch(qtbot, window.language)  # read in Filipino, then
    touch(qtbot, window.yes)  # Done
    assert window.languages.current == "en" and window.return_button.text() == "Return an item"  # the next one

    touch(qtbot, window.return_button)  # the same customer again, the slip lost: the same code, a marked copy
    type_on_screen(qtbot, window, "ORDER-K1")
    touch(qtbot, window.next)
    answer(qtbot, window, window.answer_page)
    touch(qtbot, window.yes)
    assert answer(qtbot, window, window.answer_page).startswith(
        "You started this return before: this is the same RETURN CODE, and a copy of your slip is printing.")
    assert window.code.text() == registered["returnCode"]
    slips = wait_for(lambda: len(list(Path(settings.print_dir).glob("*-return-slip.pdf"))) == 2 and sorted(
        Path(settings.print_dir).glob("*-return-slip.pdf")), what="the copy")
    assert "*** COPY ***" in pypdfium2.PdfDocument(slips[1].read_bytes())[0].get_textpage().get_text_range()
    touch(qtbot, window.yes)  # Done
    assert window.pages.currentWidget() is window.start_page

    counter = open_counter(qtbot, replace(settings, db=str(Path(settings.db).with_name("counter2.db"))))
    try:
        clerk = Clerk(qtbot, counter.window)
        assert clerk.scan(registered["returnCode"]) == "Return accepted. Keep the item for the pull-out."
    finally:
        counter.stop()


def test_each_refusal_says_why_in_the_customers_words(qtbot, kiosk, sandbox, demo):
    window = kiosk.window
    register_return(sandbox, "ORDER-K2")
    requests.post(f"{sandbox.url}/store/api/v1/returns/issue", headers=AUTH, timeout=5,
                  json={"reference": "ORDER-K2", "storeId": "0234"})
    sandbox.db.conn.execute("UPDATE merchants SET return_validity_days = -1 WHERE code = '001'")
    register_return(sandbox, "ORDER-OLD")
    used = next(p for p in demo.returns() if p.store_id)  # started at this store's kiosk, then handed in
    requests.post(f"{sandbox.url}/store/api/v1/events", headers=AUTH, timeout=5, json={"events": [
        {"idempotencyKey": "k-used", "trackingNumber": used.tracking_number, "status": "RETURNED",
         "location": "0166", "timestamp": "2026-11-23T10:00:00Z"}]})
    refusals = {
        "NOPE-404": "We found no return for this number. The seller must register the return first: please "
                    "contact the seller.",
        "ORDER-OLD": "The time to return this item has passed. Please contact the seller.",
        "ORDER-K2": "This return was started at another store. Please bring the item to that store.",
        "x": "Please type your order number, UID or waybill number (at least 3 letters or digits).",
    }
    touch(qtbot, window.return_button)
    for reference, expected in refusals.items():
        window.field.setText(reference)
        touch(qtbot, window.next)
        assert answer(qtbot, window, window.entry_page) == expected
    window.on_scan(scan_event(merchant_reference(demo, used), "keyboard-wedge"))  # a scan works here too
    qtbot.waitUntil(lambda: window.message.text() == "This return was already handed in. It cannot be used again.",
                    timeout=5000)



def wait_for_supplies(qtbot, app) -> None:
    """The kiosk's copy of the return IDs and its RETURN CODEs, as its poller keeps them."""
    returns = KioskReturns(app.db)
    qtbot.waitUntil(lambda: returns.cursor is not None and returns.codes_left() > 0, timeout=10000)


def test_offline_a_return_starts_from_the_kiosks_copy_and_code_block_and_the_counter_accepts_it_later(
        qtbot, kiosk, sandbox, settings):
    register_return(sandbox, "ORDER-OFF")
    register_return(sandbox, "ORDER-ELSE")
    requests.post(f"{sandbox.url}/store/api/v1/returns/issue", headers=AUTH, timeout=5,
                  json={"reference": "ORDER-ELSE", "storeId": "0234"})
    window = kiosk.window
    kiosk.poller.wake()
    qtbot.waitUntil(lambda: len(KioskReturns(kiosk.db).candidates("ORDER-ELSE")) == 1 and
                    KioskReturns(kiosk.db).candidates("ORDER-ELSE")[0]["status"] == "FOR RETURN", timeout=10000)
    wait_for_supplies(qtbot, kiosk)
    sandbox.stop()  # the store's line is down from here

    touch(qtbot, window.return_button)
    for reference, expected in (("ORDER-ELSE", "This return was started at another store."),
                                ("NOPE-404", "We found no return for this number.")):
        window.field.setText(reference)
        touch(qtbot, window.next)
        assert answer(qtbot, window, window.entry_page).startswith(expected)
    window.field.setText("ORDER-OFF")
    touch(qtbot, window.next)
    assert answer(qtbot, window, window.answer_page).startswith("Seller: Merchant A\nOrder: ORDER-OFF\n")
    touch(qtbot, window.yes)
    qtbot.waitUntil(lambda: window.code.text() != "", timeout=10000)
    code = window.code.text()
    slip = wait_for(lambda: list(Path(settings.print_dir).glob("*-return-slip.pdf")), what="the slip")
    page = pypdfium2.PdfDocument(slip[0].read_bytes())[0]
    assert codes_in(page.render(scale=300 / 72).to_pil()) == {("Code128", code), ("QRCode", code)}
    touch(qtbot, window.yes)
    touch(qtbot, window.return_button)  # the customer asks again: the same code, one event
    window.field.setText("ORDER-OFF")
    touch(qtbot, window.next)
    answer(qtbot, window, window.answer_page)
    touch(qtbot, window.yes)
    qtbot.waitUntil(lambda: window.code.text() == code, timeout=10000)
    assert Outbox(kiosk.db).waiting_count() == 1

    back = restart(sandbox)
    try:
        qtbot.waitUntil(lambda: Outbox(kiosk.db).waiting_count() == 0, timeout=20000)
        record = requests.post(f"{back.url}/store/api/v1/returns/validate", headers=AUTH, timeout=5,
                               json={"reference": "ORDER-OFF", "storeId": "0166"}).json()["return"]
        assert (record["status"], record["returnCode"]) == ("FOR RETURN", code)
        counter = open_counter(qtbot, replace(settings, central_url=back.url,
                                              db=str(Path(settings.db).with_name("counter2.db"))))
        try:
            assert Clerk(qtbot, counter.window).scan(code) == "Return accepted. Keep the item for the pull-out."
        finally:
            counter.stop()
    finally:
        back.stop()


def test_a_kiosk_that_never_reached_the_central_system_says_so(qtbot, sandbox, settings):
    sandbox.stop()
    app = open_kiosk(qtbot, settings)
    try:
        window = app.window
        touch(qtbot, window.return_button)
        window.field.setText("ORDER-K9")
        touch(qtbot, window.next)
        assert answer(qtbot, window, window.entry_page).startswith("We cannot reach the central system right now.")
        assert window.field.text() == "ORDER-K9"  # nothing typed is lost
    finally:
        app.window.locked = False
        app.stop()



def test_the_confirm_screen_names_the_item_being_returned(qtbot, kiosk, demo):
    registered = next(p for p in demo.returns() if p.status.value == "REGISTERED" and p.description)
    window = kiosk.window
    touch(qtbot, window.return_button)
    window.field.setText(merchant_reference(demo, registered))
    touch(qtbot, window.next)
    assert answer(qtbot, window, window.answer_page).startswith(f"Item: {registered.description}\nSeller: ")

def test_tracking_in_plain_words_with_why_a_delivery_failed_and_where_to_collect(qtbot, kiosk, sandbox, ready):
    window = kiosk.window
    touch(qtbot, window.track_button)
    shown_keys = {key.text() for key in window.keyboard.findChildren(QPushButton) if key.isVisible()}
    assert set("0123456789") <= shown_keys and not shown_keys & set("QWERTYUIOPASDFGHJKLZXCVBNM-")  # digits only
    window.field.setText(ready[0].tracking_number)
    touch(qtbot, window.next)
    shown = answer(qtbot, window, window.answer_page)
    assert shown.startswith(f"{ready[0].tracking_number}: Ready for you at store 0166. Bring your CLAIM CODE.\n")
    assert shown.splitlines()[1].endswith("Out for delivery · 0166")
    assert shown.splitlines()[-1].endswith("Order placed")
    touch(qtbot, window.yes)  # track another
    mark_unclaimed(sandbox.db, "0166", datetime.now(UTC) + timedelta(days=8))
    window.field.setText(f"{ready[1].tracking_number} 9755-4257-4904")
    touch(qtbot, window.next)
    assert answer(qtbot, window, window.entry_page) == "Please check 9755-4257-4904: a tracking number has 17 digits."
    mistyped = ready[1].tracking_number[:-1] + str((int(ready[1].tracking_number[-1]) + 1) % 10)
    window.field.setText(f"{ready[0].tracking_number} {mistyped}")  # 17 digits, one of them wrong: say which
    touch(qtbot, window.next)
    assert answer(qtbot, window, window.entry_page) == f"Please check {mistyped}: one of its digits is mistyped."
    window.field.setText(ready[1].tracking_number)
    touch(qtbot, window.next)
    assert answer(qtbot, window, window.answer_page).startswith(
        f"{ready[1].tracking_number}: Delivery did not happen (because nobody was there to receive it)")


def test_idle_asks_still_there_then_starts_over_with_everything_cleared(qtbot, settings):
    app = open_kiosk(qtbot, settings, kiosk_idle_seconds=0.4, kiosk_still_there_seconds=0.6)
    try:
        window = app.window
        touch(qtbot, window.language)  # this customer reads Filipino
        assert window.languages.current == "fil"
        touch(qtbot, window.return_button)
        type_on_screen(qtbot, window, "ORDER-7")
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_page, timeout=3000)
        assert re.fullmatch(r"Pindutin ang button para magpatuloy\. Magsisimula muli sa 1…", window.still_text.text())
        touch(qtbot, window.still_yes)
        assert window.pages.currentWidget() is window.entry_page and window.field.text() == "ORDER-7"
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.still_page, timeout=3000)
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.start_page, timeout=3000)
        assert window.field.text() == "" and window.languages.current == "en"  # the next customer: English
        touch(qtbot, window.return_button)
        assert window.field.text() == "" and window.message.text() == ""
    finally:
        app.window.locked = False
        app.stop()


def visible_texts(window) -> set[str]:
    texts = set()
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisible() and widget.text():
            texts.add(widget.text())
    texts |= {field.placeholderText() for field in window.findChildren(QLineEdit) if field.isVisible()}
    return texts - {""}


def english_only(texts: set[str]) -> set[str]:
    """Texts holding an English source string whose Filipino translation differs (names and words the
    same in both, like "PIN", are taken out first)."""
    sources = _sources()
    same = sorted((source for source, translation in sources.items() if source == translation), key=len,
                  reverse=True)
    found = set()
    for text in texts:
        rest = text
        for source in same:
            rest = rest.replace(source, "")
        for source, translation in sources.items():
            stem = source.split("%1")[0].strip()
            if source != translation and len(stem) > 3 and re.search(rf"(?<!\w){re.escape(stem)}(?!\w)", rest):
                found.add(text)
    return found


def _sources() -> dict[str, str]:
    import xml.etree.ElementTree as ET

    tree = ET.parse(Path(__file__).resolve().parents[2] / "resources/i18n/counterpos_fil.ts")
    return {m.findtext("source"): m.findtext("translation") for m in tree.getroot().iter("message")}


def test_every_string_is_translated_and_every_screen_speaks_filipino_with_large_targets(qtbot, kiosk, sandbox, ready):
    assert all(m.find("translation").get("type") is None for m in _messages()), "unfinished translations"
    window = kiosk.window
    touch(qtbot, window.language)
    assert window.return_button.text() == "Magbalik ng item" and window.language.text() == "English"
    register_return(sandbox, "ORDER-FIL")
    seen = {}

    def look(name: str) -> None:
        qtbot.wait(50)
        seen[name] = visible_texts(window)
        assert english_only(seen[name]) == set(), name
        small = [b.text() for b in window.findChildren(QPushButton) if b.isVisible() and b.height() < 48]
        assert small == [], f"{name}: touch targets under 48 px"

    look("start")
    touch(qtbot, window.return_button)
    look("return entry")
    window.field.setText("NOPE-404")
    touch(qtbot, window.next)
    qtbot.waitUntil(lambda: window.message.text().startswith("Walang nakitang"), timeout=5000)
    look("refusal")
    window.field.setText("ORDER-FIL")
    touch(qtbot, window.next)
    answer(qtbot, window, window.answer_page)
    look("confirm")
    touch(qtbot, window.yes)
    qtbot.waitUntil(lambda: window.title.text() == "Ang iyong RETURN CODE", timeout=5000)
    look("return code")
    touch(qtbot, window.yes)  # Done: the next customer starts in English, and this one chooses Filipino
    assert window.languages.current == "en"
    touch(qtbot, window.language)
    touch(qtbot, window.track_button)
    look("track entry")
    window.field.setText(ready[0].tracking_number)
    touch(qtbot, window.next)
    answer(qtbot, window, window.answer_page)
    look("timeline")
    window._ask_still_there()
    look("still there")
    touch(qtbot, window.staff)
    look("staff")
    window._show(window.busy_page)
    look("busy")
    touch(qtbot, window.language)  # and back: English everywhere again
    assert window.title.text() == "Track a parcel" and window.language.text() == "Wikang Filipino"


def _messages():
    import xml.etree.ElementTree as ET

    return list(ET.parse(Path(__file__).resolve().parents[2] / "resources/i18n/counterpos_fil.ts").getroot()
                .iter("message"))


def test_lockdown_only_a_staff_pin_lets_the_kiosk_close(qtbot, kiosk):
    window = kiosk.window
    window.close()
    assert window.isVisible()  # Alt+F4 and the window manager's close come here too
    for key, modifier in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                          (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                          (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier)):
        touch(qtbot, window.return_button)
        qtbot.keyClick(window.field, key, modifier)
        assert window.pages.currentWidget() is window.entry_page and window.isVisible()
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    assert window.eventFilter(window.field, menu) is True  # no right-click menu anywhere

    touch(qtbot, window.staff)
    window.on_scan(scan_event(STAFF[0][0], "keyboard-wedge"))  # a staff badge
    assert window.staff_id.text() == STAFF[0][0] and window.pin.hasFocus()
    window.pin.setText("0000")
    touch(qtbot, window.leave)
    qtbot.waitUntil(lambda: window.pin_message.text() == "Wrong staff id or PIN, or the id is locked for now.",
                    timeout=10000)
    assert window.isVisible() and window.pin.text() == ""
    window.pin.setText(STAFF[0][3])
    touch(qtbot, window.leave)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)


def test_the_shipped_translation_is_built_from_the_translated_source(tmp_path):
    """resources/i18n/counterpos_fil.qm is what lrelease makes of the .ts (scripts/translations.sh)."""
    root = Path(__file__).resolve().parents[2] / "resources/i18n"
    built = tmp_path / "fil.qm"
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), str(root / "counterpos_fil.ts"),
                    "-qm", str(built)], check=True, capture_output=True, timeout=60)
    assert built.read_bytes() == (root / "counterpos_fil.qm").read_bytes()


def test_high_contrast_and_larger_text_from_every_screen_undone_for_the_next_customer(qtbot, kiosk):
    window = kiosk.window
    for page in (window.start_page, window.entry_page, window.answer_page, window.still_page, window.pin_page):
        window._show(page)
        assert window.contrast.isVisible() and window.larger.isVisible()  # on every screen
    window._show(window.start_page)
    before = window.return_button.font().pixelSize()
    touch(qtbot, window.contrast)
    touch(qtbot, window.larger)
    assert window.high_contrast and window.large_text
    assert "background: #000000" in window.styleSheet() and "font-size: 50px" in window.styleSheet()  # 40 → 50
    assert window.palette().color(window.backgroundRole()).name() == "#000000"
    assert window.return_button.font().pixelSize() > before
    window.next_customer()
    assert not (window.high_contrast or window.large_text) and "#000000" not in window.styleSheet()
