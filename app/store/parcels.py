"""The local cache of parcels expected at, or waiting in, this store."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable, Iterator

from app.domain.clock import now_iso
from app.domain.money import php
from app.domain.parcels import Parcel, ParcelStatus, PaymentType, read_status
from app.store.database import Database

SHELVES = "ABCDEFGH"
PULLOUT_STATUSES = tuple(s.value for s in (ParcelStatus.FOR_PULL_OUT, ParcelStatus.UNCLAIMED, ParcelStatus.RETURNED,
                                           ParcelStatus.CANCELLED))

_COLUMNS = (
    "tracking_number, store_id, merchant_code, merchant_name, status, payment_type, amount, "
    "claim_code, description, mobile_number, shelf_slot, updated_at, valid_until, hold_until"
)

_UPSERT = (f"INSERT INTO parcels ({_COLUMNS}) VALUES ({', '.join('?' * len(_COLUMNS.split(', ')))}) "
           "ON CONFLICT (tracking_number) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ") if c != "tracking_number"))


def _parcel(row: sqlite3.Row) -> Parcel:
    return Parcel(
        tracking_number=row["tracking_number"],
        store_id=row["store_id"],
        merchant_code=row["merchant_code"] or "",
        merchant_name=row["merchant_name"] or "",
        status=read_status(row["status"]),
        payment_type=PaymentType(row["payment_type"]),
        amount=php(row["amount"]),
        claim_code=row["claim_code"],
        description=row["description"] or "",
        mobile_number=row["mobile_number"] or "",
        shelf_slot=row["shelf_slot"],
        valid_until=row["valid_until"],
        hold_until=row["hold_until"],
    )


def _row(parcel: Parcel) -> tuple:
    return (
        parcel.tracking_number,
        parcel.store_id,
        parcel.merchant_code,
        parcel.merchant_name,
        parcel.status.value,
        parcel.payment_type.value,
        f"{parcel.amount:.2f}",
        parcel.claim_code,
        parcel.description,
        parcel.mobile_number,
        parcel.shelf_slot,
        now_iso(),
        parcel.valid_until,
        parcel.hold_until,
    )


def shelf_slots() -> Iterator[str]:
    """Shelf slots in the order they are handed out: A-01 … H-01, A-02 …, low slots first."""
    for number in itertools.count(1):
        for shelf in SHELVES:
            yield f"{shelf}-{number:02d}"


class ParcelCache:
    """Parcels as this counter knows them; local changes win until the central system has them."""

    def __init__(self, db: Database):
        self.db = db

    def get(self, tracking_number: str) -> Parcel | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM parcels WHERE tracking_number = ?", (tracking_number,)
        ).fetchone()
        return _parcel(row) if row else None

    def by_claim_code(self, claim_code: str) -> Parcel | None:
        row = self.db.execute(
            f"SELECT {_COLUMNS} FROM parcels WHERE claim_code = ?", (claim_code,)
        ).fetchone()
        return _parcel(row) if row else None

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM parcels").fetchone()[0]

    def set_status(
        self, tracking_number: str, status: ParcelStatus, shelf_slot: str | None, *, store_id: str | None = None
    ) -> None:
        """A change made at this counter (inside the caller's transaction); touches only what changed."""
        self.db.execute(
            "UPDATE parcels SET status = ?, shelf_slot = ?, updated_at = ?, store_id = coalesce(?, store_id) "
            "WHERE tracking_number = ?",
            (status.value, shelf_slot, now_iso(), store_id, tracking_number),
        )

    def keep(self, parcel: Parcel) -> None:
        """A parcel this terminal learnt of itself, as it is (a return started at the kiosk)."""
        self.db.execute(_UPSERT, _row(parcel))

    def merge_from_central(self, parcels: Iterable[Parcel]) -> int:
        """Take the central system's view, except for parcels with events it has not acknowledged yet,
        and for parcels another terminal of the store changed, until the central copy says the same."""
        rows = [_row(p) for p in parcels]
        now = now_iso()
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM store_held WHERE until <= ?", (now,))
            conn.executemany("DELETE FROM store_held WHERE tracking_number = ? AND status = ?",
                             [(row[0], row[4]) for row in rows])
            conn.executemany(
                _UPSERT + " WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE parcel_key = excluded.tracking_number "
                "AND state IN ('pending', 'parked')) "
                "AND NOT EXISTS (SELECT 1 FROM store_held WHERE tracking_number = excluded.tracking_number)",
                rows,
            )
        return len(rows)

    def due_for_pullout(self, store_id: str, now: str) -> list[Parcel]:
        """What this counter's own records say goes back with the trucker: parcels listed or left for
        pull-out, returns handed in, cancelled ones, and parcels waiting past their holding period."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM parcels WHERE store_id = ? AND (status IN (?, ?, ?, ?) "
            "OR (status = ? AND hold_until < ?)) ORDER BY tracking_number",
            (store_id, *PULLOUT_STATUSES, ParcelStatus.READY_FOR_CLAIM.value, now),
        ).fetchall()
        return [_parcel(r) for r in rows]

    def free_shelf_slot(self, store_id: str) -> str:
        """The first shelf slot not taken by a parcel waiting for its customer."""
        taken = {
            row[0]
            for row in self.db.execute(
                "SELECT shelf_slot FROM parcels WHERE store_id = ? AND status = ? "
                "AND shelf_slot IS NOT NULL",
                (store_id, ParcelStatus.READY_FOR_CLAIM.value),
            )
        }
        return next(slot for slot in shelf_slots() if slot not in taken)
