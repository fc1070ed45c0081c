"""Signals that carry worker-thread news (sync status, scans, print results) to the GUI thread.

Worker threads call the plain methods; Qt queues the signals to the GUI thread's event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.spooler import PrintResult
from app.status import SyncStatus
from scanners.events import ScanEvent


class Bridge(QObject):
    """Signals: sync_changed(SyncStatus), scanned(ScanEvent), printed(PrintResult), scanner_status(str)."""

    sync_changed = Signal(object)
    scanned = Signal(object)
    printed = Signal(object)
    scanner_status = Signal(str)

    def on_sync(self, status: SyncStatus) -> None:
        self.sync_changed.emit(status)

    def on_scan(self, event: ScanEvent) -> None:
        self.scanned.emit(event)

    def on_printed(self, result: PrintResult) -> None:
        self.printed.emit(result)

    def on_scanner_status(self, status: str) -> None:
        self.scanner_status.emit(status)
