"""Staff id and PIN: to sign in at the counter, or for a supervisor to approve one action.

The PIN check is slow on purpose, so it runs in the clerk's lane; the dialog waits without freezing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.domain.staff import PIN_DIGITS, StaffMember
from app.services.staff import Refused
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet


class PinDialog(CounterDialog):
    """Accepted once `check(staff_id, pin)` returns a member (kept in `member`); a Refused shows its message."""

    def __init__(self, title: str, prompt: str, lane: Lane,
                 check: Callable[[str, str], StaffMember], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(px(440))
        self.setStyleSheet(sheet("QLabel, QLineEdit { font-size: 18px; } QLineEdit { padding: 6px; min-width: 220px; } "
                           "QDialog { padding: 12px; } QLabel#pinHint { color: #4a5260; font-size: 14px; } "
                           "QLabel#pinMessage[tone=\"refused\"] { color: #a3161d; font-weight: 700; }"))
        self.lane = lane
        self.check = check
        self.member: StaffMember | None = None
        self.staff_id = QLineEdit()
        self.staff_id.setObjectName("staffId")
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(PIN_DIGITS[1])
        describe(self.staff_id, "Your staff id, as registered for this store.")
        describe(self.pin, f"{PIN_DIGITS[0]} to {PIN_DIGITS[1]} digits, then Enter.")
        self.message = QLabel(prompt)
        self.message.setObjectName("pinMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Staff id", self.staff_id)
        form.addRow("PIN", self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        hint = QLabel("Enter to go on, Esc to cancel.")
        hint.setObjectName("pinHint")
        layout.setSpacing(12)
        layout.setContentsMargins(18, 18, 18, 18)
        layout.addWidget(hint)
        self.staff_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.submit)

    def submit(self) -> None:
        staff_id, pin = self.staff_id.text(), self.pin.text()
        self.pin.clear()
        self.setEnabled(False)
        self._say("Checking…", "")

        def attempt() -> StaffMember | Refused:
            try:
                return self.check(staff_id, pin)
            except Refused as refused:  # an answer, not a failure
                return refused

        could_not = Refused("The PIN could not be checked (the details are in the log); try again.")
        self.lane.run(attempt, then(self._answered, lambda _: self._answered(could_not)))

    def _answered(self, answer: StaffMember | Refused) -> None:
        self.setEnabled(True)
        if isinstance(answer, Refused):
            self._say(str(answer), "refused")
            self.pin.setFocus()
            return
        self.member = answer
        self.accept()

    def _say(self, text: str, tone: str) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
