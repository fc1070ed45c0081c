"""Faults the sandbox can be told to inject, so tests and demos can see the counter cope with a bad day.

A fault applies to requests whose path starts with ``path`` (``/`` for all) and, when ``body`` is
given, whose body contains that text (a record the central system chokes on), to a share of them
(``rate``), a number of times (``count``, -1 for ever). Kinds:

* ``error``: answer ``status`` with the error ``type`` (and ``Retry-After`` when given) instead.
* ``latency``: wait ``seconds``, then answer normally.
* ``timeout``: wait ``seconds`` (longer than the client waits), then answer normally.
* ``drop``: close the connection without an answer.

Off by default; set with ``counterpos sandbox --fault kind=error,status=500,rate=0.3`` or
``POST /sandbox/faults``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, fields

from app.domain.errors import ErrorType

KINDS = ("error", "latency", "timeout", "drop")


@dataclass
class Fault:
    kind: str = "error"
    path: str = "/"
    rate: float = 1.0
    count: int = -1
    status: int = 500
    type: str = ErrorType.INTERNAL_SERVER_ERROR.value
    seconds: float = 0.0
    retry_after: int | None = None
    body: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        ErrorType(self.type)  # raises for an unknown type
        if not 0 <= self.rate <= 1:
            raise ValueError("rate must be between 0 and 1")
        if not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")
        if not 0 <= self.seconds <= 600:  # so written, NaN is refused too
            raise ValueError("seconds must be between 0 and 600")
        if self.retry_after is not None and not 0 <= self.retry_after <= 86_400:
            raise ValueError("retry_after must be between 0 and 86400 seconds")

    @classmethod
    def from_json(cls, data: dict) -> Fault:
        known = {f.name: f.type for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        casts = {"rate": float, "count": int, "status": int, "seconds": float, "retry_after": int}
        return cls(**{k: casts.get(k, str)(v) if v is not None else None for k, v in data.items()})

    @classmethod
    def from_flag(cls, text: str) -> Fault:
        """``kind=error,status=500,rate=0.3,path=/store/api/v1/events``."""
        pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ValueError(f"a fault is key=value pairs separated by commas, not {text!r}")
        return cls.from_json({k.strip(): v.strip() for k, v in pairs})


class Faults:
    def __init__(self, rng: random.Random | None = None) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._rng = rng or random.Random()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, path: str, body: bytes = b"") -> list[Fault]:
        """The faults this request meets (using up one of each one's count)."""
        hit = []
        with self._lock:
            for fault in self._faults:
                if (path.startswith(fault.path) and fault.body.encode() in body and fault.count != 0
                        and self._rng.random() < fault.rate):
                    if fault.count > 0:
                        fault.count -= 1
                    hit.append(fault)
        return hit

    def to_json(self) -> list[dict]:
        with self._lock:
            return [asdict(f) for f in self._faults]
