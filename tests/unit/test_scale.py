"""Scale readings in the dialects counter scales speak, and a scale on a loopback socket."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scanners.scale import ScaleError, SerialScale, parse_reading
from tests.helpers.scale import fake_scale


@pytest.mark.parametrize(("line", "kg"), [
    ("ST,GS,+  2.350kg\r\n", "2.350"),
    ("   2.350 kg", "2.350"),
    ("0870 g", "0.870"),
    ("1.5lb", "0.680"),
    ("ST,NT,+0010.000 KG", "10.000"),
])
def test_a_steady_reading_is_kilograms(line, kg):
    assert parse_reading(line) == Decimal(kg)


@pytest.mark.parametrize(("line", "says"), [
    ("US,GS,+  2.350kg", "not steady"),
    ("  ?  2.350 kg", "not steady"),
    ("ST,GS,-  0.120kg", "less than zero"),
    ("ERROR 3", "not a weight"),
])
def test_an_unusable_reading_says_what_to_do(line, says):
    with pytest.raises(ScaleError, match=says):
        parse_reading(line)


def test_the_scale_is_asked_and_its_answer_read():
    server, requests = fake_scale(b"ST,GS,+  2.350kg\r\n")
    with server:
        scale = SerialScale(f"socket://127.0.0.1:{server.getsockname()[1]}", timeout=2)
        assert scale.read_kg() == Decimal("2.350")
    assert requests == [b"W\r"]


def test_a_silent_or_missing_scale_is_a_clear_message():
    server, _ = fake_scale(b"")
    with server:
        with pytest.raises(ScaleError, match="did not answer in time"):
            SerialScale(f"socket://127.0.0.1:{server.getsockname()[1]}", timeout=0.3).read_kg()
    with pytest.raises(ScaleError, match="does not answer"):
        SerialScale("socket://127.0.0.1:9", timeout=0.3).read_kg()
