"""Serial barcode scanners, through any pyserial URL (``/dev/ttyACM0``, ``COM3``, ``loop://``, ``socket://…``).

A reader thread frames the bytes into codes and hands each one to a callback as a ScanEvent.
When the port fails it reports the disconnect, drops any half-received code, and opens the port
again with backoff.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import serial

from scanners.events import ScanEvent
from scanners.framing import LineFramer

log = logging.getLogger(__name__)


class SerialScanner:
    def __init__(
        self,
        url: str,
        on_scan: Callable[[ScanEvent], None],
        *,
        on_status: Callable[[str], None] = lambda status: None,
        baudrate: int = 9600,
        terminators: bytes = b"\r\n",
    ):
        self.url = url
        self.on_scan = on_scan
        self.on_status = on_status
        self.baudrate = baudrate
        self.framer = LineFramer(terminators)
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
                self.port = serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=0.1)
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
            for text in self.framer.feed(data):
                self.on_scan(ScanEvent(text=text, source=self.url))
