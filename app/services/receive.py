"""Receive a delivery: each scanned label makes its parcel ready for claim here, on a shelf slot."""

from __future__ import annotations

from dataclasses import replace

from app.domain.clock import SYSTEM_CLOCK, Clock
from app.domain.codes import Code, CodeKind
from app.domain.events import status_event
from app.domain.parcels import ParcelStatus, can_transition
from app.services.lookup import LookupUnavailable, ParcelLookup
from app.services.outcome import Outcome, Tone, unknown_status
from app.store import Database, Journal, Outbox, ParcelCache


class ReceiveService:
    def __init__(
        self,
        db: Database,
        lookup: ParcelLookup,
        *,
        store_id: str,
        terminal_id: str,
        clock: Clock = SYSTEM_CLOCK,
    ):
        self.db = db
        self.cache = ParcelCache(db)
        self.outbox = Outbox(db)
        self.journal = Journal(db, terminal_id)
        self.lookup = lookup
        self.store_id = store_id
        self.terminal_id = terminal_id
        self.clock = clock

    def receive(self, code: Code) -> Outcome:
        if code.kind is not CodeKind.TRACKING:
            return Outcome.warning(
                f"That is a {code.kind.value}, not a shipping label.",
                "While receiving a delivery, scan each parcel's shipping label. Press F1 to serve a customer.",
            )
        try:
            parcel = self.lookup.by_tracking_number(code.value)
        except LookupUnavailable as exc:
            return Outcome.warning(f"Cannot check parcel {code.value}.", f"{exc} Set it aside and scan it again later.")
        if parcel is None:
            self.journal.record("receive-refused", code.value, reason="unknown")
            return Outcome.stop(
                f"Unknown tracking number {code.value}.",
                "The central system has no such parcel. Set it aside for the trucker and report it.",
            )
        if parcel.store_id != self.store_id:
            self.journal.record("receive-refused", code.value, reason="other store", store=parcel.store_id)
            return Outcome.stop(
                f"This parcel is for store {parcel.store_id}, not this store.",
                "Do not shelve it: give it back to the trucker.",
                parcel,
            )
        if parcel.status is ParcelStatus.READY_FOR_CLAIM:
            return Outcome.warning(
                f"Already received: shelf slot {parcel.shelf_slot}.",
                "This parcel was scanned in before. Nothing changed.",
                parcel,
            )
        if not parcel.status.known:
            return unknown_status(parcel, "do not shelve it")
        if not can_transition(parcel.status, ParcelStatus.READY_FOR_CLAIM):
            self.journal.record("receive-refused", code.value, reason="status", status=parcel.status.value)
            return Outcome.stop(
                f"Cannot receive: the parcel is {parcel.status.value}.",
                "Only parcels in transit to this store can be received. Set it aside and call support.",
                parcel,
            )
        with self.db.transaction():
            slot = self.cache.free_shelf_slot(self.store_id)
            received = replace(parcel, status=ParcelStatus.READY_FOR_CLAIM, shelf_slot=slot)
            self.cache.set_status(received.tracking_number, received.status, received.shelf_slot)
            self.outbox.add(
                parcel.tracking_number,
                "parcel-status",
                status_event(
                    parcel.tracking_number,
                    ParcelStatus.READY_FOR_CLAIM,
                    store_id=self.store_id,
                    terminal_id=self.terminal_id,
                    timestamp=self.clock.iso(),
                    details={"shelfSlot": slot},
                ),
            )
            self.journal.record("received", parcel.tracking_number, shelf_slot=slot)
        return Outcome(
            Tone.OK,
            f"Received. Put it on shelf slot {slot}.",
            f"{parcel.merchant_name} · {parcel.description}",
            received,
            recorded=True,
        )
