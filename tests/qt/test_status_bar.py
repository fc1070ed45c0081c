"""The status bar says which worker stopped, until it works again."""

from __future__ import annotations

from app.status import SyncMonitor
from app.ui.status_bar import SyncIndicator
from tests.qt.conftest import shown_tip


def test_a_stopped_worker_is_shown_first_with_its_error_then_cleared(qtbot):
    indicator, monitor = SyncIndicator(), SyncMonitor()
    qtbot.addWidget(indicator)
    monitor.subscribe(indicator.show_status)
    monitor.update(online=True)
    monitor.worker_trouble("poller", "Sync stopped: KeyError: 'status'")
    monitor.worker_trouble("print-spooler-receipt", "Printer queue receipt stopped: OSError: boom")
    assert indicator.text().startswith("⚠ Sync stopped: KeyError: 'status' (and 1 more)")
    assert "Printer queue receipt stopped: OSError: boom" in shown_tip(indicator)
    assert indicator.property("state") == "stopped"
    monitor.worker_trouble("print-spooler-receipt", None)
    monitor.worker_trouble("poller", None)
    assert indicator.text().startswith("● Online") and indicator.property("state") == "online"


def test_the_store_bus_says_first_what_someone_must_mend(qtbot):
    from app.status import SyncStatus
    from app.ui.status_bar import StoreBusIndicator

    indicator = StoreBusIndicator()
    qtbot.addWidget(indicator)
    indicator.show_status(SyncStatus(store_bus=True, store_online=True, store_terminals=3))
    assert indicator.text() == "Store: 3 terminals" and indicator.property("state") == "online"
    indicator.show_status(SyncStatus(store_bus=True, store_online=False, store_facts_waiting=12, store_conflicts=1,
                                     store_refused=2, store_twin=True))
    assert indicator.text() == ("⚠ Another terminal uses this one's id · 1 store conflict · 2 refused at the kiosk: "
                                "F6 · Store bus down: working alone · 12 to share")
    assert "Give each terminal its own terminal_id" in shown_tip(indicator)
