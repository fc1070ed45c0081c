"""Tracking lookup at the counter (F3) through the real window against the sandbox."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from app.domain.codes import CodeKind, issue_code
from app.sandbox.jobs import mark_unclaimed
from app.store import ParcelCache


def test_timelines_in_plain_words_with_the_ndr_reason_and_what_is_known_offline(clerk, counter, sandbox, in_transit,
                                                                               ready, qtbot):
    assert clerk.press(Qt.Key.Key_F3) == "Tracking: scan or type tracking numbers."
    number = in_transit[0].tracking_number
    assert clerk.scan(number) == f"{number}: In transit"
    lines = clerk.detail.splitlines()
    assert [line.split("  ")[-1] for line in lines[1:]] == [
        "In transit · CDI Pasig", "Dispatched: delivered to warehouse · CDI Pasig",
        "Order placed by customer: created"]

    unknown = issue_code(CodeKind.TRACKING, random.Random(42))
    assert clerk.scan(f"{number}, {ready[0].tracking_number} {unknown}") == "3 parcels"
    assert f"{unknown}\n  no such parcel is tracked" in clerk.detail
    assert f"{ready[0].tracking_number}: Out for delivery: ready for claim" in clerk.detail

    mark_unclaimed(sandbox.db, "0166", datetime.now(UTC) + timedelta(days=8))
    assert clerk.scan(ready[1].tracking_number) == (
        f"{ready[1].tracking_number}: Failed delivery (customer unavailable): unclaimed")

    assert clerk.scan("9755-4257-4904") == ("9755-4257-4904 is a CLAIM CODE, not a tracking number: press F1 and "
                                            "scan it there to serve the customer.")
    qtbot.waitUntil(lambda: ParcelCache(counter.db).get(ready[2].tracking_number) is not None, timeout=5000)
    sandbox.stop()
    assert clerk.scan(ready[2].tracking_number) == f"{ready[2].tracking_number}: last known here: ready for claim"
    assert "The central system could not be reached: this is what this counter last knew." in clerk.detail
    assert "CentralUnreachable" not in clerk.detail
