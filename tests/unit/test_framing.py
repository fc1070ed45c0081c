"""Scanner framing and scan decoding: terminators, pauses, prefixes, symbology identifiers, garbage."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scanners.events import scan_event
from scanners.framing import MAX_FRAME, Framer
from scanners.serial_scanner import ScannerOptions


def test_codes_split_on_the_terminator_and_across_reads():
    framer = Framer("CR")
    assert framer.feed(b"9755-4257") == []
    assert framer.feed(b"-4904\r\n7605079543") == ["9755-4257-4904"]
    assert framer.feed(b"2071363\r") == ["76050795432071363"]


@pytest.mark.parametrize(("terminator", "stream"), [("LF", b"A1\nB2\n"), ("CRLF", b"A1\r\nB2\r\n"),
                                                    ("TAB", b"A1\tB2\t")])
def test_each_terminator(terminator, stream):
    assert Framer(terminator).feed(stream) == ["A1", "B2"]


def test_without_a_terminator_a_pause_ends_the_code():
    framer = Framer("NONE", inter_byte_timeout=0.05)
    assert framer.feed(b"9755-4257", now=1.00) == []
    assert framer.feed(b"-4904", now=1.01) == []
    assert framer.idle(now=1.03) == []  # still within the pause
    assert framer.idle(now=1.07) == ["9755-4257-4904"]
    assert framer.idle(now=2.00) == []


def test_a_half_code_is_dropped_on_reset_never_delivered_truncated():
    framer = Framer()
    framer.feed(b"76050795")
    framer.reset()
    assert framer.feed(b"9755-4257-4904\r") == ["9755-4257-4904"]


def test_an_endless_frame_is_dropped_whole():
    assert Framer().feed(b"1" * (MAX_FRAME * 4) + b"\r" + b"123\r") == ["123"]


@given(st.binary(max_size=4096), st.sampled_from(["CR", "LF", "CRLF", "TAB", "NONE"]))
def test_any_bytes_frame_without_error(data, terminator):
    framer = Framer(terminator)
    for code in framer.feed(data, now=0.0) + framer.idle(now=1.0):
        assert 0 < len(code) <= MAX_FRAME


def test_prefix_suffix_and_aim_identifiers_come_off_and_product_codes_carry_their_gtin():
    event = scan_event("STX]C19755-4257-4904ETX", "serial", prefix="STX", suffix="ETX")
    assert (event.text, event.symbology, event.gtin) == ("9755-4257-4904", "]C1", None)
    ean = scan_event("]E04006381333931", "serial")
    assert (ean.text, ean.symbology, ean.gtin) == ("4006381333931", "]E0", "4006381333931")
    gs1 = scan_event("]C1010400638133393115261231", "serial")  # GS1-128: (01) GTIN, (15) best before
    assert (gs1.symbology, gs1.gtin) == ("]C1", "4006381333931")
    plain = scan_event("4006381333931", "keyboard")
    assert (plain.symbology, plain.gtin) == (None, "4006381333931")
    assert scan_event("76050795432071363", "keyboard").gtin is None  # 17 digits: one of our tracking numbers


def test_a_scan_knows_its_age():
    event = scan_event("123", "serial", at=100.0)
    assert event.age(now=103.0) == 3.0 and event.stale() is True


def test_scanner_options_are_checked():
    assert ScannerOptions.from_settings({"baudrate": 19200, "terminator": "TAB"}).baudrate == 19200
    for bad, message in (({"terminator": "EOT"}, "terminator"), ({"parity": "X"}, "parity"),
                         ({"speed": 1}, "unknown scanner option")):
        with pytest.raises(ValueError, match=message):
            ScannerOptions.from_settings(bad)
