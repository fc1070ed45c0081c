"""The central system's own jobs (seed 001's "ECMS job" trigger), run when a store asks for its APO list.

* A parcel left READY FOR CLAIM past its ``holdUntil`` (its merchant's holding days after it reached
  the shelf) becomes UNCLAIMED.
* UNCLAIMED parcels, returns handed in at the counter (RETURNED) and cancelled parcels still at the
  store go FOR PULL OUT: "ECMS includes package list to be pulled out by trucker".
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.database import SandboxDb

TO_PULL_OUT = {ParcelStatus.UNCLAIMED.value, ParcelStatus.RETURNED.value, ParcelStatus.CANCELLED.value}


def mark_unclaimed(db: SandboxDb, store_id: str, now: datetime) -> list[str]:
    changed = []
    for record in db.records_at(store_id, {ParcelStatus.READY_FOR_CLAIM.value}):
        if datetime.fromisoformat(record["holdUntil"]) < now:
            db.change_status(record["trackingNumber"], ParcelStatus.UNCLAIMED, Actor.ECMS_JOB, store_id)
            changed.append(record["trackingNumber"])
    return changed


def pull_out_list(db: SandboxDb, store_id: str, now: datetime | None = None) -> list[dict]:
    """Run the jobs, then list everything FOR PULL OUT at the store (the APO document's items)."""
    now = now or datetime.now(UTC)
    mark_unclaimed(db, store_id, now)
    for record in db.records_at(store_id, TO_PULL_OUT):
        db.change_status(record["trackingNumber"], ParcelStatus.FOR_PULL_OUT, Actor.ECMS_JOB, store_id,
                         pullOutReason=record["status"])
    return db.records_at(store_id, {ParcelStatus.FOR_PULL_OUT.value})
