"""Cash on delivery, pay & claim (seed 000): REFERENCE CODE → amount due → cash → change → label → release.

The payment is one transaction: the payment itself (at most one per parcel, the database refuses a
second), the event for the central system and the receipt with the cash and the change. The label
check and the release then go as for a prepaid claim; a parcel paid before a restart or a cancel
continues at the label, and is never charged twice.
"""

from __future__ import annotations

from decimal import Decimal

from app.bus.claims import cod_cash
from app.domain.codes import Code
from app.domain.events import payment_event
from app.domain.money import MANY_TIMES, MAX_TENDER, MoneyError, format_php, read_tendered
from app.domain.parcels import Parcel, PaymentType
from app.services.claim import refusal_for
from app.services.outcome import Outcome, Tone
from app.services.printing import open_drawer
from app.services.usecase import CounterUseCase
from app.store import AlreadyPaid, Payments
from printers.documents import pay_and_claim_receipt


class PayAndClaimService(CounterUseCase):
    def __init__(self, *args, max_tender: Decimal = MAX_TENDER, **kwargs):
        super().__init__(*args, **kwargs)
        self.payments = Payments(self.db)
        self.max_tender = max_tender
        self._to_confirm: tuple[str, Decimal] | None = None  # (tracking number, tender) asked to be typed again

    def find(self, code: Code) -> Outcome:
        """Step 1: the REFERENCE CODE. Waits for the cash, or for the label when it is paid already."""
        parcel = self.parcel_for(code)
        if isinstance(parcel, Outcome):
            return parcel
        if parcel.payment_type is not PaymentType.COD:
            return Outcome.warning(f"{code.value} is not a cash-on-delivery parcel's code.", "", parcel)
        refusal = refusal_for(parcel, self.store.store_id)
        if refusal:
            return refusal
        paid = self.payments.of(parcel.tracking_number)
        if paid:
            return Outcome(Tone.NEXT, f"Paid already ({format_php(paid.amount)}). Get the parcel from shelf slot "
                                      f"{parcel.shelf_slot}, then scan its label.",
                           f"{parcel.merchant_name} · {parcel.description}", parcel, awaiting_label_of=parcel)
        holder = self.holder_elsewhere(cod_cash(parcel.tracking_number))
        if holder:  # its payment is on its way here
            return Outcome.stop("Cash for this parcel was taken at another counter.",
                                f"{self.who(holder)}. Do not take cash: the parcel is paid.", parcel)
        return Outcome(Tone.NEXT, f"Amount due: {format_php(parcel.amount)}",
                       "Type the cash received, then Enter. Esc cancels.", parcel, awaiting_cash_of=parcel)

    def pay(self, parcel: Parcel, text: str) -> Outcome:
        """Step 2: the cash received, as typed. Refuses too little, too much, anything but an amount;
        asks once more for more than ten times the amount due; records the payment once."""
        try:
            tendered = read_tendered(text, most=self.max_tender)
        except MoneyError as exc:
            return self._again(parcel, f"{exc} Type the cash received, like 1500.")
        if tendered < parcel.amount:
            return self._again(parcel, f"{format_php(tendered)} is less than the {format_php(parcel.amount)} due.")
        confirm, self._to_confirm = self._to_confirm, None
        if tendered > MANY_TIMES * parcel.amount and confirm != (parcel.tracking_number, tendered):
            self._to_confirm = (parcel.tracking_number, tendered)
            return self._again(parcel, f"{format_php(tendered)} for {format_php(parcel.amount)} due? Type it again "
                                       "to confirm.")
        change = tendered - parcel.amount
        claim = self.claim(cod_cash(parcel.tracking_number), "Cash for this parcel was taken at another counter.",
                           "Do not take cash again: give the customer their money back.", parcel)
        if isinstance(claim, Outcome):
            self.journal.record("payment-refused", parcel.tracking_number, reason=claim.title, detail=claim.detail)
            return claim
        try:
            with self.using(claim):
                receipt = pay_and_claim_receipt(
                    self.store, tracking_number=parcel.tracking_number, reference_code=parcel.claim_code or "",
                    merchant=f"{parcel.merchant_name} ({parcel.merchant_code})", description=parcel.description,
                    shelf_slot=parcel.shelf_slot or "", amount_due=format_php(parcel.amount),
                    tendered=format_php(tendered), change=format_php(change),
                    released_at=self.clock.local_stamp(), reference=parcel.tracking_number[-8:])
                job = self.queue(receipt)
                key = self.outbox.add(parcel.tracking_number, "payment", payment_event(
                    parcel.tracking_number, amount=f"{parcel.amount:.2f}", tendered=f"{tendered:.2f}",
                    change=f"{change:.2f}", store_id=self.store.store_id, terminal_id=self.store.terminal_id,
                    timestamp=self.clock.iso()), claims=[claim])
                self.payments.record(parcel.tracking_number, parcel.amount, tendered, change, event_key=key,
                                     print_job=job)
                open_drawer(self.db, self.routes)  # the cash goes in now, or the kick is dropped
                self.journal.record("paid", parcel.tracking_number, amount=f"{parcel.amount:.2f}",
                                    tendered=f"{tendered:.2f}", change=f"{change:.2f}", event=key)
        except AlreadyPaid:
            return Outcome(Tone.NEXT, "Paid already: nothing more to collect.",
                           f"Get the parcel from shelf slot {parcel.shelf_slot}, then scan its label.", parcel,
                           awaiting_label_of=parcel)
        return Outcome(Tone.OK, f"Change: {format_php(change)}",
                       f"Paid {format_php(parcel.amount)} with {format_php(tendered)}; the receipt is printing. "
                       f"Get the parcel from shelf slot {parcel.shelf_slot}, then scan its label.",
                       parcel, recorded=True, awaiting_label_of=parcel)

    def not_cash(self, parcel: Parcel, scanned: str) -> Outcome:
        """A scan while the cash is awaited: a scan is never taken as cash."""
        return Outcome(Tone.WARNING, "That was a scan, not the cash received: nothing was taken.",
                       f"{scanned[:40]!r} is not a code either. Type the cash received, then Enter; "
                       f"amount due {format_php(parcel.amount)}. Esc cancels.", parcel, awaiting_cash_of=parcel)

    def _again(self, parcel: Parcel, why: str) -> Outcome:
        return Outcome(Tone.WARNING, why, f"Amount due: {format_php(parcel.amount)}. Esc cancels.", parcel,
                       awaiting_cash_of=parcel)
