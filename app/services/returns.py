"""Return at the counter (seed 001): the RETURN CODE → checked → receipt → RETURNED, the code burnt at once.

A code from the kiosk's slip or from the merchant is accepted once: the local state changes in the
same transaction as the event and the receipt, so a second scan is refused here even offline.
"""

from __future__ import annotations

from dataclasses import replace

from app.bus.claims import return_code
from app.domain.codes import Code
from app.domain.events import status_event
from app.domain.parcels import Parcel, ParcelStatus
from app.domain.returns import return_refusal
from app.services.outcome import Outcome, Tone, unknown_status
from app.services.usecase import CounterUseCase
from printers.documents import return_accepted_receipt


class ReturnService(CounterUseCase):
    def accept(self, code: Code) -> Outcome:
        parcel = self.parcel_for(code)
        if isinstance(parcel, Outcome):
            return parcel
        refusal = self._refusal(parcel)
        if refusal:
            self.journal.record("return-refused", parcel.tracking_number, reason=refusal.title)
            return refusal
        claim = self.claim(return_code(code.value), "This RETURN CODE was already used.", "Do not take the item.",
                           parcel)
        if isinstance(claim, Outcome):
            self.journal.record("return-refused", parcel.tracking_number, reason=claim.title, detail=claim.detail)
            return claim
        with self.using(claim):
            self.cache.set_status(parcel.tracking_number, ParcelStatus.RETURNED, None, store_id=self.store.store_id)
            key = self.outbox.add(parcel.tracking_number, "parcel-status", status_event(
                parcel.tracking_number, ParcelStatus.RETURNED, store_id=self.store.store_id,
                terminal_id=self.store.terminal_id, timestamp=self.clock.iso(), details={"returnCode": code.value}),
                claims=[claim])
            receipt = return_accepted_receipt(
                self.store, return_code=code.value, tracking_number=parcel.tracking_number,
                merchant=f"{parcel.merchant_name} ({parcel.merchant_code})", item=parcel.description,
                accepted_at=self.clock.local_stamp(), reference=key[:8])
            job = self.queue(receipt)
            self.journal.record("returned", parcel.tracking_number, return_code=code.value, event=key, print_job=job)
        returned = replace(parcel, status=ParcelStatus.RETURNED, store_id=self.store.store_id)  # as recorded
        return Outcome(Tone.OK, "Return accepted. Keep the item for the pull-out.",
                       f"{parcel.merchant_name}: put it with the returns. The customer's receipt is printing.",
                       returned, recorded=True)

    def _refusal(self, parcel: Parcel) -> Outcome | None:
        if not parcel.status.known:
            return unknown_status(parcel, "do not take the item")
        reason = return_refusal(parcel.status.value, parcel.valid_until, parcel.store_id, self.store.store_id,
                                self.clock.now())
        if reason == "RETURN_EXPIRED":
            day = (parcel.valid_until or "")[:10]
            return Outcome.warning(f"This RETURN CODE expired{' on ' + day if day else ''}.",
                                   "The merchant can register the return again.", parcel)
        if reason == "RETURN_ALREADY_USED":
            holder = self.holder_elsewhere(return_code(parcel.claim_code or ""))
            where = f"{self.who(holder)}: the return is {parcel.status.value}" if holder else \
                f"The return is {parcel.status.value}"
            return Outcome.stop("This RETURN CODE was already used.", f"{where}. Do not take the item.", parcel)
        if reason == "RETURN_STARTED_ELSEWHERE":
            return Outcome.warning(f"This return was started at store {parcel.store_id}.",
                                   "The customer hands the item in there.", parcel)
        return None
