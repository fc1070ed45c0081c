"""The demo counter's staff, registered in a test's local database."""

from __future__ import annotations

from app.sandbox.demo import STAFF
from app.store import Database, StaffStore

CLERK = STAFF[0]  # (staff id, name, role, PIN)
SUPERVISOR = STAFF[1]


def sign_in_demo_clerk(db: Database) -> None:
    """As if the demo clerk had signed in at this counter."""
    StaffStore(db).add_missing(STAFF)
    StaffStore(db).signed_in = CLERK[0]
