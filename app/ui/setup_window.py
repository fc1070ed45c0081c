"""First run: the store, this terminal, the central system and the devices, checked before saving.

Nothing is written until the central system has answered the token and knows the store; then the
settings go to settings.toml and the token to the OS keyring (or a file only this user can read).
A scan from any scanner shows at once; "Test print" sends a test page straight to the printer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import setup
from app.settings import Settings
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet
from scanners.events import ScanEvent

SCAN_TEST_SECONDS = 15


class SetupWindow(QWidget):
    def __init__(self, lane: Lane, settings_file: Path, on_saved: Callable[[Settings], None],
                 on_scan_signal, defaults: Settings | None = None):
        super().__init__()
        self.setWindowTitle("counterpos: first-run setup")
        self.setStyleSheet(sheet("QLabel, QLineEdit, QComboBox, QPushButton { font-size: 16px; } "
                           "QLineEdit, QComboBox { padding: 6px; } QPushButton { padding: 8px 14px; } "
                           "QLabel#setupMessage { font-size: 18px; font-weight: 700; } "
                           "QLabel#setupMessage[problem=\"true\"] { color: #a3161d; }"))
        self.lane = lane
        self.settings_file = settings_file
        self.on_saved = on_saved
        self.on_scan_signal = on_scan_signal  # where a serial scanner under test reports
        defaults = defaults or Settings()
        self.store_id = QLineEdit(defaults.store_id, placeholderText="four digits, e.g. 0166")
        self.store_name = QLineEdit(defaults.store_name, placeholderText="printed on receipts")
        self.terminal_id = QLineEdit(defaults.terminal_id)
        self.mode = QComboBox()
        self.mode.addItems(["counter", "kiosk"])
        self.central_url = QLineEdit(defaults.central_url, placeholderText="https://ecms.example.com")
        self.token = QLineEdit(echoMode=QLineEdit.EchoMode.Password, placeholderText="from the central system")
        self.store_bus = QLineEdit(" ".join(defaults.store_bus),
                                   placeholderText="empty: none; nats://192.168.1.10:4222 (three: spaces between)")
        self.bus_token = QLineEdit(echoMode=QLineEdit.EchoMode.Password,
                                   placeholderText="from the store hub's set-up; empty for a hub on this PC")
        self.scanner = QLineEdit(defaults.scanner, placeholderText="empty: a keyboard-wedge (USB HID) scanner")
        self.test_scan = QPushButton("Test scanner")
        self.test_scan.clicked.connect(self.start_scan_test)
        self.last_scan = QLabel("Scan anything: it shows here.")
        self.printer_url = QLineEdit(placeholderText="tcp://192.168.1.50:9100, usb:///dev/usb/lp0, folder:///…")
        self.printer_language = QComboBox()
        self.printer_language.addItems(list(setup.PRINTER_LANGUAGES))
        self.test_print = QPushButton("Test print")
        self.test_print.clicked.connect(self.print_test)
        self.save = QPushButton("Check the connection and save")
        self.save.setDefault(True)
        self.save.clicked.connect(self.check_and_save)
        self.message = QLabel("", objectName="setupMessage", wordWrap=True)
        self._scanner: setup.ScanTest | None = None
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Store id", self.store_id)
        form.addRow("Store name", self.store_name)
        form.addRow("Terminal id", self.terminal_id)
        form.addRow("Mode", self.mode)
        form.addRow("Central system URL", self.central_url)
        form.addRow("Token", self.token)
        form.addRow("Store bus", self.store_bus)
        form.addRow("Store bus token", self.bus_token)
        form.addRow("Serial scanner", _row(self.scanner, self.test_scan))
        form.addRow("", self.last_scan)
        form.addRow("Receipt printer", _row(self.printer_url, self.printer_language, self.test_print))
        intro = QLabel("Set up this counter or kiosk. Nothing is saved until the central system (and the store hub, if named) has answered.",
                       objectName="setupMessage", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(px(900), px(520))

    def settings(self) -> Settings:
        printers = ({"receipt": {"url": self.printer_url.text().strip(), "language": self.printer_language.currentText()}}
                    if self.printer_url.text().strip() else {})
        return Settings(store_id=self.store_id.text().strip(), store_name=self.store_name.text().strip(),
                        terminal_id=self.terminal_id.text().strip() or "T1", mode=self.mode.currentText(),
                        central_url=self.central_url.text().strip().rstrip("/"), scanner=self.scanner.text().strip(),
                        printers=printers, store_bus=self.store_bus.text().split())

    def show_scan(self, event: ScanEvent) -> None:
        self.last_scan.setText(f"Scanned: {event.text}" + (f"  (GTIN {event.gtin})" if event.gtin else ""))

    def start_scan_test(self) -> None:
        """Open the serial scanner for a few seconds; a scan shows like a wedge scan does."""
        url = self.scanner.text().strip()
        if not url:
            self.last_scan.setText("A keyboard-wedge scanner needs no test here: scan anything now.")
            return
        self._stop_scanner()
        self._scanner = setup.ScanTest(url, self.on_scan_signal)
        self.last_scan.setText(f"Listening on {url} for {SCAN_TEST_SECONDS} seconds: scan anything.")
        QTimer.singleShot(SCAN_TEST_SECONDS * 1000, self._stop_scanner)

    def _stop_scanner(self) -> None:
        """Off the GUI thread: the scanner's thread may be in the middle of a read."""
        scanner, self._scanner = self._scanner, None
        if scanner is not None:
            self.lane.run(scanner.stop, lambda _: None)  # a failure to close is in the log; nothing to show

    def print_test(self) -> None:
        table = self.settings().printers.get("receipt")
        if not table:
            self._say("Type the receipt printer's URL first.", problem=True)
            return
        self._say("Printing a test page…")
        self.lane.run(lambda: setup.print_test_page("receipt", table),
                      then(lambda said: self._say(said, problem=not said.startswith("Test page sent")),
                           lambda error: self._say(f"The test page did not print: {error}", problem=True)))

    def check_and_save(self) -> None:
        settings, token, bus_token = self.settings(), self.token.text(), self.bus_token.text()
        self.save.setEnabled(False)
        self._say("Checking the connection…")
        self.lane.run(lambda: setup.save(settings, token, self.settings_file, bus_token),
                      then(self._saved, lambda error: self._saved((f"Nothing was saved: {error}", settings))))

    def _saved(self, result: tuple[str, Settings]) -> None:
        problem, settings = result
        self.save.setEnabled(True)
        if problem:
            self._say(problem, problem=True)
            return
        self._say(f"Saved to {self.settings_file}.")
        self._stop_scanner()
        self.on_saved(settings)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self._stop_scanner()
        super().closeEvent(event)


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for n, widget in enumerate(widgets):
        row.addWidget(widget, 1 if n == 0 else 0)
    return row
