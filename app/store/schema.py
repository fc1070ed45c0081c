"""Versioned schema of the local database: migration N brings ``PRAGMA user_version`` from N-1 to N.

Migrations are append-only: a released migration is never edited, a change is a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from app.store.errors import StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from app.store.database import Database

log = logging.getLogger(__name__)


def _v1_initial(db: Database) -> None:
    t = db.utils
    t["parcels"].create(
        {
            "tracking_number": str,
            "store_id": str,
            "merchant_code": str,
            "merchant_name": str,
            "status": str,
            "payment_type": str,
            "amount": str,  # Decimal as text: never a float
            "claim_code": str,
            "description": str,
            "mobile_number": str,
            "shelf_slot": str,
            "updated_at": str,
        },
        pk="tracking_number",
        not_null={"store_id", "status", "payment_type", "amount"},
    )
    t["parcels"].create_index(["claim_code"], unique=True)
    t["parcels"].create_index(["store_id", "status"])

    t["outbox"].create(
        {
            "id": int,
            "idempotency_key": str,
            "parcel_key": str,  # events of one parcel go out strictly in id order
            "kind": str,
            "payload": str,  # JSON
            "state": str,  # pending | acked | parked
            "attempts": int,
            "next_attempt_at": float,
            "last_error": str,
            "created_at": str,
            "acked_at": str,
        },
        pk="id",
        not_null={"idempotency_key", "parcel_key", "kind", "payload", "state"},
        defaults={"state": "pending", "attempts": 0, "next_attempt_at": 0.0},
    )
    t["outbox"].create_index(["idempotency_key"], unique=True)
    t["outbox"].create_index(["state", "id"])
    t["outbox"].create_index(["parcel_key", "state"])

    t["print_jobs"].create(
        {
            "id": int,
            "document": str,  # the document kind, e.g. claim-receipt
            "payload": str,  # JSON of the neutral layout
            "printer": str,  # printer role: receipt | label
            "state": str,  # pending | printed (a failed attempt stays pending)
            "attempts": int,
            "last_error": str,
            "output": str,  # where it went (file paths, device)
            "reprint_of": int,
            "created_at": str,
            "printed_at": str,
        },
        pk="id",
        not_null={"document", "payload", "printer", "state"},
        defaults={"state": "pending", "attempts": 0},
        foreign_keys=[("reprint_of", "print_jobs", "id")],
    )
    t["print_jobs"].create_index(["state", "id"])

    t["journal"].create(
        {"id": int, "at": str, "terminal_id": str, "action": str, "subject": str, "detail": str},
        pk="id",
        not_null={"at", "action"},
    )
    t["journal"].create_index(["subject"])

    t["meta"].create({"key": str, "value": str}, pk="key")


def _v2_print_outcomes(db: Database) -> None:
    # A job may expire (a cash-drawer kick is worthless minutes later), and its outcome may be
    # unknown (the connection broke mid-job): states "expired" and "unknown" join pending/printed.
    db.utils["print_jobs"].add_column("expires_at", float)
    db.utils["print_jobs"].create_index(["printer", "state", "id"])


def _v3_payments_and_returns(db: Database) -> None:
    # Cash on delivery: at most one payment per parcel, enforced here so that a double scan, a double
    # Enter or a restart can never record a second one. Returns: the day a return code stops being valid.
    db.utils["payments"].create(
        {
            "id": int,
            "tracking_number": str,
            "amount": str,  # Decimal as text
            "tendered": str,
            "change": str,
            "method": str,
            "recorded_at": str,
            "event_key": str,
            "print_job": int,
        },
        pk="id",
        not_null={"tracking_number", "amount", "tendered", "change", "method", "recorded_at"},
    )
    db.utils["payments"].create_index(["tracking_number"], unique=True)
    db.utils["parcels"].add_column("valid_until", str)


def _v4_pullouts(db: Database) -> None:
    # An APO (authority to pull out) and its items, kept so a partial pull-out can be finished later.
    db.utils["pullout_items"].create(
        {"id": int, "apo_number": str, "tracking_number": str, "reason": str, "merchant": str,
         "state": str, "changed_at": str},  # state: waiting | pulled | missing
        pk="id",
        not_null={"apo_number", "tracking_number", "state"},
    )
    db.utils["pullout_items"].create_index(["apo_number", "tracking_number"], unique=True)
    db.utils["pullout_items"].create_index(["state"])


def _v5_staff(db: Database) -> None:
    # Who may sign in at this counter, and who did each thing the journal records.
    db.utils["staff"].create(
        {"staff_id": str, "name": str, "role": str, "pin_hash": str, "failed_attempts": int, "locked_until": float},
        pk="staff_id",
        not_null={"name", "role", "pin_hash", "failed_attempts", "locked_until"},
        defaults={"failed_attempts": 0, "locked_until": 0.0},
    )
    db.utils["journal"].add_column("staff_id", str)


def _v6_dropoffs(db: Database) -> None:
    # Drop-offs: tracking numbers the central system reserved for this counter (used offline too),
    # each drop-off accepted, and its fee among the payments (kind tells a fee from COD cash).
    db.utils["tracking_block"].create({"number": str, "received_at": str, "used_at": str}, pk="number")
    db.utils["dropoffs"].create(
        {"tracking_number": str, "mobile_number": str, "delivery_type": str, "destination": str,
         "package": str, "amount_collect": str, "fee": str, "provider": str, "quoted_offline": int,
         "accepted_at": str},
        pk="tracking_number",
        not_null={"mobile_number", "delivery_type", "destination", "package", "amount_collect", "fee", "accepted_at"},
    )
    db.utils["payments"].add_column("kind", str, not_null_default="COD")


def _v7_shifts(db: Database) -> None:
    # A shift is the journal after the previous close; a close records where it ended and how.
    db.utils["shift_closes"].create(
        {"id": int, "closed_at": str, "closed_by": str, "approved_by": str, "last_journal_id": int,
         "unsynced": int, "report_job": int, "report_pdf": str},
        pk="id",
        not_null={"closed_at", "closed_by", "last_journal_id", "unsynced"},
    )


def _v8_exception_resolutions(db: Database) -> None:
    # A refused event a supervisor resolved stays, with the note, who and when (state "resolved").
    for column in ("resolution", "resolved_by", "resolved_at"):
        db.utils["outbox"].add_column(column, str)


def _v9_holding_periods(db: Database) -> None:
    # When a parcel's holding period ends, as the central system says: pull-outs can be listed offline.
    db.utils["parcels"].add_column("hold_until", str)


def _v10_late_events(db: Database) -> None:
    # The shift an event was still unsent at the close of: the next report counts it when it goes out.
    db.utils["outbox"].add_column("closed_shift", int)


def _v11_weborders(db: Database) -> None:
    # Click-and-collect web orders assigned to this shop, as the central system last sent them (seed 003).
    db.utils["weborders"].create(
        {"order_no": str, "shop_id": str, "status": str, "body": str, "updated_at": str},
        pk="order_no",
        not_null={"shop_id", "status", "body"},
    )
    db.utils["weborders"].create_index(["shop_id", "status"])


def _v12_weborder_search(db: Database) -> None:
    # What the web-order screen searches (order number, customer, items), lower case, and when placed.
    db.utils["weborders"].add_column("search", str)
    db.utils["weborders"].add_column("created_at", str)


def _v13_picks(db: Database) -> None:
    # How many of each web-order line are picked, kept so a pick can be finished later, even after a restart.
    db.utils["picks"].create({"order_no": str, "variant_id": str, "picked": int}, pk=("order_no", "variant_id"),
                             not_null={"picked"})


def _v14_kiosk_returns(db: Database) -> None:
    # A kiosk's copy of the return IDs (to check them offline), the keys a customer may type for each
    # (order number, its waybill, the waybills of the parcels it returns), and its block of RETURN CODEs.
    db.utils["return_ids"].create({"tracking_number": str, "body": str}, pk="tracking_number", not_null={"body"})
    db.utils["return_id_keys"].create({"key": str, "tracking_number": str}, pk=("key", "tracking_number"))
    db.utils["return_codes"].create({"code": str, "received_at": str, "used_at": str, "tracking_number": str},
                                    pk="code", not_null={"received_at"})


def _v15_unreadable(db: Database) -> None:
    # Records of the central system's feeds that could not be read, set aside so the feed goes on.
    db.utils["unreadable"].create({"id": int, "feed": str, "record": str, "error": str, "received_at": str},
                                  pk="id", not_null={"feed", "record", "error", "received_at"})


def _v16_pin_failures(db: Database) -> None:
    # Wrong PINs are counted for every staff id tried, registered or not, so that a lockout cannot
    # tell an attacker which ids exist (staff.failed_attempts and staff.locked_until are no longer used).
    db.utils["pin_failures"].create({"staff_id": str, "failures": int, "locked_until": float}, pk="staff_id",
                                    not_null={"failures", "locked_until"})


def _v17_store_facts(db: Database) -> None:
    # The store bus: facts for the store's other terminals (published from here, like the outbox), the
    # other terminals' facts applied here (once each), the claims used (a RETURN CODE burnt, COD cash
    # taken, a pick opened: by which terminal, "" for this one), and claims two terminals used apart.
    t = db.utils
    t["store_facts"].create({"id": int, "fact_key": str, "kind": str, "family": str, "subject": str, "body": str,
                             "state": str, "created_at": str, "published_at": str},
                            pk="id", not_null={"fact_key", "kind", "family", "subject", "body", "state"})
    t["store_facts"].create_index(["fact_key"], unique=True)
    t["store_facts"].create_index(["state", "id"])
    t["store_facts"].create_index(["family", "subject", "state"])
    t["applied_facts"].create({"fact_key": str, "terminal_id": str, "kind": str, "subject": str, "applied_at": str},
                              pk="fact_key", not_null={"terminal_id", "applied_at"})
    t["claims_used"].create({"subject": str, "fact_key": str, "terminal_id": str, "staff_id": str, "at": str,
                             "alone": int}, pk="subject", not_null={"fact_key", "terminal_id"})
    t["store_conflicts"].create({"id": int, "subject": str, "fact_key": str, "ours": str, "theirs": str,
                                 "found_at": str, "resolution": str, "resolved_by": str, "resolved_at": str},
                                pk="id", not_null={"subject", "fact_key", "ours", "theirs", "found_at"})
    t["store_conflicts"].create_index(["subject", "fact_key"], unique=True)


def _v18_store_held(db: Database) -> None:
    # A parcel another terminal changed, until the central system's copy says the same (or a day has
    # passed): a poll that comes before that terminal's event reached the central system must not undo it.
    db.utils["store_held"].create({"tracking_number": str, "status": str, "until": str}, pk="tracking_number",
                                  not_null={"status", "until"})


def _v19_store_refused(db: Database) -> None:
    # A kiosk's events the central system refused for good, shared with the store's counters (a kiosk
    # has no F6): each with the answer, and the note a counter's supervisor settled it with.
    db.utils["store_refused"].create({"event_key": str, "terminal_id": str, "kind": str, "parcel_key": str,
                                      "payload": str, "error": str, "refused_at": str, "resolution": str,
                                      "resolved_by": str, "resolved_at": str}, pk="event_key",
                                     not_null={"terminal_id", "kind", "payload", "refused_at"})


MIGRATIONS: list[Callable[[Database], None]] = [
    _v1_initial, _v2_print_outcomes, _v3_payments_and_returns, _v4_pullouts, _v5_staff, _v6_dropoffs, _v7_shifts,
    _v8_exception_resolutions, _v9_holding_periods, _v10_late_events, _v11_weborders,
    _v12_weborder_search, _v13_picks, _v14_kiosk_returns, _v15_unreadable, _v16_pin_failures,
    _v17_store_facts, _v18_store_held, _v19_store_refused,
]


def refuse_newer(path: Path, version: int, known: int = len(MIGRATIONS)) -> None:
    """A database a newer program has written is not this program's to change."""
    if version > known:
        raise StoreError(f"the local database {path} is at schema version {version}, newer than this program "
                         f"({known}); install the newer counterpos")


def migrate(db: Database, migrations: list[Callable[[Database], None]] | None = None) -> None:
    """Apply every migration newer than the database, each in its own transaction."""
    migrations = MIGRATIONS if migrations is None else migrations
    current = db.conn.execute("PRAGMA user_version").fetchone()[0]
    refuse_newer(db.path, current, len(migrations))
    for version, step in enumerate(migrations[current:], start=current + 1):
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            step(db)
            db.conn.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        db.conn.execute("COMMIT")
        log.info("local database migrated to schema version %d", version)
