"""Pay & claim against the local store alone: one payment per parcel, whatever happens."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.domain.codes import classify
from app.domain.parcels import ParcelStatus
from app.services.lookup import ParcelLookup
from app.services.pay_and_claim import PayAndClaimService
from app.store import Outbox, ParcelCache, Payments
from printers.documents import StoreHeader

STORE = StoreHeader("0166", "7-Eleven Ortigas Avenue", "T1")


def test_after_a_restart_the_same_parcel_is_never_charged_twice(db, demo):
    parcel = replace(demo.cash_on_delivery()[0], status=ParcelStatus.READY_FOR_CLAIM)
    ParcelCache(db).merge_from_central([parcel])
    first = PayAndClaimService(db, ParcelLookup(ParcelCache(db), None), store=STORE)
    assert first.pay(parcel, "2000").title == "Change: PHP 750.00"

    restarted = PayAndClaimService(db, ParcelLookup(ParcelCache(db), None), store=STORE)  # a new program
    found = restarted.find(classify(parcel.claim_code))
    assert found.title.startswith("Paid already") and found.awaiting_label_of == parcel
    again = restarted.pay(parcel, "2000")  # e.g. a second Enter that slipped through
    assert again.title == "Paid already: nothing more to collect." and not again.recorded
    assert Payments(db).of(parcel.tracking_number).change == Decimal("750.00")
    assert Outbox(db).waiting_count() == 1
