"""Text from a merchant, a web shop or the central system is shown as plain text on every screen: markup
in an item description cannot draw "OK TO RELEASE WITHOUT LABEL" where the clerk decides."""

from __future__ import annotations

import random
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import Actor
from app.status import SyncStatus
from tests.qt.conftest import shown_tip
from tests.qt.test_kiosk import open_kiosk, touch

HOSTILE = '<b style="color:#0a0;font-size:60px">OK TO RELEASE WITHOUT LABEL</b><img src="file:///etc/passwd">'


def rich_labels(widget: QWidget) -> list[str]:
    """The labels under `widget` that would render markup, by their text."""
    return [label.text()[:60] for label in widget.findChildren(QLabel)
            if label.textFormat() is not Qt.TextFormat.PlainText]


def test_a_merchants_markup_is_shown_as_text_on_the_claim_screen_and_every_dialog(qtbot, counter, clerk, sandbox):
    rng = random.Random(5)
    record = {"trackingNumber": issue_code(CodeKind.TRACKING, rng), "claimCode": issue_code(CodeKind.CLAIM, rng),
              "merchantCode": "001", "merchant": "<i>Merchant A</i>", "deliveryLocationId": "0166",
              "paymentType": "PREPAID", "amount": "0.00", "status": "READY FOR CLAIM", "shelfSlot": "A-09",
              "description": HOSTILE}
    sandbox.db.add_parcel(record, Actor.MERCHANT, "merchant")
    window = counter.window
    clerk.scan(record["claimCode"])
    assert HOSTILE in clerk.detail  # the tags themselves are on screen, not what they would draw
    assert rich_labels(window) == []
    window.status.sync.show_status(SyncStatus(online=True, problem=HOSTILE))
    assert HOSTILE in shown_tip(window.status.sync)  # a tooltip shows the markup as text too

    for key, dialog in ((Qt.Key.Key_F5, "dropoff_dialog"), (Qt.Key.Key_F6, "exceptions_dialog"),
                        (Qt.Key.Key_F11, "shift_dialog")):
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.keyClick(window.scan_field, key)
        qtbot.waitUntil(lambda name=dialog: getattr(window, name) is not None and getattr(window, name).isVisible(),
                        timeout=5000)
        opened = getattr(window, dialog)
        assert rich_labels(opened) == [], dialog
        opened.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.weborders_dialog is not None and window.weborders_dialog.isVisible(), timeout=5000)
    assert rich_labels(window.weborders_dialog) == []
    window.weborders_dialog.reject()
    window.devices.show()
    assert rich_labels(window.devices) == []
    window.devices.hide()


def test_every_kiosk_screen_shows_plain_text(qtbot, settings, request):
    app = open_kiosk(qtbot, settings)
    request.addfinalizer(lambda: (setattr(app.window, "locked", False), app.stop()))
    window = app.window
    touch(qtbot, window.return_button)
    for page in (window.entry_page, window.answer_page, window.busy_page, window.still_page, window.pin_page):
        window._show(page)
        assert rich_labels(window) == [], page.objectName()


def test_a_description_of_two_million_characters_is_cut_shown_at_once_and_kept_whole_in_reach(qtbot, counter, clerk,
                                                                                            sandbox):
    rng = random.Random(6)
    huge = "Shoes " * 400_000  # 2,400,000 characters: the window froze for seconds, then crashed
    record = {"trackingNumber": issue_code(CodeKind.TRACKING, rng), "claimCode": issue_code(CodeKind.CLAIM, rng),
              "merchantCode": "001", "merchant": "M" * 1_000_000, "deliveryLocationId": "0166",
              "paymentType": "PREPAID", "amount": "0.00", "status": "READY FOR CLAIM", "shelfSlot": "A-10",
              "description": huge}
    sandbox.db.add_parcel(record, Actor.MERCHANT, "merchant")
    window = counter.window
    shown = window.show_outcome
    took = []

    def timed(outcome) -> None:
        started = time.perf_counter()
        shown(outcome)
        took.append(time.perf_counter() - started)

    window.show_outcome = timed
    clerk.scan(record["claimCode"])
    assert clerk.title == "Get the parcel from shelf slot A-10, then scan its label."  # served as any parcel
    item = window.result.card.values["Item"]
    assert len(item.text()) == 120 and item.text().endswith("…")
    assert len(window.result.detail.text()) <= 600 and len(window.result.card.values["Merchant"].text()) <= 120
    assert shown_tip(item).startswith("Shoes Shoes") and len(shown_tip(item)) <= 500  # the whole, as stored
    assert max(took) < 0.1  # no stall: 25 s for 300,000 characters before
