"""What every counter use case works with: the local store's parts, the lookup, the store, the printers,
the clock."""

from __future__ import annotations

from app.domain.clock import SYSTEM_CLOCK, Clock
from app.domain.codes import Code
from app.domain.parcels import Parcel
from app.services.lookup import LookupUnavailable, ParcelLookup
from app.services.outcome import Outcome
from app.services.printing import PrintRoutes
from app.store import Database, Journal, Outbox, ParcelCache, PrintQueue
from printers.documents import StoreHeader


class CounterUseCase:
    def __init__(self, db: Database, lookup: ParcelLookup, *, store: StoreHeader, routes: PrintRoutes | None = None,
                 clock: Clock = SYSTEM_CLOCK):
        self.db = db
        self.clock = clock
        self.lookup = lookup
        self.store = store
        self.routes = routes or PrintRoutes()
        self.cache = ParcelCache(db)
        self.outbox = Outbox(db)
        self.prints = PrintQueue(db)
        self.journal = Journal(db, store.terminal_id)

    def parcel_for(self, code: Code) -> Parcel | Outcome:
        """The parcel a customer's code belongs to, or what to tell the clerk when it cannot be found."""
        try:
            parcel = self.lookup.by_claim_code(code.value)
        except LookupUnavailable as exc:
            return Outcome.warning(f"Cannot check {code.kind.value} {code.value}.", str(exc))
        if parcel is None:
            return Outcome.warning(f"Unknown {code.kind.value} {code.value}.", _UNKNOWN[code.kind.value])
        return parcel

    def queue(self, document) -> int:
        """Queue a document on the printer its kind goes to (inside the caller's transaction)."""
        return self.prints.add(document.kind, document.to_json(), self.routes.printer_for(document.kind))


_UNKNOWN = {
    "CLAIM CODE": "No parcel has this code. Ask the customer to check the code in their message.",
    "REFERENCE CODE": "No cash-on-delivery parcel has this code. Ask the customer to check it.",
    "RETURN CODE": "No return has this code. The merchant must register the return first.",
}
