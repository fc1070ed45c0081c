"""Prepaid claim: CLAIM CODE → the parcel and its shelf slot → the parcel's label must match → release.

The label check is a hard stop: handing over the wrong parcel is the one mistake a counter must
never make. On a match, one transaction marks the parcel CLAIMED, records the event for the central
system and queues the acknowledgement receipt.
"""

from __future__ import annotations

from dataclasses import replace

from app.domain.codes import Code, CodeKind
from app.domain.events import status_event
from app.domain.parcels import Parcel, ParcelStatus, PaymentType
from app.services.outcome import Outcome, Tone, unknown_status
from app.services.usecase import CounterUseCase
from app.store import Payments
from printers.documents import claim_receipt


def refusal_for(parcel: Parcel, store_id: str) -> Outcome | None:
    """Why this parcel cannot be handed over here now, or None when it can."""
    if not parcel.status.known:
        return unknown_status(parcel, "do not release")
    if parcel.store_id != store_id:
        return Outcome.stop(
            f"This parcel is waiting at store {parcel.store_id}, not here.",
            "The customer must claim it at that store.",
            parcel,
        )
    if parcel.status is ParcelStatus.CLAIMED:
        return Outcome.stop("Already claimed.", "This parcel was released before. Do not release anything.", parcel)
    if parcel.status in (ParcelStatus.IN_TRANSIT, ParcelStatus.AT_WAREHOUSE, ParcelStatus.CREATED):
        return Outcome.warning(
            "Not arrived yet.",
            f"The parcel is {parcel.status.value}. The customer will get a message when it is ready.",
            parcel,
        )
    if parcel.status is not ParcelStatus.READY_FOR_CLAIM:
        return Outcome.stop(f"Cannot be claimed: the parcel is {parcel.status.value}.", "", parcel)
    return None


class ClaimService(CounterUseCase):
    def find(self, code: Code) -> Outcome:
        """Step 1: the customer's CLAIM CODE. Answers NEXT with the parcel when it may be released."""
        parcel = self.parcel_for(code)
        if isinstance(parcel, Outcome):
            return parcel
        refusal = self._refusal(parcel)
        if refusal:
            return refusal
        return Outcome(
            Tone.NEXT,
            f"Get the parcel from shelf slot {parcel.shelf_slot}, then scan its label.",
            f"{parcel.merchant_name} · {parcel.description}",
            parcel,
            awaiting_label_of=parcel,
        )

    def _refusal(self, parcel: Parcel) -> Outcome | None:
        return refusal_for(parcel, self.store.store_id)

    def release(self, expected: Parcel, label: Code) -> Outcome:
        """Step 2: the parcel's label. Releases only the parcel the CLAIM CODE belongs to."""
        if label.kind is not CodeKind.TRACKING:
            return Outcome(
                Tone.NEXT,
                "Scan the parcel's shipping label.",
                f"That was a {label.kind.value}. The label of the parcel on shelf slot "
                f"{expected.shelf_slot} has a 17-digit tracking number. Esc cancels.",
                expected,
                awaiting_label_of=expected,
            )
        if label.value != expected.tracking_number:
            self.journal.record("label-mismatch", expected.tracking_number, scanned=label.value)
            return Outcome(
                Tone.STOP,
                "WRONG PARCEL: do not hand it over.",
                f"The label scanned is {label.value}; the customer's parcel is {expected.tracking_number} "
                f"on shelf slot {expected.shelf_slot}. Scan the right parcel's label, or Esc to cancel.",
                expected,
                awaiting_label_of=expected,
            )
        with self.db.transaction():
            current = self.cache.get(expected.tracking_number)
            refusal = self._refusal(current) if current else Outcome.stop("The parcel is no longer known here.")
            if refusal:
                return refusal
            cod = current.payment_type is PaymentType.COD
            if cod and Payments(self.db).of(current.tracking_number) is None:
                return Outcome.stop("Not paid: do not hand it over.", "Collect the cash first.", current)
            claimed = replace(current, status=ParcelStatus.CLAIMED)
            self.cache.set_status(claimed.tracking_number, claimed.status, claimed.shelf_slot)
            key = self.outbox.add(
                current.tracking_number,
                "parcel-status",
                status_event(
                    current.tracking_number,
                    ParcelStatus.CLAIMED,
                    store_id=self.store.store_id,
                    terminal_id=self.store.terminal_id,
                    timestamp=self.clock.iso(),
                    details={"claimCode": current.claim_code, "shelfSlot": current.shelf_slot},
                ),
            )
            job = None
            if not cod:  # a pay & claim receipt was printed with the payment
                receipt = claim_receipt(
                    self.store,
                    tracking_number=current.tracking_number,
                    claim_code=current.claim_code or "",
                    merchant=f"{current.merchant_name} ({current.merchant_code})",
                    description=current.description,
                    shelf_slot=current.shelf_slot or "",
                    released_at=self.clock.local_stamp(),
                    reference=key[:8],
                )
                job = self.queue(receipt)
            self.journal.record("claimed", current.tracking_number, event=key, print_job=job)
        return Outcome(
            Tone.OK,
            "Released. Hand the parcel to the customer.",
            f"Shelf slot {current.shelf_slot} · {current.merchant_name} · {current.description}."
            + ("" if cod else " The receipt is printing."),
            claimed,
            recorded=True,
        )
