"""Serial barcode scanners, through any pyserial URL (``/dev/ttyACM0``, ``COM3``, ``loop://``, ``socket://…``).

A reader thread frames the bytes into codes and hands each one to a callback as a ScanEvent.
When the port fails it reports the disconnect, drops any half-received code, and opens the port
again with backoff.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import serial

from scanners.events import ScanEvent, scan_event
from scanners.framing import Framer

log = logging.getLogger(__name__)


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


class SerialScanner:
    def __init__(
        self,
        url: str,
        on_scan: Callable[[ScanEvent], None],
        *,
        on_status: Callable[[str], None] = lambda status: None,
        options: ScannerOptions = ScannerOptions(),
    ):
        self.url = url
        self.on_scan = on_scan
        self.on_status = on_status
        self.options = options
        self.framer = Framer(options.terminator, options.inter_byte_timeout)
        self.port: serial.SerialBase | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="serial-scanner", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                o = self.options
                self.port = serial.serial_for_url(self.url, baudrate=o.baudrate, bytesize=o.bytesize, parity=o.parity,
                                                  stopbits=o.stopbits, timeout=min(0.1, o.inter_byte_timeout))
            except (serial.SerialException, ValueError, OSError) as exc:
                self.on_status(f"disconnected: {exc}")
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)
                continue
            delay = 0.5
            self.on_status("connected")
            try:
                self._read(self.port)
            except (serial.SerialException, OSError) as exc:
                log.warning("scanner %s lost: %s", self.url, exc)
                self.on_status(f"disconnected: {exc}")
                self.framer.reset()
            finally:
                self.port.close()

    def _read(self, port: serial.SerialBase) -> None:
        while not self._stop.is_set():
            data = port.read(port.in_waiting or 1)
            now = time.monotonic()
            for text in self.framer.feed(data, now) + self.framer.idle(now):
                self.on_scan(scan_event(text, self.url, prefix=self.options.prefix, suffix=self.options.suffix,
                                        at=now))
