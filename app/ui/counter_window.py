"""The counter's main window: the scan field, what happened, what is next, and the status bar.

Keyboard only: F1 serves customers, F2 receives a delivery, Esc backs out, F12 shows the demo codes.
The scan field always has the focus; a keyboard-wedge scanner types into it and ends with Enter,
and a serial scanner's codes arrive through the same slot.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.central.status import SyncStatus
from app.services.counter import CounterSession, Mode
from app.services.outcome import Outcome
from app.ui.executor import Executor
from app.ui.result_panel import ResultPanel
from app.ui.status_bar import CounterStatusBar
from resources import read_text
from scanners.events import ScanEvent, scan_event

HISTORY = 50


class CounterWindow(QMainWindow):
    def __init__(self, session: CounterSession, executor: Executor, *, place: str, help_text: str = ""):
        super().__init__()
        self.session = session
        self.executor = executor
        self.devices: QDialog | None = None  # the Devices screen, given by the composition
        self.setWindowTitle(f"counterpos · {place}")
        self.setStyleSheet(read_text("counter.qss"))

        self.mode_banner = QLabel()
        self.mode_banner.setObjectName("modeBanner")
        hints = QLabel("F1 Serve  ·  F2 Receive  ·  F3 Track  ·  F4 Pull-out  ·  Esc Cancel  ·  F9 Devices"
                       + ("   ·   F12 Demo codes" if help_text else ""))
        hints.setObjectName("keyHints")
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan or type a code, then Enter")
        self.scan_field.setMaxLength(256)
        self.scan_field.returnPressed.connect(self.on_scan_field_entered)
        self.result = ResultPanel()
        self.activity = QListWidget()
        self.activity.setObjectName("activity")
        self.help_panel = QPlainTextEdit(help_text)
        self.help_panel.setObjectName("helpPanel")
        self.help_panel.setReadOnly(True)
        self.help_panel.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.help_panel.setFont(mono)
        widest = max((QFontMetrics(mono).horizontalAdvance(line) for line in help_text.splitlines()), default=0)
        self.help_panel.setMinimumWidth(widest + 40)
        for widget in (self.activity, self.help_panel):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.status = CounterStatusBar(place)
        self.setStatusBar(self.status)
        self.setCentralWidget(self._layout(hints))
        self._shortcuts(bool(help_text))
        self._show_mode(Mode.CLAIM)
        self.result.show_outcome(self.session.switch(Mode.CLAIM))
        self.resize(1180, 760)

    def _layout(self, hints: QLabel) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(self.mode_banner)
        top.addStretch(1)
        top.addWidget(hints)
        main = QVBoxLayout()
        main.addLayout(top)
        main.addWidget(self.scan_field)
        main.addWidget(self.result, 3)
        main.addWidget(_section("Activity at this counter"))
        main.addWidget(self.activity, 2)
        side = QVBoxLayout()
        side.addWidget(_section("Demo: what to scan or type"))
        side.addWidget(self.help_panel)
        columns = QHBoxLayout()
        columns.addLayout(main, 3)
        self.side = QWidget()
        self.side.setLayout(side)
        self.side.setVisible(bool(self.help_panel.toPlainText()))
        columns.addWidget(self.side, 2)
        central = QWidget()
        central.setObjectName("central")
        central.setLayout(columns)
        return central

    def _shortcuts(self, has_help: bool) -> None:
        bindings = [
            ("F1", lambda: self._switch(Mode.CLAIM)),
            ("F2", lambda: self._switch(Mode.RECEIVE)),
            ("F3", lambda: self._switch(Mode.TRACK)),
            ("F4", lambda: self._switch(Mode.PULLOUT)),
            ("F10", lambda: self.executor.submit(self.session.finish_pullout, self.show_outcome)),
            ("Esc", self._cancel),
            ("F9", self._open_devices),
        ]
        if has_help:
            bindings.append(("F12", lambda: self.side.setVisible(not self.side.isVisible())))
        for key, slot in bindings:
            QShortcut(QKeySequence(key), self, activated=slot)

    # Scans -------------------------------------------------------------------------------------

    def on_scan_field_entered(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.on_scan(scan_event(text, "keyboard"))

    def on_scan(self, event: ScanEvent) -> None:
        """Every scan, from any scanner, comes here; the session runs off the GUI thread."""
        if self.devices is not None and self.devices.isVisible():
            self.devices.show_scan(event)  # a test scan: no customer is served
            return
        if event.stale():
            # It waited too long somewhere: it may be the previous customer's. Say so, apply nothing.
            self.show_outcome(Outcome.warning(
                f"A scan from {event.age():.0f} seconds ago was ignored.", "Scan the code again."))
            return
        self.executor.submit(lambda: self.session.handle(event.text), self.show_outcome)

    def _open_devices(self) -> None:
        if self.devices is not None:
            self.devices.show()
            self.devices.raise_()

    def _switch(self, mode: Mode) -> None:
        self._show_mode(mode)
        self.executor.submit(lambda: self.session.switch(mode), self.show_outcome)

    def _cancel(self) -> None:
        self.scan_field.clear()
        self.executor.submit(self.session.cancel, self._after_cancel)

    def _after_cancel(self, outcome: Outcome) -> None:
        self._show_mode(self.session.mode)
        self.show_outcome(outcome)

    # What the clerk sees -----------------------------------------------------------------------

    def show_outcome(self, outcome: Outcome) -> None:
        self.result.show_outcome(outcome)
        self.activity.insertItem(0, f"{time.strftime('%H:%M:%S')}  {outcome.title}")
        while self.activity.count() > HISTORY:
            self.activity.takeItem(HISTORY)
        self.scan_field.setFocus()

    def show_sync(self, status: SyncStatus) -> None:
        self.status.sync.show_status(status)

    def _show_mode(self, mode: Mode) -> None:
        self.mode_banner.setText(mode.value)
        self.mode_banner.setProperty("mode", mode.name)
        self.mode_banner.style().unpolish(self.mode_banner)
        self.mode_banner.style().polish(self.mode_banner)


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label
