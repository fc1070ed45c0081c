"""The staff who may sign in at this counter, with their PIN hashes and failed tries."""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from app.domain.staff import Role, StaffMember, hash_pin
from app.store.database import SIGNED_IN, Database
from app.store.facts import StoreFacts

SEEN = "signed_in_seen"  # meta key: when (wall clock) the counter last noted its clerk was still signed in


class PinTry(NamedTuple):
    counted: bool  # False: the id was locked already, and the PIN must not be checked
    tries: int  # in a row, this one included
    locked_until: float


class StaffExists(Exception):
    """A staff member with this id is already registered."""


class StaffStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, staff_id: str, name: str, role: Role, pin: str) -> StaffMember:
        try:
            with self.db.transaction():
                self.db.execute("INSERT INTO staff (staff_id, name, role, pin_hash) VALUES (?, ?, ?, ?)",
                                (staff_id, name, role.value, hash_pin(pin)))
                StoreFacts(self.db).record("staff-added", "staff", staff_id)  # the store's other terminals know them
        except sqlite3.IntegrityError:
            raise StaffExists(staff_id) from None
        return StaffMember(staff_id, name, role)

    def add_missing(self, staff: list[tuple[str, str, str, str]]) -> None:
        """Register each (staff id, name, role, PIN) not registered yet, such as the demo's staff."""
        for staff_id, name, role, pin in staff:
            if self.member(staff_id) is None:
                self.add(staff_id, name, Role(role), pin)

    def row(self, staff_id: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM staff WHERE staff_id = ?", (staff_id,)).fetchone()

    def member(self, staff_id: str) -> StaffMember | None:
        row = self.row(staff_id)
        return None if row is None else StaffMember(row["staff_id"], row["name"], Role(row["role"]))

    def all(self) -> list[StaffMember]:
        rows = self.db.execute("SELECT staff_id, name, role FROM staff ORDER BY staff_id").fetchall()
        return [StaffMember(r["staff_id"], r["name"], Role(r["role"])) for r in rows]

    def try_pin(self, staff_id: str, *, now: float, lock_after: int, lock_seconds: float) -> PinTry:
        """Count a PIN try for `staff_id` (registered or not) before the PIN is checked, in one
        transaction, so tries at once cannot outrun the lock: a locked id's try is not counted, and
        the `lock_after`-th in a row locks it. A lock further ahead than `lock_seconds` was set
        before the clock went back: it is cut to that."""
        with self.db.transaction():
            row = self.db.execute("SELECT failures, locked_until FROM pin_failures WHERE staff_id = ?",
                                  (staff_id,)).fetchone()
            failures, locked_until = (row[0], min(row[1], now + lock_seconds)) if row else (0, 0.0)
            if locked_until > now:
                return PinTry(False, failures, locked_until)
            failures = (0 if locked_until else failures) + 1  # after a lock ran out, the count starts again
            locked_until = now + lock_seconds if failures >= lock_after else 0.0
            self.db.execute("INSERT INTO pin_failures (staff_id, failures, locked_until) VALUES (?, ?, ?) "
                            "ON CONFLICT (staff_id) DO UPDATE SET failures = excluded.failures, "
                            "locked_until = excluded.locked_until", (staff_id, failures, locked_until))
            if locked_until:  # the lock holds at every terminal of the store
                StoreFacts(self.db).record("pin-lockout", "staff", staff_id)
        return PinTry(True, failures, locked_until)

    def succeeded(self, staff_id: str) -> None:
        self.db.execute("DELETE FROM pin_failures WHERE staff_id = ?", (staff_id,))

    @property
    def signed_in(self) -> str:
        return self.db.get_meta(SIGNED_IN, "") or ""

    @signed_in.setter
    def signed_in(self, staff_id: str) -> None:
        self.db.set_meta(SIGNED_IN, staff_id)

    @property
    def seen(self) -> float:
        return float(self.db.get_meta(SEEN, "0") or 0)

    @seen.setter
    def seen(self, when: float) -> None:
        self.db.set_meta(SEEN, repr(when))
