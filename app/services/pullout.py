"""Pull-out (APO, authority to pull out): the items the trucker takes back, scanned one by one.

The list comes from the central system, which runs its jobs first (unclaimed past the holding
period, returns handed in, cancelled parcels). Offline, this counter lists the same from its own
records: each parcel's holding period ends at the ``holdUntil`` the central system gave it. The list
is kept here with each item's state, so a partial pull-out is finished later, even after a restart;
items not scanned when it is finished are reported missing, never skipped silently.
"""

from __future__ import annotations

from dataclasses import replace

from app.central.errors import CentralError, CentralUnreachable
from app.domain.codes import Code, CodeKind
from app.domain.events import status_event
from app.domain.parcels import ParcelStatus, parcel_from_json
from app.services.outcome import Outcome, Tone
from app.services.usecase import CounterUseCase
from app.store import PullOuts
from app.store.pullouts import MISSING, PULLED, WAITING
from printers.documents import apo_list


class PullOutService(CounterUseCase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pullouts = PullOuts(self.db)

    def start(self) -> Outcome:
        """Resume the open APO, or fetch, keep and print a new one."""
        apo = self.pullouts.open_apo()
        if apo:
            return self._progress(apo, Tone.NEXT, f"Pull-out {apo} resumed.")
        try:
            if self.lookup.client is None:
                raise CentralUnreachable("no central system configured")
            records = self.lookup.client.pullout_list(self.store.store_id)
        except (CentralUnreachable, CentralError) as exc:
            if isinstance(exc, CentralError) and not exc.transient:
                return Outcome.warning("The central system refused the APO list.", exc.info.message)
            return self._start(self._due_here(), offline=True)
        self.cache.merge_from_central([parcel_from_json(r) for r in records])
        return self._start([(r["trackingNumber"], r.get("pullOutReason") or r["status"], r.get("merchant", ""))
                            for r in records], offline=False)

    def _due_here(self) -> list[tuple[str, str, str]]:
        """The APO items by this counter's own records (tracking number, reason, merchant)."""
        return [(p.tracking_number, ParcelStatus.UNCLAIMED.value if p.status is ParcelStatus.READY_FOR_CLAIM
                 else p.status.value, p.merchant_name)
                for p in self.cache.due_for_pullout(self.store.store_id, self.clock.iso())]

    def _start(self, items: list[tuple[str, str, str]], *, offline: bool) -> Outcome:
        source = "this counter's records (offline)" if offline else "the central system"
        if not items:
            return Outcome(Tone.OK, "Nothing to pull out today.", f"By {source}, no item goes back with the trucker.")
        apo = f"APO-{self.store.store_id}-{self.clock.now().astimezone():%Y%m%d-%H%M%S}"
        with self.db.transaction():
            self.pullouts.create(apo, items)
            self.queue(apo_list(self.store, apo_number=apo, generated_at=self.clock.local_stamp(),
                                items=[{"tracking_number": tn, "reason": reason, "merchant": merchant}
                                       for tn, reason, merchant in items]))
            self.journal.record("apo-created", apo, items=len(items), offline=offline)
        listed = " (listed offline from this counter's records)" if offline else ""
        return replace(self._progress(apo, Tone.NEXT, f"Pull-out {apo}{listed}: the APO is printing."), recorded=True)

    def scan(self, code: Code) -> Outcome:
        apo = self.pullouts.open_apo()
        if apo is None:
            return Outcome.warning("No pull-out in progress.", "F4 starts one.")
        if code.kind is not CodeKind.TRACKING:
            return Outcome.warning(f"That is a {code.kind.value}.", "Scan each item's label as the trucker takes it.")
        item = next((i for i in self.pullouts.items(apo) if i.tracking_number == code.value), None)
        if item is None:
            return Outcome.stop(f"Not on this APO: keep parcel {code.value} in the store.",
                                "Only the items on the list may go with the trucker.")
        if item.state == PULLED:
            return Outcome.warning(f"Already pulled out: {code.value}.", "")
        with self.db.transaction():
            self.pullouts.mark(apo, code.value, PULLED)
            self.cache.set_status(code.value, ParcelStatus.PULLED_OUT, None)
            self.outbox.add(code.value, "parcel-status", status_event(
                code.value, ParcelStatus.PULLED_OUT, store_id=self.store.store_id, terminal_id=self.store.terminal_id,
                timestamp=self.clock.iso(), details={"apo": apo}))
            self.journal.record("pulled-out", code.value, apo=apo)
        if any(i.state == WAITING for i in self.pullouts.items(apo)):
            outcome = self._progress(apo, Tone.OK, f"Pulled out {code.value}.")
        else:
            outcome = self._close(apo)
        return replace(outcome, recorded=True)

    def finish(self, confirmed: str = "") -> Outcome:
        """Close the APO: every item not scanned is reported missing, once the clerk has confirmed the
        question naming how many (`confirmed`, the question as it was asked: a scan since changes it)."""
        apo = self.pullouts.open_apo()
        if apo is None:
            return Outcome.warning("No pull-out in progress.", "F4 starts one.")
        missing = sum(1 for item in self.pullouts.items(apo) if item.state == WAITING)
        question = f"Finish pull-out {apo} with {missing} item{'s' * (missing != 1)} not scanned, reported missing?"
        if missing and confirmed != question:
            return Outcome(Tone.WARNING, f"{missing} item{'s' * (missing != 1)} not scanned yet.",
                           "Scan them, or confirm that they are missing.", needs_confirmation=question)
        return self._close(apo)

    def _close(self, apo: str) -> Outcome:
        missing = [i.tracking_number for i in self.pullouts.items(apo) if i.state == WAITING]
        with self.db.transaction():
            for tracking_number in missing:
                self.pullouts.mark(apo, tracking_number, MISSING)
                self.journal.record("pullout-missing", tracking_number, apo=apo)
            self.journal.record("apo-finished", apo, missing=len(missing))
        pulled = sum(1 for i in self.pullouts.items(apo) if i.state == PULLED)
        if missing:
            return Outcome(Tone.STOP, f"Pull-out {apo} finished with {len(missing)} missing.",
                           f"{pulled} went with the trucker. Missing, noted in the journal: " + ", ".join(missing))
        return Outcome(Tone.OK, f"Pull-out {apo} finished: all {pulled} items went with the trucker.", "")

    def _progress(self, apo: str, tone: Tone, headline: str) -> Outcome:
        items = self.pullouts.items(apo)
        waiting = [i for i in items if i.state == WAITING]
        done = len(items) - len(waiting)
        listing = "\n".join(f"  {i.tracking_number}  {i.reason}  {i.merchant}" for i in waiting[:12])
        more = f"\n  … and {len(waiting) - 12} more" if len(waiting) > 12 else ""
        return Outcome(tone, f"{headline} {done} of {len(items)} scanned.",
                       f"Scan each item as the trucker takes it; F10 finishes. Still to scan:\n{listing}{more}"
                       if waiting else "")
