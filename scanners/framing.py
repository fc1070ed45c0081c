"""Splitting a scanner's byte stream into codes.

Serial scanners end each code with a terminator (CR by default; LF, CR LF or Tab by setting), or
with nothing, in which case a pause between bytes ends it. A frame that grows past the longest code
we know is garbage (a wrong baud rate, line noise) and is dropped whole, never delivered cut.
"""

from __future__ import annotations

MAX_FRAME = 256
TERMINATORS = {"CR": b"\r", "LF": b"\n", "CRLF": b"\r\n", "TAB": b"\t", "NONE": b""}


class Framer:
    def __init__(self, terminator: str = "CR", inter_byte_timeout: float = 0.05):
        if terminator not in TERMINATORS:
            raise ValueError(f"terminator must be one of {', '.join(TERMINATORS)}")
        # CR LF: either ends a code and the empty frame between them is dropped; CR alone also
        # accepts LF, since scanners set to CR often send CR LF anyway.
        self.ends = TERMINATORS[terminator] if terminator != "CR" else b"\r\n"
        self.inter_byte_timeout = inter_byte_timeout
        self._buffer = bytearray()
        self._overflowed = False
        self._last_byte_at = 0.0

    def feed(self, data: bytes, now: float = 0.0) -> list[str]:
        """Take bytes as they arrive; return the complete codes among them, decoded."""
        codes = []
        for byte in data:
            if byte in self.ends:
                codes += self._end()
            elif len(self._buffer) >= MAX_FRAME:
                self._overflowed = True
            else:
                self._buffer.append(byte)
        if data:
            self._last_byte_at = now
        return codes

    def idle(self, now: float) -> list[str]:
        """With no terminator, a pause after the last byte ends the code."""
        if not self.ends and self._buffer and now - self._last_byte_at >= self.inter_byte_timeout:
            return self._end()
        return []

    def reset(self) -> None:
        """Forget a half-received code (the scanner went away mid-code)."""
        self._buffer.clear()
        self._overflowed = False

    def _end(self) -> list[str]:
        frame = bytes(self._buffer)
        overflowed = self._overflowed
        self.reset()
        if not frame or overflowed:
            return []
        return [frame.decode("utf-8", errors="replace")]
