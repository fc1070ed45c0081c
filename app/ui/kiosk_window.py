"""The customer's kiosk: full screen, touch-first, English or Filipino, locked down.

Screens: start → return (reference → confirm → RETURN CODE, the slip prints) or track (numbers →
timeline). A scanner works on every input screen. Idle too long: "Still there?", then back to the
start with everything typed cleared. Leaving needs a staff PIN. Every text is set in `retranslate`
(or made by a function it calls), so switching language redraws the whole screen.
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.tracking import Bucket, NdrCode
from app.services.kiosk import KioskService, Refusal, Refused, ReturnFound, ReturnStarted, Tracked
from app.services.staff import Refused as PinRefused
from app.services.staff import SignIn
from app.ui.i18n import Languages
from app.ui.keypad import OnScreenKeyboard
from app.ui.lanes import Lane, then
from app.ui.scale import fit_application, px, sheet
from resources import read_text
from scanners.events import ScanEvent

log = logging.getLogger(__name__)

RETURN, TRACK = "return", "track"
GUARD_MS = 250  # how often a locked kiosk makes sure it is in front, full screen, with the focus
WINDOW_LOST = 5  # exit code: the window was destroyed from outside (the service manager starts it again)
XCB_DESTROY_NOTIFY = 17
BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
                Qt.Key.Key_Meta, Qt.Key.Key_Menu}


class KioskWindow(QWidget):
    def __init__(self, kiosk: KioskService, signin: SignIn, lane: Lane, languages: Languages, *,
                 idle_seconds: float = 60.0, still_there_seconds: float = 20.0, locked: bool = True):
        super().__init__()
        self.kiosk = kiosk
        self.signin = signin
        self.lane = lane
        self.languages = languages
        self.locked = locked  # False only after a staff PIN lets someone leave
        self.setObjectName("kiosk")
        self.high_contrast = self.large_text = False  # chosen by each customer, undone for the next
        fit_application()
        self.setStyleSheet(kiosk_style(contrast=False, large=False))
        self.setWindowTitle("counterpos kiosk")
        self.flow = RETURN
        self.found: ReturnFound | None = None
        self.started: ReturnStarted | None = None
        self._message: Callable[[], str] = lambda: ""
        self._body: Callable[[], str] = lambda: ""
        self._build()
        self.idle = QTimer(self, singleShot=True, interval=int(idle_seconds * 1000))
        self.idle.timeout.connect(self._ask_still_there)
        self.still_there = QTimer(self, singleShot=True, interval=int(still_there_seconds * 1000))
        self.still_there.timeout.connect(self.next_customer)
        self.countdown = QTimer(self, interval=1000)  # the seconds left, on the "Still there?" screen
        self.countdown.timeout.connect(self._show_seconds_left)
        QApplication.instance().installEventFilter(self)
        self.languages.changed.connect(self.retranslate)
        self.retranslate()
        self.reset()

    # Layout -------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.language = self._button("language", self.languages.toggle)
        self.staff = self._button("staff", lambda: self._show(self.pin_page, self.staff_id))
        self.title = QLabel(objectName="title", wordWrap=True)
        self.contrast = self._button("language", lambda: self._toggle_view(contrast=not self.high_contrast))
        self.larger = self._button("language", lambda: self._toggle_view(large=not self.large_text))
        self.top_buttons = self._row(self.contrast, self.larger, self.language, self.staff)
        self.top_buttons.insertStretch(0, 1)  # on a row of their own they keep to the right
        self.top = QGridLayout()
        self.top.setHorizontalSpacing(px(16))
        self.top.addWidget(self.title, 0, 0)
        self.top.setColumnStretch(0, 1)
        self.pages = PageStack()
        self.start_page = self._page()
        self.return_button = self._button("big", lambda: self._enter(RETURN))
        self.track_button = self._button("big", lambda: self._enter(TRACK))
        self.start_page.layout().addWidget(self.return_button)
        self.start_page.layout().addWidget(self.track_button)
        self.start_page.layout().addStretch(1)

        self.entry_page = self._page()
        self.prompt = QLabel(objectName="prompt", wordWrap=True)
        self.field = QLineEdit(objectName="field")
        self.field.returnPressed.connect(self._submit)
        self.message = QLabel(objectName="message", wordWrap=True)
        self.next = self._button("primary", self._submit)
        self.back = self._button("secondary", self.reset)
        self.keyboard = OnScreenKeyboard(self.field)
        self._add(self.entry_page, self.prompt, self.field, self.message, self.keyboard)
        self.entry_page.layout().addStretch(1)  # on a tall screen the keys stay under the field
        self._add(self.entry_page, self._row(self.back, self.next))

        self.answer_page = self._page()
        self.body = QLabel(objectName="body", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.code = QLabel(objectName="code", textInteractionFlags=Qt.TextInteractionFlag.NoTextInteraction)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.yes = self._button("primary", self._yes)
        self.no = self._button("secondary", self.reset)
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(self.body)  # a long timeline scrolls, by finger too
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self._add(self.answer_page, self.code, scroll, self._row(self.no, self.yes))

        self.busy_page = self._page()
        self.busy_text = QLabel(objectName="prompt", wordWrap=True)
        progress = QProgressBar(maximum=0)  # busy: no end known
        self._add(self.busy_page, self.busy_text, progress)
        self.busy_page.layout().addStretch(1)

        self.still_page = self._page()
        self.still_text = QLabel(objectName="prompt", wordWrap=True)
        self.still_yes = self._button("big", self._still_here)
        self.still_page.layout().addStretch(1)
        self._add(self.still_page, self.still_text, self.still_yes)
        self.still_page.layout().addStretch(1)

        self.pin_page = self._page()
        self.pin_page.layout().setSpacing(px(6))  # six parts: at 12 apart they would not fit a 768 px screen
        self.pin_prompt = QLabel(objectName="prompt", wordWrap=True)
        self.staff_id = QLineEdit(objectName="field")
        self.pin = QLineEdit(objectName="field", echoMode=QLineEdit.EchoMode.Password)
        self.pin_message = QLabel(objectName="message", wordWrap=True)
        self.pin_keyboard = OnScreenKeyboard(self.staff_id)
        self.staff_id.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._leave)
        self.leave = self._button("primary", self._leave)
        self.pin_back = self._button("secondary", self.reset)
        self._add(self.pin_page, self.pin_prompt, self.staff_id, self.pin, self.pin_message, self.pin_keyboard,
                  self._row(self.pin_back, self.leave))
        for field in (self.staff_id, self.pin):
            field.installEventFilter(self)  # the keyboard types into whichever has the focus

        for page in (self.start_page, self.entry_page, self.answer_page, self.busy_page, self.still_page,
                     self.pin_page):
            self.pages.addWidget(page)
        # Every page fits every screen (tests/qt/test_fit.py); should one not, it scrolls by finger
        # rather than make the window taller than the screen. No scroll bars: on a page that just fits,
        # a bar would narrow it, its text would wrap taller, and the bar would come and go.
        self.page_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setWidget(self.pages)
        QScroller.grabGesture(self.page_scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(px(32), px(10), px(32), px(10))
        layout.addLayout(self.top)
        layout.addWidget(self.page_scroll, 1)
        self._fit_top_bar()

    def _fit_top_bar(self) -> None:
        """The four buttons beside the page's title, or on a row under it when beside them the title would
        take more than two lines (a long title with larger text, on a portrait or a small screen)."""
        margins = self.layout().contentsMargins()
        width = min(self.width(), self.screen().availableGeometry().width())  # not what a wide row made it
        self.top_buttons.invalidate()  # its size as the buttons' type is now, not as it was
        title_room = width - margins.left() - margins.right() - self.top.horizontalSpacing() \
            - self.top_buttons.sizeHint().width()
        self.title.ensurePolished()  # its type is the style sheet's
        lines = self.title.fontMetrics().boundingRect(0, 0, max(title_room, 1), 10_000, Qt.TextFlag.TextWordWrap,
                                                      self.title.text())
        beside = lines.width() <= title_room and lines.height() < 3 * self.title.fontMetrics().lineSpacing()
        self.top.removeItem(self.top_buttons)
        self.top.addLayout(self.top_buttons, *((0, 1) if beside else (1, 0)))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_top_bar()

    def _page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, px(8), 0, 0)  # in line with the title above
        layout.setSpacing(px(12))
        return page

    @staticmethod
    def _add(page: QWidget, *parts) -> None:
        for part in parts:
            if isinstance(part, QHBoxLayout):
                page.layout().addLayout(part)
            else:
                page.layout().addWidget(part)

    @staticmethod
    def _row(*buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(px(16))
        for button in buttons:
            row.addWidget(button)
        return row

    @staticmethod
    def _button(kind: str, press) -> QPushButton:
        button = QPushButton()
        button.setProperty("kind", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(px(48 if kind in ("language", "staff") else 72))
        button.clicked.connect(lambda _=False: press())
        return button

    # Words ---------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.language.setText(self.tr("Wikang Filipino") if self.languages.current == "en" else self.tr("English"))
        self.staff.setText(self.tr("Staff"))
        self.contrast.setText(self.tr("Contrast"))  # short: four buttons share the top bar with the title
        self.larger.setText(self.tr("Larger"))
        self.contrast.setAccessibleName(self.tr("High contrast"))
        self.larger.setAccessibleName(self.tr("Larger text"))
        self.return_button.setText(self.tr("Return an item"))
        self.track_button.setText(self.tr("Track a parcel"))
        self._describe_buttons()
        self.busy_text.setText(self.tr("One moment, asking the central system…"))
        self._show_seconds_left()
        self.still_yes.setText(self.tr("I am still here"))
        self.pin_prompt.setText(self.tr("Staff only: your staff id and PIN to leave the kiosk."))
        self.staff_id.setPlaceholderText(self.tr("Staff id"))
        self.pin.setPlaceholderText(self.tr("PIN"))
        self.staff_id.setAccessibleName(self.tr("Staff id"))
        self.pin.setAccessibleName(self.tr("PIN"))
        self.leave.setText(self.tr("Leave the kiosk"))
        for button in (self.back, self.pin_back):
            button.setText(self.tr("Back to start"))
        self.keyboard.retranslate()
        self.pin_keyboard.retranslate()
        self._retranslate_flow()
        self.message.setText(self._message())
        self.body.setText(self._body())
        if self.pin_message.text():
            self.pin_message.setText(self.tr("Wrong staff id or PIN, or the id is locked for now."))

    def _describe_buttons(self) -> None:
        """What each button does, for a screen reader (the buttons on the answer page: _retranslate_flow)."""
        for button, description in (
                (self.language, self.tr("Shows the kiosk in Filipino.") if self.languages.current == "en"
                 else self.tr("Shows the kiosk in English.")),
                (self.staff, self.tr("For store staff: leave the kiosk with a staff id and PIN.")),
                (self.contrast, self.tr("White and yellow on black, for easier reading. Press again for the usual "
                                        "colours.")),
                (self.larger, self.tr("Makes all text larger. Press again for the usual size.")),
                (self.return_button, self.tr("Start a return and get a RETURN CODE slip to hand in at the counter.")),
                (self.track_button, self.tr("See where your parcel is, with its tracking number.")),
                (self.still_yes, self.tr("Keeps what you typed; otherwise the kiosk starts over for the next "
                                         "customer.")),
                (self.back, self.tr("Clears what you typed and goes back to the start screen.")),
                (self.pin_back, self.tr("Clears what you typed and goes back to the start screen.")),
                (self.next, self.tr("Looks up what you typed.")),
                (self.leave, self.tr("Checks the staff id and PIN, then closes the kiosk."))):
            button.setAccessibleDescription(description)

    def _retranslate_flow(self) -> None:
        page = self.pages.currentWidget()
        if page is self.start_page:
            self.title.setText(self.tr("Welcome! What would you like to do?"))
        elif page is self.pin_page:
            self.title.setText(self.tr("Staff"))
        elif page is self.still_page:
            self.title.setText(self.tr("Still there?"))
        elif self.started is not None:
            self.title.setText(self.tr("Your RETURN CODE"))
            self.yes.setText(self.tr("Done"))
            self.yes.setAccessibleDescription(self.tr("Finishes, for the next customer."))
        elif self.flow == RETURN:
            self.title.setText(self.tr("Return an item"))
            self.prompt.setText(self.tr("Type or scan your order number, UID or the waybill number of your parcel."))
            self.next.setText(self.tr("Next"))
            self.yes.setText(self.tr("Print my slip"))
            self.no.setText(self.tr("Cancel"))
            self.yes.setAccessibleDescription(self.tr("Prints the slip with your RETURN CODE."))
            self.no.setAccessibleDescription(self.tr("Cancels the return; nothing is printed."))
        else:
            self.title.setText(self.tr("Track a parcel"))
            self.prompt.setText(self.tr("Type or scan your tracking number (17 digits). For several, put a space "
                                        "between them."))
            self.next.setText(self.tr("Track"))
            self.yes.setText(self.tr("Track another"))
            self.no.setText(self.tr("Back to start"))
            self.yes.setAccessibleDescription(self.tr("Tracks another parcel."))
            self.no.setAccessibleDescription(self.tr("Clears what you typed and goes back to the start screen."))
        self.field.setAccessibleName(self.title.text())  # a screen reader names the field by what it is for
        self.field.setAccessibleDescription(self.prompt.text())
        self._fit_top_bar()

    def refusal(self, refused: Refused) -> str:
        return {
            Refusal.NOT_A_REFERENCE: self.tr("Please type your order number, UID or waybill number (at least 3 "
                                             "letters or digits)."),
            Refusal.RETURN_NOT_REGISTERED: self.tr("We found no return for this number. The seller must register "
                                                   "the return first: please contact the seller."),
            Refusal.RETURN_EXPIRED: self.tr("The time to return this item has passed. Please contact the seller."),
            Refusal.RETURN_ALREADY_USED: self.tr("This return was already handed in. It cannot be used again."),
            Refusal.RETURN_STARTED_ELSEWHERE: self.tr("This return was started at another store. Please bring the "
                                                      "item to that store."),
            Refusal.NOT_A_TRACKING_NUMBER: self.tr("Please check {number}: a tracking number has 17 digits.").format(
                number=refused.subject or self.tr("the number")),
            Refusal.WRONG_DIGIT: self.tr("Please check {number}: one of its digits is mistyped.").format(
                number=refused.subject),
            Refusal.TOO_MANY_NUMBERS: self.tr("Please track at most 5 parcels at a time."),
            Refusal.UNREACHABLE: self.tr("We cannot reach the central system right now. Please try again in a "
                                         "few minutes, or ask at the counter."),
            Refusal.FAILED: self.tr("Something went wrong. Please ask at the counter."),
        }[refused.reason]

    def bucket_words(self, bucket: Bucket) -> str:
        return {
            Bucket.ORDER_PLACED: self.tr("Order placed"),
            Bucket.DISPATCHED: self.tr("Sent by the seller"),
            Bucket.IN_TRANSIT: self.tr("On the way"),
            Bucket.OUT_FOR_DELIVERY: self.tr("Out for delivery"),
            Bucket.FAILED_DELIVERY: self.tr("Delivery did not happen"),
            Bucket.DELIVERED: self.tr("Delivered"),
            Bucket.RETURNED: self.tr("Going back to the seller"),
            Bucket.LOST: self.tr("Lost: please contact the seller"),
            Bucket.DAMAGED: self.tr("Damaged: please contact the seller"),
        }[bucket]

    def ndr_words(self, ndr: NdrCode) -> str:
        return {
            NdrCode.UNKNOWN_EXCEPTION: self.tr("a problem on the way"),
            NdrCode.CUSTOMER_UNAVAILABLE: self.tr("nobody was there to receive it"),
            NdrCode.REJECTED_BY_CUSTOMER: self.tr("it was refused at the door"),
            NdrCode.DELIVERY_RESCHEDULED: self.tr("the delivery was moved to another day"),
            NdrCode.NO_ATTEMPT: self.tr("the courier did not get to it"),
            NdrCode.CUSTOMER_UNREACHABLE: self.tr("the courier could not reach you by phone"),
            NdrCode.ADDRESS_ISSUE: self.tr("there is a problem with the address"),
            NdrCode.PAYMENT_ISSUE: self.tr("there is a problem with the payment"),
            NdrCode.OUT_OF_DELIVERY_AREA: self.tr("the address is outside the delivery area"),
            NdrCode.ORDER_ALREADY_CANCELLED: self.tr("the order was cancelled"),
            NdrCode.SELF_COLLECT: self.tr("it is waiting for you to collect it"),
            NdrCode.SHIPMENT_SEIZED_BY_CUSTOMER: self.tr("it was held by the customer"),
        }[ndr]

    def slip_steps(self, valid_until: str) -> list[str]:
        return [self.tr("1. Pack the item with this slip."),
                self.tr("2. Hand the item and this slip to the counter."),
                self.tr("3. Do it by %1. After that, this code no longer works.").replace("%1", valid_until)]

    # Flow ----------------------------------------------------------------------------------------

    def reset(self) -> None:
        """The start screen, with everything a customer typed or saw cleared."""
        self.still_there.stop()
        self.countdown.stop()
        self.idle.stop()
        self.found = self.started = None
        for field in (self.field, self.staff_id, self.pin):
            field.clear()
        self.pin_message.clear()
        self._say(lambda: "")
        self._answer(lambda: "")
        self._show(self.start_page)

    def next_customer(self) -> None:
        """Done, or nobody there any more: the start screen for whoever comes next, in English, with
        the ordinary colours and type."""
        self.languages.use("en")
        self._toggle_view(contrast=False, large=False)
        self.reset()

    def _toggle_view(self, *, contrast: bool | None = None, large: bool | None = None) -> None:
        """High contrast (white and yellow on black) and larger type, for a customer who needs them."""
        self.high_contrast = self.high_contrast if contrast is None else contrast
        self.large_text = self.large_text if large is None else large
        self.setStyleSheet(kiosk_style(contrast=self.high_contrast, large=self.large_text))
        for button, on in ((self.contrast, self.high_contrast), (self.larger, self.large_text)):
            button.setProperty("on", on)
            button.style().unpolish(button)
            button.style().polish(button)
        self._fit_top_bar()

    def _enter(self, flow: str) -> None:
        self.flow = flow
        self.keyboard.digits_only(flow == TRACK)  # tracking numbers are digits; order numbers may have letters
        self.field.clear()
        self._say(lambda: "")
        self._show(self.entry_page, self.field)

    def _submit(self) -> None:
        text = self.field.text()
        if self.flow == RETURN:
            self._ask(lambda: self.kiosk.find_return(text), self._found)
        else:
            self._ask(lambda: self.kiosk.track(text), self._tracked)

    def on_scan(self, event: ScanEvent) -> None:
        """A scanner works on every input screen: the code goes in the field and is looked up at once."""
        self._touched()
        if self.pages.currentWidget() is self.entry_page:
            self.field.setText(event.text)
            self._submit()
        elif self.pages.currentWidget() is self.pin_page:
            self.staff_id.setText(event.text)  # a staff badge; the PIN is still typed
            self.pin.setFocus()

    def _ask(self, work, answered) -> None:
        """Work off the GUI thread behind the busy page; whatever happens, the customer leaves that page:
        with the answer, or (an error) back on the screen they were on, told to ask at the counter."""
        self.idle.stop()  # waiting on the network is not the customer's idleness
        self._show(self.busy_page)
        self.lane.run(work, then(answered, lambda error: self._refused(Refused(Refusal.FAILED, str(error)))))

    def _found(self, answer: ReturnFound | Refused) -> None:
        if isinstance(answer, Refused):
            return self._refused(answer)
        self.found = answer
        self._answer(lambda: (self.tr("Item: %1\n").replace("%1", answer.item) if answer.item else "")
                     + self.tr("Seller: %1\nOrder: %2\nReturn by: %3\n\nReturn this item? Your slip with the "
                               "RETURN CODE will print.").replace("%1", answer.merchant)
                     .replace("%2", answer.merchant_reference).replace("%3", answer.valid_until))
        self._show(self.answer_page)

    def _yes(self) -> None:
        if self.flow == TRACK:
            return self._enter(TRACK)
        if self.started is not None:
            return self.next_customer()  # Done
        found = self.found
        steps = self.slip_steps(found.valid_until)
        self._ask(lambda: self.kiosk.start_return(found, steps), self._started)

    def _started(self, answer: ReturnStarted | Refused) -> None:
        if isinstance(answer, Refused):
            return self._refused(answer)
        self.started = answer
        if answer.again:
            self._answer(lambda: self.tr("You started this return before: this is the same RETURN CODE, and a copy "
                                         "of your slip is printing. Bring the item and the slip to the counter by "
                                         "%1.").replace("%1", answer.valid_until))
        else:
            self._answer(lambda: self.tr("Your slip is printing. Bring the item and the slip to the counter by %1. "
                                         "The code works once.").replace("%1", answer.valid_until))
        self._show(self.answer_page)

    def _tracked(self, answer: list[Tracked] | Refused) -> None:
        if isinstance(answer, Refused):
            return self._refused(answer)
        self._answer(lambda: "\n\n".join(self._timeline(parcel) for parcel in answer))
        self._show(self.answer_page)

    def _timeline(self, parcel: Tracked) -> str:
        if not parcel.steps:
            return self.tr("%1: we have no parcel with this number.").replace("%1", parcel.number)
        now = (self.tr("Ready for you at store %1. Bring your CLAIM CODE.").replace("%1", parcel.ready_at)
               if parcel.ready_at else self._step_words(parcel.steps[0]))
        lines = [f"{parcel.number}: {now}"]
        lines += [f"   {_local(step.at)}  {self._step_words(step)}" + (f" · {step.location}" if step.location else "")
                  for step in parcel.steps]
        return "\n".join(lines)

    def _step_words(self, step) -> str:
        words = self.bucket_words(step.bucket)
        if step.ndr is not None:
            words += self.tr(" (because %1)").replace("%1", self.ndr_words(step.ndr))
        return words

    def _refused(self, refused: Refused) -> None:
        self._say(lambda: self.refusal(refused))
        self._show(self.entry_page, self.field)

    def _leave(self) -> None:
        staff_id, pin = self.staff_id.text(), self.pin.text()
        self.lane.run(lambda: self._check_pin(staff_id, pin), then(self._after_pin, self._pin_not_checked))

    def _check_pin(self, staff_id: str, pin: str) -> bool:
        try:
            self.signin.confirm(staff_id, pin, "leaving kiosk mode")
        except PinRefused:
            return False  # journaled with why (wrong PIN, locked id), for the staff to read at the counter
        return True

    def _pin_not_checked(self, error: BaseException) -> None:
        self.pin.clear()
        self.pin_message.setText(self.tr("The PIN could not be checked. Please try again."))

    def _after_pin(self, allowed: bool) -> None:
        if not allowed:
            self.pin.clear()
            self.pin_message.setText(self.tr("Wrong staff id or PIN, or the id is locked for now."))
            return
        self.locked = False
        self.close()

    # Idle and lockdown ---------------------------------------------------------------------------

    def _ask_still_there(self) -> None:
        if self.pages.currentWidget() in (self.start_page, self.busy_page):
            return
        self._resume = self.pages.currentWidget()
        self.still_there.start()
        self.countdown.start()
        self._show_seconds_left()
        self._show(self.still_page)

    def _show_seconds_left(self) -> None:
        left = math.ceil(max(self.still_there.remainingTime(), 0) / 1000) if self.still_there.isActive() else 0
        self.still_text.setText(self.tr("Touch the button to continue. Starting over in %n…",
                                        "", left))

    def _still_here(self) -> None:
        self.still_there.stop()
        self.countdown.stop()
        self._show(self._resume)

    def _touched(self) -> None:
        if self.pages.currentWidget() not in (self.start_page, self.busy_page, self.still_page):
            self.idle.start()

    def _show(self, page: QWidget, focus: QWidget | None = None) -> None:
        self.pages.setCurrentWidget(page)
        self.code.setText(self.started.return_code if self.started else "")
        self.code.setVisible(self.started is not None)
        self.no.setVisible(self.started is None)  # once the code is out, "Done" is the one way on
        self._retranslate_flow()
        self._touched()
        if focus is not None:
            focus.setFocus()

    def _say(self, message: Callable[[], str]) -> None:
        self._message = message
        self.message.setText(message())

    def _answer(self, body: Callable[[], str]) -> None:
        self._body = body
        self.body.setText(body())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self._touched()
        if kind == QEvent.Type.FocusIn and watched in (self.staff_id, self.pin):
            self.pin_keyboard.target = watched
            self.pin_keyboard.digits_only(watched is self.pin)  # a PIN is digits
        if not self.locked:
            return False
        if kind == QEvent.Type.ContextMenu:
            return True  # no right-click menus
        if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and (
                event.key() in BLOCKED_KEYS or event.modifiers() & (Qt.KeyboardModifier.AltModifier
                                                                   | Qt.KeyboardModifier.MetaModifier)):
            return True  # Esc, Alt+F4, Alt+Tab, the Windows key: nothing
        return False

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self.locked:
            event.ignore()  # only a staff PIN lets the kiosk close
            return
        QApplication.instance().removeEventFilter(self)
        event.accept()

    def lock_down(self) -> None:
        """Full screen, no frame, above other windows, and back at once if anything hides it or takes the
        focus (show desktop, iconify, another program's window). A kiosk whose window another program
        destroys ends the program with WINDOW_LOST, so that its service manager starts it again."""
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.showFullScreen()
        self._unfocused = 0  # checks in a row that found another window with the focus
        self._guard = QTimer(self, interval=GUARD_MS)
        self._guard.timeout.connect(self.stay_in_front)
        self._guard.start()
        if QGuiApplication.platformName() == "xcb":
            self._lost = WindowLost(self)
            QApplication.instance().installNativeEventFilter(self._lost)

    def stay_in_front(self) -> None:
        if not self.locked:
            return
        if self.isMinimized() or not self.isVisible() or not self.isFullScreen():
            self.showFullScreen()
        if self.isActiveWindow():
            self._unfocused = 0
            return
        self._unfocused += 1
        if self._unfocused > 1:  # asking for the focus was not enough (a window manager showing its desktop
            self.hide()          # refuses it): mapped anew, the window is shown and focused like a new one
            self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and self.locked and self.isMinimized():
            QTimer.singleShot(0, self.stay_in_front)


def kiosk_style(*, contrast: bool, large: bool) -> str:
    """The kiosk's style sheet for this screen; with `contrast` its high-contrast colours after it, with
    `large` every size of type a quarter larger."""
    style = read_text("kiosk.qss") + (read_text("kiosk-contrast.qss") if contrast else "")
    if large:
        style = re.sub(r"font-size: (\d+)px", lambda m: f"font-size: {round(int(m.group(1)) * 5 / 4)}px", style)
    return sheet(style)


class PageStack(QStackedWidget):
    """Pages as tall as the one on screen: a tall hidden page must not make a short one scroll."""

    def __init__(self) -> None:
        super().__init__()
        self.currentChanged.connect(lambda _: self.updateGeometry())

    def sizeHint(self):  # noqa: N802 (Qt's name)
        return self.currentWidget().sizeHint() if self.currentWidget() else super().sizeHint()

    def minimumSizeHint(self):  # noqa: N802
        return self.currentWidget().minimumSizeHint() if self.currentWidget() else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return self.currentWidget() is not None and self.currentWidget().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.currentWidget().heightForWidth(width) if self.currentWidget() else -1


class WindowLost(QAbstractNativeEventFilter):
    """X11: another program destroyed the locked kiosk's window (the process would go on without one)."""

    def __init__(self, kiosk: KioskWindow):
        super().__init__()
        self.kiosk = kiosk

    def nativeEventFilter(self, event_type, message):  # noqa: N802 (Qt's name)
        if self.kiosk.locked and bytes(event_type) == b"xcb_generic_event_t":
            address = int(message)  # xcb_destroy_notify_event_t: response type, pad, sequence, event, window
            if ctypes.c_uint8.from_address(address).value & 0x7F == XCB_DESTROY_NOTIFY and \
                    ctypes.c_uint32.from_address(address + 8).value == int(self.kiosk.winId()):
                log.error("the kiosk's window was destroyed by another program: ending, to be started again")
                QApplication.instance().exit(WINDOW_LOST)
        return False, 0


def _local(iso: str) -> str:
    """A scan's time in this kiosk's time zone, to the minute."""
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]
