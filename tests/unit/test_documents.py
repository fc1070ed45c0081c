"""Every document, through every renderer that prints it, read back by independent readers.

ESC/POS goes through the emupos printer emulator (no unknown commands, the text as intended, every
code decodes); PDF is rasterised at 300 dpi and at a label printer's 203 dpi; labels and slips also
through zplkit. zxing-cpp reads every barcode and QR.
"""

from __future__ import annotations

import ast
import inspect
import io

import pypdfium2
import pytest
import zplkit
import zxingcpp
from PIL import Image

from printers import documents as d
from printers import escpos, pdf, zpl
from printers.profiles import RECEIPT_PROFILES
from tests.helpers.oracles import emupos_print

STORE = d.StoreHeader("0166", "7-Eleven Ortigas Avenue", "T1")
TN = "76050795432071363"

DOCUMENTS = {
    "claim-receipt": d.claim_receipt(STORE, tracking_number=TN, claim_code="9755-4257-4904", merchant="Merchant A (001)",
                                     description="Earbuds", shelf_slot="D-01", released_at="2026-11-23 19:40",
                                     reference="a1b2c3d4"),
    "pay-and-claim-receipt": d.pay_and_claim_receipt(
        STORE, tracking_number=TN, reference_code="8123-4567-8901", merchant="Merchant B (002)",
        description="Rice cooker", shelf_slot="B-02", amount_due="₱1,250.00", tendered="₱1,500.00",
        change="₱250.00", released_at="2026-11-23 19:41", reference="b2c3d4e5"),
    "return-receipt": d.return_accepted_receipt(STORE, return_code="1822-1234-2345", tracking_number=TN,
                                                merchant="Merchant A (001)", item="Jacket, L · order AXDY43322222524544",
                                                accepted_at="2026-11-23 19:42", reference="c3d4e5f6"),
    "dropoff-receipt": d.dropoff_receipt(STORE, tracking_number=TN, destination="Store 0234, Las Piñas",
                                         provider="Point Pickup", fee="₱97.50", amount_collect="₱500.00",
                                         tendered="₱100.00", change="₱2.50", accepted_at="2026-11-23 19:43",
                                         reference="d4e5f6a7"),
    "return-slip": d.return_slip(STORE, return_code="1822-1234-2345", tracking_number=TN, merchant="Merchant A",
                                 valid_until="2026-11-30",
                                 instructions=["Bring the item and this slip to the counter.",
                                               "The clerk scans the code and gives you a receipt."]),
    "pick-list": d.pick_list(shop="0166", order_no="WEB-1001", customer="Maria Santos", created_at="2026-11-23 10:00",
                             lines=[{"quantity": 2, "name": "Bottled water 500 ml", "location": "Aisle 1, chiller",
                                     "variant_id": "V-1001", "ean": "4800016644291"},
                                    {"quantity": 1, "name": "Phone charger USB-C", "location": "Counter",
                                     "variant_id": "V-1005", "ean": ""}]),
    "apo-list": d.apo_list(STORE, apo_number="APO-0166-20261123-1", generated_at="2026-11-23 18:00",
                           items=[{"tracking_number": TN, "reason": "UNCLAIMED", "merchant": "Merchant A"},
                                  {"tracking_number": "30829795086363076", "reason": "RETURNED",
                                   "merchant": "Merchant B"}]),
    "shift-report": d.shift_report(STORE, shift="T1 2026-11-23 06:00-14:00", closed_at="2026-11-23 14:02",
                                   sections=[("Cash", [("Pay & claim", "₱3,750.00"), ("Drop-off fees", "₱292.50")]),
                                             ("Counts", [("Claims", "41"), ("Returns", "6")])]),
    "test-page": d.printer_test_page("receipt (tcp://10.0.0.5:9100)", [("Profile", "Epson TM-T20, 80 mm")]),
    "shipping-label": d.shipping_label(tracking_number=TN, sender="Juan dela Cruz", mobile="09171234567",
                                       destination="0234", destination_name="7-Eleven Las Piñas", route="NCR-S",
                                       collect="₱500.00", reference=TN),
    "address-label": d.address_label({"OrderNo": "WEB-2041", "WebShopId": "shop-1",
                                      "Customer": {"Name": "Maria Santos", "Phone": "09171234567"},
                                      "DeliveryAddress": {"Name": "Maria Santos", "Street": "12 Ortigas Ave",
                                                          "City": "Pasig", "PostalCode": "1600"}}, items=3),
    "weborder-return-receipt": d.weborder_return_receipt(
        STORE, order_no="WEB-2041", web_shop="shop-1", returned_at="2026-11-23 19:44",
        items=[("2 x Bottled water 500 ml", "₱50.00")], refund="₱50.00", refund_at_register=True),
}


def expected_codes(document: d.Document) -> set[tuple[str, str]]:
    names = {"barcode": "Code128", "qr": "QRCode"}
    return {(names[b["type"]], b["value"]) for b in document.blocks if b["type"] in names}


def decoded(image: Image.Image) -> set[tuple[str, str]]:
    return {(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)}


def kinds_made_in(module) -> set[str]:
    """Every kind a `Document(...)` call in the module's source names, by literal or by constant (a
    reprint keeps its original's kind)."""
    found = set()
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Document" and node.args:
            kind = node.args[0]
            if isinstance(kind, ast.Constant):
                found.add(kind.value)
            elif isinstance(kind, ast.Name):
                found.add(getattr(module, kind.id))
    return found


def test_every_kind_of_document_is_here():
    assert {doc.kind for doc in DOCUMENTS.values()} == set(DOCUMENTS)  # each keyed by its own kind
    assert set(DOCUMENTS) == kinds_made_in(d)


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_escpos_prints_on_the_emulated_epson_and_every_code_scans(kind, tmp_path):
    document = DOCUMENTS[kind]
    receipts, events = emupos_print(escpos.render(document, RECEIPT_PROFILES["epson-tm-t20"]), tmp_path)
    assert events == []
    assert len(receipts) == 1
    assert decoded(Image.open(receipts[0].png)) == expected_codes(document)
    assert "₱" not in receipts[0].text  # spelled PHP: no code page has the peso sign
    if "ñ" in str(document.blocks):
        assert "ñ" in receipts[0].text  # CP858 has it


@pytest.mark.parametrize("kind", DOCUMENTS)
@pytest.mark.parametrize("dpi", [300, 203])
def test_pdf_codes_scan_at_office_and_label_printer_resolutions(kind, dpi):
    document = DOCUMENTS[kind]
    page = pypdfium2.PdfDocument(pdf.render(document))[0]
    assert decoded(page.render(scale=dpi / 72).to_pil()) == expected_codes(document)


@pytest.mark.parametrize("kind", ["return-slip", "test-page", "shipping-label", "address-label"])
@pytest.mark.parametrize("media", [zpl.LABEL_4X6_203, zpl.LABEL_4X6_300], ids=["203dpi", "300dpi"])
def test_label_sized_documents_render_strictly_in_zpl_and_scan(kind, media):
    document = DOCUMENTS[kind]
    rendered = zplkit.render(zpl.render(document, media), zplkit.Options(profile="zd621", dpi=media.dpi))
    assert decoded(Image.open(io.BytesIO(rendered.labels[0].png()))) == expected_codes(document)


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_the_png_preview_shows_real_codes(kind):
    from printers import png

    image = Image.open(io.BytesIO(png.render(DOCUMENTS[kind])))
    assert image.width == png.WIDTH
    assert decoded(image) == expected_codes(DOCUMENTS[kind])
