"""Picking one web order: its lines with where to find them and how many are picked; scans come here
while it is open. 1–9 answers "which item is it?" when one EAN fits several lines; F10 finishes (a
short pick needs a reason); Esc closes it and the pick is kept for later."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain.picking import PickLine
from app.services.counter import CounterSession
from app.services.fulfilment import PickAnswer
from app.services.outcome import Outcome, failed
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet
from scanners.events import ScanEvent, scan_event


class PickDialog(CounterDialog):
    def __init__(self, session: CounterSession, lane: Lane, order_no: str,
                 on_done: Callable[[Outcome], None], parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Picking web order {order_no}")
        self.resize(px(820), px(520))
        self.setStyleSheet(sheet("QLabel, QLineEdit, QTableWidget { font-size: 16px; } QLineEdit { padding: 5px; }"
                           "QLabel#pickMessage { font-size: 20px; font-weight: 700; }"
                           "QLabel#pickMessage[tone=\"stop\"] { color: #a3161d; }"
                           "QLabel#pickMessage[tone=\"ok\"] { color: #146c3b; }"
                           "QLabel#hint { color: #4a5260; font-size: 14px; }"))
        self.session = session
        self.lane = lane
        self.order_no = order_no
        self.on_done = on_done
        self.choices: list[PickLine] = []
        self.message = QLabel("Opening…")
        self.message.setObjectName("pickMessage")
        self.message.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Item", "Where", "Picked", "Ordered"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.code = QLineEdit()  # for a label the scanner cannot read: typed, then Enter
        self.code.setPlaceholderText("Or type an item's EAN or variant id, then Enter")
        self.code.returnPressed.connect(self._typed)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Why short? (out of stock, damaged…) — needed only to finish with items missing")
        describe(self.table, "Each item of the order, where it is kept, and how many are picked of how many ordered.",
                 name="Items to pick")
        describe(self.code, "For a label the scanner cannot read: the item's EAN or variant id, then Enter.",
                 name="Item code")
        describe(self.reason, "Needed only to finish with items missing: why they are.", name="Why short")
        hint = QLabel("Scan each item (or type it below)  ·  1–9 answers “which item?”  ·  F10 finishes  ·  "
                      "Esc closes (the pick is kept)")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.code)
        layout.addWidget(self.reason)
        layout.addWidget(hint)
        QShortcut(QKeySequence("F10"), self, activated=self.finish)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # digits answer "which item?"; Tab reaches the reason
        self.setFocus()
        self._step(lambda picking: picking.open(order_no))

    def show_scan(self, event: ScanEvent) -> None:
        self._step(lambda picking: picking.scan(self.order_no, event.text, event.gtin))

    def _typed(self) -> None:
        text = self.code.text().strip()
        self.code.clear()
        if text:
            self.show_scan(scan_event(text, "keyboard"))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # A plain key event, not a shortcut: a person's digits reach us replayed by the wedge filter.
        if event.text() in tuple("123456789") and not (self.reason.hasFocus() or self.code.hasFocus()):
            self.choose(int(event.text()))
            return
        super().keyPressEvent(event)

    def choose(self, number: int) -> None:
        if not 1 <= number <= len(self.choices):
            return
        chosen = self.choices[number - 1]
        self._step(lambda picking: picking.scan(self.order_no, "", variant_id=chosen.variant_id))

    def finish(self) -> None:
        reason = self.reason.text()
        self._step(lambda picking: picking.finish(self.order_no, reason))

    def _step(self, step) -> None:
        self.lane.run(lambda: self.session.pick(step), then(self._show, lambda error: self._say(
            failed(f"picking {self.order_no}", error), "")))

    def _show(self, answer: PickAnswer) -> None:
        self.choices = answer.choices
        text = answer.outcome.title
        if answer.choices:
            text += "\n" + "\n".join(f"  {n}: {line.name} ({line.variant_id})" for n, line in enumerate(answer.choices, 1))
        elif answer.outcome.detail:
            text += "\n" + answer.outcome.detail
        self._say(answer.outcome, text)
        if answer.lines:
            self._show_lines(answer.lines)
        if answer.short:
            self.reason.setFocus()  # type why, then F10 again
        if answer.done:
            self.accept()
            self.on_done(answer.outcome)

    def _say(self, outcome: Outcome, text: str) -> None:
        self.message.setText(text or f"{outcome.title}\n{outcome.detail}")
        self.message.setProperty("tone", outcome.tone.value)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    def _show_lines(self, lines: list[PickLine]) -> None:
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate((line.name, line.location, str(line.picked), str(line.quantity))):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
