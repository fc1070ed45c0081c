"""What every counter use case works with: the local store's parts, the lookup, the store, the printers,
the clock."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import datetime

from app.bus.claims import ClaimGate, NoStoreBus
from app.domain.clock import SYSTEM_CLOCK, Clock
from app.domain.codes import Code
from app.domain.parcels import Parcel
from app.services.lookup import LookupUnavailable, ParcelLookup
from app.services.outcome import Outcome
from app.services.printing import PrintRoutes
from app.store import Database, Holder, Journal, Outbox, ParcelCache, PrintQueue, StaffStore, StoreFacts, UsedClaim
from app.store.facts import HERE
from printers.documents import StoreHeader


class CounterUseCase:
    def __init__(self, db: Database, lookup: ParcelLookup, *, store: StoreHeader, routes: PrintRoutes | None = None,
                 clock: Clock = SYSTEM_CLOCK, claims: ClaimGate | None = None):
        self.db = db
        self.claims = claims or NoStoreBus()
        self.clock = clock
        self.lookup = lookup
        self.store = store
        self.routes = routes or PrintRoutes()
        self.cache = ParcelCache(db)
        self.outbox = Outbox(db)
        self.prints = PrintQueue(db)
        self.journal = Journal(db, store.terminal_id)
        self.facts = StoreFacts(db)

    def parcel_for(self, code: Code) -> Parcel | Outcome:
        """The parcel a customer's code belongs to, or what to tell the clerk when it cannot be found."""
        try:
            parcel = self.lookup.by_claim_code(code.value)
        except LookupUnavailable as exc:
            return Outcome.warning(f"Cannot check {code.kind.value} {code.value}.", str(exc))
        if parcel is None:
            return Outcome.warning(f"Unknown {code.kind.value} {code.value}.", _UNKNOWN[code.kind.value])
        return parcel

    def claim(self, subject: str, title: str, advice: str, parcel: Parcel | None = None) -> UsedClaim | Outcome:
        """This terminal's claim on `subject` (a RETURN CODE, a COD parcel's cash, a pick), taken on the
        store hub; or, when another terminal of the store has it, the refusal that says who."""
        holder = self.holder_elsewhere(subject)
        if holder is None:
            answer = self.claims.take(subject)
            if answer.used is not None:
                return answer.used
            holder = answer.holder
        return Outcome.stop(title, f"{self.who(holder)}. {advice}", parcel)

    @contextlib.contextmanager
    def using(self, claim: UsedClaim) -> Iterator[None]:
        """The transaction that records the use of `claim`: should the database fail it (a full disk), the
        claim goes back to the store hub, so another terminal is not refused for what never happened."""
        try:
            with self.db.transaction():
                yield
        except (sqlite3.Error, OSError):
            self.claims.release(claim.subject)
            raise

    def holder_elsewhere(self, subject: str) -> Holder | None:
        """Another terminal that used this claim, as the store's facts tell (the hub reachable or not)."""
        holder = self.facts.holder(subject)
        return None if holder is None or holder.terminal_id == HERE else holder

    def who(self, holder: Holder) -> str:
        return who_used(self.db, holder)

    def queue(self, document) -> int:
        """Queue a document on the printer its kind goes to (inside the caller's transaction)."""
        return self.prints.add(document.kind, document.to_json(), self.routes.printer_for(document.kind))


_UNKNOWN = {
    "CLAIM CODE": "No parcel has this code. Ask the customer to check the code in their message.",
    "REFERENCE CODE": "No cash-on-delivery parcel has this code. Ask the customer to check it.",
    "RETURN CODE": "No return has this code. The merchant must register the return first.",
}


def who_used(db: Database, holder: Holder) -> str:
    """"At T2 by Ana Cruz, 02 Dec 10:41": the terminal, its clerk by name when known here, and when."""
    member = StaffStore(db).member(holder.staff_id) if holder.staff_id else None
    clerk = f" by {member.name}" if member else (f" by staff {holder.staff_id}" if holder.staff_id else "")
    try:
        when = ", " + datetime.fromisoformat(holder.at.replace("Z", "+00:00")).astimezone().strftime("%d %b %H:%M")
    except ValueError:
        when = ""
    return f"At {holder.terminal_id or 'this terminal'}{clerk}{when}"
