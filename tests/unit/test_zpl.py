"""ZPL labels checked by independent readers: zplkit renders them strictly, zxing-cpp decodes the codes."""

from __future__ import annotations

import pytest
import zxingcpp

from printers import zpl
from printers.documents import shipping_label
from tests.helpers.oracles import zpl_label


def label(tracking_number: str = "76050795432071363", **changes):
    fields = {"tracking_number": tracking_number, "sender": "Merchant A (001)", "mobile": "09171234567",
              "destination": "STORE 0166", "destination_name": "7-Eleven Parañaque Sucat",
              "route": "CDI Pasig → 0166", "collect": "₱1,250.00", "reference": "AXDY43322222524544", **changes}
    return shipping_label(**fields)


printed = zpl_label


@pytest.mark.parametrize("media", [zpl.LABEL_4X6_203, zpl.LABEL_4X6_300], ids=["203dpi", "300dpi"])
@pytest.mark.parametrize("tracking_number", ["76050795432071363", "30829795086363076", "1234567890123456"])
def test_the_label_renders_and_both_codes_decode_to_the_tracking_number(media, tracking_number):
    image = printed(zpl.render(label(tracking_number), media), media.dpi)
    assert image.size == (media.dots(101.6), media.dots(152.4))
    decoded = {(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)}
    assert decoded == {("Code128", tracking_number), ("QRCode", tracking_number)}


def test_an_odd_number_of_digits_ends_in_code_set_b_so_no_digit_is_lost():
    assert zpl.code128_field("76050795432071363") == ">;7605079543207136>63"
    assert zpl.code128_field("1234") == ">;1234"
    assert zpl.code128_field("AB-1") == ">:AB-1"


def test_text_is_folded_to_ascii_that_every_zebra_prints():
    data = zpl.render(label()).decode("ascii")
    assert "Paranaque" in data and "COLLECT PHP 1,250.00" in data and "CDI Pasig -> 0166" in data
    assert zpl.ascii_text("a^b~c") == "a b c"  # ZPL's own command characters never reach field data


def test_a_label_is_one_well_formed_format():
    data = zpl.render(label())
    assert data.startswith(b"^XA^CI28^PW812^LL1218") and data.endswith(b"^XZ") and data.count(b"^XA") == 1
