"""The central system goes away in the middle of a flow: the flow completes from this counter's records,
the events wait, and once the central system is back they arrive once each, in order per parcel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from app.sandbox.jobs import mark_unclaimed
from app.store import PullOuts
from tests.helpers.central import received_events, restart, wait_for


def outcomes(url: str, tracking_number: str) -> list[tuple[str, str]]:
    return [(e["event"].get("type") or e["event"]["status"], e["result"]["result"])
            for e in received_events(url, tracking_number)]


def test_pay_and_claim_finishes_while_the_central_system_is_down_and_syncs_in_order(
        qtbot, clerk, counter, sandbox, cod):
    qtbot.waitUntil(lambda: counter.db.execute("SELECT count(*) FROM parcels").fetchone()[0] >= 13, timeout=10000)
    parcel = cod[1]  # PHP 349.50
    assert clerk.scan(parcel.claim_code) == "Amount due: PHP 349.50"
    sandbox.stop()  # after the amount was shown, before the cash
    assert clerk.scan("500") == "Change: PHP 150.50"
    assert clerk.scan(parcel.tracking_number) == "Released. Hand the parcel to the customer."
    qtbot.waitUntil(lambda: "2 events waiting" in counter.window.status.sync.text(), timeout=10000)

    back = restart(sandbox)
    try:
        wait_for(lambda: len(outcomes(back.url, parcel.tracking_number)) == 2, timeout=30, what="both sent")
        assert outcomes(back.url, parcel.tracking_number) == [("PAYMENT", "ACCEPTED"), ("CLAIMED", "ACCEPTED")]
        qtbot.waitUntil(lambda: "all events sent" in counter.window.status.sync.text(), timeout=10000)
    finally:
        back.stop()


def test_a_pull_out_started_online_goes_on_offline_and_syncs(qtbot, clerk, counter, sandbox):
    mark_unclaimed(sandbox.db, "0166", datetime.now(UTC) + timedelta(days=30))
    assert clerk.press(Qt.Key.Key_F4).startswith("Pull-out APO-0166-")
    listed = [i.tracking_number for i in PullOuts(counter.db).items(PullOuts(counter.db).open_apo())]
    sandbox.stop()  # the trucker is at the counter; the network is not
    for tracking_number in listed[:-1]:
        clerk.scan(tracking_number)
    assert clerk.scan(listed[-1]).endswith(f"finished: all {len(listed)} items went with the trucker.")

    back = restart(sandbox)
    try:
        for tracking_number in listed:
            wait_for(lambda tn=tracking_number: outcomes(back.url, tn), timeout=30, what="the pull-out reported")
            assert outcomes(back.url, tracking_number) == [("PULLED OUT FROM STORE", "ACCEPTED")]
    finally:
        back.stop()
