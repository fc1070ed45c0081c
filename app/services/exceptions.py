"""Exceptions: events the central system refused for good, kept whole with its answer, for a supervisor;
claims two terminals of the store used apart while the store hub was out of reach (store conflicts);
and records this counter could not read, kept for support.

A refusal because the parcel's state at the central system forbids what this counter did (it was
cancelled, or claimed elsewhere, while the counter was offline) is a conflict. A supervisor either
sends the event again after a fix (same idempotency key: nothing was applied) or resolves it with a
note. Nothing is ever deleted; both are in the audit journal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from app.domain.errors import ErrorType
from app.domain.staff import StaffMember
from app.services.outcome import Outcome, Tone
from app.services.usecase import who_used
from app.store import Conflict, Database, Journal, Outbox, OutboxEvent, Refusal, StoreFacts, UnreadableRecords
from app.store import UnreadableRecord as UnreadableRecord  # shown in F6 beside the refused events

CONFLICTS = {ErrorType.INVALID_OPERATION.value}  # the journey at the central system forbids it
MAX_NOTE = 500


@dataclass(frozen=True)
class ExceptionItem:
    event: OutboxEvent
    error_type: str
    message: str

    @property
    def conflict(self) -> bool:
        return self.error_type in CONFLICTS

    @property
    def what(self) -> str:
        payload = self.event.payload
        return payload.get("status") or payload.get("type") or self.event.kind

    @property
    def headline(self) -> str:
        kind = "Conflict" if self.conflict else "Refused"
        done = f"resolved: {self.event.resolution}" if self.event.state == "resolved" else self.message
        return f"{kind}: {self.what}\n{self.event.parcel_key}\n{done}"


CLAIMED_THINGS = {"return-code": "RETURN CODE", "cod": "cash for COD parcel", "pick": "picking web order"}


@dataclass(frozen=True)
class StoreConflict:
    """A RETURN CODE burnt, a COD parcel's cash taken or a pick opened at two terminals, in words."""

    conflict: Conflict
    first: str  # "At this terminal by Ana Santos, 02 Dec 10:41"
    second: str

    @property
    def what(self) -> str:
        kind, _, value = self.conflict.subject.partition(".")
        return f"{CLAIMED_THINGS.get(kind, kind)} {value}"

    @property
    def open(self) -> bool:
        return self.conflict.resolution is None

    @property
    def headline(self) -> str:
        done = f"resolved: {self.conflict.resolution}" if not self.open else "used at two terminals"
        return f"Store conflict: {self.what}\n{done}"


@dataclass(frozen=True)
class TerminalRefusal:
    """Another terminal's event (a kiosk's) the central system refused for good: settled here, with a
    note that goes to that terminal and to every counter."""

    refusal: Refusal

    @property
    def what(self) -> str:
        return self.refusal.payload.get("status") or self.refusal.payload.get("type") or self.refusal.kind

    @property
    def answer(self) -> tuple[str, str]:
        error = _answer(self.refusal.error)
        return str(error.get("type", "UNKNOWN")), str(error.get("message", ""))

    @property
    def open(self) -> bool:
        return self.refusal.resolution is None

    @property
    def headline(self) -> str:
        done = self.answer[1] if self.open else f"resolved: {self.refusal.resolution}"
        return f"Refused at {self.refusal.terminal_id}: {self.what}\n{self.refusal.parcel_key}\n{done}"


def _answer(text: str | None) -> dict:
    try:
        error = json.loads(text or "{}")
    except ValueError:
        return {"message": text}
    return error if isinstance(error, dict) else {"message": str(error)}


def _item(event: OutboxEvent) -> ExceptionItem:
    error = _answer(event.last_error)
    return ExceptionItem(event, str(error.get("type", "UNKNOWN")), str(error.get("message", "")))


class ExceptionsService:
    def __init__(self, db: Database, terminal_id: str = ""):
        self.outbox = Outbox(db)
        self.journal = Journal(db, terminal_id)
        self.unreadable_records = UnreadableRecords(db)
        self.db = db

    def items(self) -> list[ExceptionItem]:
        return [_item(event) for event in self.outbox.exceptions()]

    def store_conflicts(self) -> list[StoreConflict]:
        """Open ones first: each with who used the claim first and who again, as this terminal learnt it."""
        return [StoreConflict(c, who_used(self.db, c.ours), who_used(self.db, c.theirs))
                for c in StoreFacts(self.db).conflicts()]

    def resolve_store_conflict(self, item: StoreConflict, note: str, supervisor: StaffMember) -> Outcome:
        note = note.strip()
        if problem := _note_problem(note):
            return problem
        with self.db.transaction():
            if not StoreFacts(self.db).resolve_conflict(item.conflict.id, note, supervisor.staff_id):
                return Outcome.warning("That conflict was resolved already.")
            self.journal.record("store-conflict-resolved", item.conflict.subject, note=note,
                                first=item.first, second=item.second, approved_by=supervisor.staff_id)
        return Outcome(Tone.OK, f"Resolved: {item.what}.", "Kept with your note.", recorded=True)

    def terminal_refusals(self) -> list[TerminalRefusal]:
        """The kiosk's refused events (any other terminal's that shares them), open ones first."""
        return [TerminalRefusal(refusal) for refusal in StoreFacts(self.db).refusals()]

    def resolve_terminal_refusal(self, item: TerminalRefusal, note: str, supervisor: StaffMember) -> Outcome:
        note = note.strip()
        if problem := _note_problem(note):
            return problem
        with self.db.transaction():
            if not StoreFacts(self.db).resolve_refusal(item.refusal.key, note, supervisor.staff_id):
                return Outcome.warning("That event was settled already.")
            self.journal.record("exception-resolved", item.refusal.key, parcel=item.refusal.parcel_key,
                                terminal=item.refusal.terminal_id, note=note, approved_by=supervisor.staff_id)
        return Outcome(Tone.OK, f"Resolved: {item.what} for {item.refusal.parcel_key} at {item.refusal.terminal_id}.",
                       f"Kept with your note; {item.refusal.terminal_id} is told, and sends that parcel's later "
                       "events.", recorded=True)

    def unreadable(self) -> list[UnreadableRecord]:
        """Records of the central system's feeds this counter could not read, newest first."""
        return self.unreadable_records.all()

    def retry(self, item: ExceptionItem, supervisor: StaffMember) -> Outcome:
        if not self.outbox.retry(item.event.idempotency_key):
            return Outcome.warning("That event is not waiting for a supervisor any more.")
        self.journal.record("exception-retried", item.event.idempotency_key, parcel=item.event.parcel_key,
                            approved_by=supervisor.staff_id)
        return Outcome(Tone.OK, f"Sending {item.what} for {item.event.parcel_key} again.",
                       "If the central system refuses it again, it comes back here.", recorded=True)

    def resolve(self, item: ExceptionItem, note: str, supervisor: StaffMember) -> Outcome:
        note = note.strip()
        if problem := _note_problem(note):
            return problem
        if not self.outbox.resolve(item.event.idempotency_key, note, supervisor.staff_id):
            return Outcome.warning("That event is not waiting for a supervisor any more.")
        self.journal.record("exception-resolved", item.event.idempotency_key, parcel=item.event.parcel_key,
                            note=note, approved_by=supervisor.staff_id)
        return Outcome(Tone.OK, f"Resolved: {item.what} for {item.event.parcel_key}.",
                       "Kept with your note; the parcel's later events go out now.", recorded=True)


def _note_problem(note: str) -> Outcome | None:
    if not note:
        return Outcome.warning("Write what was done about it first.", "The note stays with it.")
    if len(note) > MAX_NOTE:
        return Outcome.warning(f"The note is {len(note)} letters; at most {MAX_NOTE}.")
    return None
