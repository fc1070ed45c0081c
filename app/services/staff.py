"""Who is at the counter: sign-in with staff id and PIN, lockout, sign-out, and supervisor approvals.

Every sign-in, refusal, lockout and approval goes into the audit journal. The PIN check is slow on
purpose (see `app.domain.staff`), so callers run it off the GUI thread like any other work.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import cached_property

from app.domain.staff import PIN_DIGITS, StaffMember, hash_pin, pin_matches
from app.store import Database, Journal, StaffStore

LOCK_AFTER = 5  # wrong PINs in a row
LOCK_SECONDS = 300.0
MAX_STAFF_ID = 32  # what is typed beyond is not a staff id: cut, so nothing stored grows with it


class Refused(Exception):
    """Not signed in or not approved; `str()` is the message for the person at the keyboard."""


class SignIn:
    def __init__(self, db: Database, terminal_id: str = "", *, resume_within: float = 600.0,
                 clock: Callable[[], float] = time.time, monotonic: Callable[[], float] = time.monotonic):
        self.staff = StaffStore(db)
        self.resume_within = resume_within
        self.journal = Journal(db, terminal_id)
        self.clock = clock
        self.monotonic = monotonic
        self._locks: dict[str, float] = {}  # staff id → when, on the monotonic clock, its lock here ends

    @property
    def current(self) -> StaffMember | None:
        staff_id = self.staff.signed_in
        return self.staff.member(staff_id) if staff_id else None

    def resume(self) -> StaffMember | None:
        """At start: the clerk signed in when the counter stopped carries on only if it stopped (a
        crash: a clean exit signs out) at most `resume_within` seconds ago; otherwise nobody is."""
        member = self.current
        seen = self.staff.seen
        if member is not None and not 0 <= self.clock() - seen <= self.resume_within:
            self.sign_out(f"not resumed: the counter stopped {max(self.clock() - seen, 0) / 60:.0f} minutes ago")
            return None
        return member

    def still_here(self) -> None:
        """Note that the counter is running with its clerk (every minute), for `resume` after a crash."""
        if self.staff.signed_in:
            self.staff.seen = self.clock()

    def staff_names(self) -> dict[str, str]:
        """Staff id → "Name (id)", as reports print them."""
        return {m.staff_id: f"{m.name} ({m.staff_id})" for m in self.staff.all()}

    def sign_in(self, staff_id: str, pin: str) -> StaffMember:
        member = self._check(staff_id.strip(), pin, "sign-in")
        self.staff.signed_in = member.staff_id
        self.staff.seen = self.clock()
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
        """The member whose id and PIN these are. Every id, registered or not, takes the same slow
        check, is counted and locked the same way and gets the same words, so neither the time nor
        the answer tells which ids exist. A lock holds on the monotonic clock too while this program
        runs, so setting the PC's clock forward does not open it."""
        if not self.staff.all():
            raise Refused("Nobody is registered at this counter yet: run `counterpos staff add` first.")
        staff_id = staff_id[:MAX_STAFF_ID]
        held = self._locks.get(staff_id, 0.0) - self.monotonic()
        if held > 0:
            raise _locked(staff_id, held)
        now = self.clock()
        counted, tries, locked_until = self.staff.try_pin(staff_id, now=now, lock_after=LOCK_AFTER,
                                                          lock_seconds=LOCK_SECONDS)
        if not counted:
            raise _locked(staff_id, locked_until - now)
        row = self.staff.row(staff_id)
        if pin_matches(pin, row["pin_hash"] if row else self._decoy) and row is not None:
            self.staff.succeeded(staff_id)
            return self.staff.member(staff_id)
        self.journal.record("pin-refused", staff_id, attempt=attempt, failures=tries,
                            why="wrong PIN" if row else "unknown staff id")
        if locked_until:
            self._locks[staff_id] = self.monotonic() + LOCK_SECONDS
            self.journal.record("locked", staff_id, seconds=LOCK_SECONDS)
            raise Refused(f"Wrong PIN {LOCK_AFTER} times: staff id {staff_id} is locked for "
                          f"{LOCK_SECONDS / 60:.0f} minutes.")
        left = LOCK_AFTER - tries
        raise Refused(f"Wrong staff id or PIN. {left} more wrong PIN{'s' if left != 1 else ''} locks this id.")

    @cached_property
    def _decoy(self) -> str:
        """A hash no PIN is checked against for real: an unknown id costs the same scrypt as a known one."""
        return hash_pin("0" * PIN_DIGITS[0])


def _locked(staff_id: str, seconds: float) -> Refused:
    minutes = math.ceil(max(seconds, 1) / 60)
    return Refused(f"Staff id {staff_id} is locked after {LOCK_AFTER} wrong PINs. "
                   f"Try again in {minutes} minute{'s' if minutes != 1 else ''}.")
