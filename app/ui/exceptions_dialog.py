"""Exceptions (F6): prints that may not have printed, refused events and conflicts (each with the
original event and the answer), store conflicts (a claim two terminals used while the store hub was
out of reach), and records that could not be read.

A print in doubt is checked by the clerk: it printed (Alt+P), or a copy is needed (Alt+C, with a
supervisor's PIN, marked REPRINT). A supervisor's PIN sends a refused event again after a fix
(Alt+R) or resolves it, or a store conflict, with a note (Alt+S). Resolved ones stay listed, with their note.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
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
from app.services.exceptions import ExceptionItem, StoreConflict, TerminalRefusal, UnreadableRecord
from app.services.outcome import Outcome, failed
from app.services.printing import PrintJob, readable
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet

Approve = Callable[[str, str, Callable[[StaffMember], None]], None]
Row = PrintJob | ExceptionItem | TerminalRefusal | StoreConflict | UnreadableRecord | None  # None: "nothing refused"


class ExceptionsDialog(CounterDialog):
    def __init__(self, session: CounterSession, lane: Lane, approve: Approve, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Exceptions: prints to check, refused events, unreadable records")
        self.setModal(True)
        self.resize(px(1000), px(560))
        self.setStyleSheet(sheet("QLabel, QListWidget, QLineEdit, QPushButton { font-size: 15px; } "
                           "QListWidget::item { padding: 6px; } QPushButton { padding: 8px 14px; } "
                           "QLabel#exceptionsMessage { font-weight: 700; }"))
        self.session = session
        self.lane = lane
        self.approve = approve
        self.rows: list[Row] = []  # as listed
        self.list = QListWidget()
        describe(self.list, "Each item with what it is about; choose one to see it below.",
                 name="Prints to check, refused events and unreadable records")
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_item)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        describe(self.detail, "The chosen item: what was recorded, and the central system's answer.",
                 name="What was recorded here, and what went wrong")
        self.note = QLineEdit()
        self.note.setPlaceholderText("What was done about it (needed to resolve)")
        self.note.setAccessibleName("Note: what was done about it")
        self.retry_button = QPushButton("Retry after a fix (Alt+R)")
        self.resolve_button = QPushButton("Resolve with note (Alt+S)")
        self.printed_button = QPushButton("It printed (Alt+P)")
        self.copy_button = QPushButton("Print a copy (Alt+C)")
        for button, key, action in ((self.retry_button, "Alt+R", self.retry),
                                    (self.resolve_button, "Alt+S", self.resolve),
                                    (self.printed_button, "Alt+P", self.it_printed),
                                    (self.copy_button, "Alt+C", self.print_copy)):
            button.clicked.connect(action)
            QShortcut(QKeySequence(key), self, activated=button.click)
        self.details = QCheckBox("Details for support (Alt+D)")  # the raw record and its keys, not for a clerk
        self.details.toggled.connect(lambda _: self._show_item(self.list.currentRow()))
        describe(self.details, "Also shows the raw record and its keys, for support.")
        describe(self.retry_button, "Sends the refused event again, once what was wrong has been fixed.")
        describe(self.resolve_button, "Closes the item without sending it again; the note says what was done.")
        describe(self.printed_button, "The print came out whole: nothing more to do.")
        describe(self.copy_button, "The print did not come out: prints a copy, with a supervisor's PIN.")
        QShortcut(QKeySequence("Alt+D"), self, activated=self.details.toggle)
        self.message = QLabel("")
        self.message.setObjectName("exceptionsMessage")
        self.message.setWordWrap(True)
        self._layout()
        self.refresh()

    def _layout(self) -> None:
        prints = QHBoxLayout()  # for a print in doubt
        prints.addWidget(self.printed_button)
        prints.addWidget(self.copy_button)
        prints.addStretch(1)
        actions = QHBoxLayout()  # for a refused event
        actions.addStretch(1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.resolve_button)
        right = QVBoxLayout()
        right.addWidget(QLabel("What was recorded here, and what went wrong"))
        right.addWidget(self.detail, 1)
        right.addWidget(self.details)
        right.addWidget(self.note)
        right.addLayout(prints)
        right.addLayout(actions)
        right.addWidget(self.message)
        columns = QHBoxLayout(self)
        columns.addWidget(self.list, 2)
        columns.addLayout(right, 3)

    def refresh(self, keep: str | None = None) -> None:
        def show(found: tuple[list[PrintJob], list[ExceptionItem], list[TerminalRefusal], list[StoreConflict],
                              list[UnreadableRecord]]) -> None:
            prints, items, elsewhere, conflicts, unreadable = found
            self.rows = [*prints, *(items or [None]), *elsewhere, *conflicts, *unreadable]
            self.list.clear()
            self.list.addItems([_line(row) for row in self.rows])
            keys = [_key(row) for row in self.rows]
            self.list.setCurrentRow(keys.index(keep) if keep in keys else 0)

        exceptions = self.session.exceptions
        self.lane.run(lambda: (self.session.prints_in_doubt(), exceptions.items(), exceptions.terminal_refusals(),
                               exceptions.store_conflicts(), exceptions.unreadable()),
                      then(show, lambda error: self._say(failed("reading the exceptions", error))))

    def selected(self) -> ExceptionItem | None:
        return self._row(ExceptionItem)

    def _row(self, kind: type):
        row = self.list.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) and isinstance(self.rows[row], kind) else None

    def _show_item(self, _row: int) -> None:
        item, job, record = self.selected(), self._row(PrintJob), self._row(UnreadableRecord)
        conflict = self._row(StoreConflict) or self._row(TerminalRefusal)
        parked = item is not None and item.event.state == "parked"
        self.retry_button.setEnabled(parked)
        for widget in (self.note, self.resolve_button):
            widget.setEnabled(parked or (conflict is not None and conflict.open))
        for widget in (self.printed_button, self.copy_button):
            widget.setEnabled(job is not None)
        if isinstance(conflict, StoreConflict):
            self.detail.setPlainText(_conflict_text(conflict))
            return
        if isinstance(conflict, TerminalRefusal):
            self.detail.setPlainText(_refusal_text(conflict, self.details.isChecked()))
            return
        if job is not None:
            self.detail.setPlainText(f"Print job {job.id}: {job.document.replace('-', ' ')} on printer {job.printer}\n"
                                     f"{job.last_error}\n\nLook at the printer and at what the customer was "
                                     "given. If it came out whole, press It printed; if not, Print a copy (a "
                                     "supervisor approves it, and it is marked REPRINT).\n\n" + readable(job))
            return
        if item is None:
            raw = f"\n\n{record.record}" if record is not None and self.details.isChecked() else ""
            self.detail.setPlainText("" if record is None else
                                     f"Received {record.received_at} from the central system's {record.feed} feed, "
                                     f"and set aside: {record.error}\nThe feed went on without it; support can "
                                     f"ask the central system to correct it.{raw}")
            return
        lines = [f"{item.what} for {item.event.parcel_key}",
                 f"Recorded {item.event.created_at} · sent {item.event.attempts} time(s) · {item.event.state}",
                 f"Answer: {item.error_type}: {item.message}"]
        if item.event.state == "resolved":
            lines.append(f"Resolved {item.event.resolved_at} by {item.event.resolved_by}: {item.event.resolution}")
        if self.details.isChecked():
            lines += ["", f"Idempotency key {item.event.idempotency_key}",
                      json.dumps(item.event.payload, indent=2, sort_keys=True)]
        self.detail.setPlainText("\n".join(lines))

    def it_printed(self) -> None:
        job = self._row(PrintJob)
        if job is not None:
            self._settle(lambda: self.session.settle_print(job))

    def print_copy(self) -> None:
        job = self._row(PrintJob)
        if job is not None:
            self.approve(f"a copy of {job.document.replace('-', ' ')} #{job.id}", f"print job {job.id}",
                         lambda boss: self._settle(lambda: self.session.settle_print(job, boss)))

    def _settle(self, work: Callable[[], Outcome]) -> None:
        def done(outcome: Outcome) -> None:
            self._say(outcome)
            self.refresh()

        self.lane.run(work, then(done, lambda error: self._say(failed("recording the check", error))))

    def retry(self) -> None:
        item = self.selected()
        if item is not None:
            self.approve(f"sending {item.what} for {item.event.parcel_key} again", item.event.idempotency_key,
                         lambda boss: self._run(lambda: self.session.retry_exception(item, boss), item))

    def resolve(self) -> None:
        item, note = self.selected() or self._row(StoreConflict) or self._row(TerminalRefusal), self.note.text()
        if item is None:
            return
        if not note.strip():  # before asking anyone for a PIN
            self.message.setText("Write what was done about it first; the note stays with it.")
            self.note.setFocus()
            return
        about = item.what if isinstance(item, StoreConflict) else \
            f"{item.what} for {item.refusal.parcel_key} at {item.refusal.terminal_id}" if isinstance(item, TerminalRefusal) \
            else f"{item.what} for {item.event.parcel_key}"
        self.approve(f"resolving {about}", _key(item),
                     lambda boss: self._run(lambda: self.session.resolve_exception(item, note, boss), item))

    def _say(self, outcome: Outcome) -> None:
        self.message.setText(f"{outcome.title} {outcome.detail}".strip())

    def _run(self, work: Callable[[], Outcome], item: ExceptionItem | StoreConflict | TerminalRefusal) -> None:
        def done(outcome: Outcome) -> None:
            self.message.setText(f"{outcome.title} {outcome.detail}".strip())
            self.note.clear()
            self.refresh(keep=_key(item))

        self.lane.run(work, then(done, lambda error: self._say(failed("sending it to the central system", error))))


def _key(row: Row) -> str | None:
    """What finds the same row again after a refresh."""
    if isinstance(row, ExceptionItem):
        return row.event.idempotency_key
    if isinstance(row, StoreConflict):
        return f"store-conflict {row.conflict.id}"
    if isinstance(row, TerminalRefusal):
        return row.refusal.key
    return None


def _refusal_text(item: TerminalRefusal, details: bool) -> str:
    refusal, (kind, message) = item.refusal, item.answer
    lines = [f"{item.what} for {refusal.parcel_key}, recorded at {refusal.terminal_id}",
             f"Refused {refusal.refused_at} · Answer: {kind}: {message}", "",
             f"{refusal.terminal_id} has no exceptions screen: its refusals are settled here. Find out what "
             f"happened, then resolve with a note; {refusal.terminal_id} is told and sends that parcel's "
             "later events."]
    if not item.open:
        lines += ["", f"Resolved by {refusal.resolved_by}: {refusal.resolution}"]
    if details:
        lines += ["", f"Idempotency key {refusal.key}", json.dumps(refusal.payload, indent=2, sort_keys=True)]
    return "\n".join(lines)


def _conflict_text(item: StoreConflict) -> str:
    lines = [f"{item.what}: used at two terminals while they could not reach the store hub.",
             f"First: {item.first}", f"Again: {item.second}", "",
             "Each terminal went on alone, as it does when the store hub is down, and both did it. Check what "
             "was handed over or taken (the item, the cash) with both terminals' clerks. If the central system "
             "refuses this terminal's event for it, that shows here too. Resolve with a note saying what was "
             "done."]
    if not item.open:
        lines += ["", f"Resolved by {item.conflict.resolved_by}: {item.conflict.resolution}"]
    return "\n".join(lines)


def _line(row: Row) -> str:
    if row is None:
        return "Nothing refused: every event was accepted."
    if isinstance(row, PrintJob):
        return f"May not have printed: {row.document.replace('-', ' ')} #{row.id}\non printer {row.printer}"
    if isinstance(row, ExceptionItem | TerminalRefusal | StoreConflict):
        return row.headline
    return f"Could not read: a {row.feed} record\nreceived {row.received_at}\n{row.error}"

