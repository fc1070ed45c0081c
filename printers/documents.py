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
    doc.pair("Date", released_at)
    doc.pair("Merchant", merchant)
    if description:
        doc.pair("Item", description)
    doc.pair("Claim code", claim_code)
    doc.pair("Shelf slot", shelf_slot or "-")
    doc.pair("Amount paid", "PHP 0.00 (prepaid)")
    doc.rule()
    doc.text("Tracking number", "small", "center")
    doc.barcode(tracking_number)
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
) -> Document:
    """The label a merchant sticks on a parcel: where it goes, big; the tracking number as Code 128 and QR."""
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
    doc.text(f"COLLECT {collect}" if collect else "PREPAID: release with CLAIM CODE", "heading", "center")
    doc.rule()
    doc.barcode(tracking_number)
    doc.space()
    doc.qr(tracking_number)
    return doc


def as_reprint(document: Document, original_job: int, approved_by: str) -> Document:
    """The same document, headed so nobody takes it for the first copy."""
    marked = Document(document.kind)
    marked.text("*** REPRINT ***", "title", "center")
    marked.text(f"Copy of print job {original_job}, approved by {approved_by}", "small", "center")
    marked.rule()
    marked.blocks.extend(document.blocks)
    return marked
