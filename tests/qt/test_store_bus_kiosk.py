"""The kiosk has no exceptions screen: an event of its that the central system refuses shows in a
counter's F6, through the real store hub; a supervisor settles it there with a note, and the kiosk
learns it and stops holding that parcel's later events back."""

from __future__ import annotations

from dataclasses import replace

import pytest
import requests
from PySide6.QtCore import Qt

from app.services.exceptions import TerminalRefusal
from app.store import Outbox
from tests.conftest import BUS_TOKEN
from tests.helpers.central import AUTH, inject_fault, wait_for
from tests.qt.conftest import Clerk, open_counter
from tests.qt.test_exceptions import approve_as_supervisor, open_exceptions
from tests.qt.test_kiosk import open_kiosk, register_return, start_return, wait_for_supplies

pytestmark = pytest.mark.timeout(120)


@pytest.mark.expect_log(r"parked: INVALID_DATA", logger="app.central.sender")
def test_a_kiosk_event_the_central_system_refused_is_settled_in_a_counters_f6(qtbot, tmp_path, settings, sandbox,
                                                                              store_hub):
    secret = tmp_path / "bus-token"
    secret.write_text(BUS_TOKEN)
    secret.chmod(0o600)

    def on_bus(terminal_id: str):
        folder = tmp_path / terminal_id
        return replace(settings, db=str(folder / "t.db"), print_dir=str(folder / "prints"),
                       reports_dir=str(folder / "reports"), store_bus=[store_hub.url],
                       store_bus_token_file=str(secret))

    register_return(sandbox, "ORDER-REF")
    counter = open_counter(qtbot, on_bus("T1"))
    kiosk = open_kiosk(qtbot, on_bus("K1"))
    try:
        kiosk.poller.wake()
        wait_for_supplies(qtbot, kiosk)
        # The kiosk's line drops as it asks for the code (it starts the return from its own block), and
        # the central system refuses the event when it comes.
        requests.post(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5,
                      json={"kind": "drop", "path": "/store/api/v1/returns/issue"}).raise_for_status()
        inject_fault(sandbox.url, 422, "INVALID_DATA", count=1, path="/store/api/v1/events")
        start_return(qtbot, kiosk.window, "ORDER-REF")
        qtbot.waitUntil(lambda: Outbox(kiosk.db).parked_count() == 1, timeout=15000)

        status = counter.window.status.store_bus
        qtbot.waitUntil(lambda: status.text().startswith("⚠ 1 refused at the kiosk: F6"), timeout=15000)
        clerk = Clerk(qtbot, counter.window)
        dialog = open_exceptions(qtbot, counter.window)
        row = next(i for i, item in enumerate(dialog.rows) if isinstance(item, TerminalRefusal))
        assert dialog.list.item(row).text().startswith("Refused at K1: RETURN_STARTED\n")
        dialog.list.setCurrentRow(row)
        assert "Answer: INVALID_DATA: injected fault" in dialog.detail.toPlainText()
        assert not dialog.retry_button.isEnabled()  # it is the kiosk's to send, not this counter's
        dialog.note.setText("Merchant registered the return again; customer given the new slip.")
        approve_as_supervisor(qtbot, clerk, dialog, lambda: qtbot.keyClick(dialog, Qt.Key.Key_S,
                                                                             Qt.KeyboardModifier.AltModifier))
        assert dialog.message.text().startswith("Resolved: RETURN_STARTED for ")
        wait_for(lambda: Outbox(kiosk.db).parked_count() == 0, timeout=15, what="the kiosk told")
        settled, = Outbox(kiosk.db).exceptions()
        assert (settled.state, settled.resolution) == (
            "resolved", "Merchant registered the return again; customer given the new slip.")
        dialog.close()
        qtbot.waitUntil(lambda: "refused" not in status.text(), timeout=15000)
    finally:
        kiosk.stop()
        counter.stop()
