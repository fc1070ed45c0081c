"""Shift close: what the drawer should hold, what each clerk did, what still waits to be sent.

A shift is everything the journal holds since the previous close. Its report comes from the journal
alone (who did what, with the amounts), so it covers exactly what the clerks were told was done.
Closing with events still waiting to be sent needs a supervisor and is flagged on the report; those
events still go out afterwards (the central system takes late events), and the next report counts them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from app.domain.money import format_php
from app.domain.staff import StaffMember
from app.services.outcome import Outcome, Tone
from app.services.printing import save_pdf
from app.services.staff import SignIn
from app.services.usecase import CounterUseCase
from app.store import StaffStore
from printers.documents import Document, shift_report

# Journal action → the flow it counts as on the report, in the report's order.
FLOWS = {"claimed": "Claims", "paid": "Pay & claim", "returned": "Returns", "dropped-off": "Drop-offs",
         "pulled-out": "Pulled out (APO)", "received": "Parcels received", "delivered": "Web orders delivered",
         "weborder-returned": "Web order returns"}
# Journal action → (payment type on the report, the detail holding the amount, +1 cash in / -1 cash out).
CASH = {"paid": ("COD collected", "amount", 1), "dropped-off": ("Drop-off fees", "fee", 1),
        "weborder-returned": ("Web order refunds paid out", "refund", -1)}


@dataclass
class ShiftReport:
    number: int
    opened_at: str | None
    last_journal_id: int
    cash: dict[str, Decimal] = field(default_factory=lambda: {kind: Decimal("0.00") for kind, *_ in CASH.values()})
    counts: Counter = field(default_factory=Counter)
    clerks: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    clerk_cash: dict[str, Decimal] = field(default_factory=lambda: defaultdict(lambda: Decimal("0.00")))
    waiting: int = 0
    refused: int = 0
    late: int = 0  # events of earlier shifts the central system acknowledged during this one

    @property
    def cash_total(self) -> Decimal:
        return sum(self.cash.values(), Decimal("0.00"))

    def sections(self, names: dict[str, str]) -> list[tuple[str, list[tuple[str, str]]]]:
        cash = [(kind, format_php(amount)) for kind, amount in self.cash.items()]
        cash.append(("Cash expected", format_php(self.cash_total)))
        counts = [(flow, str(self.counts[flow])) for flow in FLOWS.values()]
        clerks = []
        for staff_id, done in sorted(self.clerks.items()):
            clerks.append((names.get(staff_id, staff_id or "Nobody signed in"), ""))
            clerks += [(f"   {flow}", str(done[flow])) for flow in FLOWS.values() if done[flow]]
            clerks.append(("   Cash in less out", format_php(self.clerk_cash[staff_id])))
        sync = [("Events waiting to be sent", str(self.waiting)), ("Refused, for a supervisor", str(self.refused)),
                ("Sent late, from earlier shifts", str(self.late))]
        return [("Cash by payment type", cash), ("Counts", counts), ("By clerk", clerks or [("No activity", "")]),
                ("Central system", sync)]


class ShiftService(CounterUseCase):
    def __init__(self, *args, reports_dir: Path, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports_dir = reports_dir

    def report(self) -> ShiftReport:
        last = self.db.execute("SELECT count(*), coalesce(max(last_journal_id), 0) FROM shift_closes").fetchone()
        entries = self.journal.after(last[1])
        report = ShiftReport(number=last[0] + 1, opened_at=entries[0]["at"] if entries else None,
                             last_journal_id=entries[-1]["id"] if entries else last[1])
        for entry in entries:
            flow = FLOWS.get(entry["action"])
            if flow is None:
                continue
            who = entry["staff_id"] or ""
            report.counts[flow] += 1
            report.clerks[who][flow] += 1
            if entry["action"] in CASH:
                kind, amount_field, sign = CASH[entry["action"]]
                amount = sign * Decimal(entry["detail"][amount_field])
                report.cash[kind] += amount
                report.clerk_cash[who] += amount
        report.waiting = self.outbox.waiting_count()
        report.refused = self.outbox.parked_count()
        report.late = self.db.execute(
            "SELECT count(*) FROM outbox WHERE state = 'acked' AND closed_shift = (SELECT max(id) FROM shift_closes)"
        ).fetchone()[0]
        return report

    def close(self, report: ShiftReport, approved_by: StaffMember | None = None) -> Outcome:
        """Close the shift the clerk saw (`report`); with events waiting, only with a supervisor's approval."""
        fresh = self.report()
        if (fresh.cash, fresh.counts) != (report.cash, report.counts):
            return Outcome.warning("Something happened since the report was shown.", "Look at the new report first.")
        if fresh.waiting and approved_by is None:
            return Outcome.warning(f"{fresh.waiting} events have not reached the central system yet.",
                                   "Closing anyway needs a supervisor's PIN; the report will say so.")
        closed_by = StaffStore(self.db).signed_in
        document = self._document(fresh, approved_by)
        with self.db.transaction():
            job = self.queue(document)
            close_id = self.db.execute(
                "INSERT INTO shift_closes (closed_at, closed_by, approved_by, last_journal_id, unsynced, report_job) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (self.clock.iso(), closed_by, approved_by.staff_id if approved_by else None, fresh.last_journal_id,
                 fresh.waiting, job)).lastrowid
            self.db.execute("UPDATE outbox SET closed_shift = ? WHERE state IN ('pending', 'parked')", (close_id,))
            self.journal.record("shift-closed", str(fresh.number), cash=f"{fresh.cash_total:.2f}",
                                unsynced=fresh.waiting, approved_by=approved_by.staff_id if approved_by else None)
        pdf_path = self._archive(close_id, fresh.number, document)
        copy = f"a PDF copy is in {pdf_path}" if pdf_path else "its PDF copy could not be written (see the log)"
        return Outcome(Tone.OK, f"Shift {fresh.number} closed. Cash expected: {format_php(fresh.cash_total)}.",
                       f"The report is printing; {copy}.", recorded=True)

    def _document(self, report: ShiftReport, approved_by: StaffMember | None) -> Document:
        names = SignIn(self.db).staff_names()
        sections = report.sections(names)
        if report.waiting:
            sections.append(("FLAGGED", [("Closed with events unsent", str(report.waiting)),
                                         ("Approved by", names.get(approved_by.staff_id, approved_by.staff_id))]))
        return shift_report(self.store, shift=f"{report.number} (since {_local(report.opened_at)})",
                            closed_at=self.clock.local_stamp(), sections=sections)

    def _archive(self, close_id: int, number: int, document: Document) -> Path | None:
        """The PDF copy, for the office."""
        path = save_pdf(document, self.reports_dir, f"shift-{self.store.store_id}-{self.store.terminal_id}-{number:04d}")
        if path:
            self.db.execute("UPDATE shift_closes SET report_pdf = ? WHERE id = ?", (str(path), close_id))
        return path


def _local(iso: str | None) -> str:
    if iso is None:
        return "no activity"
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
