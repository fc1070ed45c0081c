"""Drop-off: a seller's parcel → limits checked → quote → fee collected → tracking number → label, receipt.

The tracking number comes from a block the central system reserved for this counter (the poller
keeps it stocked), so a drop-off is recorded the same way online and offline: one transaction with
the fee, the DROPOFF event, the label and the receipt. Online, the quote (fee and delivery provider)
is the central system's, and the rate table is refreshed on the way; offline the cached rate table
prices it and the provider is chosen centrally when the event arrives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from app.central.errors import CentralError, CentralUnreachable
from app.central.supplies import stock_up
from app.domain.dropoff import DropOff
from app.domain.events import dropoff_event
from app.domain.money import MoneyError, format_php, php
from app.services.outcome import Outcome, Tone
from app.services.printing import open_drawer
from app.services.usecase import CounterUseCase
from app.store import DROPOFF_FEE, DropOffs, NoTrackingNumber, Payments
from printers.documents import dropoff_receipt, shipping_label

log = logging.getLogger(__name__)

PROVIDER_LATER = "assigned by the central system"  # the event's provider, offline: the central system chooses



@dataclass(frozen=True)
class Quote:
    fee: Decimal
    provider: str
    offline: bool  # priced from the cached rate table


def carrier_words(quote: Quote) -> str:
    """Who carries it, as the drop-off screen says it."""
    if quote.provider == PROVIDER_LATER:
        return "the carrier is chosen by the central system when the drop-off is sent (offline: fee from the " \
               "rate table)"
    return f"carried by {quote.provider}"


class DropOffService(CounterUseCase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dropoffs = DropOffs(self.db)
        self.payments = Payments(self.db)

    def quote(self, dropoff: DropOff) -> Quote | Outcome:
        """The fee and the provider: the central system's, or from the cached rate table when offline."""
        client = self.lookup.client
        try:
            if client is None:
                raise CentralUnreachable("no central system configured")
            stock_up(self.db, client, self.store.store_id, self.store.terminal_id, fresh_rates=True)
            answer = client.dropoff_quote(dropoff)
        except (CentralUnreachable, CentralError) as exc:
            if isinstance(exc, CentralError) and not exc.transient:
                return Outcome.warning("The central system refused this drop-off.", exc.info.message)
            log.info("quoting offline: %s", exc)
            return self._offline_quote(dropoff)
        provider = answer["provider"]
        return Quote(php(answer["amountDue"]), provider.get("displayName") or provider["name"], offline=False)

    def _offline_quote(self, dropoff: DropOff) -> Quote | Outcome:
        rates = self.dropoffs.rates
        if rates is None:
            return Outcome.warning("Cannot price a drop-off offline yet.",
                                   "This counter has no rate table from the central system yet. Try again online.")
        return Quote(rates.fee(dropoff.delivery_type, dropoff.amount_collect), PROVIDER_LATER, offline=True)

    def accept(self, dropoff: DropOff, quote: Quote, cash: str) -> Outcome:
        """The fee collected: one transaction with the number, the event, the payment, label and receipt."""
        try:
            tendered = php(cash)
        except MoneyError as exc:
            return Outcome.warning(f"{exc} Type the cash received, like 200.", f"Fee: {format_php(quote.fee)}.")
        if tendered < quote.fee:
            return Outcome.warning(f"{format_php(tendered)} is less than the {format_php(quote.fee)} fee.",
                                   "Nothing was recorded.")
        change = tendered - quote.fee
        try:
            with self.db.transaction():
                number = self.dropoffs.take_number()
                label_job = self.queue(self._label(number, dropoff))
                receipt_job = self.queue(self._receipt(number, dropoff, quote, tendered, change))
                key = self.outbox.add(number, "dropoff", dropoff_event(
                    number, dropoff, fee=f"{quote.fee:.2f}", provider=quote.provider,
                    store_id=self.store.store_id, terminal_id=self.store.terminal_id,
                    timestamp=self.clock.iso()))
                self.dropoffs.record(number, dropoff, fee=quote.fee, provider=quote.provider,
                                     quoted_offline=quote.offline)
                self.payments.record(number, quote.fee, tendered, change, event_key=key, print_job=receipt_job,
                                     kind=DROPOFF_FEE)
                open_drawer(self.db, self.routes)  # the cash goes in now, or the kick is dropped
                self.journal.record("dropped-off", number, fee=f"{quote.fee:.2f}", tendered=f"{tendered:.2f}",
                                    change=f"{change:.2f}", offline=quote.offline, event=key, label_job=label_job)
        except NoTrackingNumber:
            return Outcome.stop("No tracking numbers left on this counter: nothing was recorded.",
                                "The central system sends more when this counter is online. Give the cash back.")
        return Outcome(Tone.OK, f"Change: {format_php(change)}",
                       f"Tracking number {number}. The label and the receipt are printing: stick the label on the "
                       f"parcel and keep it behind the counter for pick-up.", recorded=True)

    def _label(self, number: str, dropoff: DropOff):
        to_store = dropoff.delivery_type == "STORE"
        return shipping_label(
            tracking_number=number, sender="Walk-in seller", mobile=dropoff.mobile_number,
            destination=f"STORE {dropoff.destination}" if to_store else "DOOR DELIVERY",
            destination_name="" if to_store else dropoff.destination,
            route=f"{self.store.store_id} → {dropoff.destination if to_store else 'door'}",
            collect=format_php(dropoff.amount_collect) if dropoff.amount_collect > 0 else None,
            reference=number, to_door=not to_store)

    def _receipt(self, number: str, dropoff: DropOff, quote: Quote, tendered: Decimal, change: Decimal):
        destination = f"Store {dropoff.destination}" if dropoff.delivery_type == "STORE" else dropoff.destination
        return dropoff_receipt(
            self.store, tracking_number=number, destination=destination,
            provider="chosen by the central system" if quote.provider == PROVIDER_LATER else quote.provider,
            fee=format_php(quote.fee), amount_collect=format_php(dropoff.amount_collect),
            tendered=format_php(tendered), change=format_php(change),
            accepted_at=self.clock.local_stamp(), reference=number[-8:])
