"""Facts of the store's other terminals applied to this terminal's database: once each, by each table's
rule, never over a change of ours not yet published; anything else refused as unreadable."""

from __future__ import annotations

import pytest

from app.domain.parcels import Parcel, ParcelStatus
from app.store import Database, Outbox, ParcelCache, StoreFacts, UnreadableFact, UsedClaim
from app.store.facts import BUS_ON

NUMBER = "1200000000000000017"


@pytest.fixture
def db(tmp_path):
    database = Database(tmp_path / "t.db")
    database.set_meta(BUS_ON, "1")
    yield database
    database.close()


def parcel_row(status: str = "CLAIMED", slot: str = "A-01") -> dict:
    return {"tracking_number": NUMBER, "store_id": "0166", "status": status, "payment_type": "COD",
            "amount": "250.00", "shelf_slot": slot}


def fact(key: str = "k1", family: str = "parcel", subject: str = NUMBER, **rows: list[dict]) -> dict:
    return {"key": key, "terminal": "T2", "family": family, "subject": subject, "clerk": "S002",
            "at": "2026-12-02T10:00:00Z", "rows": rows}


def test_a_fact_is_applied_once(db):
    facts = StoreFacts(db)
    assert facts.apply(fact(parcels=[parcel_row()]))
    assert not facts.apply(fact(parcels=[parcel_row(status="READY FOR CLAIM")]))
    assert ParcelCache(db).get(NUMBER).status is ParcelStatus.CLAIMED


def test_a_change_of_ours_not_yet_published_is_newer_than_theirs(db):
    with db.transaction():
        ParcelCache(db).keep(Parcel(NUMBER, "0166", "M1", "Shop", ParcelStatus.READY_FOR_CLAIM, shelf_slot="B-02"))
        StoreFacts(db).record("parcel-status", "parcel", NUMBER)
    StoreFacts(db).apply(fact(parcels=[parcel_row(slot="A-01")]))
    assert ParcelCache(db).get(NUMBER).shelf_slot == "B-02"


def central(status: ParcelStatus) -> Parcel:
    return Parcel(NUMBER, "0166", "M1", "Shop", status, shelf_slot="A-01")


def test_a_poll_does_not_undo_another_terminals_change_until_the_central_copy_agrees(db):
    cache = ParcelCache(db)
    cache.merge_from_central([central(ParcelStatus.READY_FOR_CLAIM)])
    StoreFacts(db).apply(fact(parcels=[parcel_row(status="CLAIMED")]))  # released at T2, not yet told centrally
    cache.merge_from_central([central(ParcelStatus.READY_FOR_CLAIM)])
    assert cache.get(NUMBER).status is ParcelStatus.CLAIMED
    cache.merge_from_central([central(ParcelStatus.CLAIMED)])  # T2's event reached the central system
    cache.merge_from_central([central(ParcelStatus.PULLED_OUT)])  # and from here the central system rules again
    assert cache.get(NUMBER).status is ParcelStatus.PULLED_OUT
    assert db.execute("SELECT count(*) FROM store_held").fetchone()[0] == 0


def test_a_hold_ends_after_a_day_or_when_this_terminal_records_the_parcel_itself(db):
    cache = ParcelCache(db)
    StoreFacts(db).apply(fact(parcels=[parcel_row(status="CLAIMED")]))
    db.execute("UPDATE store_held SET until = '2020-01-01T00:00:00Z'")  # T2's event was refused: a day went by
    cache.merge_from_central([central(ParcelStatus.READY_FOR_CLAIM)])
    assert cache.get(NUMBER).status is ParcelStatus.READY_FOR_CLAIM
    StoreFacts(db).apply(fact("k2", parcels=[parcel_row(status="CLAIMED")]))
    with db.transaction():
        Outbox(db).add(NUMBER, "parcel-status", {"status": "RETURNED"})  # this terminal's own event governs now
    assert db.execute("SELECT count(*) FROM store_held").fetchone()[0] == 0


def test_cash_taken_first_stays_and_a_lockout_keeps_the_longer_lock(db):
    facts = StoreFacts(db)
    payment = {"tracking_number": NUMBER, "amount": "250.00", "tendered": "500.00", "change": "250.00",
               "method": "CASH", "recorded_at": "2026-12-02T10:00:00Z", "kind": "COD", "id": 7, "print_job": 3}
    facts.apply(fact("k1", payments=[payment]))
    facts.apply(fact("k2", payments=[{**payment, "tendered": "1000.00"}]))
    row = db.execute("SELECT tendered, print_job FROM payments").fetchone()
    assert tuple(row) == ("500.00", None)  # another terminal's print job means nothing here

    db.execute("INSERT INTO pin_failures (staff_id, failures, locked_until) VALUES ('S001', 2, 5000.0)")
    facts.apply(fact("k3", family="staff", subject="S001",
                     pin_failures=[{"staff_id": "S001", "failures": 5, "locked_until": 900.0}]))
    assert tuple(db.execute("SELECT failures, locked_until FROM pin_failures").fetchone()) == (5, 5000.0)


@pytest.mark.parametrize("bad, why", [
    ("not a fact", "not a JSON object"),
    ({**fact(), "key": "k" * 65}, "without its key"),
    ({**fact(), "family": "journal"}, "unknown family"),
    (fact(staff=[{"staff_id": "S1"}]), "does not carry"),
    (fact(parcels=[{**parcel_row(), "tracking_number": "1200000000000000025"}]), "another subject"),
    (fact(parcels=[{**parcel_row(), "amount": True}]), "not a number or a short text"),
    (fact(parcels=[{**parcel_row(), "description": "x" * 20_001}]), "not a number or a short text"),
    (fact(parcels=[{"tracking_number": NUMBER}]), "cannot keep"),
    ({**fact(), "claims": [{"alone": True}]}, "without its subject"),
])
def test_what_is_not_a_fact_of_ours_is_refused_and_changes_nothing(db, bad, why):
    with pytest.raises(UnreadableFact, match=why):
        StoreFacts(db).apply(bad)
    assert ParcelCache(db).count() == 0
    assert db.execute("SELECT count(*) FROM applied_facts").fetchone()[0] == 0


def test_no_fact_is_recorded_off_the_store_bus(tmp_path):
    db = Database(tmp_path / "alone.db")
    with db.transaction():
        StoreFacts(db).record("parcel-status", "parcel", NUMBER)
    assert StoreFacts(db).waiting_count() == 0
    db.close()


def test_facts_older_than_the_hub_keeps_are_forgotten_and_claims_used_are_not(db):
    facts = StoreFacts(db)
    with db.transaction():
        facts.record("parcel-status", "parcel", NUMBER, key="ours", claims=[UsedClaim("return-code.R1")])
        facts.record("parcel-status", "parcel", NUMBER, key="unsent")
    facts.published(["ours"])
    facts.apply(fact("theirs", parcels=[parcel_row()]))
    db.execute("UPDATE store_facts SET published_at = '2026-01-01T00:00:00Z' WHERE fact_key = 'ours'")
    db.execute("UPDATE applied_facts SET applied_at = '2026-01-01T00:00:00Z'")
    assert facts.prune("2026-06-01T00:00:00Z") == 2
    assert [row[0] for row in db.execute("SELECT fact_key FROM store_facts")] == ["unsent"]  # still to go
    assert db.execute("SELECT count(*) FROM applied_facts").fetchone()[0] == 0
    assert facts.holder("return-code.R1") is not None  # a code burnt stays burnt
