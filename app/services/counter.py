"""The clerk's session at the counter: which flow is active and what scan it waits for.

Every scan, from the keyboard or a scanner, comes here as text. It is classified first (the domain
decides what it is, before anything is looked up), then handed to the use case the state asks for.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from decimal import Decimal

from app.domain.codes import Code, CodeError, CodeKind, classify
from app.domain.dropoff import DropOff
from app.domain.money import format_php
from app.domain.parcels import Parcel
from app.domain.staff import StaffMember
from app.services.claim import ClaimService
from app.services.dropoff import DropOffService, Quote
from app.services.exceptions import ExceptionItem, ExceptionsService, StoreConflict, TerminalRefusal
from app.services.fulfilment import FulfilmentService, PickAnswer, ReturnOffer
from app.services.outcome import Outcome, Tone
from app.services.pay_and_claim import PayAndClaimService
from app.services.printing import last_customer_print, prints_in_doubt, reprint, settle_in_doubt
from app.services.pullout import PullOutService
from app.services.receive import ReceiveService
from app.services.returns import ReturnService
from app.services.shift import ShiftReport, ShiftService
from app.services.staff import SignIn
from app.services.tracking import TrackingService
from app.services.weborders import WebOrderList
from app.store import Database, PrintJob


class Mode(enum.Enum):
    CLAIM = "Serve a customer"
    RECEIVE = "Receive a delivery"
    TRACK = "Track parcels"
    PULLOUT = "Pull-out (APO)"


REFUND_APPROVAL_ABOVE = Decimal("1000.00")  # pesos: a bigger cash refund needs a supervisor
SIGN_IN_FIRST = Outcome.warning("Nobody is signed in: sign in to serve customers.",
                                "F8 asks for your staff id and PIN.")
NOBODY_SIGNED_IN = Outcome.warning("Nobody is signed in: nothing was done.",
                                   "Press F8 and sign in with your staff id and PIN, then try again.")


class CounterSession:
    def __init__(
        self,
        db: Database,
        claims: ClaimService,
        receiving: ReceiveService,
        cash_on_delivery: PayAndClaimService,
        returns: ReturnService,
        tracking: TrackingService,
        pullout: PullOutService,
        dropoff: DropOffService,
        shift: ShiftService,
        exceptions: ExceptionsService,
        weborders: WebOrderList,
        picking: FulfilmentService,
        signin: SignIn,
        *,
        on_recorded: Callable[[], None] = lambda: None,
        typed_codes_need_approval: bool = True,
        refund_approval_above: Decimal = REFUND_APPROVAL_ABOVE,
    ):
        self.db = db
        self.claims = claims
        self.receiving = receiving
        self.cash_on_delivery = cash_on_delivery
        self.returns = returns
        self.tracking = tracking
        self.pullout = pullout
        self.dropoff = dropoff
        self.shift = shift
        self.exceptions = exceptions
        self.weborders = weborders
        self.picking = picking
        self.signin = signin
        self.on_recorded = on_recorded
        self.typed_codes_need_approval = typed_codes_need_approval
        self.refund_approval_above = refund_approval_above
        self.mode = Mode.CLAIM
        self.awaiting_label: Parcel | None = None
        self.awaiting_cash: Parcel | None = None
        self.just_released: str | None = None  # the tracking number of the parcel released by the last step

    def switch(self, mode: Mode) -> Outcome:
        if mode is Mode.PULLOUT and self.signin.current is None:
            return NOBODY_SIGNED_IN  # opening a pull-out makes an APO: a person must be signed in
        self.mode = mode
        self.awaiting_label = None
        self.awaiting_cash = None
        if mode is Mode.RECEIVE:
            return Outcome(Tone.NEXT, "Receiving a delivery: scan each parcel's label.", "Esc or F1 when done.")
        if mode is Mode.PULLOUT:
            return self._recorded(self.pullout.start())
        if mode is Mode.TRACK:
            return Outcome(Tone.NEXT, "Tracking: scan or type tracking numbers.",
                           "Several at once: separate them with spaces or commas. Esc or F1 when done.")
        if self.signin.current is None:
            return SIGN_IN_FIRST
        return Outcome(Tone.NEXT, "Ready: scan the customer's code.", "F2 receives a delivery.")

    def cancel(self) -> Outcome:
        """Esc: drop the half-done step. Nothing recorded is undone."""
        had_claim = self.awaiting_label is not None
        had_cash = self.awaiting_cash is not None
        self.awaiting_label = None
        self.awaiting_cash = None
        if had_cash:
            return Outcome(Tone.WARNING, "Payment cancelled: nothing was collected.", "Put the parcel back.")
        if had_claim:
            return Outcome(Tone.WARNING, "Claim cancelled: nothing was released.", "Put the parcel back on its shelf.")
        return self.switch(Mode.CLAIM)

    def handle(self, text: str, *, typed: bool = False, approved_by: StaffMember | None = None) -> Outcome:
        """A scan, or (`typed`) a code typed by hand. Whether a typed one needs a supervisor is decided
        here, in the clerk's lane after every mode switch queued before it: it comes back with
        `needs_approval`, and is asked again with `approved_by`."""
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        if typed and approved_by is None and self.typed_codes_need_approval and self.typed_code_needs_approval(text):
            return Outcome(Tone.NEXT, "A supervisor approves a code typed by hand.",
                           "A scan that failed and a code typed instead release parcels just the same.",
                           needs_approval="typing a code by hand")
        if self.mode is Mode.TRACK:
            return self.tracking.lookup(text)
        try:
            code = classify(text)
        except CodeError as exc:
            if self.awaiting_cash is not None and not typed:  # a scan is never taken as cash
                return self._step(self.cash_on_delivery.not_cash(self.awaiting_cash, text))
            if self.awaiting_cash is not None:  # typed, and not a code: the cash received
                return self._recorded(self._step(self.cash_on_delivery.pay(self.awaiting_cash, text)))
            return Outcome.warning(str(exc), self._expected())
        return self._recorded(self._dispatch(code))

    def quote_dropoff(self, dropoff: DropOff) -> Quote | Outcome:
        return self.dropoff.quote(dropoff)

    def accept_dropoff(self, dropoff: DropOff, quote: Quote, cash: str) -> Outcome:
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        return self._recorded(self.dropoff.accept(dropoff, quote, cash))

    def close_shift(self, report: ShiftReport, approved_by: StaffMember | None = None) -> Outcome:
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        return self._recorded(self.shift.close(report, approved_by))

    def retry_exception(self, item: ExceptionItem, supervisor: StaffMember) -> Outcome:
        return self._recorded(self.exceptions.retry(item, supervisor))

    def resolve_exception(self, item: ExceptionItem | StoreConflict | TerminalRefusal, note: str,
                          supervisor: StaffMember) -> Outcome:
        if isinstance(item, StoreConflict):
            return self._recorded(self.exceptions.resolve_store_conflict(item, note, supervisor))
        if isinstance(item, TerminalRefusal):
            return self._recorded(self.exceptions.resolve_terminal_refusal(item, note, supervisor))
        return self._recorded(self.exceptions.resolve(item, note, supervisor))

    def pick(self, step) -> PickAnswer:
        """A picking step (open, scan, finish) by whoever is signed in; recorded steps wake the workers."""
        if self.signin.current is None:
            return PickAnswer(NOBODY_SIGNED_IN)
        answer = step(self.picking)
        self._recorded(answer.outcome)
        return answer

    def deliver(self, order_no: str) -> Outcome:
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        return self._recorded(self.picking.deliver(order_no))

    def returnable(self, order_no: str) -> ReturnOffer | Outcome:
        return self.picking.returnable(order_no)

    def take_back(self, order_no: str, returned: dict[str, int], *,
                  approved_by: StaffMember | None = None) -> Outcome:
        """Web-order items returned: refunded here or by the web shop, as the order's policy says. A
        cash refund from the register above `refund_approval_above` comes back with `needs_approval`
        first, and is asked again with `approved_by` (a supervisor)."""
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        offer = self.picking.returnable(order_no)
        if isinstance(offer, ReturnOffer) and offer.refund_at_register and approved_by is None:
            refund = offer.refund({variant: count for variant, count in returned.items() if count})
            if refund > self.refund_approval_above:
                return Outcome(Tone.NEXT, f"A supervisor approves a cash refund of {format_php(refund)}.",
                               f"Refunds from the register above {format_php(self.refund_approval_above)} "
                               "need one.", needs_approval=f"a cash refund of {format_php(refund)} for {order_no}")
        by = f"{approved_by.name} ({approved_by.staff_id})" if approved_by else ""
        return self._recorded(self.picking.take_back(order_no, returned, approved_by=by))

    def typed_code_needs_approval(self, text: str) -> bool:
        """A code typed by hand (the scan failed) releases parcels like a scan: a supervisor approves it.
        Tracking numbers looked up on the tracking screen change nothing and need no approval."""
        if self.mode is Mode.TRACK:
            return False
        try:
            classify(text)
        except CodeError:
            return False
        return True

    def last_print(self) -> PrintJob | None:
        return last_customer_print(self.db)

    def reprint(self, job: PrintJob, supervisor: StaffMember) -> Outcome:
        """F7, once a supervisor approved: a copy marked REPRINT, with who approved it."""
        reprint(self.db, job.id, f"{supervisor.name} ({supervisor.staff_id})")
        return self._recorded(Outcome(Tone.OK, f"Printing a copy of {job.document.replace('-', ' ')} #{job.id}.",
                                      f"Marked REPRINT, approved by {supervisor.name}.", recorded=True))

    def prints_in_doubt(self) -> list[PrintJob]:
        return prints_in_doubt(self.db)

    def settle_print(self, job: PrintJob, supervisor: StaffMember | None = None) -> Outcome:
        """F6, a job that may have printed: with no supervisor the clerk says it printed; with one, a copy."""
        clerk = self.signin.current
        if clerk is None:
            return NOBODY_SIGNED_IN
        what = f"{job.document.replace('-', ' ')} #{job.id}"
        approver = f"{supervisor.name} ({supervisor.staff_id})" if supervisor else ""
        try:
            settle_in_doubt(self.db, job, clerk.staff_id, copy_approved_by=approver)
        except LookupError:
            return Outcome.warning(f"The {what} was checked already.", "Nothing more to do for it.")
        if supervisor is None:
            return Outcome(Tone.OK, f"Checked: the {what} printed.", "Nothing is printed again.", recorded=True)
        return self._recorded(Outcome(Tone.OK, f"Printing a copy of the {what}.",
                                      f"Marked REPRINT, approved by {supervisor.name}.", recorded=True))

    def _recorded(self, outcome: Outcome) -> Outcome:
        if outcome.recorded:
            self.on_recorded()
        return outcome

    def finish_pullout(self, confirmed: str = "") -> Outcome:
        """F10: close the APO; whatever was not scanned is reported missing, after the clerk confirms
        how many (`needs_confirmation`, asked again with `confirmed`). Only on the pull-out screen, so
        a stray F10 while serving a customer cannot close the trucker's list."""
        if self.mode is not Mode.PULLOUT:
            return Outcome.warning("F10 finishes a pull-out.", "F4 opens the pull-out first.")
        if self.signin.current is None:
            return NOBODY_SIGNED_IN
        return self.pullout.finish(confirmed)

    def _dispatch(self, code: Code) -> Outcome:
        if self.mode is Mode.RECEIVE:
            return self.receiving.receive(code)
        if self.mode is Mode.PULLOUT:
            return self.pullout.scan(code)
        if self.awaiting_label is not None and code.kind not in (CodeKind.CLAIM, CodeKind.REFERENCE):
            return self._step(self.claims.release(self.awaiting_label, code))
        return self._first_scan(code)

    def _step(self, outcome: Outcome) -> Outcome:
        """Whatever the use case waits for next: a label, the cash, or nothing."""
        released = self.awaiting_label if outcome.recorded and outcome.tone is Tone.OK else None
        self.just_released = released.tracking_number if released is not None else None
        self.awaiting_label = outcome.awaiting_label_of
        self.awaiting_cash = outcome.awaiting_cash_of
        return outcome

    def _first_scan(self, code: Code) -> Outcome:
        if code.kind is CodeKind.CLAIM:
            # A new CLAIM CODE while waiting for a label: the clerk moved on to the next customer.
            return self._step(self.claims.find(code))
        if code.kind is CodeKind.REFERENCE:
            return self._step(self.cash_on_delivery.find(code))
        if code.kind is CodeKind.TRACKING and code.value == self.just_released:
            # scanners read twice: the label of the parcel just released, again
            return Outcome(Tone.OK, "Already released: nothing more to do.",
                           f"Parcel {code.value} was released a moment ago. Hand it to the customer.")
        if code.kind is CodeKind.TRACKING:
            return Outcome.warning(
                "That is a parcel label.",
                "To release a parcel, scan the customer's CLAIM CODE first. To receive a delivery, press F2.",
            )
        return self.returns.accept(code)

    def _expected(self) -> str:
        if self.mode is Mode.RECEIVE:
            return "Scan the shipping label's tracking number (17 digits)."
        if self.awaiting_cash is not None:
            return "Type the cash received, like 1500, then Enter."
        if self.awaiting_label is not None:
            return f"Waiting for the label of the parcel on shelf slot {self.awaiting_label.shelf_slot}."
        return "Scan the customer's CLAIM CODE: 12 digits, 9xxx-xxxx-xxxx."
