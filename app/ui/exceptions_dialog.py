"""Exceptions (F6): refused events and conflicts, each with the original event and the answer.

A supervisor's PIN sends one again after a fix (Alt+R) or resolves it with a note (Alt+S). Resolved
ones stay listed, with their note.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.domain.staff import StaffMember
from app.services.counter import CounterSession
from app.services.exceptions import ExceptionItem, UnreadableRecord
from app.services.outcome import Outcome, failed
from app.ui.lanes import Lane, then

Approve = Callable[[str, str, Callable[[StaffMember], None]], None]


class ExceptionsDialog(QDialog):
    def __init__(self, session: CounterSession, lane: Lane, approve: Approve, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Exceptions: refused by the central system")
        self.setModal(True)
        self.resize(1000, 560)
        self.setStyleSheet("QLabel, QListWidget, QLineEdit, QPushButton { font-size: 15px; } "
                           "QListWidget::item { padding: 6px; } QPushButton { padding: 8px 14px; } "
                           "QLabel#exceptionsMessage { font-weight: 700; }")
        self.session = session
        self.lane = lane
        self.approve = approve
        self.items: list[ExceptionItem] = []
        self.unreadable: list[UnreadableRecord] = []  # listed after the events
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_item)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.note = QLineEdit()
        self.note.setPlaceholderText("What was done about it (needed to resolve)")
        self.retry_button = QPushButton("Retry after a fix (Alt+R)")
        self.resolve_button = QPushButton("Resolve with note (Alt+S)")
        for button, key, action in ((self.retry_button, "Alt+R", self.retry),
                                    (self.resolve_button, "Alt+S", self.resolve)):
            button.clicked.connect(action)
            QShortcut(QKeySequence(key), self, activated=button.click)
        self.message = QLabel("")
        self.message.setObjectName("exceptionsMessage")
        self.message.setWordWrap(True)
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.resolve_button)
        right = QVBoxLayout()
        right.addWidget(QLabel("The event as recorded here, and the central system's answer"))
        right.addWidget(self.detail, 1)
        right.addWidget(self.note)
        right.addLayout(actions)
        right.addWidget(self.message)
        columns = QHBoxLayout(self)
        columns.addWidget(self.list, 2)
        columns.addLayout(right, 3)

    def refresh(self, keep: str | None = None) -> None:
        def show(found: tuple[list[ExceptionItem], list[UnreadableRecord]]) -> None:
            self.items, self.unreadable = found
            self.list.clear()
            self.list.addItems([item.headline for item in self.items]
                               or ["Nothing refused: every event was accepted."])
            self.list.addItems([f"Could not read: a {r.feed} record\nreceived {r.received_at}\n{r.error}"
                                for r in self.unreadable])
            keys = [item.event.idempotency_key for item in self.items]
            self.list.setCurrentRow(keys.index(keep) if keep in keys else 0)

        self.lane.run(lambda: (self.session.exceptions.items(), self.session.exceptions.unreadable()),
                      then(show, lambda error: self._say(failed("reading the exceptions", error))))

    def selected(self) -> ExceptionItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _unreadable_at(self, row: int) -> UnreadableRecord | None:
        index = row - max(len(self.items), 1)  # after the events, or after the "nothing refused" line
        return self.unreadable[index] if 0 <= index < len(self.unreadable) else None

    def _show_item(self, row: int) -> None:
        item = self.selected()
        parked = item is not None and item.event.state == "parked"
        for widget in (self.note, self.retry_button, self.resolve_button):
            widget.setEnabled(parked)
        if item is None:
            record = self._unreadable_at(row)
            self.detail.setPlainText("" if record is None else
                                     f"Received {record.received_at} from the central system's {record.feed} feed, "
                                     f"and set aside: {record.error}\nThe feed went on without it; support can "
                                     f"ask the central system to correct it.\n\n{record.record}")
            return
        lines = [f"Recorded {item.event.created_at} · sent {item.event.attempts} time(s) · {item.event.state}",
                 f"Answer: {item.error_type}: {item.message}"]
        if item.event.state == "resolved":
            lines.append(f"Resolved {item.event.resolved_at} by {item.event.resolved_by}: {item.event.resolution}")
        lines += ["", json.dumps(item.event.payload, indent=2, sort_keys=True)]
        self.detail.setPlainText("\n".join(lines))

    def retry(self) -> None:
        item = self.selected()
        if item is not None:
            self.approve(f"sending {item.what} for {item.event.parcel_key} again", item.event.idempotency_key,
                         lambda boss: self._run(lambda: self.session.retry_exception(item, boss), item))

    def resolve(self) -> None:
        item, note = self.selected(), self.note.text()
        if item is None:
            return
        if not note.strip():  # before asking anyone for a PIN
            self.message.setText("Write what was done about it first; the note stays with the event.")
            self.note.setFocus()
            return
        self.approve(f"resolving {item.what} for {item.event.parcel_key}", item.event.idempotency_key,
                     lambda boss: self._run(lambda: self.session.resolve_exception(item, note, boss), item))

    def _say(self, outcome: Outcome) -> None:
        self.message.setText(f"{outcome.title} {outcome.detail}".strip())

    def _run(self, work: Callable[[], Outcome], item: ExceptionItem) -> None:
        def done(outcome: Outcome) -> None:
            self.message.setText(f"{outcome.title} {outcome.detail}".strip())
            self.note.clear()
            self.refresh(keep=item.event.idempotency_key)

        self.lane.run(work, then(done, lambda error: self._say(failed("sending it to the central system", error))))
