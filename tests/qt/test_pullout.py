"""The trucker's pull-out through the real window against the sandbox: the APO is fetched, printed,
scanned item by item, resumed after a break, and what is left is reported missing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.sandbox.jobs import mark_unclaimed
from app.store import Journal, PullOuts
from tests.helpers.central import received_events, restart, wait_for


def apo_barcodes(pdf: Path) -> set[str]:
    found = set()
    for page in pypdfium2.PdfDocument(pdf.read_bytes()):
        found |= {b.text for b in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())}
    return found


def test_the_trucker_takes_only_the_listed_items_and_the_rest_is_reported_missing(clerk, counter, sandbox, settings,
                                                                                  demo, qtbot):
    unclaimed = mark_unclaimed(sandbox.db, "0166", datetime.now(UTC) + timedelta(days=30))
    assert len(unclaimed) >= 2

    assert clerk.press(Qt.Key.Key_F4).startswith("Pull-out APO-0166-")
    apo = PullOuts(counter.db).open_apo()
    listed = [i.tracking_number for i in PullOuts(counter.db).items(apo)]
    assert sorted(listed) == sorted(unclaimed)
    pdf = Path(settings.print_dir) / "000001-apo-list.pdf"
    qtbot.waitUntil(pdf.exists, timeout=10000)
    assert set(listed) <= apo_barcodes(pdf)

    assert clerk.scan(listed[0]).startswith(f"Pulled out {listed[0]}. 1 of {len(listed)} scanned.")
    assert clerk.scan(listed[0]) == f"Already pulled out: {listed[0]}."
    elsewhere = demo.elsewhere()[0].tracking_number
    assert clerk.scan(elsewhere) == f"Not on this APO: keep parcel {elsewhere} in the store."
    assert clerk.tone == "stop"
    assert clerk.scan(demo.returns()[0].claim_code) == "That is a RETURN CODE."

    clerk.press(Qt.Key.Key_Escape)
    assert clerk.press(Qt.Key.Key_F10) == "F10 finishes a pull-out."  # a stray F10 elsewhere closes nothing
    assert clerk.press(Qt.Key.Key_F4).startswith(f"Pull-out {apo} resumed. 1 of {len(listed)} scanned.")
    assert listed[1] in clerk.detail

    missing = len(listed) - 1
    assert clerk.press(Qt.Key.Key_F10) == f"{missing} items not scanned yet."  # one key press closes nothing
    box = counter.window.confirm_box
    qtbot.waitUntil(box.isVisible, timeout=3000)
    assert box.text() == f"Finish pull-out {apo} with {missing} items not scanned, reported missing?"
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter, as a second hasty key press: No is the default
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)
    assert PullOuts(counter.db).open_apo() == apo

    counter.window.activateWindow()
    qtbot.waitUntil(counter.window.isActiveWindow, timeout=3000)
    qtbot.keyClick(counter.window.scan_field, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: counter.window.confirm_box is not box and counter.window.confirm_box.isVisible(),
                    timeout=3000)
    before = counter.window.outcomes_shown
    counter.window.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: counter.window.outcomes_shown > before, timeout=5000)
    assert clerk.title == f"Pull-out {apo} finished with {missing} missing."
    assert clerk.tone == "stop"
    assert {i.tracking_number: i.state for i in PullOuts(counter.db).items(apo)} == {
        tn: "pulled" if tn == listed[0] else "missing" for tn in listed}
    assert [e["action"] for e in Journal(counter.db).entries(listed[1])] == ["pullout-missing"]

    events = wait_for(lambda: received_events(sandbox.url, listed[0]), what="PULLED OUT reported")
    assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("PULLED OUT FROM STORE", "ACCEPTED")]
    assert all(received_events(sandbox.url, tn) == [] for tn in listed[1:])


def test_the_last_scan_closes_the_apo_and_a_quiet_day_has_nothing_to_pull_out(clerk, counter, sandbox):
    assert clerk.press(Qt.Key.Key_F4) == "Nothing to pull out today."
    clerk.press(Qt.Key.Key_Escape)
    mark_unclaimed(sandbox.db, "0166", datetime.now(UTC) + timedelta(days=30))
    clerk.press(Qt.Key.Key_F4)
    listed = [i.tracking_number for i in PullOuts(counter.db).items(PullOuts(counter.db).open_apo())]
    for tracking_number in listed[:-1]:
        clerk.scan(tracking_number)
    assert clerk.scan(listed[-1]).endswith(f"finished: all {len(listed)} items went with the trucker.")
    assert clerk.press(Qt.Key.Key_F10) == "No pull-out in progress."


def test_offline_or_with_the_wrong_code_the_clerk_is_told_and_nothing_is_recorded(clerk, counter, sandbox, ready):
    sandbox.stop()
    assert clerk.press(Qt.Key.Key_F4) == "Nothing to pull out today."
    assert clerk.detail == "By this counter's records (offline), no item goes back with the trucker."
    assert PullOuts(counter.db).open_apo() is None
    assert clerk.scan(ready[0].claim_code) == "No pull-out in progress."
    assert Journal(counter.db).entries(ready[0].tracking_number) == []


def test_offline_the_counter_lists_parcels_past_their_holding_period_itself(clerk, counter, sandbox, ready, qtbot):
    qtbot.waitUntil(lambda: counter.db.execute("SELECT count(*) FROM parcels WHERE hold_until IS NOT NULL"
                                               ).fetchone()[0] >= len(ready), timeout=10000)
    overdue = sorted(p.tracking_number for p in ready[:2])
    past = "2026-01-01T00:00:00Z"  # time passes, here and at the central system alike
    for tracking_number in overdue:
        counter.db.execute("UPDATE parcels SET hold_until = ? WHERE tracking_number = ?", (past, tracking_number))
        sandbox.db.update_record(tracking_number, holdUntil=past)
    sandbox.stop()

    assert clerk.press(Qt.Key.Key_F4).startswith("Pull-out APO-0166-")
    assert "(listed offline from this counter's records)" in clerk.title and clerk.title.endswith("0 of 2 scanned.")
    items = PullOuts(counter.db).items(PullOuts(counter.db).open_apo())
    assert [(i.tracking_number, i.reason) for i in items] == [(tn, "UNCLAIMED") for tn in overdue]
    clerk.scan(overdue[0])
    assert clerk.scan(overdue[1]).endswith("finished: all 2 items went with the trucker.")

    restarted = restart(sandbox)
    try:
        for tracking_number in overdue:  # the central system runs its jobs, then takes the pull-out
            events = wait_for(lambda tn=tracking_number: received_events(restarted.url, tn), timeout=30,
                              what="the pull-out reported")
            assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [
                ("PULLED OUT FROM STORE", "ACCEPTED")]
    finally:
        restarted.stop()
