"""Background workers: a daemon thread doing rounds of work until stopped, woken early on demand.

Used by the outbox sender, the poller and the print spooler. A subclass implements `run`:

    def run(self):
        while self.next_round():
            ...                      # one round of work
            self.pause(seconds)      # until the next round, or until `wake` is called

A worker never dies: an unexpected error is logged with its traceback, told to `on_trouble` (the
status bar says "<title> stopped: …"), and `run` starts again after a backoff; once a round goes
through again (it reaches `pause`), `on_trouble` hears that it recovered.
"""

from __future__ import annotations

import abc
import logging
import threading
from collections.abc import Callable

from app.backoff import backoff_delay

log = logging.getLogger(__name__)

# Told the worker's name and what is wrong, or None once it works again.
Trouble = Callable[[str, str | None], None]


def log_only(name: str, problem: str | None) -> None:
    """For a worker with no status bar to tell (the sandbox's): the log has it already."""


class Worker(abc.ABC):
    thread_name = "worker"
    title = "A background job"  # how the status bar names it
    restart_base = 1.0  # seconds before the first restart after an unexpected error; doubles after

    def __init__(self, *, on_trouble: Trouble = log_only) -> None:
        self.on_trouble = on_trouble
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._restarts = 0  # unexpected errors since a round last went through

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run_guarded, name=self.thread_name, daemon=True)
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
        """Between rounds: the round that ends here went through, so a restart's trouble is over."""
        self.working()
        self._wake.wait(seconds)

    def working(self) -> None:
        """The work goes through again: a restart's trouble is over (for a worker that never pauses)."""
        if self._restarts:
            self._restarts = 0
            self.on_trouble(self.thread_name, None)

    def _run_guarded(self) -> None:
        while not self._stop.is_set():
            try:
                self.run()
                return
            except Exception as exc:
                self._restarts += 1
                log.exception("%s stopped by an unexpected error; it starts again", self.thread_name)
                self.on_trouble(self.thread_name, f"{self.title} stopped: {type(exc).__name__}: {exc}"[:300])
                self._stop.wait(backoff_delay(self._restarts, base=self.restart_base, cap=60.0))

    @abc.abstractmethod
    def run(self) -> None:
        """The thread's body: rounds of work with pauses, until `next_round` says stop."""
