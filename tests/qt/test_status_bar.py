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
