"""Receive and prepaid claim, end to end: real window, real local store, real sandbox, virtual printer."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import ParcelStatus
from app.store import Database, Outbox
from tests.helpers.central import inject_fault, received_events, wait_for
from tests.qt.conftest import shown_tip


def test_receive_a_delivery(clerk, counter, sandbox, in_transit, demo):
    assert clerk.press(Qt.Key.Key_F2).startswith("Receiving a delivery")
    assert clerk.window.mode_banner.text() == "Receive a delivery"

    assert clerk.scan(in_transit[0].tracking_number) == "Received. Put it on shelf slot A-01."
    assert clerk.scan(in_transit[1].tracking_number) == "Received. Put it on shelf slot B-01."
    assert clerk.tone == "ok"
    assert clerk.scan(in_transit[0].tracking_number) == "Already received: shelf slot A-01."

    assert clerk.scan(demo.elsewhere()[0].tracking_number) == "This parcel is for store 0234, not this store."
    assert clerk.tone == "stop"
    unknown = issue_code(CodeKind.TRACKING, random.Random(999))
    assert clerk.scan(unknown) == f"Unknown tracking number {unknown}."

    wait_for(lambda: len(received_events(sandbox.url)) == 2, what="both receipts reported")
    statuses = [e["event"]["status"] for e in received_events(sandbox.url, in_transit[0].tracking_number)]
    assert statuses == ["READY FOR CLAIM"]
    assert received_events(sandbox.url, in_transit[0].tracking_number)[0]["event"]["details"] == {"shelfSlot": "A-01"}


def test_prepaid_claim_with_a_wrong_label_then_the_right_one(clerk, counter, sandbox, settings, ready, qtbot,
                                                              monkeypatch):
    parcel, other = ready[0], ready[1]
    assert clerk.scan(parcel.claim_code) == f"Get the parcel from shelf slot {parcel.shelf_slot}, then scan its label."
    assert clerk.window.result.card.values["Tracking number"].text() == parcel.tracking_number
    assert clerk.window.result.card.values["Merchant"].text() == f"{parcel.merchant_name} ({parcel.merchant_code})"

    beeps = []
    monkeypatch.setattr(QApplication, "beep", lambda: beeps.append(1))
    assert clerk.scan(other.tracking_number) == "WRONG PARCEL: do not hand it over."  # said in words,
    assert clerk.tone == "stop"  # in red,
    qtbot.waitUntil(lambda: len(beeps) == 3, timeout=3000)  # and heard: three beeps, unlike any other sound
    assert Outbox(Database(settings.db)).waiting_count() == 0  # nothing released, nothing reported

    assert clerk.scan(parcel.tracking_number) == "Released. Hand the parcel to the customer."
    assert clerk.tone == "ok"
    assert clerk.scan(parcel.tracking_number) == "Already released: nothing more to do."  # a scanner's double read
    assert clerk.tone == "ok"

    receipt = Path(settings.print_dir) / "000001-claim-receipt.pdf"
    qtbot.waitUntil(lambda: receipt.exists() and receipt.with_suffix(".escpos").exists(), timeout=10000)
    image = pypdfium2.PdfDocument(receipt.read_bytes())[0].render(scale=300 / 72).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [parcel.tracking_number]
    qtbot.waitUntil(lambda: "Printed claim receipt #1" in clerk.window.status.printer.text(), timeout=10000)

    events = wait_for(lambda: received_events(sandbox.url, parcel.tracking_number), what="CLAIMED reported")
    assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("CLAIMED", "ACCEPTED")]
    qtbot.waitUntil(lambda: "all events sent" in clerk.window.status.sync.text(), timeout=10000)
    assert "Online" in clerk.window.status.sync.text()

    # The same code again: never released twice.
    assert clerk.scan(parcel.claim_code) == "Already claimed."
    assert clerk.scan(parcel.tracking_number) == "That is a parcel label."
    assert len(received_events(sandbox.url, parcel.tracking_number)) == 1


def test_esc_backs_out_of_a_claim_without_releasing(clerk, settings, ready):
    assert clerk.scan(ready[2].claim_code).startswith("Get the parcel")
    assert clerk.press(Qt.Key.Key_Escape) == "Claim cancelled: nothing was released."
    assert clerk.scan(ready[2].tracking_number) == "That is a parcel label."
    assert Outbox(Database(settings.db)).waiting_count() == 0


def test_bad_input_gets_a_clear_message_and_releases_nothing(clerk, settings, demo, ready):
    assert clerk.scan("hello") == "Not a code we know: 'hello' is not made of digits."
    assert clerk.scan("9917-6789-0023") == "CLAIM CODE 9917-6789-0023 looks mistyped: its check digit does not match."
    unknown = issue_code(CodeKind.CLAIM, random.Random(5))
    assert clerk.scan(unknown) == f"Unknown CLAIM CODE {unknown}."
    other_store = demo.elsewhere()[-1]
    assert clerk.scan(other_store.claim_code) == "This parcel is waiting at store 0234, not here."
    not_arrived = demo.for_store(ParcelStatus.IN_TRANSIT)[0]
    assert clerk.scan(not_arrived.claim_code) == "Not arrived yet."
    assert clerk.scan(issue_code(CodeKind.RETURN, random.Random(1))).startswith("Unknown RETURN CODE")
    assert clerk.tone == "warning"
    assert Outbox(Database(settings.db)).waiting_count() == 0


def test_a_central_system_that_is_down_or_refuses_gives_a_clear_message(clerk, sandbox, ready):
    unknown = issue_code(CodeKind.CLAIM, random.Random(6))
    inject_fault(sandbox.url, 500, "INTERNAL_SERVER_ERROR", count=1, path="/store/api/v1/codes")
    assert clerk.scan(unknown) == f"Cannot check CLAIM CODE {unknown}."
    assert "could not check it" in clerk.detail
    inject_fault(sandbox.url, 401, "UNAUTHORIZED", count=1, path="/store/api/v1/codes")
    assert clerk.scan(unknown) == f"Cannot check CLAIM CODE {unknown}."
    assert clerk.detail == "The central system could not check it: injected fault"
    sandbox.stop()
    assert clerk.scan(unknown) == f"Cannot check CLAIM CODE {unknown}."
    assert "cannot be reached" in clerk.detail


def test_a_claim_while_the_central_system_is_down_is_kept_and_shown_waiting(clerk, counter, sandbox, ready, qtbot):
    qtbot.waitUntil(lambda: "Online" in clerk.window.status.sync.text(), timeout=10000)
    qtbot.waitUntil(lambda: counter.db.execute("SELECT count(*) FROM parcels").fetchone()[0] >= 13, timeout=10000)
    sandbox.stop()
    assert clerk.scan(ready[3].claim_code).startswith("Get the parcel")  # from this counter's copy
    assert clerk.scan(ready[3].tracking_number) == "Released. Hand the parcel to the customer."
    qtbot.waitUntil(lambda: "Offline" in clerk.window.status.sync.text(), timeout=10000)
    qtbot.waitUntil(lambda: "1 event waiting" in clerk.window.status.sync.text(), timeout=10000)
    assert clerk.window.status.sync.property("state") == "offline"
    assert shown_tip(clerk.window.status.sync).startswith("Offline, from this counter's own records: claims")
    notes = [clerk.window.activity.item(i).text() for i in range(clerk.window.activity.count())]
    assert sum("Offline: serving goes on from this counter's records" in note for note in notes) == 1


@pytest.mark.expect_log(r"parked: INVALID_DATA", logger="app.central.sender")
def test_an_event_the_central_system_refuses_is_kept_for_a_supervisor(clerk, counter, sandbox, ready, qtbot):
    inject_fault(sandbox.url, 422, "INVALID_DATA", count=1, path="/store/api/v1/events")
    assert clerk.scan(ready[4].claim_code).startswith("Get the parcel")
    assert clerk.scan(ready[4].tracking_number) == "Released. Hand the parcel to the customer."
    qtbot.waitUntil(lambda: "1 refused: F6 Exceptions" in clerk.window.status.sync.text(), timeout=10000)
    parked = Outbox(counter.db).parked()
    assert [json.loads(e.last_error)["type"] for e in parked] == ["INVALID_DATA"]
    assert parked[0].payload["status"] == "CLAIMED"  # the original event is kept whole


def test_the_screen_never_shows_a_claim_code(clerk, in_transit, ready):
    clerk.press(Qt.Key.Key_F2)
    clerk.scan(in_transit[2].tracking_number)
    shown = " ".join(label.text() for label in clerk.window.result.findChildren(QLabel))
    assert in_transit[2].tracking_number in shown
    assert in_transit[2].claim_code not in shown
