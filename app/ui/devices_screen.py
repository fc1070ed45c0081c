"""The Devices screen (F9): every printer and scanner, its status, a test print, a test scan, a preview.

While it is open, scans come here, so testing a scanner never touches a customer's claim.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
)

from app.services import devices
from app.services.spooler import Printer, PrintResult
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lanes, then
from app.ui.scale import px, sheet
from scanners.events import ScanEvent


class DevicesDialog(CounterDialog):
    def __init__(
        self,
        printers: dict[str, Printer],
        scanners: list[str],
        lanes: Lanes,
        queue_test_page: Callable[[str, Printer], int],
        status_of: Callable[[str], str],
        diagnostics: Callable[[], str],
        parent=None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Devices")
        self.setStyleSheet(sheet("QLabel, QListWidget, QPushButton { font-size: 16px; } "
                           "QListWidget::item { padding: 6px; } QPushButton { padding: 8px; } "
                           "QLabel#deviceStatus { font-size: 20px; font-weight: 700; }"))
        self.printers = printers
        self.lanes = lanes
        self.queue_test_page = queue_test_page
        self.status_of = status_of
        self.list = QListWidget()
        describe(self.list, "Each printer and scanner set up here; choose one to see it.", name="Printers and scanners")
        self.list.setWordWrap(True)
        self.list.addItems([f"Printer {name}" for name in printers] + scanners)
        self.list.currentRowChanged.connect(self.on_list_row_changed)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("deviceStatus")
        self.status.setWordWrap(True)
        self.last_scan = QLabel("Scan anything to test a scanner: it shows here, and no customer is served.")
        self.last_scan.setWordWrap(True)
        self.check = QPushButton("Check status (Alt+S)")
        self.check.clicked.connect(self.check_status)
        self.test_print = QPushButton("Print a test page (Alt+T)")
        self.test_print.clicked.connect(self.print_test_page)
        self.diagnostics = diagnostics
        self.copy = QPushButton("Copy diagnostics for support (Alt+D)")
        self.copy.clicked.connect(self.copy_diagnostics)
        describe(self.check, "Asks the chosen printer how it is: ready, or what is wrong.")
        describe(self.test_print, "Prints a page with the printer's settings, special letters, a barcode and a QR code.")
        describe(self.copy, "Copies versions, settings without secrets, devices and what waits to be sent, for support.")
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(px(300))  # the preview scrolls; the dialog fits a 1024 px screen with room

        scan_heading = QLabel("Test a scanner")
        scan_heading.setObjectName("deviceStatus")
        middle = QVBoxLayout()
        middle.addWidget(self.detail)
        middle.addWidget(self.status)
        middle.addWidget(self.check)
        middle.addWidget(self.test_print)
        middle.addWidget(self.copy)
        middle.addSpacing(24)
        middle.addWidget(scan_heading)
        middle.addWidget(self.last_scan)
        middle.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 2)
        layout.addLayout(middle, 2)
        layout.addWidget(scroll, 3)
        # Alt+letters, not function keys: F5, F6 and F7 mean drop-off, exceptions and reprint everywhere else
        for key, slot in (("Alt+S", self.check_status), ("Alt+T", self.print_test_page),
                          ("Alt+D", self.copy_diagnostics)):
            QShortcut(QKeySequence(key), self, activated=slot)
        self.resize(px(1180), px(720))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.list.currentRow() < 0:  # first opened: the preview and the status check wait until then
            self.list.setCurrentRow(0)

    def selected_printer(self) -> tuple[str, Printer] | None:
        row = self.list.currentRow()
        names = list(self.printers)
        return (names[row], self.printers[names[row]]) if 0 <= row < len(names) else None

    def on_list_row_changed(self, _row: int) -> None:
        selected = self.selected_printer()
        for button in (self.check, self.test_print):
            button.setEnabled(selected is not None)
        if selected is None:
            self.detail.setText(self.list.currentItem().text() if self.list.currentItem() else "")
            self.status.setText("")
            self.preview.clear()
            return
        name, printer = selected
        self.detail.setText(f"Printer {name}: {printer.describe()}")
        self.preview.setPixmap(QPixmap.fromImage(_image(devices.preview(name, printer))))
        self.check_status()

    def check_status(self) -> None:
        selected = self.selected_printer()
        if selected is None:
            return
        name, _ = selected
        self.status.setText("Asking the printer…")
        self.lanes.support.run(lambda: self.status_of(name), then(lambda text: self.status.setText(f"{name}: {text}"),
                                                                  self._failed(f"asking printer {name}")))

    def print_test_page(self) -> None:
        selected = self.selected_printer()
        if selected is not None:
            self.lanes.clerk.run(lambda: self.queue_test_page(*selected),
                                 then(lambda job: self.status.setText(f"Test page queued as print job {job}"),
                                      self._failed("queueing the test page")))

    def copy_diagnostics(self) -> None:
        """Versions, settings without secrets, devices and what waits to be sent, on the clipboard."""
        self.status.setText("Gathering diagnostics…")

        def copied(text: str) -> None:
            QGuiApplication.clipboard().setText(text)
            self.status.setText("Diagnostics copied: paste them into the support ticket.")

        self.lanes.support.run(self.diagnostics, then(copied, self._failed("gathering diagnostics")))

    def _failed(self, doing: str) -> Callable[[BaseException], None]:
        def say(error: BaseException) -> None:
            self.status.setText(f"{doing[0].upper()}{doing[1:]} did not work: {type(error).__name__}: {error}")

        return say

    def show_print(self, result: PrintResult) -> None:
        if result.document == devices.TEST_PAGE:
            self.status.setText(f"{result.printer}: {result.error or 'test page printed'}")

    def show_scan(self, event: ScanEvent) -> None:
        parts = [f"Last scan: {event.text!r}", f"from {event.source}"]
        if event.symbology:
            parts.append(f"symbology {event.symbology}")
        if event.gtin:
            parts.append(f"GTIN {event.gtin}")
        self.last_scan.setText(" · ".join(parts))


def _image(png: bytes) -> QImage:
    return QImage.fromData(png, "PNG")
