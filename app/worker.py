"""Background workers: a daemon thread doing rounds of work until stopped, woken early on demand.

Used by the outbox sender, the poller and the print spooler. A subclass implements `run`:

    def run(self):
        while self.next_round():
            ...                      # one round of work
            self.pause(seconds)      # until the next round, or until `wake` is called
"""

from __future__ import annotations

import abc
import threading


class Worker(abc.ABC):
    thread_name = "worker"

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def wake(self) -> None:
        """Start the next round now instead of at the end of the pause."""
        self._wake.set()

    def next_round(self) -> bool:
        """False once stopped. A wake that comes during the round ends the following pause at once."""
        self._wake.clear()
        return not self._stop.is_set()

    def pause(self, seconds: float | None) -> None:
        self._wake.wait(seconds)

    @abc.abstractmethod
    def run(self) -> None:
        """The thread's body: rounds of work with pauses, until `next_round` says stop."""
