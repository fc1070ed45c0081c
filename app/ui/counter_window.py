"""The counter's main window: the scan field, what happened, what is next, and the status bar.

Keyboard only: every screen has its function key (the hints line lists them), Esc backs out, F12
shows the demo codes.
The scan field always has the focus; a keyboard-wedge scanner types into it and ends with Enter,
and a serial scanner's codes arrive through the same slot. A code typed by hand (the scan failed)
and a reprint (F7) need a supervisor's PIN; F8 signs the clerk out and the next one in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QFontMetrics, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.staff import StaffMember
from app.domain.text import bounded
from app.services.counter import SIGN_IN_FIRST, CounterSession, Mode
from app.services.devices import Weigh
from app.services.fulfilment import ReturnOffer
from app.services.outcome import Outcome, Tone, disk_trouble, failed
from app.services.printing import PrintJob
from app.services.shift import ShiftReport
from app.services.spooler import PrintResult
from app.status import SyncStatus
from app.ui.accessible import describe
from app.ui.dropoff_dialog import DropOffDialog
from app.ui.exceptions_dialog import ExceptionsDialog
from app.ui.lanes import Finished, Lanes, then
from app.ui.pick_dialog import PickDialog
from app.ui.pin_dialog import PinDialog
from app.ui.result_panel import ResultPanel
from app.ui.return_dialog import ReturnDialog
from app.ui.scale import fit_application, px, sheet
from app.ui.shift_dialog import ShiftDialog
from app.ui.status_bar import CounterStatusBar
from app.ui.weborders_dialog import WebOrdersDialog
from resources import read_text
from scanners.events import ScanEvent, scan_event

HISTORY = 50
STOP_BEEPS = 3  # a hard stop's sound; a new web order's (when the store wants it) is one
HELP_WIDTH = 320  # px at most for the demo's codes beside the counter: a 1024 px screen has room for it
NOTE_LENGTH = 160  # characters of one line of the activity list: the result panel above has the whole


class CounterWindow(QMainWindow):
    def __init__(self, session: CounterSession, lanes: Lanes, *, place: str, help_text: str = "",
                 weborder_sound: bool = False):
        super().__init__()
        self.session = session
        self.lanes = lanes
        self.weborder_sound = weborder_sound
        self._online: bool | None = None  # as last shown
        self.outcomes_shown = 0  # answers shown so far (the activity list also holds notes, and is capped)
        self._shown_mode = Mode.CLAIM  # the screen as last asked for (the session follows in the clerk's lane)
        self._lookup: list[bool] | None = None  # a tracking lookup on its way: [abandoned]; Esc may stop waiting
        self.pin_dialog: PinDialog | None = None  # the one asking for a PIN now, if any
        self.dropoff_dialog: DropOffDialog | None = None
        self.shift_dialog: ShiftDialog | None = None
        self.exceptions_dialog: ExceptionsDialog | None = None
        self.confirm_box: QMessageBox | None = None  # the question being asked, if any
        self.devices: QDialog | None = None  # the Devices screen, given by the composition
        self.weigh: Weigh | None = None  # reads the serial scale for drop-off weights, if one is configured
        self.setWindowTitle(f"counterpos · {place}")
        fit_application()
        self.setStyleSheet(sheet(read_text("counter.qss")))

        self.mode_banner = QLabel()
        self.mode_banner.setObjectName("modeBanner")
        self.weborders_badge = QLabel("Web orders: none pending")
        self.weborders_badge.setObjectName("webOrders")
        self._pending = 0  # web orders nobody has started, as last polled
        self._seen_pending = 0  # pending web orders when someone last opened the web-order screen
        self._still_here = QTimer(self, interval=60_000)  # so a restart after a crash knows how long ago it was
        self._still_here.timeout.connect(lambda: self._clerk(self.session.signin.still_here, lambda _: None,
                                                             doing="noting who is serving"))
        self._blink = QTimer(self, interval=500)
        self._blink.timeout.connect(lambda: self._set_blink(not self.weborders_badge.property("blink")))
        self.weborders_dialog: WebOrdersDialog | None = None
        self.pick_dialog: PickDialog | None = None
        self.return_dialog: ReturnDialog | None = None
        keys = ["F1 Serve", "F2 Receive", "F3 Track", "F4 Pull-out", "F5 Drop-off", "F6 Exceptions", "F7 Reprint",
                "F8 Sign in/out", "F9 Devices", "F11 Close shift", "Ctrl+W Web orders", "Esc Cancel"]
        keys += ["F12 Demo codes"] if help_text else []
        # each key and its name stay together (no-break spaces and hyphens): the list wraps between them
        hints = QLabel("  ·  ".join(key.replace(" ", "\u00a0").replace("-", "\u2011") for key in keys))
        hints.setObjectName("keyHints")
        hints.setWordWrap(True)  # on a narrow screen the strip wraps rather than widen the window
        self.scan_field = QLineEdit()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText("Scan or type a code, then Enter")
        self.scan_field.setAccessibleName("Scan or type a code")
        self.scan_field.setAccessibleDescription("Scans arrive here; a typed code is sent with Enter.")
        self.scan_field.setMaxLength(256)
        self.scan_field.returnPressed.connect(self.on_scan_field_entered)
        self.result = ResultPanel()
        self.activity = QListWidget()
        self.activity.setObjectName("activity")
        self.activity.setAccessibleName("Activity at this counter")
        self.activity.setAccessibleDescription("What the counter answered, newest first.")
        self.help_panel = QPlainTextEdit(help_text)
        self.help_panel.setObjectName("helpPanel")
        describe(self.help_panel, "The demo's codes, each with what it shows at the counter.",
                 name="Demo: what to scan or type")
        self.help_panel.setReadOnly(True)
        self.help_panel.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.help_panel.setFont(mono)
        widest = max((QFontMetrics(mono).horizontalAdvance(line) for line in help_text.splitlines()), default=0)
        self.help_panel.setMinimumWidth(min(widest + px(40), px(HELP_WIDTH)))  # wider lines scroll sideways
        for widget in (self.activity, self.help_panel):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.status = CounterStatusBar(place)
        self.setStatusBar(self.status)
        self.setCentralWidget(self._layout(hints))
        self._shortcuts(bool(help_text))
        self._show_mode(Mode.CLAIM)
        self.result.show_outcome(self.session.switch(Mode.CLAIM))
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(min(1180, screen.width()), min(760, screen.height()))  # never past the screen

    def _layout(self, hints: QLabel) -> QWidget:
        top = QHBoxLayout()
        top.addWidget(self.mode_banner)
        top.addWidget(self.weborders_badge)
        top.addStretch(1)
        main = QVBoxLayout()
        main.addLayout(top)
        main.addWidget(self.scan_field)
        main.addWidget(hints)  # a strip under the field, as wide as it: one line, two on a 1024 px screen
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
        columns.addWidget(self.side, 1)
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
            ("F5", self._open_dropoff),
            ("F6", self._open_exceptions),
            ("F11", self._open_shift_close),
            ("Ctrl+W", self._open_weborders),
            ("F10", self._finish_pullout),
            ("Esc", self._cancel),
            ("F7", self._reprint_last),
            ("F8", self._change_clerk),
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
        self.on_scan(scan_event(text, "keyboard"), typed=True)

    def on_scan(self, event: ScanEvent, *, typed: bool = False) -> None:
        """Every scan, from any scanner, comes here; the session runs off the GUI thread."""
        if self.devices is not None and self.devices.isVisible():
            self.devices.show_scan(event)  # a test scan: no customer is served
            return
        if event.stale():  # it waited too long somewhere: it may be the previous customer's
            self.show_outcome(stale_scan(event))
            return
        if self.pick_dialog is not None and self.pick_dialog.isVisible():
            self.pick_dialog.show_scan(event)  # an item picked for a web order
            return
        if self.return_dialog is not None and self.return_dialog.isVisible():
            self.return_dialog.show_scan(event)  # an item of a web order coming back
            return
        self._handle(event, typed)

    def _handle(self, event: ScanEvent, typed: bool, approved_by: StaffMember | None = None) -> None:
        """The session's answer to a scan, in the clerk's lane; a typed code may come back asking for a
        supervisor first. A scan that waited too long in the lane is dropped there too."""
        def work() -> Outcome:
            return stale_scan(event) if event.stale() else self.session.handle(event.text, typed=typed,
                                                                               approved_by=approved_by)

        def answered(outcome: Outcome) -> None:
            if outcome.needs_approval:
                self.with_approval(outcome.needs_approval, event.text,
                                   lambda boss: self._handle(scan_event(event.text, event.source), typed, boss))
            else:
                self.show_outcome(outcome)

        # On the tracking screen a scan changes nothing, so the clerk may stop waiting for it.
        self._clerk(work, answered, doing=f"looking up {event.text[:40]!r}",
                    abandonable=self._shown_mode is Mode.TRACK)

    def _clerk(self, work: Callable[[], object], on_value: Callable[[object], None] | None = None, *,
               doing: str, abandonable: bool = False) -> None:
        """Work for the session, in the clerk's lane: its answer to `on_value` (shown by default); an
        error is shown as what failed; after a moment without an answer, the panel says it is at it
        (and, for work that changes nothing, that Esc stops waiting for it)."""
        on_value = on_value or self.show_outcome
        abandoned = [False]
        if abandonable:
            self._lookup = abandoned

        def done(finished: Finished) -> None:
            if self._lookup is abandoned:
                self._lookup = None
            if not abandoned[0]:
                then(on_value, lambda error: self._failed(doing, error))(finished)

        def slow() -> None:
            if not abandoned[0]:  # Esc may have come first
                hint = " Esc stops waiting." if abandonable else ""
                self.result.show_outcome(Outcome(Tone.NEXT, "One moment…", f"{doing[0].upper()}{doing[1:]}.{hint}"))

        self.lanes.clerk.run(work, done, slow=slow)

    def _failed(self, doing: str, error: BaseException) -> None:
        self.show_outcome(failed(doing, error))
        if disk_trouble(error):  # in sight until something is recorded again
            self.status.show_disk_trouble(f"⚠ The disk is full or failing: nothing can be recorded. Call support. "
                                          f"({doing}: {error})")

    # Staff -------------------------------------------------------------------------------------

    def resume_or_sign_in(self) -> None:
        """At start: a clerk signed in before a restart carries on; otherwise someone signs in first."""
        def resume(member: StaffMember | None) -> None:
            self.show_signed_in(member)
            if member is None:
                self.ask_sign_in()

        self._clerk(self.session.signin.resume, resume, doing="reading who is signed in")
        self.count_prints_in_doubt()
        self._still_here.start()

    def show_print(self, result: PrintResult) -> None:
        self.status.show_print(result)
        if result.in_doubt:
            self.count_prints_in_doubt()

    def count_prints_in_doubt(self) -> None:
        """Prints that may not have printed stay in the status bar until they are checked (F6)."""
        self._clerk(self.session.prints_in_doubt, self.status.show_in_doubt, doing="counting prints to check")

    def ask_sign_in(self, *, say_nobody: bool = True) -> None:
        if say_nobody:  # not "Ready" behind the sign-in: the counter is not (unless an answer is on show)
            self.result.show_outcome(SIGN_IN_FIRST)
        signin = self.session.signin
        self._ask_pin(PinDialog("Sign in", "Sign in with your staff id and PIN.", self.lanes.clerk, signin.sign_in, self),
                      self._signed_in)

    def with_approval(self, action: str, subject: str, then: Callable[[StaffMember], None]) -> None:
        """Run `then(supervisor)` once a supervisor's staff id and PIN approve `action`."""
        def check(staff_id: str, pin: str) -> StaffMember:
            return self.session.signin.approve(staff_id, pin, action, subject)

        self._ask_pin(PinDialog("Supervisor approval", f"A supervisor's staff id and PIN approve {action}.",
                                self.lanes.clerk, check, self), then)

    def _ask_pin(self, dialog: PinDialog, then: Callable[[StaffMember], None]) -> None:
        self.pin_dialog = dialog
        dialog.accepted.connect(lambda: then(dialog.member))
        dialog.finished.connect(self.scan_field.setFocus)
        dialog.open()

    def show_signed_in(self, member: StaffMember | None) -> None:
        self.status.staff.setText(f"{member.name} ({member.role.value})" if member else "Nobody signed in",
                                  least=member.name[:16] if member else "Nobody signed in")

    def _signed_in(self, member: StaffMember) -> None:
        self.show_signed_in(member)
        self.show_outcome(Outcome(Tone.NEXT, f"Welcome, {member.name}.", "Scan the customer's code. F8 signs you out."))

    def _change_clerk(self, *, say_nobody: bool = True) -> None:
        def signed_out(_: object) -> None:
            self.show_signed_in(None)
            self.ask_sign_in(say_nobody=say_nobody)

        self._clerk(lambda: self.session.signin.sign_out("F8"), signed_out, doing="signing out")

    def _reprint_last(self) -> None:
        def ask(job: PrintJob | None) -> None:
            if job is None:
                self.show_outcome(Outcome.warning("Nothing has been printed here yet.", "F7 reprints the last receipt."))
                return
            self.with_approval(f"a reprint of {job.document.replace('-', ' ')} #{job.id}", f"print job {job.id}",
                               lambda boss: self._clerk(lambda: self.session.reprint(job, boss),
                                                        doing="queueing the reprint"))

        self._clerk(self.session.last_print, ask, doing="finding the last receipt")

    def _finish_pullout(self, confirmed: str = "") -> None:
        def answered(outcome: Outcome) -> None:
            self.show_outcome(outcome)
            if outcome.needs_confirmation:
                self.confirm(outcome.needs_confirmation, lambda: self._finish_pullout(outcome.needs_confirmation))

        self._clerk(lambda: self.session.finish_pullout(confirmed), answered, doing="closing the pull-out")

    def confirm(self, question: str, then: Callable[[], None]) -> None:
        """Ask the clerk `question`; No is the default, so a double key press never says yes."""
        box = QMessageBox(QMessageBox.Icon.Question, "Please confirm", question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda: box.clickedButton() is box.button(QMessageBox.StandardButton.Yes) and then())
        self.confirm_box = box
        box.open()

    def _open_dropoff(self) -> None:
        self._switch(Mode.CLAIM)  # a drop-off is serving a customer; a pull-out in progress resumes with F4
        self.dropoff_dialog = DropOffDialog(self.session, self.lanes, self.show_outcome, self, weigh=self.weigh)
        self.dropoff_dialog.finished.connect(self.scan_field.setFocus)
        self.dropoff_dialog.open()

    def _open_exceptions(self) -> None:
        self.exceptions_dialog = ExceptionsDialog(self.session, self.lanes.clerk, self.with_approval, self)
        self.exceptions_dialog.finished.connect(self.scan_field.setFocus)
        self.exceptions_dialog.finished.connect(self.count_prints_in_doubt)
        self.exceptions_dialog.open()

    def _open_shift_close(self) -> None:
        def show(answer: tuple[ShiftReport, dict[str, str]]) -> None:
            self.shift_dialog = ShiftDialog(*answer, self._close_shift, self)
            self.shift_dialog.finished.connect(self.scan_field.setFocus)
            self.shift_dialog.open()

        self._clerk(lambda: (self.session.shift.report(), self.session.signin.staff_names()), show,
                    doing="counting the shift")

    def _close_shift(self, report: ShiftReport) -> None:
        def close(supervisor: StaffMember | None) -> None:
            self._clerk(lambda: self.session.close_shift(report, supervisor), self._shift_closed,
                        doing="closing the shift")

        if report.waiting:
            self.with_approval(f"closing shift {report.number} with {report.waiting} events unsent",
                               f"shift {report.number}", close)
        else:
            close(None)

    def _shift_closed(self, outcome: Outcome) -> None:
        self.show_outcome(outcome)
        if outcome.recorded:  # the shift is over: the next one starts with whoever signs in
            self._change_clerk(say_nobody=False)  # the closed shift's figures stay on screen

    def _open_pick(self, order_no: str) -> None:
        self.pick_dialog = PickDialog(self.session, self.lanes.clerk, order_no, self._after_fulfilment, self)
        self.pick_dialog.open()

    def _deliver(self, order_no: str) -> None:
        self._clerk(lambda: self.session.deliver(order_no), self._after_fulfilment, doing=f"delivering {order_no}")

    def _open_return(self, order_no: str) -> None:
        def show(offer: ReturnOffer | Outcome) -> None:
            if isinstance(offer, Outcome):
                self.show_outcome(offer)
                return
            self.return_dialog = ReturnDialog(self.session, self.lanes.clerk, offer, self._after_fulfilment,
                                              self.with_approval, self)
            self.return_dialog.open()

        self._clerk(lambda: self.session.returnable(order_no), show,
                    doing=f"finding what of {order_no} may come back")

    def _after_fulfilment(self, outcome: Outcome) -> None:
        """A web order picked, delivered or returned: say so, and show the web-order list as it is now."""
        self.show_outcome(outcome)
        if self.weborders_dialog is not None:
            self.weborders_dialog.show_result(outcome)
            self.weborders_dialog.refresh()

    def _open_devices(self) -> None:
        if self.devices is not None:
            self.devices.show()
            self.devices.raise_()

    def _switch(self, mode: Mode) -> None:
        self._show_mode(mode)
        self._clerk(lambda: (self.session.switch(mode), self.session.mode), self._after_switch,
                    doing="changing the screen")

    def _cancel(self) -> None:
        self.scan_field.clear()
        if self._lookup is not None:  # Esc while a lookup is on its way: stop waiting, stay on this screen
            self._lookup[0], self._lookup = True, None
            self.show_outcome(Outcome.warning("Stopped waiting for the answer: nothing was recorded.",
                                              "Scan or type the tracking numbers again, or Esc to leave tracking."))
            return
        self._clerk(lambda: (self.session.cancel(), self.session.mode), self._after_switch, doing="cancelling")

    def _after_switch(self, answer: tuple[Outcome, Mode]) -> None:
        """The screen the session is on now (a switch may be refused), and what it says."""
        outcome, mode = answer
        self._show_mode(mode)
        self.show_outcome(outcome)

    # What the clerk sees -----------------------------------------------------------------------

    def show_outcome(self, outcome: Outcome) -> None:
        self.result.show_outcome(outcome)
        if outcome.tone is Tone.STOP:
            self._sound_the_stop()
        if outcome.recorded:
            self.status.show_disk_trouble("")  # recorded: the disk works again
        self.outcomes_shown += 1
        self._note(outcome.title)
        self.scan_field.setFocus()

    def _sound_the_stop(self) -> None:
        """A hard stop (a wrong parcel, do not hand over) is heard too, not only seen in red: three
        beeps, unlike anything else the counter sounds."""
        for n in range(STOP_BEEPS):
            QTimer.singleShot(n * 180, QApplication.beep)

    def show_sync(self, status: SyncStatus) -> None:
        """The status bar always; the activity list too when the link drops or comes back."""
        if status.online is False and self._online is not False:
            self._note("Offline: serving goes on from this counter's records (the status bar's tip says what "
                       "works); everything is sent when the central system is back.")
        elif status.online and self._online is False:
            self._note("Back online: what was done offline is being sent.")
        self._online = status.online
        self.status.sync.show_status(status)
        self.status.store_bus.show_status(status)
        self._show_pending(status.pending_orders)

    def _show_pending(self, pending: int) -> None:
        """The count always; a blink from the moment a new one arrives until the web-order screen opens,
        and the bell as it arrives, if the store wants it."""
        if pending > self._pending and self.weborder_sound:
            QApplication.beep()
        self._pending = pending
        self.weborders_badge.setText(f"Web orders: {pending} pending" if pending else "Web orders: none pending")
        if pending > self._seen_pending and not self._blink.isActive():
            self._blink.start()
        self._seen_pending = min(self._seen_pending, pending)  # picked or cancelled meanwhile

    def _set_blink(self, on: bool) -> None:
        self.weborders_badge.setProperty("blink", on)
        self.weborders_badge.style().unpolish(self.weborders_badge)
        self.weborders_badge.style().polish(self.weborders_badge)

    def _open_weborders(self) -> None:
        self._blink.stop()
        self._set_blink(False)
        self._seen_pending = self._pending
        self.weborders_dialog = WebOrdersDialog(self.session.weborders, self.lanes.clerk, self._open_pick,
                                                self._deliver, self._open_return, self)
        self.weborders_dialog.finished.connect(self.scan_field.setFocus)
        self.weborders_dialog.open()

    def _note(self, line: str) -> None:
        self.activity.insertItem(0, f"{time.strftime('%H:%M:%S')}  {bounded(line, NOTE_LENGTH)}")
        while self.activity.count() > HISTORY:
            self.activity.takeItem(HISTORY)

    def _show_mode(self, mode: Mode) -> None:
        self._shown_mode = mode
        self.mode_banner.setText(mode.value)
        self.mode_banner.setProperty("mode", mode.name)
        self.mode_banner.style().unpolish(self.mode_banner)
        self.mode_banner.style().polish(self.mode_banner)


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setObjectName("sectionTitle")
    return label


def stale_scan(event: ScanEvent) -> Outcome:
    """A scan that waited too long somewhere may be the previous customer's: said, and nothing applied."""
    return Outcome.warning(f"A scan from {event.age():.0f} seconds ago was ignored.", "Scan the code again.")
