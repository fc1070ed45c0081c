"""Documents as a neutral layout: a list of blocks any renderer can draw.

A document is plain JSON-able data, so it is stored with the print job and can be rendered again
(reprint, another printer) long after the counter action that made it.

Block types: ``text`` (style: title | heading | normal | small; align: left | center),
``pair`` (label and value on one line), ``rule``, ``barcode`` (Code 128), ``qr``, ``space``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    kind: str
    blocks: list[dict] = field(default_factory=list)

    def text(self, text: str, style: str = "normal", align: str = "left") -> Document:
        self.blocks.append({"type": "text", "text": text, "style": style, "align": align})
        return self

    def pair(self, label: str, value: str) -> Document:
        self.blocks.append({"type": "pair", "label": label, "value": value})
        return self

    def rule(self) -> Document:
        self.blocks.append({"type": "rule"})
        return self

    def barcode(self, value: str) -> Document:
        self.blocks.append({"type": "barcode", "value": value})
        return self

    def qr(self, value: str) -> Document:
        self.blocks.append({"type": "qr", "value": value})
        return self

    def space(self) -> Document:
        self.blocks.append({"type": "space"})
        return self

    def to_json(self) -> dict:
        return {"kind": self.kind, "blocks": self.blocks}

    def lines(self) -> list[str]:
        """What the document says, a line a block, for a person to compare with a printout."""
        said = {"text": lambda b: b["text"], "pair": lambda b: f"{b['label']}: {b['value']}",
                "barcode": lambda b: f"[barcode {b['value']}]", "qr": lambda b: f"[QR code {b['value']}]"}
        return [said[block["type"]](block) for block in self.blocks if block.get("type") in said]

    @classmethod
    def from_json(cls, data: dict) -> Document:
        return cls(kind=data["kind"], blocks=list(data["blocks"]))


@dataclass(frozen=True)
class StoreHeader:
    store_id: str
    store_name: str
    terminal_id: str


def _header(doc: Document, store: StoreHeader, title: str) -> None:
    doc.text("7-ELEVEN", "title", "center")
    doc.text(store.store_name or f"Store {store.store_id}", "normal", "center")
    doc.text(f"Store {store.store_id} · Terminal {store.terminal_id}", "small", "center")
    doc.rule()
    doc.text(title, "heading", "center")


def _parcel_pairs(doc: Document, released_at: str, merchant: str, description: str) -> None:
    doc.pair("Date", released_at)
    doc.pair("Merchant", merchant)
    if description:
        doc.pair("Item", description)


def _tracking_barcode(doc: Document, tracking_number: str) -> None:
    doc.text("Tracking number", "small", "center")
    doc.barcode(tracking_number)


def claim_receipt(
    store: StoreHeader,
    *,
    tracking_number: str,
    claim_code: str,
    merchant: str,
    description: str,
    shelf_slot: str,
    released_at: str,
    reference: str,
) -> Document:
    """The acknowledgement receipt the POS releases when a prepaid parcel is claimed (seed 000)."""
    doc = Document("claim-receipt")
    _header(doc, store, "ACKNOWLEDGEMENT RECEIPT")
    doc.text("Parcel claimed · prepaid", "normal", "center")
    doc.rule()
    _parcel_pairs(doc, released_at, merchant, description)
    doc.pair("Claim code", claim_code)
    doc.pair("Shelf slot", shelf_slot or "-")
    doc.pair("Amount paid", "PHP 0.00 (prepaid)")
    doc.rule()
    _tracking_barcode(doc, tracking_number)
    doc.space()
    doc.text("Received the parcel above in good order.", "small", "left")
    doc.space()
    doc.text("Customer signature: ______________________", "small", "left")
    doc.space()
    doc.text(f"Ref. {reference}", "small", "center")
    doc.text("Keep this receipt.", "small", "center")
    return doc


def masked_mobile(mobile: str) -> str:
    """``09171234567`` → ``0917***4567``: enough for the customer to recognise, not to harvest."""
    return mobile[:4] + "***" + mobile[-4:] if len(mobile) >= 8 else mobile


def shipping_label(
    *,
    tracking_number: str,
    sender: str,
    mobile: str,
    destination: str,
    destination_name: str,
    route: str,
    collect: str | None,
    reference: str,
    to_door: bool = False,
) -> Document:
    """The label on a parcel: where it goes, big; the tracking number as Code 128 and QR."""
    doc = Document("shipping-label")
    doc.text("7-ELEVEN · PARCEL PICKUP", "heading", "center")
    doc.text(destination, "title", "center")
    doc.text(destination_name, "normal", "center")
    doc.rule()
    doc.pair("From", sender)
    doc.pair("Customer mobile", masked_mobile(mobile))
    doc.pair("Route", route)
    doc.pair("Merchant reference", reference)
    doc.rule()
    prepaid = "PREPAID: deliver to the address" if to_door else "PREPAID: release with CLAIM CODE"
    doc.text(f"COLLECT {collect}" if collect else prepaid, "heading", "center")
    doc.rule()
    doc.barcode(tracking_number)
    doc.space()
    doc.qr(tracking_number)
    return doc


def address_label(order: dict, items: int) -> Document:
    """A web order's receiver address label (seed 003): who and where, big; the OrderNo as Code 128 and QR."""
    address = order.get("DeliveryAddress") or {}
    customer = order.get("Customer") or {}
    doc = Document("address-label")
    doc.text("WEB ORDER · DELIVER TO", "heading", "center")
    doc.text(address.get("Name") or customer.get("Name", ""), "title", "center")
    for key in ("Street", "Barangay", "City", "PostalCode"):
        if address.get(key):
            doc.text(str(address[key]), "heading", "center")
    doc.rule()
    doc.pair("Phone", masked_mobile(customer.get("Phone", "")))
    doc.pair("Web shop", order.get("WebShopId", ""))
    doc.pair("Items in the package", str(items))
    doc.rule()
    doc.barcode(order["OrderNo"])
    doc.space()
    doc.qr(order["OrderNo"])
    return doc


def as_reprint(document: Document, original_job: int, approved_by: str) -> Document:
    """The same document, headed so nobody takes it for the first copy."""
    marked = Document(document.kind)
    marked.text("*** REPRINT ***", "title", "center")
    marked.text(f"Copy of print job {original_job}, approved by {approved_by}", "small", "center")
    marked.rule()
    marked.blocks.extend(document.blocks)
    return marked


def pay_and_claim_receipt(
    store: StoreHeader,
    *,
    tracking_number: str,
    reference_code: str,
    merchant: str,
    description: str,
    shelf_slot: str,
    amount_due: str,
    tendered: str,
    change: str,
    released_at: str,
    reference: str,
) -> Document:
    """Cash on delivery (seed 000's PAY & CLAIM): what was due, what the customer gave, the change."""
    doc = Document("pay-and-claim-receipt")
    _header(doc, store, "ACKNOWLEDGEMENT RECEIPT")
    doc.text("Parcel paid and claimed · cash on delivery", "normal", "center")
    doc.rule()
    _parcel_pairs(doc, released_at, merchant, description)
    doc.pair("Reference code", reference_code)
    doc.pair("Shelf slot", shelf_slot or "-")
    doc.rule()
    doc.pair("Amount due", amount_due)
    doc.pair("Cash", tendered)
    doc.pair("Change", change)
    doc.rule()
    _tracking_barcode(doc, tracking_number)
    doc.space()
    doc.text(f"Ref. {reference}", "small", "center")
    doc.text("Keep this receipt.", "small", "center")
    return doc


def return_accepted_receipt(
    store: StoreHeader, *, return_code: str, tracking_number: str, merchant: str, item: str,
    accepted_at: str, reference: str,
) -> Document:
    """The customer's proof that the counter took the return (seed 001: POS releases an acknowledgement)."""
    doc = Document("return-receipt")
    _header(doc, store, "ACKNOWLEDGEMENT RECEIPT")
    doc.text("Return accepted", "normal", "center")
    doc.rule()
    doc.pair("Date", accepted_at)
    doc.pair("Merchant", merchant)
    doc.pair("Item", item)
    doc.pair("RETURN CODE", return_code)
    doc.rule()
    _tracking_barcode(doc, tracking_number)
    doc.space()
    doc.text("The merchant is told when the item reaches them.", "small", "left")
    doc.text(f"Ref. {reference}", "small", "center")
    return doc


def dropoff_receipt(
    store: StoreHeader, *, tracking_number: str, destination: str, provider: str, fee: str, amount_collect: str,
    tendered: str, change: str, accepted_at: str, reference: str,
) -> Document:
    """A seller's drop-off: where it goes, who carries it, the fee paid, what the receiver will pay."""
    doc = Document("dropoff-receipt")
    _header(doc, store, "DROP-OFF RECEIPT")
    doc.rule()
    doc.pair("Date", accepted_at)
    doc.pair("Deliver to", destination)
    doc.pair("Carried by", provider)
    doc.pair("Receiver pays", amount_collect)
    doc.rule()
    doc.pair("Shipping fee", fee)
    doc.pair("Cash", tendered)
    doc.pair("Change", change)
    doc.rule()
    _tracking_barcode(doc, tracking_number)
    doc.qr(tracking_number)
    doc.text(f"Ref. {reference}", "small", "center")
    return doc


def weborder_return_receipt(
    store: StoreHeader, *, order_no: str, web_shop: str, returned_at: str, items: list[tuple[str, str]],
    refund: str, refund_at_register: bool,
) -> Document:
    """Items of a web order taken back: what came back, and how the customer gets the money."""
    doc = Document("weborder-return-receipt")
    _header(doc, store, "WEB ORDER RETURN")
    doc.rule()
    doc.pair("Date", returned_at)
    doc.pair("Web order", order_no)
    doc.pair("Web shop", web_shop)
    for item, amount in items:
        doc.pair(item, amount)
    doc.rule()
    if refund_at_register:
        doc.pair("Refunded in cash", refund)
    else:
        doc.pair("Refund due", refund)
        doc.text(f"Not paid at this counter: {web_shop} refunds it to the way you paid.", "small", "left")
    doc.rule()
    doc.barcode(order_no)
    doc.text("Keep this receipt.", "small", "center")
    return doc


def return_slip(
    store: StoreHeader, *, return_code: str, tracking_number: str, merchant: str, valid_until: str,
    instructions: list[str],
) -> Document:
    """The kiosk's slip: the RETURN CODE as Code 128 and QR, and what to do next."""
    doc = Document("return-slip")
    _header(doc, store, "RETURN SLIP")
    doc.pair("Merchant", merchant)
    doc.pair("Valid until", valid_until)
    doc.pair("Tracking number", tracking_number)
    doc.rule()
    doc.text("RETURN CODE", "heading", "center")
    doc.text(return_code, "title", "center")
    doc.barcode(return_code)
    doc.qr(return_code)
    doc.rule()
    for step in instructions:
        doc.text(step, "normal", "left")
    return doc


def pick_list(
    *, shop: str, order_no: str, customer: str, created_at: str, lines: list[dict],
) -> Document:
    """A web order's pick list: each line with where to find it, how many, and its barcode to scan."""
    doc = Document("pick-list")
    doc.text("PICK LIST", "title", "center")
    doc.text(f"Web order {order_no} · shop {shop}", "normal", "center")
    doc.pair("Customer", customer)
    doc.pair("Ordered", created_at)
    doc.barcode(order_no)
    for line in lines:
        doc.rule()
        doc.text(f"{line['quantity']} x {line['name']}", "heading", "left")
        doc.pair("Where", line.get("location") or "-")
        doc.pair("Variant", line["variant_id"])
        doc.barcode(line["ean"] or line["variant_id"])
    doc.rule()
    doc.text("Scan each item as you pick it.", "small", "center")
    return doc


def apo_list(store: StoreHeader, *, apo_number: str, generated_at: str, items: list[dict]) -> Document:
    """The APO (authority to pull out): every item the trucker takes, each with its barcode."""
    doc = Document("apo-list")
    _header(doc, store, "AUTHORITY TO PULL OUT")
    doc.pair("APO", apo_number)
    doc.pair("Date", generated_at)
    doc.pair("Items", str(len(items)))
    for number, item in enumerate(items, start=1):
        doc.rule()
        doc.text(f"{number}. {item['reason']} · {item['merchant']}", "normal", "left")
        doc.barcode(item["tracking_number"])
    doc.rule()
    doc.text("Trucker's name and signature:", "small", "left")
    doc.space()
    doc.text("______________________________", "normal", "left")
    return doc


def shift_report(store: StoreHeader, *, shift: str, closed_at: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> Document:
    """A shift's totals: a titled section of figures each (cash by payment type, counts, waiting events)."""
    doc = Document("shift-report")
    _header(doc, store, "SHIFT REPORT")
    doc.pair("Shift", shift)
    doc.pair("Closed", closed_at)
    for title, figures in sections:
        doc.rule()
        doc.text(title, "heading", "left")
        for label, value in figures:
            doc.pair(label, value)
    return doc


TEST_PAGE = "test-page"


def printer_test_page(printer: str, details: list[tuple[str, str]]) -> Document:
    """What a technician prints to see that a printer, its paper and its codes work."""
    doc = Document(TEST_PAGE)
    doc.text("TEST PAGE", "title", "center")
    doc.text(printer, "normal", "center")
    doc.rule()
    for label, value in details:
        doc.pair(label, value)
    doc.rule()
    doc.text("Letters: Parañaque, Las Piñas, ₱1,234.50", "normal", "left")
    doc.barcode("76050795432071363")
    doc.qr("counterpos test page")
    return doc
