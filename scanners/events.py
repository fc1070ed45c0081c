"""The one event every scanner driver emits, and how raw scanned text becomes one."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MAX_AGE = 5.0  # seconds: a scan older than this when it reaches a screen belongs to another moment


@dataclass(frozen=True)
class ScanEvent:
    text: str  # the data, without the symbology identifier
    source: str  # "keyboard", "keyboard-wedge", or the scanner's URL
    symbology: str | None = None  # AIM identifier such as "]C1" (GS1-128) or "]E0" (EAN-13), when sent
    gtin: str | None = None  # the item number, for product codes (EAN, UPC, GS1)
    time: float = field(default_factory=time.monotonic)

    def age(self, now: float | None = None) -> float:
        return (time.monotonic() if now is None else now) - self.time

    def stale(self, max_age: float = MAX_AGE) -> bool:
        return self.age() > max_age


def scan_event(raw: str, source: str, *, prefix: str = "", suffix: str = "", at: float | None = None) -> ScanEvent:
    """A scanner's frame as a ScanEvent: configured prefix/suffix and the AIM identifier taken off."""
    text = raw
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    symbology, gtin = None, None
    if text.startswith("]") and len(text) >= 3:
        symbology, text = text[:3], text[3:]
    if symbology or (text.isascii() and text.isdigit() and len(text) in (8, 12, 13, 14)):
        gtin = _gtin(symbology or "", text)
    return ScanEvent(text=text, source=source, symbology=symbology, gtin=gtin,
                     time=time.monotonic() if at is None else at)


def _gtin(symbology: str, text: str) -> str | None:
    import biip  # its GS1 tables take 0.2 s to load: by the first product code, not at start

    try:
        result = biip.parse(symbology + text)
    except (biip.ParseError, ValueError):
        return None
    return result.gtin.value.lstrip("0").zfill(13) if result.gtin else None
