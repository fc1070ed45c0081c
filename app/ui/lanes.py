"""The one way off the GUI thread: a lane runs blocking work on its own thread, in order, and hands
every job's end back on the GUI thread: its value, or its error (never only logged).

The counter has a lane per owner (docs/architecture.md): the clerk's (the session and its database
connection, sign-in checks: scans are handled in the order they came), support's (diagnostics,
Devices-screen checks, setup's checks), and one per device without a thread of its own (the scale).
A slow printer or a support export never holds the next customer's scan.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)

SLOW_AFTER_MS = 150  # a job still running then shows that it is at work


@dataclass(frozen=True)
class Finished:
    """How a job ended: `value` when it returned, `error` when it raised."""

    value: Any = None
    error: BaseException | None = None


Done = Callable[[Finished], None]


class Lane(QObject):
    _finished = Signal(object, object, object)  # done, Finished, the job's slow-timer

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"lane-{name}")
        self._finished.connect(self._deliver)
        self._closed = False  # once shut down, the screens its jobs would answer are gone

    def run(self, work: Callable[[], Any], done: Done, *, slow: Callable[[], None] | None = None) -> None:
        """Run `work` after the jobs before it; `done(Finished)` on the GUI thread when it ends, and
        `slow()` there first if it takes longer than SLOW_AFTER_MS. Once the lane is shut down (the
        program is closing: a timer may still fire) nothing is run."""
        if self._closed:
            log.info("%s lane: shut down, a job handed in while closing is not run", self.name)
            return
        timer = None
        if slow is not None:
            timer = QTimer(self, singleShot=True, interval=SLOW_AFTER_MS)
            timer.timeout.connect(slow)
            timer.start()

        def job() -> None:
            try:
                finished = Finished(value=work())
            except Exception as exc:  # handed to the GUI thread with the job's own `done`
                log.exception("%s lane: a job failed", self.name)
                finished = Finished(error=exc)
            self._finished.emit(done, finished, timer)

        self._pool.submit(job)

    @Slot(object, object, object)
    def _deliver(self, done: Done, finished: Finished, timer: QTimer | None) -> None:
        if timer is not None:
            timer.stop()
            timer.deleteLater()
        if not self._closed:
            done(finished)

    def shutdown(self) -> None:
        """Jobs not started are dropped; the one running ends first."""
        self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Lanes:
    """Every lane of a terminal, made and shut down together."""

    clerk: Lane  # the session: scans, the clerk's actions, sign-in and PIN checks
    support: Lane  # diagnostics, printer status and test pages, setup's checks
    scale: Lane  # the drop-off scale: the one thread that opens its port

    @classmethod
    def make(cls) -> Lanes:
        return cls(Lane("clerk"), Lane("support"), Lane("scale"))

    def shutdown(self) -> None:
        for lane in (self.clerk, self.support, self.scale):
            lane.shutdown()


def then(on_value: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> Done:
    """A `done` that hands a job's value to `on_value`, or its error to `on_error`."""
    def done(finished: Finished) -> None:
        if finished.error is not None:
            on_error(finished.error)
        else:
            on_value(finished.value)

    return done
