"""What the counter does not understand, through the real window: a parcel with a status it does not
know is a hard stop, never released; a record it could not read is listed in F6 for support."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.parcels import Actor
from app.store import Database, UnreadableRecords
from tests.integration.test_poller_keeps_going import CUSTOMS, GARBLED
from tests.qt.conftest import Clerk, open_counter


@pytest.mark.expect_log(r"a parcel record could not be read and is set aside", logger="app.central.poller")
def test_an_unknown_status_stops_the_claim_and_an_unreadable_record_shows_in_f6(qtbot, sandbox, settings, request):
    for record in (CUSTOMS, GARBLED):
        sandbox.db.add_parcel(record, Actor.MERCHANT, "merchant")
    app = open_counter(qtbot, settings)
    request.addfinalizer(app.stop)
    clerk = Clerk(qtbot, app.window)
    probe = Database(settings.db)
    request.addfinalizer(probe.close)
    qtbot.waitUntil(lambda: bool(UnreadableRecords(probe).all()), timeout=10000)  # the poller went past it

    assert clerk.scan(CUSTOMS["claimCode"]) == "ON HOLD AT CUSTOMS: not known to this counter, do not release."
    assert clerk.tone == "stop" and "call support" in clerk.detail

    qtbot.keyClick(app.window.scan_field, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: app.window.exceptions_dialog is not None and len(app.window.exceptions_dialog.rows) > 1,
                    timeout=5000)
    dialog = app.window.exceptions_dialog
    rows = [dialog.list.item(n).text() for n in range(dialog.list.count())]
    assert rows[0] == "Nothing refused: every event was accepted."
    assert rows[1].startswith("Could not read: a parcel record") and "lots" in rows[1]
    dialog.list.setCurrentRow(1)
    assert GARBLED["trackingNumber"] not in dialog.detail.toPlainText()  # the raw record is for support
    dialog.details.setChecked(True)
    assert GARBLED["trackingNumber"] in dialog.detail.toPlainText()
    assert not dialog.retry_button.isEnabled() and not dialog.resolve_button.isEnabled()
