"""Taking back items of a delivered web order: each item handed over with how many come back (a scan
counts one, the numbers can be set by hand), the refund as it adds up and who pays it; F10 takes
them back; Esc leaves without recording anything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain.money import format_php
from app.domain.picking import matching
from app.domain.staff import StaffMember
from app.services.counter import CounterSession
from app.services.fulfilment import ReturnOffer
from app.services.outcome import Outcome, failed
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet
from scanners.events import ScanEvent

Approve = Callable[[str, str, Callable[[StaffMember], None]], None]  # action, subject, then(supervisor)


class ReturnDialog(CounterDialog):
    def __init__(self, session: CounterSession, lane: Lane, offer: ReturnOffer,
                 on_done: Callable[[Outcome], None], approve: Approve, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Return of web order {offer.order_no}")
        self.resize(px(820), px(480))
        self.setStyleSheet(sheet("QLabel, QTableWidget, QSpinBox, QPushButton { font-size: 16px; }"
                           "QLabel#returnMessage { font-size: 20px; font-weight: 700; }"
                           "QLabel#refund { font-size: 18px; } QPushButton { padding: 8px 16px; }"
                           "QLabel#hint { color: #4a5260; font-size: 14px; }"))
        self.session = session
        self.lane = lane
        self.offer = offer
        self.on_done = on_done
        self.approve = approve
        self.message = QLabel("Scan each item the customer brings back, or set how many.")
        self.message.setObjectName("returnMessage")
        self.message.setWordWrap(True)
        self.table = QTableWidget(len(offer.lines), 4)
        self.table.setHorizontalHeaderLabels(["Item", "Price", "Handed over", "Returned"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts: dict[str, QSpinBox] = {}
        for row, line in enumerate(offer.lines):
            cells = (line.name, format_php(offer.prices[line.variant_id]), str(line.picked))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            count = QSpinBox(maximum=line.picked)
            describe(count, f"How many of the {line.picked} handed over come back.", name=f"Returned: {line.name}")
            count.valueChanged.connect(self._show_refund)
            self.table.setCellWidget(row, 3, count)
            self.counts[line.variant_id] = count
        self.refund = QLabel("")
        self.refund.setObjectName("refund")
        self.refund.setWordWrap(True)
        self.take = QPushButton("Take back (F10)")
        self.take.clicked.connect(lambda: self.take_back())  # not clicked(checked) as who approved
        describe(self.take, "Records the items set here as back, refunded as the order's return policy says.")
        describe(self.table, "Each item of the order, its price, how many were handed over and how many come back.",
                 name="Items of the order")
        hint = QLabel("Scan or set each item  ·  F10 takes them back  ·  Esc leaves, nothing recorded")
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refund)
        layout.addWidget(self.take, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(hint)
        QShortcut(QKeySequence("F10"), self, activated=self.take_back)
        self._show_refund()

    def returned(self) -> dict[str, int]:
        return {variant: count.value() for variant, count in self.counts.items()}

    def show_scan(self, event: ScanEvent) -> None:
        """A returned item scanned: one more of its line, if it names exactly one with room left."""
        fits = matching(self.offer.lines, event.text, event.gtin)
        if len(fits) != 1:
            self.message.setText(f"{event.text} was not in this order." if not fits else
                                 f"{event.text} fits more than one item: set how many by hand.")
            return
        count = self.counts[fits[0].variant_id]
        if count.value() == count.maximum():
            self.message.setText(f"All {count.maximum()} of {fits[0].name} are counted already.")
            return
        count.setValue(count.value() + 1)
        self.message.setText(f"{fits[0].name}: {count.value()} of {count.maximum()} back.")

    def _show_refund(self) -> None:
        amount = format_php(self.offer.refund(self.returned()))
        self.refund.setText(f"Refund in cash from the register: {amount}" if self.offer.refund_at_register else
                            f"Refund {amount}: not at this counter. {self.offer.web_shop} pays it back "
                            "the way the customer paid.")

    def take_back(self, approved_by: StaffMember | None = None) -> None:
        returned = self.returned()
        self.take.setEnabled(False)
        self.lane.run(lambda: self.session.take_back(self.offer.order_no, returned, approved_by=approved_by),
                      then(self._done, lambda error: self._done(failed(f"taking back {self.offer.order_no}", error))))

    def _done(self, outcome: Outcome) -> None:
        self.take.setEnabled(True)
        if outcome.needs_approval:  # decided in the session: a big cash refund
            self.message.setText(f"{outcome.title} {outcome.detail}")
            self.approve(outcome.needs_approval, self.offer.order_no, self.take_back)
            return
        if not outcome.recorded:
            self.message.setText(f"{outcome.title} {outcome.detail}".strip())
            return
        self.accept()
        self.on_done(outcome)
