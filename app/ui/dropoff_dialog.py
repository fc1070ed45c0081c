"""The drop-off screen (F5): the seller's parcel, its quote, the fee collected.

Keyboard-first: Tab moves between fields, Enter asks for the quote and then takes the cash, F2 reads
the serial scale when one is configured, Esc backs out with nothing recorded. Each wrong field is marked and its message listed; changing a
field after the quote drops the quote, so the fee always matches what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
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

from app.domain.dropoff import DropOff, DropOffProblems, read_dropoff
from app.domain.money import format_php
from app.services.counter import CounterSession
from app.services.devices import Weigh
from app.services.dropoff import Quote, carrier_words
from app.services.outcome import Outcome, failed
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Finished, Lane, Lanes
from app.ui.scale import px, sheet

DELIVERY = {"Another store": "STORE", "A door address": "DOOR"}


class DropOffDialog(CounterDialog):
    def __init__(self, session: CounterSession, lanes: Lanes, on_done: Callable[[Outcome], None], parent=None,
                 *, weigh: Weigh | None = None):
        super().__init__(parent)
        self.weigh = weigh
        self.setWindowTitle("Drop-off")
        self.setModal(True)
        self.setMinimumWidth(px(560))
        self.setStyleSheet(sheet(
            "QLabel, QLineEdit, QComboBox { font-size: 17px; } QLineEdit { padding: 5px; }"
            "QLineEdit[problem=\"true\"] { border: 2px solid #c0262d; background: #fdecec; }"
            "QLabel#problems { color: #a3161d; } QLabel#quote { font-size: 22px; font-weight: 700; }"
            "QLabel#hint { color: #4a5260; font-size: 14px; }"))
        self.session = session
        self.lanes = lanes
        self.on_done = on_done
        self.dropoff: DropOff | None = None
        self.quote: Quote | None = None
        self.busy = False

        self.fields = {name: QLineEdit() for name in
                       ("mobile", "destination", "length", "width", "height", "weight", "collect")}
        for name, field in self.fields.items():
            field.setObjectName(name)
            field.textChanged.connect(self._forget_quote)
            field.returnPressed.connect(self.next_step)
        self.fields["mobile"].setPlaceholderText("09171234567")
        self.fields["collect"].setPlaceholderText("0 if the receiver pays nothing")
        self.delivery = QComboBox()
        self.delivery.addItems(list(DELIVERY))
        self.delivery.currentTextChanged.connect(self._delivery_changed)
        describe(self.delivery, "Where the parcel goes: to an address, or to another store for the receiver to claim.")
        self.destination_label = QLabel()
        self.cash = QLineEdit()
        self.cash.setObjectName("cash")
        self.cash.setEnabled(False)
        self.cash.returnPressed.connect(self.next_step)
        describe(self.cash, "The cash the customer hands over for the fee, once the quote is shown.")
        describe(self.fields["weight"], "The parcel's weight in kilograms, typed or read from the scale with F2.")
        self.quote_label = QLabel("")
        self.quote_label.setObjectName("quote")
        self.quote_label.setWordWrap(True)
        self.problems = QLabel("")
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.scale_button = QPushButton("Read the scale (F2)")
        self.scale_button.setVisible(weigh is not None)
        self.scale_button.clicked.connect(self.read_scale)
        QShortcut(QKeySequence("F2"), self, activated=self.read_scale)
        hint = QLabel("Enter: get the quote, then take the fee  ·  Esc: cancel, nothing is recorded")
        hint.setObjectName("hint")
        self._layout(hint)
        self._delivery_changed(self.delivery.currentText())

    def _layout(self, hint: QLabel) -> None:
        size = QHBoxLayout()
        for name, unit in (("length", "L"), ("width", "W"), ("height", "H")):
            self.fields[name].setPlaceholderText(unit)
            size.addWidget(self.fields[name])
        size_row = QWidget()
        size_row.setLayout(size)
        size.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow("Seller's mobile", self.fields["mobile"])
        form.addRow("Deliver to", self.delivery)
        form.addRow(self.destination_label, self.fields["destination"])
        form.addRow("Size (cm, each ≤ 30)", size_row)
        weight = QHBoxLayout()
        weight.setContentsMargins(0, 0, 0, 0)
        weight.addWidget(self.fields["weight"], 1)
        weight.addWidget(self.scale_button)
        weight_row = QWidget()
        weight_row.setLayout(weight)
        form.addRow("Weight (kg, ≤ 10)", weight_row)
        form.addRow("Receiver pays (PHP)", self.fields["collect"])
        form.addRow("Cash received", self.cash)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.quote_label)
        layout.addWidget(hint)

    def read_scale(self) -> None:
        if self.weigh is None or self.busy:
            return

        def weighed(answer: Decimal | str) -> None:
            if isinstance(answer, str):
                self.problems.setText(answer)
                return
            self.fields["weight"].setText(str(answer))
            self.fields["collect"].setFocus()

        self._work("Reading the scale…", self.weigh, weighed, lane=self.lanes.scale)

    def _delivery_changed(self, text: str) -> None:
        to_store = DELIVERY[text] == "STORE"
        self.destination_label.setText("Store id" if to_store else "Door address")
        self.fields["destination"].setPlaceholderText("0234" if to_store else "Street, barangay, city")
        self._forget_quote()

    def _forget_quote(self) -> None:
        if self.quote is not None:
            self.quote = None
            self.cash.clear()
            self.cash.setEnabled(False)
            self.quote_label.setText("Changed: Enter asks for a new quote.")

    def next_step(self) -> None:
        if self.busy:
            return  # a second Enter while the first is being handled does nothing
        if self.quote is None:
            self._ask_quote()
        else:
            self._take_cash()

    def _ask_quote(self) -> None:
        try:
            self.dropoff = read_dropoff(
                mobile=self.fields["mobile"].text(), delivery_type=DELIVERY[self.delivery.currentText()],
                destination=self.fields["destination"].text(), length=self.fields["length"].text(),
                width=self.fields["width"].text(), height=self.fields["height"].text(),
                weight=self.fields["weight"].text(), collect=self.fields["collect"].text())
        except DropOffProblems as exc:
            self._show_problems(exc.problems)
            return
        self._show_problems({})
        self._freeze(True)  # what is quoted is what is on screen: nothing changes until the answer
        self._work("Asking the central system for a quote…", lambda: self.session.quote_dropoff(self.dropoff),
                   self._quoted, after=lambda: self._freeze(False))

    def _freeze(self, frozen: bool) -> None:
        for widget in (*self.fields.values(), self.delivery, self.scale_button):
            widget.setEnabled(not frozen)

    def _quoted(self, answer: Quote | Outcome) -> None:
        if isinstance(answer, Outcome):
            self.quote_label.setText("")
            self.problems.setText(f"{answer.title} {answer.detail}")
            return
        self.quote = answer
        self.quote_label.setText(f"Fee {format_php(answer.fee)} · {carrier_words(answer)}")
        self.cash.setEnabled(True)
        self.cash.setFocus()

    def _take_cash(self) -> None:
        dropoff, quote, cash = self.dropoff, self.quote, self.cash.text()
        self._work("Recording…", lambda: self.session.accept_dropoff(dropoff, quote, cash), self._accepted)

    def _accepted(self, outcome: Outcome) -> None:
        if not outcome.recorded:
            self.problems.setText(f"{outcome.title} {outcome.detail}")
            self.cash.selectAll()
            return
        self.accept()
        self.on_done(outcome)

    def _work(self, doing: str, work, then, *, lane: Lane | None = None, after=lambda: None) -> None:
        """Work in the clerk's lane (or `lane`); while it runs, a second Enter does nothing; `after()`
        once it is over, however it ended. An error is said in the dialog, which stays open with what
        was typed."""
        self.busy = True
        self.problems.setText(doing)

        def done(finished: Finished) -> None:
            self.busy = False
            after()
            self.problems.setText("")
            if finished.error is not None:
                outcome = failed(doing.rstrip("…").lower(), finished.error)
                self.problems.setText(f"{outcome.title} {outcome.detail}")
            else:
                then(finished.value)

        (lane or self.lanes.clerk).run(work, done)

    def _show_problems(self, problems: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.setProperty("problem", name in problems or (name == "length" and "volume" in problems))
            field.style().unpolish(field)
            field.style().polish(field)
        self.problems.setText("\n".join(problems.values()))
        first = next((self.fields[n] for n in self.fields if n in problems), None)
        if first is not None:
            first.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # handled by the fields; never the dialog's default button
        super().keyPressEvent(event)
