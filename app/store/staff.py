"""The staff who may sign in at this counter, with their PIN hashes and failed tries."""

from __future__ import annotations

import sqlite3

from app.domain.staff import Role, StaffMember, hash_pin
from app.store.database import Database

SIGNED_IN = "signed_in"  # meta key: the staff id signed in at this counter, "" when nobody is


class StaffExists(Exception):
    """A staff member with this id is already registered."""


class StaffStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, staff_id: str, name: str, role: Role, pin: str) -> StaffMember:
        try:
            self.db.execute("INSERT INTO staff (staff_id, name, role, pin_hash) VALUES (?, ?, ?, ?)",
                            (staff_id, name, role.value, hash_pin(pin)))
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

    def failed(self, staff_id: str, *, lock_after: int, locked_until: float) -> int:
        """Count a wrong PIN; the `lock_after`-th in a row locks the id until `locked_until`."""
        with self.db.transaction():
            self.db.execute("UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE staff_id = ?", (staff_id,))
            failures = self.row(staff_id)["failed_attempts"]
            if failures >= lock_after:
                self.db.execute("UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE staff_id = ?",
                                (locked_until, staff_id))
        return failures

    def succeeded(self, staff_id: str) -> None:
        self.db.execute("UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE staff_id = ?", (staff_id,))

    @property
    def signed_in(self) -> str:
        return self.db.get_meta(SIGNED_IN, "") or ""

    @signed_in.setter
    def signed_in(self, staff_id: str) -> None:
        self.db.set_meta(SIGNED_IN, staff_id)
