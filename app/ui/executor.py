"""The one way off the GUI thread: run blocking work on a worker, get the answer back on the GUI thread.

A single worker thread runs the jobs in order, so the counter session (and its database
connection) is only ever used by one thread, and scans are handled in the order they came.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class Executor(QObject):
    _finished = Signal(object, object)  # callback, result or exception

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter-work")
        self._finished.connect(self._deliver)

    def submit(
        self,
        work: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        def job() -> None:
            try:
                result = work()
            except Exception as exc:  # handed to the GUI thread, never lost in the worker
                log.exception("background work failed")
                self._finished.emit(on_error or _log_only, exc)
            else:
                self._finished.emit(on_result, result)

        self._pool.submit(job)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def _log_only(exc: BaseException) -> None:
    log.error("unhandled background error: %s", exc)
