"""Facts for the store's other terminals (the store bus), and theirs applied here.

A fact says what changed (a parcel, a web order, a staff member: its *family* and *subject*) and is
recorded in the same transaction as the change, like the outbox's events; the store bus publishes it
with the rows of its subject as they are when it leaves, so whoever applies it gets the newest state.
Another terminal's fact is applied here once (its key is kept), in the hub's order: its rows are
written, except where this terminal has a change of the same subject not yet published (ours is newer
and follows it on the hub).

A fact also names the claims it used: a RETURN CODE burnt, a COD parcel's cash taken, a web order's
pick opened. Two terminals that used one claim while apart (the hub out of reach) are a conflict,
kept for F6 on each terminal that sees both: never merged, never dropped.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.domain.clock import now_iso
from app.store.database import SIGNED_IN, Database
from app.store.unreadable import UnreadableRecords

PENDING, PUBLISHED = "pending", "published"
BUS_ON = "store_bus"  # meta key: "1" while this terminal is on a store bus; facts are recorded only then
HERE = ""  # the terminal of a claim used at this terminal
HOLD_DAYS = 1  # how long a parcel another terminal changed waits for the central system's copy to agree

# What each family of facts carries: its tables, the column that names the fact's subject in each, the
# columns that identify a row, the columns that mean something on this terminal only, and how a row
# another terminal sent meets ours: "newest" replaces it, "first" keeps ours (cash taken stays the
# cash taken first), "most" keeps the higher of each number (a PIN lockout holds on every terminal).
FAMILIES: dict[str, dict[str, tuple[str, tuple[str, ...], tuple[str, ...], str]]] = {
    "parcel": {
        "parcels": ("tracking_number", ("tracking_number",), (), "newest"),
        "payments": ("tracking_number", ("tracking_number",), ("id", "print_job"), "first"),
        "dropoffs": ("tracking_number", ("tracking_number",), (), "first"),
        "pullout_items": ("tracking_number", ("apo_number", "tracking_number"), ("id",), "newest"),
    },
    "weborder": {
        "weborders": ("order_no", ("order_no",), (), "newest"),
        "picks": ("order_no", ("order_no", "variant_id"), (), "newest"),
    },
    "staff": {
        "staff": ("staff_id", ("staff_id",), ("failed_attempts", "locked_until"), "newest"),
        "pin_failures": ("staff_id", ("staff_id",), (), "most"),
    },
    "refused": {
        "store_refused": ("event_key", ("event_key",), (), "newest"),
    },
}
# The family of the outbox event kinds; any other kind is of a parcel (the outbox orders events by parcel).
FAMILY_OF_EVENT = {"parcel-status": "parcel", "payment": "parcel", "return-started": "parcel", "dropoff": "parcel",
                   "weborder-status": "weborder"}
LONGEST_TEXT = 20_000  # a value longer than this in a fact is not a value this program wrote
MOST_ROWS = 500


class UnreadableFact(ValueError):
    """A fact that is not one this program can apply; `str()` says why. It is set aside, not retried."""


@dataclass(frozen=True)
class UsedClaim:
    subject: str  # e.g. return-code.R4KX9, cod.1200000000000001234, pick.100000123
    alone: bool = False  # taken while the hub could not be asked: the other terminals may have it too


@dataclass(frozen=True)
class Holder:
    """Who used a claim: a terminal (HERE for this one), its clerk, and when."""
    terminal_id: str
    staff_id: str
    at: str


@dataclass(frozen=True)
class Conflict:
    id: int
    subject: str
    ours: Holder
    theirs: Holder
    found_at: str
    resolution: str | None = None
    resolved_by: str | None = None


@dataclass(frozen=True)
class Refusal:
    """Another terminal's event the central system refused for good (a kiosk's: it has no F6)."""
    key: str
    terminal_id: str
    kind: str
    parcel_key: str
    payload: dict
    error: str  # the central system's answer, as JSON
    refused_at: str
    resolution: str | None = None
    resolved_by: str | None = None


@dataclass(frozen=True)
class PendingFact:
    id: int
    key: str
    kind: str
    family: str
    subject: str
    body: dict  # event, claims, clerk, at


class StoreFacts:
    def __init__(self, db: Database):
        self.db = db
        self._known_columns: dict[str, set[str]] = {}

    # -- recorded here -------------------------------------------------------------------------

    def record(self, kind: str, family: str, subject: str, *, key: str | None = None, event: dict | None = None,
               claims: Iterable[UsedClaim] = ()) -> None:
        """Inside the caller's transaction; nothing when this terminal is on no store bus."""
        if self.db.get_meta(BUS_ON) != "1":
            return
        key = key or str(uuid.uuid4())
        claims = list(claims)
        clerk = self.db.get_meta(SIGNED_IN, "") or ""
        at = now_iso()
        body = {"event": event, "claims": [{"subject": c.subject, "alone": c.alone} for c in claims],
                "clerk": clerk, "at": at}
        self.db.execute("INSERT INTO store_facts (fact_key, kind, family, subject, body, state, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (key, kind, family, subject, json.dumps(body, sort_keys=True), PENDING, at))
        for claim in claims:
            self.db.execute("INSERT OR IGNORE INTO claims_used (subject, fact_key, terminal_id, staff_id, at, alone) "
                            "VALUES (?, ?, ?, ?, ?, ?)", (claim.subject, key, HERE, clerk, at, int(claim.alone)))

    def pending(self, limit: int) -> list[PendingFact]:
        rows = self.db.execute("SELECT * FROM store_facts WHERE state = ? ORDER BY id LIMIT ?",
                               (PENDING, limit)).fetchall()
        return [PendingFact(r["id"], r["fact_key"], r["kind"], r["family"], r["subject"], json.loads(r["body"]))
                for r in rows]

    def rows_of(self, family: str, subject: str) -> dict[str, list[dict]]:
        """The subject's rows in each table of its family, as they are now (to publish with its fact)."""
        rows = {}
        for table, (column, _, local_only, _) in FAMILIES[family].items():
            found = [{name: value for name, value in dict(row).items() if name not in local_only}
                     for row in self.db.execute(f"SELECT * FROM {table} WHERE {column} = ?", (subject,))]
            if found:
                rows[table] = found
        return rows

    def published(self, keys: list[str]) -> None:
        with self.db.transaction() as conn:
            conn.executemany("UPDATE store_facts SET state = ?, published_at = ? WHERE fact_key = ?",
                             [(PUBLISHED, now_iso(), key) for key in keys])

    def prune(self, before: str) -> int:
        """Forget facts published, and keys applied, before `before` (ISO time): the hub keeps no fact that
        long, so none can come again. The claims used stay: a code burnt is burnt for good."""
        with self.db.transaction():
            gone = self.db.execute("DELETE FROM store_facts WHERE state = ? AND published_at < ?",
                                   (PUBLISHED, before)).rowcount
            gone += self.db.execute("DELETE FROM applied_facts WHERE applied_at < ?", (before,)).rowcount
        return gone

    def waiting_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM store_facts WHERE state = ?", (PENDING,)).fetchone()[0]

    def holder(self, subject: str) -> Holder | None:
        """Who used this claim first, as far as this terminal knows (HERE, or a terminal of the store)."""
        row = self.db.execute("SELECT terminal_id, staff_id, at FROM claims_used WHERE subject = ?",
                              (subject,)).fetchone()
        return None if row is None else Holder(row[0], row[1] or "", row[2] or "")

    # -- another terminal's ----------------------------------------------------------------------

    def apply(self, fact: dict) -> bool:
        """Another terminal's fact (as it came off the bus), in one transaction; False if it was applied
        before. Raises UnreadableFact for one that cannot be."""
        key, terminal, family, subject = _envelope(fact)
        with self.db.transaction():
            if self.db.execute("SELECT 1 FROM applied_facts WHERE fact_key = ?", (key,)).fetchone():
                return False
            newer_here = self.db.execute("SELECT 1 FROM store_facts WHERE family = ? AND subject = ? AND state = ?",
                                         (family, subject, PENDING)).fetchone() is not None
            for table, rows in _rows(fact, family, subject).items():
                self._write(table, rows, family, keep_ours=newer_here)
            if family == "refused":
                self._settle_ours(subject)
            theirs = Holder(terminal, _text(fact.get("clerk"), 64), _text(fact.get("at"), 64))
            for claim in _claims(fact):
                self._meet(claim, key, theirs)
            self.db.execute("INSERT INTO applied_facts (fact_key, terminal_id, kind, subject, applied_at) "
                            "VALUES (?, ?, ?, ?, ?)", (key, terminal, _text(fact.get("kind"), 40), subject, now_iso()))
        return True

    def apply_or_set_aside(self, fact: object, feed: str) -> int:
        """Inside the caller's transaction (a batch off the bus): 1 if applied, 0 if applied before or
        unreadable, which is set aside (F6) whole, with why, and changes nothing."""
        self.db.execute("SAVEPOINT fact")
        try:
            applied = self.apply(fact)
        except UnreadableFact as exc:
            self.db.execute("ROLLBACK TO fact")
            UnreadableRecords(self.db).add(feed, fact, str(exc))
            applied = False
        self.db.execute("RELEASE fact")
        return int(applied)

    def _write(self, table: str, rows: list[dict], family: str, *, keep_ours: bool) -> None:
        _, identity, local_only, merge = FAMILIES[family][table]
        if keep_ours and merge == "newest":
            return
        known = self._columns(table)
        for row in rows:
            values = {name: value for name, value in row.items() if name in known and name not in local_only}
            if not set(identity) <= values.keys():
                raise UnreadableFact(f"a {table} row without {', '.join(identity)}")
            names = list(values)
            if merge == "first":
                action = "NOTHING"
            else:
                changed = [name for name in names if name not in identity] or [identity[0]]
                wrap = "max({0}, excluded.{0})" if merge == "most" else "excluded.{0}"
                action = "UPDATE SET " + ", ".join(f"{name} = {wrap.format(name)}" for name in changed)
            try:
                self.db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                                f"ON CONFLICT ({', '.join(identity)}) DO {action}", tuple(values.values()))
            except sqlite3.IntegrityError as exc:  # a row this database's rules refuse (a NOT NULL left out)
                raise UnreadableFact(f"a {table} row this terminal cannot keep: {exc}") from None
            if table == "parcels" and "status" in values:
                self.db.execute("INSERT OR REPLACE INTO store_held (tracking_number, status, until) VALUES (?, ?, ?)",
                                (values["tracking_number"], values["status"], _in_a_day()))

    def _columns(self, table: str) -> set[str]:
        if table not in self._known_columns:  # asked once: a batch of 500 facts asks for each row
            self._known_columns[table] = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
        return self._known_columns[table]

    def _meet(self, claim: str, key: str, theirs: Holder) -> None:
        first = self.db.execute("SELECT fact_key, terminal_id, staff_id, at FROM claims_used WHERE subject = ?",
                                (claim,)).fetchone()
        if first is None:
            self.db.execute("INSERT INTO claims_used (subject, fact_key, terminal_id, staff_id, at, alone) "
                            "VALUES (?, ?, ?, ?, ?, 0)", (claim, key, theirs.terminal_id, theirs.staff_id, theirs.at))
        elif first["fact_key"] != key:
            ours = Holder(first["terminal_id"], first["staff_id"] or "", first["at"] or "")
            self.db.execute("INSERT OR IGNORE INTO store_conflicts (subject, fact_key, ours, theirs, found_at) "
                            "VALUES (?, ?, ?, ?, ?)", (claim, key, json.dumps(ours.__dict__),
                                                       json.dumps(theirs.__dict__), now_iso()))

    # -- a kiosk's refused events (the counters' F6) ----------------------------------------------

    def share_refusal(self, key: str, terminal_id: str, kind: str, parcel_key: str, payload: dict,
                      error: str) -> None:
        """This terminal's event the central system refused for good, for the store's counters to
        settle (inside the caller's transaction)."""
        self.db.execute("INSERT OR IGNORE INTO store_refused (event_key, terminal_id, kind, parcel_key, payload, "
                        "error, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (key, terminal_id, kind, parcel_key, json.dumps(payload, sort_keys=True), error, now_iso()))
        self.record("event-refused", "refused", key)

    def refusals(self) -> list[Refusal]:
        """Other terminals' refused events: open ones first, newest first in each."""
        rows = self.db.execute("SELECT * FROM store_refused ORDER BY resolution IS NOT NULL, refused_at DESC")
        return [Refusal(r["event_key"], r["terminal_id"], r["kind"], r["parcel_key"] or "", _json(r["payload"]),
                        r["error"] or "", r["refused_at"], r["resolution"], r["resolved_by"]) for r in rows]

    def open_refusals(self) -> int:
        return self.db.execute("SELECT count(*) FROM store_refused WHERE resolution IS NULL").fetchone()[0]

    def resolve_refusal(self, key: str, note: str, by: str) -> bool:
        """Settled here with a note (inside the caller's transaction): told to the terminal whose event it
        is, which stops holding that parcel's later events back, and to every counter."""
        cursor = self.db.execute("UPDATE store_refused SET resolution = ?, resolved_by = ?, resolved_at = ? "
                                 "WHERE event_key = ? AND resolution IS NULL", (note, by, now_iso(), key))
        if cursor.rowcount != 1:
            return False
        self.record("refusal-resolved", "refused", key)
        return True

    def _settle_ours(self, key: str) -> None:
        """Our own event, settled at a counter: resolved in our outbox as if here."""
        row = self.db.execute("SELECT resolution, resolved_by FROM store_refused WHERE event_key = ?",
                              (key,)).fetchone()
        if row is not None and row["resolution"]:
            from app.store.outbox import Outbox  # here: the outbox records its events' facts through this module

            Outbox(self.db).resolve(key, row["resolution"], row["resolved_by"])

    # -- conflicts (F6) --------------------------------------------------------------------------

    def conflicts(self) -> list[Conflict]:
        """Open conflicts first, then settled ones, newest first in each."""
        rows = self.db.execute("SELECT * FROM store_conflicts ORDER BY resolution IS NOT NULL, id DESC").fetchall()
        return [Conflict(r["id"], r["subject"], Holder(**json.loads(r["ours"])), Holder(**json.loads(r["theirs"])),
                         r["found_at"], r["resolution"], r["resolved_by"]) for r in rows]

    def open_conflicts(self) -> int:
        return self.db.execute("SELECT count(*) FROM store_conflicts WHERE resolution IS NULL").fetchone()[0]

    def resolve_conflict(self, conflict_id: int, note: str, by: str) -> bool:
        cursor = self.db.execute("UPDATE store_conflicts SET resolution = ?, resolved_by = ?, resolved_at = ? "
                                 "WHERE id = ? AND resolution IS NULL", (note, by, now_iso(), conflict_id))
        return cursor.rowcount == 1


def _in_a_day() -> str:
    return (datetime.now(UTC) + timedelta(days=HOLD_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _envelope(fact: object) -> tuple[str, str, str, str]:
    if not isinstance(fact, dict):
        raise UnreadableFact("not a JSON object")
    key, terminal = _word(fact.get("key"), 64), _word(fact.get("terminal"), 16)
    family, subject = fact.get("family"), _word(fact.get("subject"), 64)
    if not (key and terminal and subject):
        raise UnreadableFact("a fact without its key, terminal or subject")
    if family not in FAMILIES:
        raise UnreadableFact(f"a fact of an unknown family {str(family)[:40]!r}")
    return key, terminal, family, subject


def _rows(fact: dict, family: str, subject: str) -> dict[str, list[dict]]:
    rows = fact.get("rows") or {}
    if not isinstance(rows, dict) or not set(rows) <= FAMILIES[family].keys():
        raise UnreadableFact(f"rows of tables a {family} fact does not carry")
    for table, table_rows in rows.items():
        column = FAMILIES[family][table][0]
        if not isinstance(table_rows, list) or len(table_rows) > MOST_ROWS:
            raise UnreadableFact(f"{table} is not a list of at most {MOST_ROWS} rows")
        for row in table_rows:
            if not isinstance(row, dict) or row.get(column) != subject:
                raise UnreadableFact(f"a {table} row of another subject than {subject}")
            for value in row.values():
                if not (value is None or isinstance(value, int | float | str)) or isinstance(value, bool) or (
                        isinstance(value, str) and len(value) > LONGEST_TEXT):
                    raise UnreadableFact(f"a {table} value that is not a number or a short text")
    return rows


def _claims(fact: dict) -> list[str]:
    claims = fact.get("claims") or []
    if not isinstance(claims, list) or len(claims) > 10:
        raise UnreadableFact("claims is not a short list")
    subjects = [_word(c.get("subject"), 120) if isinstance(c, dict) else "" for c in claims]
    if not all(subjects):
        raise UnreadableFact("a claim without its subject")
    return subjects


def _json(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": text[:2000]}
    return value if isinstance(value, dict) else {"value": value}


def _text(value: object, most: int) -> str:
    """Words to show (a clerk, a time): cut to `most`."""
    return value[:most] if isinstance(value, str) else ""


def _word(value: object, most: int) -> str:
    """An identifier: as given, or "" when it is not one (too long is not cut: it would name another)."""
    return value if isinstance(value, str) and len(value) <= most else ""
