"""Fulfilling a web order (seed 003). Picking: the pick list prints, each scanned item is matched to a
line, and the order is marked picked, with the lines short and why; what is picked so far is kept,
so a pick can be finished later, even after a restart. Delivering: the receiver's address label
prints and the order is marked delivered, with the sale bound to its OrderNo (the payment is the
integrator's). Every step is recorded first (outbox, journal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.clock import now_iso
from app.domain.events import weborder_event
from app.domain.picking import NotThisOrder, PickLine, candidates, lines_of
from app.domain.weborders import WebOrderStatus
from app.services.outcome import Outcome, Tone
from app.services.usecase import CounterUseCase
from app.store import WebOrderCache
from printers.documents import address_label, pick_list


@dataclass(frozen=True)
class PickAnswer:
    outcome: Outcome
    lines: list[PickLine] = field(default_factory=list)
    choices: list[PickLine] = field(default_factory=list)  # one EAN fits these lines: the clerk chooses
    done: bool = False  # the order is picked
    short: bool = False  # finishing waits for the reason some lines are short


class FulfilmentService(CounterUseCase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = WebOrderCache(self.db)

    def open(self, order_no: str) -> PickAnswer:
        """Start picking a pending order (its pick list prints), or resume one being picked."""
        order = self.orders.get(order_no)
        if order is None:
            return PickAnswer(Outcome.warning(f"Web order {order_no} is not known here."))
        status = WebOrderStatus[order["Status"]]
        if status is WebOrderStatus.PENDING:
            with self.db.transaction():
                self.orders.set_status(order_no, WebOrderStatus.PICKING)
                self._event(order_no, WebOrderStatus.PICKING)
                self.queue(self._pick_list(order))
                self.journal.record("picking-started", order_no)
            return self._answer(order_no, Tone.NEXT, "Picking: the pick list is printing. Scan each item.",
                                recorded=True)
        if status is WebOrderStatus.PICKING:
            return self._answer(order_no, Tone.NEXT, "Picking resumed. Scan each item.")
        return PickAnswer(Outcome.warning(f"Web order {order_no} is {status.name.lower()}: nothing to pick."))

    def scan(self, order_no: str, text: str, gtin: str | None = None, variant_id: str | None = None) -> PickAnswer:
        """One scanned item (or the clerk's choice among lines sharing its EAN)."""
        lines = lines_of(self.orders.get(order_no), self.orders.picked(order_no))
        try:
            fits = candidates(lines, variant_id or text, None if variant_id else gtin)
        except NotThisOrder as exc:
            return PickAnswer(Outcome(Tone.STOP, str(exc)), lines)
        if len(fits) > 1:
            return PickAnswer(Outcome(Tone.NEXT, "This barcode fits more than one item: which is it?",
                                      "Press the number of the item in your hand."), lines, fits)
        line = fits[0]
        with self.db.transaction():
            self.orders.add_picked(order_no, line.variant_id)
            self.journal.record("picked-item", order_no, variant=line.variant_id)
        left = line.missing - 1
        return self._answer(order_no, Tone.OK, f"{line.name}: {line.picked + 1} of {line.quantity}"
                            + ("" if left else ", all there."))

    def finish(self, order_no: str, short_reason: str = "") -> PickAnswer:
        """Mark the order picked; lines not all there need a reason, recorded with it."""
        lines = lines_of(self.orders.get(order_no), self.orders.picked(order_no))
        short = [line for line in lines if line.missing > 0]
        if short and not short_reason.strip():
            missing = ", ".join(f"{line.missing} × {line.name}" for line in short)
            return PickAnswer(Outcome.warning(f"Short: {missing}.", "Type why (out of stock, damaged…), then F10."),
                              lines, short=True)
        details = {"lines": [{"VariantId": line.variant_id, "Quantity": line.picked} for line in lines if line.picked],
                   "shortPicks": [{"VariantId": line.variant_id, "Quantity": line.missing,
                                   "Reason": short_reason.strip()} for line in short]}
        with self.db.transaction():
            self.orders.set_status(order_no, WebOrderStatus.PICKED)
            self._event(order_no, WebOrderStatus.PICKED, details)
            self.journal.record("picked", order_no, short=len(short), reason=short_reason.strip())
        title = f"Web order {order_no} picked" + (f", {len(short)} line(s) short." if short else ", complete.")
        return PickAnswer(Outcome(Tone.OK, title, "Pack it for delivery.", recorded=True), lines, done=True)

    def deliver(self, order_no: str) -> Outcome:
        """A picked order handed over or sent: the address label, DELIVERED and the sale of what was picked."""
        order = self.orders.get(order_no)
        if order is None or order["Status"] != WebOrderStatus.PICKED.name:
            status = order["Status"].lower() if order else "not known here"
            return Outcome.warning(f"Web order {order_no} is {status}: only a picked order is delivered.",
                                   "Pick it first (Ctrl+P).")
        lines = [line for line in lines_of(order, self.orders.picked(order_no)) if line.picked]
        sold = [{"VariantId": line.variant_id, "Ean": line.ean, "Name": line.name, "Quantity": line.picked,
                 "Price": next(o["Price"] for o in order["Lines"] if o["VariantId"] == line.variant_id)}
                for line in lines]
        with self.db.transaction():
            self.orders.set_status(order_no, WebOrderStatus.DELIVERED)
            self._event(order_no, WebOrderStatus.DELIVERED, {"lines": sold, "sale": True})
            self.queue(address_label(order, sum(line.picked for line in lines)))
            self.journal.record("delivered", order_no, items=sum(line.picked for line in lines))
        turnover = order.get("TurnoverShopId")
        return Outcome(Tone.OK, f"Web order {order_no} delivered: the address label is printing.",
                       f"The sale is recorded against {order_no}"
                       + (f" for turnover shop {turnover}, and the items move there." if turnover else ".")
                       + " The payment is the web shop's.", recorded=True)

    def _event(self, order_no: str, status: WebOrderStatus, details: dict | None = None) -> None:
        self.outbox.add(order_no, "weborder-status", weborder_event(
            order_no, status.name, store_id=self.store.store_id, terminal_id=self.store.terminal_id, details=details))

    def _answer(self, order_no: str, tone: Tone, title: str, *, recorded: bool = False) -> PickAnswer:
        lines = lines_of(self.orders.get(order_no), self.orders.picked(order_no))
        left = sum(line.missing for line in lines)
        detail = f"{left} item(s) still to pick." if left else "Everything is there: F10 finishes."
        return PickAnswer(Outcome(tone, title, detail, recorded=recorded), lines)

    def _pick_list(self, order: dict):
        return pick_list(shop=self.store.store_id, order_no=order["OrderNo"],
                         customer=(order.get("Customer") or {}).get("Name", ""),
                         created_at=str(order.get("CreatedAt") or now_iso())[:16].replace("T", " "),
                         lines=[{"quantity": line.quantity, "name": line.name, "location": line.location,
                                 "variant_id": line.variant_id, "ean": line.ean}
                                for line in lines_of(order, {})])
