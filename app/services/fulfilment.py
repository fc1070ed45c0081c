"""Fulfilling a web order (seed 003). Picking: the pick list prints (and is kept as a PDF), each
scanned item is matched to a line, and the order is marked picked, with the lines short and why; what
is picked so far is kept, so a pick can be finished later, even after a restart. Delivering: the
receiver's address label prints and the order is marked delivered, with the sale bound to its OrderNo
(the payment is the integrator's). Returning: items handed over come back, and the group's return
policy says whether the register refunds them (cash out, on the shift report) or the web shop does.
Every step is recorded first (outbox, journal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from app.bus.claims import pick
from app.domain.events import weborder_event
from app.domain.money import format_php
from app.domain.picking import NotThisOrder, PickLine, candidates, lines_of, sold_lines
from app.domain.weborders import REFUND_AT_REGISTER, WebOrderStatus
from app.services.outcome import Outcome, Tone
from app.services.printing import open_drawer, save_pdf
from app.services.usecase import CounterUseCase
from app.store import UsedClaim, WebOrderCache
from printers.documents import address_label, pick_list, weborder_return_receipt


@dataclass(frozen=True)
class PickAnswer:
    outcome: Outcome
    lines: list[PickLine] = field(default_factory=list)
    choices: list[PickLine] = field(default_factory=list)  # one EAN fits these lines: the clerk chooses
    done: bool = False  # the order is picked
    short: bool = False  # finishing waits for the reason some lines are short


@dataclass(frozen=True)
class ReturnOffer:
    """What the customer of a delivered order may bring back, and who refunds it."""
    order_no: str
    web_shop: str
    turnover_shop: str | None
    refund_at_register: bool
    lines: list[PickLine]  # `picked` is how many were handed over
    prices: dict[str, Decimal]

    def refund(self, returned: dict[str, int]) -> Decimal:
        return sum((self.prices[variant] * count for variant, count in returned.items()), Decimal("0.00"))


class FulfilmentService(CounterUseCase):
    def __init__(self, *args, reports_dir: Path, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = WebOrderCache(self.db)
        self.reports_dir = reports_dir

    def open(self, order_no: str) -> PickAnswer:
        """Start picking a pending order (its pick list prints), or resume one being picked."""
        order = self.orders.get(order_no)
        if order is None:
            return PickAnswer(Outcome.warning(f"Web order {order_no} is not known here."))
        status = WebOrderStatus[order["Status"]]
        if status in (WebOrderStatus.PENDING, WebOrderStatus.PICKING):
            claim = self.claim(pick(order_no), f"Web order {order_no} is being picked at another counter.",
                               "Leave it to them; pick another order.")
            if isinstance(claim, Outcome):
                return PickAnswer(claim)
        if status is WebOrderStatus.PENDING:
            document = self._pick_list(order)
            with self.using(claim):
                self.orders.set_status(order_no, WebOrderStatus.PICKING)
                self._event(order_no, WebOrderStatus.PICKING, claims=[claim])
                self.queue(document)
                self.journal.record("picking-started", order_no)
            save_pdf(document, self.reports_dir, f"pick-list-{order_no}")  # to pick from a sheet
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
        lines = sold_lines(order, self.orders.picked(order_no))
        prices = _prices(order)
        sold = [{"VariantId": line.variant_id, "Ean": line.ean, "Name": line.name, "Quantity": line.picked,
                 "Price": f"{prices[line.variant_id]:.2f}"} for line in lines]
        label = address_label(order, sum(line.picked for line in lines))
        with self.db.transaction():
            self.orders.set_status(order_no, WebOrderStatus.DELIVERED)
            self._event(order_no, WebOrderStatus.DELIVERED, {"lines": sold, "sale": True})
            self.queue(label)
            self.journal.record("delivered", order_no, items=sum(line.picked for line in lines))
        copy = save_pdf(label, self.reports_dir, f"address-label-{order_no}")
        fallback = f" If the label printer is down, print {copy} on any printer." if copy else ""
        turnover = order.get("TurnoverShopId")
        return Outcome(Tone.OK, f"Web order {order_no} delivered: the address label is printing.",
                       f"The sale is recorded against {order_no}"
                       + (f" for turnover shop {turnover}, and the items move there." if turnover else ".")
                       + " The payment is the web shop's." + fallback, recorded=True)

    def returnable(self, order_no: str) -> ReturnOffer | Outcome:
        """A delivered order's items that may come back, or why nothing may."""
        order = self.orders.get(order_no)
        if order is None or order["Status"] != WebOrderStatus.DELIVERED.name:
            status = order["Status"].lower() if order else "not known here"
            return Outcome.warning(f"Web order {order_no} is {status}: only a delivered order's items come back.")
        return ReturnOffer(order_no, order.get("WebShopId", ""), order.get("TurnoverShopId"),
                           order.get("ReturnPolicy") == REFUND_AT_REGISTER,
                           sold_lines(order, self.orders.picked(order_no)), _prices(order))

    def take_back(self, order_no: str, returned: dict[str, int], *, approved_by: str = "") -> Outcome:
        """Items the customer brings back (variant → how many): RETURNED, the receipt, and the refund
        from the register (the drawer opens) when the order's return policy says so; `approved_by`,
        the supervisor who approved the refund, if one did, goes into the journal."""
        offer = self.returnable(order_no)
        if isinstance(offer, Outcome):
            return offer
        sold = {line.variant_id: line for line in offer.lines}
        back = {variant: count for variant, count in returned.items() if count}
        if not back:
            return Outcome.warning("Nothing is taken back.", "Set how many of each item the customer returns.")
        if any(variant not in sold or not 0 < count <= sold[variant].picked for variant, count in back.items()):
            return Outcome.warning("More is returned than was handed over.", "Check the items and the counts.")
        refund = offer.refund(back)
        items = [(f"{count} x {sold[variant].name}", format_php(offer.prices[variant] * count))
                 for variant, count in back.items()]
        lines = [{"VariantId": variant, "Name": sold[variant].name, "Quantity": count,
                  "Price": f"{offer.prices[variant]:.2f}"} for variant, count in back.items()]
        with self.db.transaction():
            self.orders.set_status(order_no, WebOrderStatus.RETURNED)
            self._event(order_no, WebOrderStatus.RETURNED, {"lines": lines, "refund": f"{refund:.2f}",
                                                            "refundAtRegister": offer.refund_at_register})
            self.queue(weborder_return_receipt(
                self.store, order_no=order_no, web_shop=offer.web_shop, items=items, refund=format_php(refund),
                returned_at=self.clock.local_stamp(), refund_at_register=offer.refund_at_register))
            if offer.refund_at_register:
                open_drawer(self.db, self.routes)
            self.journal.record("weborder-returned", order_no, items=sum(back.values()),
                                refund=f"{refund if offer.refund_at_register else 0:.2f}",
                                refund_by_web_shop=f"{0 if offer.refund_at_register else refund:.2f}",
                                **({"approved_by": approved_by} if approved_by else {}))
        done = (f"Web order {order_no}: {sum(back.values())} item(s) taken back; the receipt is printing."
                + (f" The items move back here from turnover shop {offer.turnover_shop}." if offer.turnover_shop
                   else ""))
        if offer.refund_at_register:
            return Outcome(Tone.OK, f"Refund {format_php(refund)} in cash to the customer.", done, recorded=True)
        return Outcome(Tone.OK, f"No refund at the register: {offer.web_shop} refunds {format_php(refund)}.",
                       "Tell the customer the web shop pays it back the way they paid. " + done, recorded=True)

    def _event(self, order_no: str, status: WebOrderStatus, details: dict | None = None, *,
               claims: list[UsedClaim] | None = None) -> None:
        self.outbox.add(order_no, "weborder-status", weborder_event(
            order_no, status.name, store_id=self.store.store_id, terminal_id=self.store.terminal_id,
            timestamp=self.clock.iso(), details=details), claims=claims or ())

    def _answer(self, order_no: str, tone: Tone, title: str, *, recorded: bool = False) -> PickAnswer:
        lines = lines_of(self.orders.get(order_no), self.orders.picked(order_no))
        left = sum(line.missing for line in lines)
        detail = f"{left} item(s) still to pick." if left else "Everything is there: F10 finishes."
        return PickAnswer(Outcome(tone, title, detail, recorded=recorded), lines)

    def _pick_list(self, order: dict):
        return pick_list(shop=self.store.store_id, order_no=order["OrderNo"],
                         customer=(order.get("Customer") or {}).get("Name", ""),
                         created_at=str(order.get("CreatedAt") or self.clock.iso())[:16].replace("T", " "),
                         lines=[{"quantity": line.quantity, "name": line.name, "location": line.location,
                                 "variant_id": line.variant_id, "ean": line.ean}
                                for line in lines_of(order, {})])


def _prices(order: dict) -> dict[str, Decimal]:
    return {line["VariantId"]: Decimal(line["Price"]) for line in order["Lines"]}
