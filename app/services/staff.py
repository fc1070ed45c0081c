"""Who is at the counter: sign-in with staff id and PIN, lockout, sign-out, and supervisor approvals.

Every sign-in, refusal, lockout and approval goes into the audit journal. The PIN check is slow on
purpose (see `app.domain.staff`), so callers run it off the GUI thread like any other work.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from app.domain.staff import StaffMember, pin_matches
from app.store import Database, Journal, StaffStore

LOCK_AFTER = 5  # wrong PINs in a row
LOCK_SECONDS = 300.0


class Refused(Exception):
    """Not signed in or not approved; `str()` is the message for the person at the keyboard."""


class SignIn:
    def __init__(self, db: Database, terminal_id: str = "", *, clock: Callable[[], float] = time.time):
        self.staff = StaffStore(db)
        self.journal = Journal(db, terminal_id)
        self.clock = clock

    @property
    def current(self) -> StaffMember | None:
        staff_id = self.staff.signed_in
        return self.staff.member(staff_id) if staff_id else None

    def staff_names(self) -> dict[str, str]:
        """Staff id → "Name (id)", as reports print them."""
        return {m.staff_id: f"{m.name} ({m.staff_id})" for m in self.staff.all()}

    def sign_in(self, staff_id: str, pin: str) -> StaffMember:
        member = self._check(staff_id.strip(), pin, "sign-in")
        self.staff.signed_in = member.staff_id
        self.journal.record("signed-in", member.staff_id, role=member.role.value)
        return member

    def sign_out(self, why: str = "") -> None:
        if self.staff.signed_in:
            self.journal.record("signed-out", self.staff.signed_in, why=why)
            self.staff.signed_in = ""

    def confirm(self, staff_id: str, pin: str, action: str) -> StaffMember:
        """Any staff member's PIN for one `action` (leaving the kiosk, its settings); journaled."""
        member = self._check(staff_id.strip(), pin, action)
        self.journal.record("approved", "", asked_for=action, by=member.staff_id)
        return member

    def approve(self, staff_id: str, pin: str, action: str, subject: str = "") -> StaffMember:
        """A supervisor's PIN for one `action`; recorded with who asked (the one signed in) and who approved."""
        member = self._check(staff_id.strip(), pin, f"approval of {action}")
        if not member.is_supervisor:
            self.journal.record("approval-refused", subject, asked_for=action, by=member.staff_id,
                                why="not a supervisor")
            raise Refused(f"{member.name} is not a supervisor; a supervisor must approve {action}.")
        self.journal.record("approved", subject, asked_for=action, by=member.staff_id)
        return member

    def _check(self, staff_id: str, pin: str, attempt: str) -> StaffMember:
        row = self.staff.row(staff_id)
        if row is None:
            self.journal.record("pin-refused", staff_id, attempt=attempt, why="unknown staff id")
            if not self.staff.all():
                raise Refused("Nobody is registered at this counter yet: run `counterpos staff add` first.")
            raise Refused("Wrong staff id or PIN.")
        now = self.clock()
        if row["locked_until"] > now:
            minutes = math.ceil((row["locked_until"] - now) / 60)
            raise Refused(f"Staff id {staff_id} is locked after {LOCK_AFTER} wrong PINs. "
                          f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.")
        if not pin_matches(pin, row["pin_hash"]):
            failures = self.staff.failed(staff_id, lock_after=LOCK_AFTER, locked_until=now + LOCK_SECONDS)
            self.journal.record("pin-refused", staff_id, attempt=attempt, why="wrong PIN", failures=failures)
            if failures >= LOCK_AFTER:
                self.journal.record("locked", staff_id, seconds=LOCK_SECONDS)
                raise Refused(f"Wrong PIN {LOCK_AFTER} times: staff id {staff_id} is locked for "
                              f"{LOCK_SECONDS / 60:.0f} minutes.")
            left = LOCK_AFTER - failures
            raise Refused(f"Wrong staff id or PIN. {left} more wrong PIN{'s' if left != 1 else ''} locks this id.")
        self.staff.succeeded(staff_id)
        return self.staff.member(staff_id)
