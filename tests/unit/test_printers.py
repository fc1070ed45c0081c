"""Receipts checked by independent readers: zxing-cpp decodes the barcodes we draw."""

from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from printers import escpos, pdf
from printers.documents import Document, StoreHeader, claim_receipt
from printers.profiles import RECEIPT_PROFILES
from printers.status import escpos_state
from printers.transports import Transport
from printers.virtual import VirtualPrinter
from tests.helpers.oracles import emupos_print, emupos_status

STORE = StoreHeader("0166", "7-Eleven Ortigas Avenue", "T1")


def receipt(tracking_number="76050795432071363") -> Document:
    return claim_receipt(
        STORE,
        tracking_number=tracking_number,
        claim_code="9755-4257-4904",
        merchant="Merchant A (001)",
        description="Wireless earbuds",
        shelf_slot="D-01",
        released_at="2026-11-23 19:40",
        reference="a1b2c3d4",
    )


def decode_pdf(data: bytes, dpi: int) -> list[tuple[str, str]]:
    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=dpi / 72).to_pil()
    return [(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("dpi", [203, 300])
def test_the_pdf_receipt_barcode_decodes_to_the_tracking_number(dpi):
    assert decode_pdf(pdf.render(receipt()), dpi) == [("Code128", "76050795432071363")]


def test_the_document_survives_a_trip_through_json():
    doc = receipt()
    assert Document.from_json(doc.to_json()) == doc


def test_pdf_labels_are_100_mm_wide_and_scan_at_the_label_printers_dpi():
    from printers.documents import shipping_label

    document = shipping_label(tracking_number="76050795432071363", sender="Merchant A (001)", mobile="09171234567",
                              destination="STORE 0166", destination_name="7-Eleven Ortigas", route="CDI Pasig → 0166",
                              collect=None, reference="R-1")
    data = pdf.render(document, page_width=pdf.LABEL_WIDTH)
    assert round(pypdfium2.PdfDocument(data)[0].get_width() / 72 * 25.4) == 100
    assert set(decode_pdf(data, 203)) == {("Code128", "76050795432071363"), ("QRCode", "76050795432071363")}


def test_escpos_code128_puts_one_byte_per_digit_pair_in_code_set_c():
    assert escpos.code128_data("76050795432071363") == "{C" + "".join(map(chr, [76, 5, 7, 95, 43, 20, 71, 36])) + "{B3"
    assert escpos.code128_data("1234") == "{C\x0c\x22"
    assert escpos.code128_data("AB-1") == "{BAB-1"


def test_escpos_receipt_has_the_barcode_command_text_and_a_cut():
    data = escpos.render(receipt())
    code = escpos.code128_data("76050795432071363").encode()
    assert b"\x1dkI" + bytes([len(code)]) + code in data
    assert b"ACKNOWLEDGEMENT RECEIPT" in data
    assert b"9755-4257-4904" in data
    assert data.endswith(b"\x1dVA\x00") or b"\x1dV" in data[-8:]


def test_the_virtual_printer_writes_pdf_and_escpos_files(tmp_path):
    paths = [Path(line) for line in VirtualPrinter(tmp_path).print(7, receipt()).splitlines()]
    assert [p.name for p in paths] == ["000007-claim-receipt.pdf", "000007-claim-receipt.escpos"]
    assert paths[0].read_bytes().startswith(b"%PDF")
    assert paths[1].read_bytes() == escpos.render(receipt())
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("profile", list(RECEIPT_PROFILES.values()), ids=list(RECEIPT_PROFILES))
def test_receipts_print_on_an_emulated_epson_with_their_text_and_codes(tmp_path, profile):
    document = receipt()
    document.pair("Branch", "Parañaque Sucat").pair("Amount due", "₱1,250.00").qr("9755-4257-4904")
    receipts, events = emupos_print(escpos.render(document, profile), tmp_path)
    assert events == []  # no unknown command, no unsupported code page
    assert len(receipts) == 1
    text = receipts[0].text
    for expected in ("ACKNOWLEDGEMENT RECEIPT", "9755-4257-4904", "Merchant A (001)", "D-01", "PHP 0.00 (prepaid)",
                     "Parañaque Sucat", "PHP 1,250.00"):
        assert expected in text
    lines = text.splitlines()
    assert {len(line) for line in lines if line.startswith("----")} == {profile.columns}  # rules span the paper
    assert all(len(line) <= profile.columns for line in lines if line.startswith(("Shelf slot", "Amount", "Branch")))
    assert max(len(line) for line in lines if not line.startswith("[")) <= profile.width_dots // 9  # font B
    decoded = {(b.format.name, b.text) for b in zxingcpp.read_barcodes(Image.open(receipts[0].png))}
    assert decoded == {("Code128", "76050795432071363"), ("QRCode", "9755-4257-4904")}


class AnsweringTransport(Transport):
    """A two-way transport whose printer answers DLE EOT n with the bytes given."""

    two_way = True

    def __init__(self, answers: dict[int, bytes]):
        self.answers = answers

    def query(self, request: bytes, reply_length: int, timeout: float = 1.0) -> bytes:
        assert request[:2] == b"\x10\x04" and reply_length == 1
        return self.answers[request[2]]


@pytest.mark.parametrize(
    ("faults", "expected"),
    [
        ((), "ready"),
        (("paper-out",), "out of paper: put in a new roll"),
        (("cover-open",), "the cover is open: close it"),
        (("paper-near-end",), "paper is running low"),
        (("offline",), "offline: check the printer"),
        (("cover-open", "paper-out"), "out of paper: put in a new roll"),
    ],
)
def test_the_status_parser_reads_the_emulated_epsons_own_answers(faults, expected):
    state = escpos_state(AnsweringTransport(emupos_status(*faults)))
    assert state.describe() == expected
    assert state.ready is (expected in ("ready", "paper is running low"))


def test_a_long_line_wraps_on_the_paper_instead_of_running_off_it():
    step = "3. Do it by 2026-11-30. After that, this code no longer works, and the item stays with you."
    page = pypdfium2.PdfDocument(pdf.render(Document("return-slip").text(step)))[0]
    text = page.get_textpage().get_text_range()
    assert " ".join(text.split()) == step  # every word on the page
    assert len(text.strip().splitlines()) >= 2  # on more than one line of an 80 mm receipt
