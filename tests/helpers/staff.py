"""The demo counter's staff, registered in a test's local database."""

from __future__ import annotations

import time

from app.sandbox.demo import STAFF
from app.store import Database, StaffStore

CLERK = STAFF[0]  # (staff id, name, role, PIN)
SUPERVISOR = STAFF[1]


def sign_in_demo_clerk(db: Database, minutes_ago: float = 0.0) -> None:
    """As if the demo clerk had signed in at this counter, last seen `minutes_ago`."""
    StaffStore(db).add_missing(STAFF)
    StaffStore(db).signed_in = CLERK[0]
    StaffStore(db).seen = time.time() - minutes_ago * 60
