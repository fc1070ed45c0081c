"""The one event every scanner driver emits."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScanEvent:
    text: str
    source: str  # "keyboard", or the scanner's URL
    symbology: str | None = None  # AIM identifier such as "]C1", when the scanner sends one
    time: float = field(default_factory=time.monotonic)
