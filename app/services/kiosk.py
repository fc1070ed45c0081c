"""The customer's kiosk: start a return (seed 001) and track parcels (seed 002), with no clerk.

Answers are data, not sentences: the kiosk screen words them in the customer's language. A return is
checked centrally against seed 001's rules (registered by the merchant, within its window, not used
yet), each refusal with its reason; confirming it makes it FOR RETURN here and the slip with the
RETURN CODE prints (recorded first, like every print). When the central system cannot be reached,
the same rules run on the kiosk's copy of the return IDs and the code comes from the block of codes
the central system reserved for this kiosk; a RETURN_STARTED event tells it later, so the counter's
scan of that code works once it is sent.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.clock import SYSTEM_CLOCK, Clock
from app.domain.codes import tracking_numbers
from app.domain.parcels import ParcelStatus, parcel_from_json
from app.domain.returns import ReturnRefusal, startable_return
from app.domain.text import bounded
from app.domain.tracking import Bucket, NdrCode, ndr_for
from app.services.printing import PrintRoutes
from app.store import Database, Journal, KioskReturns, Outbox, ParcelCache, PrintQueue, StoreFacts
from printers.documents import StoreHeader, return_slip

MAX_NUMBERS = 5
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/.]{2,59}$")


class Refusal(enum.Enum):
    NOT_A_REFERENCE = "NOT_A_REFERENCE"  # nothing, or not the shape of an order number, UID or waybill
    RETURN_NOT_REGISTERED = "RETURN_NOT_REGISTERED"
    RETURN_EXPIRED = "RETURN_EXPIRED"
    RETURN_ALREADY_USED = "RETURN_ALREADY_USED"
    RETURN_STARTED_ELSEWHERE = "RETURN_STARTED_ELSEWHERE"
    NOT_A_TRACKING_NUMBER = "NOT_A_TRACKING_NUMBER"
    WRONG_DIGIT = "WRONG_DIGIT"  # 17 digits, but one of them is mistyped (the check digit says so)
    TOO_MANY_NUMBERS = "TOO_MANY_NUMBERS"
    UNREACHABLE = "UNREACHABLE"  # the central system could not be asked
    FAILED = "FAILED"  # it answered with something else; staff can look in the log


@dataclass(frozen=True)
class Refused:
    reason: Refusal
    detail: str = ""  # for the log and staff, in English
    subject: str = ""  # what the customer typed that is refused, to show them which


@dataclass(frozen=True)
class ReturnFound:
    reference: str
    merchant: str
    merchant_reference: str
    valid_until: str  # YYYY-MM-DD
    offline: bool = False  # checked on this kiosk's copy: the central system was out of reach
    item: str = ""  # what is returned, as the merchant named it, for the customer to check


@dataclass(frozen=True)
class ReturnStarted:
    return_code: str
    tracking_number: str
    merchant: str
    valid_until: str
    again: bool = False  # started here before: the same code, and the slip prints as a copy


@dataclass(frozen=True)
class Step:
    """One scan of a parcel's timeline, in seed 002's buckets."""
    at: str
    bucket: Bucket
    location: str
    ndr: NdrCode | None = None


@dataclass(frozen=True)
class Tracked:
    number: str
    steps: list[Step]  # newest first; empty when no such parcel is tracked
    ready_at: str = ""  # the store where it waits for the customer, when it does


class KioskService:
    def __init__(self, db: Database, client: CentralClient, *, store: StoreHeader, routes: PrintRoutes | None = None,
                 on_recorded: Callable[[], object] = lambda: None, clock: Clock = SYSTEM_CLOCK):
        self.db = db
        self.clock = clock
        self.on_recorded = on_recorded  # wakes the printer
        self.client = client
        self.store = store
        self.routes = routes or PrintRoutes()
        self.journal = Journal(db, store.terminal_id)
        self.outbox = Outbox(db)
        self.returns = KioskReturns(db)

    def find_return(self, reference: str) -> ReturnFound | Refused:
        reference = reference.strip()
        if not _REFERENCE.match(reference):
            return Refused(Refusal.NOT_A_REFERENCE)
        try:
            found = self.client.validate_return(reference, self.store.store_id)
        except CentralUnreachable:
            return self._find_offline(reference)
        except CentralError as exc:
            return _refused(exc)
        return ReturnFound(reference, _merchant(found), found.get("merchantReference") or "", _day(found["validUntil"]),
                           item=bounded(found.get("description") or "", 120))

    def start_return(self, found: ReturnFound, instructions: list[str]) -> ReturnStarted | Refused:
        """FOR RETURN here; the slip (its steps in the customer's language) is recorded, then prints."""
        if found.offline:
            return self._start_offline(found, instructions)
        try:
            issued = self.client.issue_return(found.reference, self.store.store_id)
        except CentralUnreachable:
            return self._start_offline(found, instructions)  # the line dropped since the check
        except CentralError as exc:
            return _refused(exc)
        started = ReturnStarted(issued["returnCode"], issued["trackingNumber"], found.merchant, found.valid_until)
        with self.db.transaction():
            if self._keep(started):
                StoreFacts(self.db).record("return-started", "parcel", started.tracking_number)
            started = self._record(started, found.reference, instructions)
        self.on_recorded()
        return started

    def _find_offline(self, reference: str) -> ReturnFound | Refused:
        if self.returns.cursor is None:
            return Refused(Refusal.UNREACHABLE, "no copy of the return IDs yet")
        try:
            record = startable_return(self.returns.candidates(reference), reference, self.store.store_id,
                                      self.clock.now())
        except ReturnRefusal as refusal:
            return Refused(Refusal(refusal.reason), str(refusal))
        return ReturnFound(reference, _merchant(record), record.get("merchantReference") or "",
                           _day(record["validUntil"]), offline=True, item=bounded(record.get("description") or "", 120))

    def _start_offline(self, found: ReturnFound, instructions: list[str]) -> ReturnStarted | Refused:
        """The same rules on the kiosk's copy, a code from its block, and the event for later."""
        with self.db.transaction():
            try:
                record = startable_return(self.returns.candidates(found.reference), found.reference,
                                          self.store.store_id, self.clock.now())
            except ReturnRefusal as refusal:
                return Refused(Refusal(refusal.reason), str(refusal))
            if record["status"] == ParcelStatus.FOR_RETURN.value and not record.get("returnCode"):
                return Refused(Refusal.UNREACHABLE, "started online: only the central system knows its code")
            code = record.get("returnCode") or self.returns.take_code(record["trackingNumber"])
            if code is None:
                return Refused(Refusal.UNREACHABLE, "this kiosk has no RETURN CODE left")
            started = ReturnStarted(code, record["trackingNumber"], found.merchant, found.valid_until)
            if not record.get("returnCode"):  # the first time: asked again, the same code
                self.returns.mark_started(record, self.store.store_id, code)
                self.outbox.add(record["trackingNumber"], "return-started", {
                    "type": "RETURN_STARTED", "reference": found.reference, "returnCode": code,
                    "trackingNumber": record["trackingNumber"], "location": self.store.store_id,
                    "terminalId": self.store.terminal_id, "timestamp": self.clock.iso()})
            self._keep(started)
            started = self._record(started, found.reference, instructions)
        self.on_recorded()
        return started

    def _keep(self, started: ReturnStarted) -> bool:
        """The return as a parcel FOR RETURN here under its code, with the item, for the store's counters
        (the store bus carries it): they accept the code at once, the central system reachable or not.
        False when this kiosk has no copy of the return to tell them from."""
        record = next((r for r in self.returns.candidates(started.tracking_number)
                       if r["trackingNumber"] == started.tracking_number), None)
        if record is None:
            return False
        order = record.get("merchantReference") or ""
        item = " · ".join(part for part in (record.get("description") or "", order and f"order {order}") if part)
        ParcelCache(self.db).keep(parcel_from_json({**record, "status": ParcelStatus.FOR_RETURN.value,
                                                    "deliveryLocationId": self.store.store_id,
                                                    "returnCode": started.return_code, "description": item}))
        return True

    def _record(self, started: ReturnStarted, reference: str, instructions: list[str]) -> ReturnStarted:
        """The slip and the journal entry; a return started here before gets its slip again, marked COPY."""
        again = any(entry["action"] == "return-started" and entry["detail"].get("code") == started.return_code
                    for entry in self.journal.entries(started.tracking_number))
        slip = return_slip(self.store, return_code=started.return_code, tracking_number=started.tracking_number,
                           merchant=started.merchant, valid_until=started.valid_until, instructions=instructions)
        if again:
            slip.blocks.insert(0, {"type": "text", "text": "*** COPY ***", "style": "title", "align": "center"})
        PrintQueue(self.db).add(slip.kind, slip.to_json(), self.routes.printer_for(slip.kind))
        self.journal.record("return-slip-copy" if again else "return-started", started.tracking_number,
                            reference=reference, code=started.return_code)
        return replace(started, again=again)

    def track(self, text: str) -> list[Tracked] | Refused:
        numbers, wrong = tracking_numbers(text)
        if wrong:
            first = wrong[0]
            digits = "".join(ch for ch in first.text if ch.isdigit())
            reason = Refusal.WRONG_DIGIT if len(digits) == 17 and first.code is None else Refusal.NOT_A_TRACKING_NUMBER
            return Refused(reason, first.message, subject=first.text[:40])
        if not numbers:
            return Refused(Refusal.NOT_A_TRACKING_NUMBER)
        if len(numbers) > MAX_NUMBERS:
            return Refused(Refusal.TOO_MANY_NUMBERS)
        try:
            results = self.client.tracking(numbers)
            return [self._tracked(number, results.get(number) or {}) for number in numbers]
        except (CentralError, CentralUnreachable) as exc:
            return _refused(exc)

    def _tracked(self, number: str, result: dict) -> Tracked:
        steps = [Step(str(scan.get("timestamp", "")), Bucket(scan["clickpost_status_bucket"]),
                      str(scan.get("location") or ""), ndr_for(scan["ndr"]) if scan.get("ndr") is not None else None)
                 for scan in result.get("scans", [])]
        parcel = self.client.parcel(number) if steps else None
        ready = parcel.store_id if parcel and parcel.status is ParcelStatus.READY_FOR_CLAIM else ""
        return Tracked(number, steps, ready)


def _refused(exc: CentralError | CentralUnreachable) -> Refused:
    if isinstance(exc, CentralUnreachable):
        return Refused(Refusal.UNREACHABLE, str(exc))
    try:
        return Refused(Refusal(exc.reason), str(exc))
    except ValueError:
        return Refused(Refusal.FAILED, str(exc))


def _merchant(record: dict) -> str:
    return record.get("merchant") or record.get("merchantCode") or ""


def _day(iso: str) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d")
