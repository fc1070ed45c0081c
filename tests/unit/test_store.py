import sqlite3
import time
from dataclasses import replace

import pytest

from app.domain.parcels import ParcelStatus
from app.sandbox.demo import demo_data
from app.store import Database, Journal, Outbox, ParcelCache, PrintQueue, StoreError, schema


def test_a_new_database_is_migrated_and_uses_wal_and_full_sync(db):
    assert db.user_version == len(schema.MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"parcels", "outbox", "print_jobs", "journal", "meta"} <= set(db.utils.table_names())


def test_reopening_does_not_migrate_again(tmp_path):
    Database(tmp_path / "a.db").close()
    again = Database(tmp_path / "a.db")
    assert again.user_version == len(schema.MIGRATIONS)
    assert again.integrity_check() == "ok"


def test_a_failing_migration_leaves_the_previous_version(tmp_path):
    db = Database(tmp_path / "a.db")

    def broken(database):
        database.utils["new_table"].create({"id": int}, pk="id")
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        schema.migrate(db, schema.MIGRATIONS + [broken])
    assert db.user_version == len(schema.MIGRATIONS)
    assert "new_table" not in db.utils.table_names()


def test_a_database_from_a_newer_program_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer than this program"):
        Database(tmp_path / "a.db")


def test_a_failed_transaction_leaves_no_partial_state(db):
    parcel = demo_data().parcels[0]
    cache, outbox, prints = ParcelCache(db), Outbox(db), PrintQueue(db)
    with pytest.raises(RuntimeError):
        with db.transaction():
            cache.merge_from_central([parcel])
            outbox.add(parcel.tracking_number, "parcel-status", {"status": "CLAIMED"})
            prints.add("claim-receipt", {"kind": "claim-receipt", "blocks": []})
            raise RuntimeError("power cut")
    assert cache.get(parcel.tracking_number) is None
    assert outbox.waiting_count() == 0
    assert prints.pending() == []


def test_outbox_keys_are_unique_uuids_and_payload_carries_them(db):
    outbox = Outbox(db)
    keys = {outbox.add("p1", "parcel-status", {"n": i}) for i in range(20)}
    assert len(keys) == 20
    for key in keys:
        assert outbox.get(key).payload["idempotencyKey"] == key


def test_outbox_hands_out_one_event_per_parcel_in_order(db):
    outbox = Outbox(db)
    a1 = outbox.add("A", "s", {"n": 1})
    a2 = outbox.add("A", "s", {"n": 2})
    b1 = outbox.add("B", "s", {"n": 1})
    assert [e.idempotency_key for e in outbox.due(10)] == [a1, b1]
    outbox.acknowledge([a1])
    assert [e.idempotency_key for e in outbox.due(10)] == [a2, b1]  # B1 not acknowledged: still due


def test_a_parked_event_holds_back_the_rest_of_its_parcel_only(db):
    outbox = Outbox(db)
    a1 = outbox.add("A", "s", {"n": 1})
    outbox.add("A", "s", {"n": 2})
    b1 = outbox.add("B", "s", {"n": 1})
    outbox.park(a1, '{"type": "INVALID_DATA"}')
    assert [e.idempotency_key for e in outbox.due(10)] == [b1]
    assert outbox.waiting_count() == 3
    assert [e.idempotency_key for e in outbox.parked()] == [a1]


def test_an_event_retried_later_is_not_due_until_then(db):
    outbox = Outbox(db)
    a1 = outbox.add("A", "s", {})
    outbox.retry_later(a1, time.time() + 60, "500")
    assert outbox.due(10) == []
    assert [e.idempotency_key for e in outbox.due(10, now=time.time() + 61)] == [a1]
    assert outbox.get(a1).attempts == 1


def test_central_updates_do_not_overwrite_local_changes_not_yet_acknowledged(db):
    parcel = demo_data().parcels[0]
    cache, outbox = ParcelCache(db), Outbox(db)
    cache.merge_from_central([parcel])
    with db.transaction():
        cache.set_status(parcel.tracking_number, ParcelStatus.READY_FOR_CLAIM, "A-01")
        key = outbox.add(parcel.tracking_number, "parcel-status", {})
    cache.merge_from_central([parcel])  # the central system has not seen our change yet
    assert cache.get(parcel.tracking_number).status is ParcelStatus.READY_FOR_CLAIM
    outbox.acknowledge([key])
    cache.merge_from_central([replace(parcel, status=ParcelStatus.CLAIMED)])
    assert cache.get(parcel.tracking_number).status is ParcelStatus.CLAIMED


def test_shelf_slots_are_handed_out_lowest_first_and_reused_when_free(db):
    cache = ParcelCache(db)
    parcels = demo_data().parcels[:3]
    assert cache.free_shelf_slot("0166") == "A-01"
    cache.merge_from_central([replace(p, store_id="0166") for p in parcels])
    cache.set_status(parcels[0].tracking_number, ParcelStatus.READY_FOR_CLAIM, "A-01")
    cache.set_status(parcels[1].tracking_number, ParcelStatus.READY_FOR_CLAIM, "B-01")
    assert cache.free_shelf_slot("0166") == "C-01"
    cache.set_status(parcels[0].tracking_number, ParcelStatus.CLAIMED, "A-01")
    assert cache.free_shelf_slot("0166") == "A-01"


def test_print_jobs_and_journal_keep_what_happened(db):
    prints, journal = PrintQueue(db), Journal(db, "T1")
    job = prints.add("claim-receipt", {"kind": "claim-receipt", "blocks": []})
    prints.mark_failed_attempt(job, "paper out")
    assert prints.get(job).state == "pending" and prints.get(job).attempts == 1
    prints.mark_printed(job, "/tmp/x.pdf")
    assert prints.pending() == [] and prints.get(job).output == "/tmp/x.pdf"
    journal.record("claimed", "123", shelf_slot="A-01")
    assert journal.entries("123")[0]["detail"] == {"shelf_slot": "A-01"}
    assert journal.entries("123")[0]["terminal_id"] == "T1"


def test_a_version_1_database_upgrades_and_keeps_its_print_jobs(tmp_path):
    old = Database(tmp_path / "old.db", migrations=schema.MIGRATIONS[:1])  # as the first release left it
    assert old.user_version == 1
    old.execute("INSERT INTO print_jobs (document, payload, printer, state) VALUES ('claim-receipt', '{}', 'receipt', "
                "'pending')")
    old.close()
    upgraded = Database(tmp_path / "old.db")
    assert upgraded.user_version == len(schema.MIGRATIONS)
    job = PrintQueue(upgraded).pending()[0]
    assert (job.document, job.expires_at) == ("claim-receipt", None)
