"""Splitting a scanner's byte stream into codes.

Serial scanners end each code with a terminator (CR by default). A frame that grows past the
longest code we know is garbage (a wrong baud rate, line noise) and is dropped, not delivered.
"""

from __future__ import annotations

MAX_FRAME = 256


class LineFramer:
    def __init__(self, terminators: bytes = b"\r\n"):
        self.terminators = terminators
        self._buffer = bytearray()
        self._overflowed = False

    def feed(self, data: bytes) -> list[str]:
        """Take bytes as they arrive; return the complete codes among them, decoded."""
        codes = []
        for byte in data:
            if byte in self.terminators:
                if self._buffer and not self._overflowed:
                    codes.append(self._buffer.decode("utf-8", errors="replace"))
                self._buffer.clear()
                self._overflowed = False
            elif len(self._buffer) >= MAX_FRAME:
                self._overflowed = True
            else:
                self._buffer.append(byte)
        return codes

    def reset(self) -> None:
        """Forget a half-received code (the scanner went away mid-code)."""
        self._buffer.clear()
        self._overflowed = False
