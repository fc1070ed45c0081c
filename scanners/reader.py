"""The reader thread every scanner runs: open the device, read until it fails, say so, reopen with backoff.

The thread never dies: an unexpected error is logged with its traceback, shown as the scanner's
status, and the device is opened again.
"""

from __future__ import annotations

import abc
import logging
import threading
from collections.abc import Callable

from scanners.events import ScanEvent

log = logging.getLogger(__name__)


class ReconnectingReader(abc.ABC):
    """A scanner that is unplugged or fails is reported disconnected and reopened, waiting 0.5 s
    doubling up to 10 s; a half-read code is dropped, never joined to the next one."""

    thread_name = "scanner"
    open_errors: tuple[type[Exception], ...] = (OSError,)
    read_errors: tuple[type[Exception], ...] = (OSError,)

    def __init__(self, url: str, on_scan: Callable[[ScanEvent], None], on_status: Callable[[str], None]):
        self.url = url
        self.on_scan = on_scan
        self.on_status = on_status
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    @abc.abstractmethod
    def _open(self) -> object:
        """The opened device; raises one of open_errors when it is not there."""

    @abc.abstractmethod
    def _read(self, device: object) -> None:
        """Read and hand over codes until stopped; raises one of read_errors when the device fails."""

    @abc.abstractmethod
    def _close(self, device: object) -> None:
        """Let the device go, whatever state it is in."""

    @abc.abstractmethod
    def _drop_partial(self) -> None:
        """Forget a code half read when the device failed."""

    def _run(self) -> None:
        delay = 0.5
        while not self._stop.is_set():
            try:
                delay = self._session(delay)
            except Exception as exc:  # a fault of ours or the driver's, not the device: said, then again
                log.exception("scanner %s stopped by an unexpected error; it opens again", self.url)
                self.on_status(f"stopped: {type(exc).__name__}: {exc}; starting again")
                self._drop_partial()
                self._stop.wait(delay)
                delay = min(delay * 2, 10.0)

    def _session(self, delay: float) -> float:
        """Open the device and read until it fails; the delay before the next try."""
        try:
            device = self._open()
        except self.open_errors as exc:
            self.on_status(f"disconnected: {exc}")
            self._stop.wait(delay)
            return min(delay * 2, 10.0)
        self.on_status("connected")
        try:
            self._read(device)
        except self.read_errors as exc:
            log.warning("scanner %s lost: %s", self.url, exc)
            self.on_status(f"disconnected: {exc}")
            self._drop_partial()
        finally:
            self._close(device)
        return 0.5
