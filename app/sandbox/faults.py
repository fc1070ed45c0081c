"""Faults the sandbox can be told to inject, so tests can see the counter cope with a bad day."""

from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass
class Fault:
    path_prefix: str
    status: int
    error_type: str
    count: int  # how many requests it still hits; -1 for all
    retry_after: int | None = None


class Faults:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def take(self, path: str) -> Fault | None:
        """The fault this request hits, if any (using up one of its count)."""
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path_prefix) and fault.count != 0:
                    if fault.count > 0:
                        fault.count -= 1
                    return fault
        return None

    def to_json(self) -> list[dict]:
        with self._lock:
            return [vars(f).copy() for f in self._faults]
