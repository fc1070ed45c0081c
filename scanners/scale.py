"""A serial scale, read on demand: ask for a weight, read one line, take the number and its unit.

Counter scales speak many dialects, but their answer is a line holding a weight with its unit, like
``ST,GS,+  2.350kg`` (CAS, A&D), ``   2.350 kg`` (Toledo) or ``0.870lb``; a status ``US`` (unstable)
or ``?`` means the pan is still moving. ``request`` is what makes the scale answer (``W`` and CR for
most); an empty request reads a scale that sends its weight continuously.
"""

from __future__ import annotations

import re
from decimal import Decimal

import serial

WEIGHT = re.compile(r"(?P<sign>[-+])?\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>kg|lb|g)\b", re.IGNORECASE)
TO_KG = {"kg": Decimal(1), "g": Decimal("0.001"), "lb": Decimal("0.45359237")}


class ScaleError(Exception):
    """The scale gave no usable weight; `str()` says what to do."""


def parse_reading(line: str) -> Decimal:
    """The weight in kg (three decimals) from one line a scale sent."""
    text = line.strip()
    if text.upper().startswith("US") or "?" in text:
        raise ScaleError("The scale is not steady yet: wait a moment, then read it again.")
    match = WEIGHT.search(text)
    if match is None:
        raise ScaleError(f"The scale sent {text!r}, not a weight. Type the weight instead.")
    if match["sign"] == "-":
        raise ScaleError("The scale shows less than zero: empty the pan, zero it, and weigh again.")
    return (Decimal(match["value"]) * TO_KG[match["unit"].lower()]).quantize(Decimal("0.001"))


class SerialScale:
    def __init__(self, url: str, *, request: bytes = b"W\r", baudrate: int = 9600, timeout: float = 2.0):
        self.url = url
        self.request = request
        self.baudrate = baudrate
        self.timeout = timeout

    def read_kg(self) -> Decimal:
        """One reading (blocks up to `timeout`: call it off the GUI thread)."""
        try:
            with serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=self.timeout) as port:
                port.reset_input_buffer()
                if self.request:
                    port.write(self.request)
                raw = port.read_until(b"\r")
        except (serial.SerialException, OSError, ValueError) as exc:
            raise ScaleError(f"The scale does not answer ({exc}): check its cable and power, or type the weight.") \
                from None
        line = raw.decode("ascii", errors="replace").strip()
        if not line:
            raise ScaleError("The scale did not answer in time: check its cable and power, or type the weight.")
        return parse_reading(line)
