"""Serial barcode scanners, through any pyserial URL (``/dev/ttyACM0``, ``COM3``, ``loop://``, ``socket://…``).

A reader thread frames the bytes into codes and hands each one to a callback as a ScanEvent.
When the port fails it reports the disconnect, drops any half-received code, and opens the port
again with backoff.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import serial

from scanners.events import ScanEvent, scan_event
from scanners.framing import Framer
from scanners.reader import ReconnectingReader


@dataclass(frozen=True)
class ScannerOptions:
    """A serial scanner's settings: the line, the framing, and text it adds around each code."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    terminator: str = "CR"  # CR, LF, CRLF, TAB, or NONE (a pause ends the code)
    inter_byte_timeout: float = 0.05
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_settings(cls, settings: dict) -> ScannerOptions:
        known = set(cls.__dataclass_fields__)
        unknown = set(settings) - known
        if unknown:
            raise ValueError(f"unknown scanner option(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        options = cls(**settings)
        Framer(options.terminator)  # raises for an unknown terminator
        if options.parity not in serial.PARITY_NAMES:
            raise ValueError(f"parity must be one of {', '.join(serial.PARITY_NAMES)}")
        return options


class SerialScanner(ReconnectingReader):
    thread_name = "serial-scanner"
    open_errors = (serial.SerialException, ValueError, OSError)
    read_errors = (serial.SerialException, OSError)

    def __init__(
        self,
        url: str,
        on_scan: Callable[[ScanEvent], None],
        *,
        on_status: Callable[[str], None] = lambda status: None,
        options: ScannerOptions = ScannerOptions(),
    ):
        super().__init__(url, on_scan, on_status)
        self.options = options
        self.framer = Framer(options.terminator, options.inter_byte_timeout)
        self.port: serial.SerialBase | None = None

    def _open(self) -> serial.SerialBase:
        o = self.options
        self.port = serial.serial_for_url(self.url, baudrate=o.baudrate, bytesize=o.bytesize, parity=o.parity,
                                          stopbits=o.stopbits, timeout=min(0.1, o.inter_byte_timeout))
        return self.port

    def _close(self, port: serial.SerialBase) -> None:
        port.close()

    def _drop_partial(self) -> None:
        self.framer.reset()

    def _read(self, port: serial.SerialBase) -> None:
        while not self._stop.is_set():
            data = port.read(port.in_waiting or 1)
            now = time.monotonic()
            for text in self.framer.feed(data, now) + self.framer.idle(now):
                self.on_scan(scan_event(text, self.url, prefix=self.options.prefix, suffix=self.options.suffix,
                                        at=now))
