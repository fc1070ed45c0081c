"""What the terminal knows about its link to the central system, shared by the worker threads and shown by the UI.

Listeners are called from worker threads; the UI turns them into queued Qt signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None until the first answer (or failure)
    waiting: int = 0  # events recorded but not yet acknowledged (pending + parked)
    parked: int = 0  # events the central system refused; a supervisor must look
    problem: str = ""  # why we are offline or refused, for the status bar tooltip
    fetching: int = 0  # parcels fetched so far while catching up page by page (a first sync); 0 otherwise
    pending_orders: int = 0  # web orders assigned to this shop that nobody has started
    stopped: tuple[tuple[str, str], ...] = ()  # (worker, "Sync stopped: …") for each worker restarting after an error
    # The store bus, when this terminal is on one: the hub reachable (None until known), the terminals
    # there now, the facts not yet published, claims two terminals used apart and another terminal's
    # (the kiosk's) refused events, both settled in F6.
    store_bus: bool = False
    store_online: bool | None = None
    store_problem: str = ""
    store_terminals: int = 0
    store_facts_waiting: int = 0
    store_conflicts: int = 0
    store_refused: int = 0
    store_twin: bool = False  # another terminal of the store runs under this terminal's id


class SyncMonitor:
    def __init__(self) -> None:
        self._status = SyncStatus()
        self._lock = threading.Lock()
        self._listeners: list[Callable[[SyncStatus], None]] = []

    @property
    def status(self) -> SyncStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(listener)
        listener(self.status)

    def update(self, **changes: object) -> None:
        self._change(lambda status: replace(status, **changes))

    def worker_trouble(self, worker: str, problem: str | None) -> None:
        """A worker stopped by an unexpected error (`problem` says so), or working again (None)."""
        def change(status: SyncStatus) -> SyncStatus:
            others = tuple((name, text) for name, text in status.stopped if name != worker)
            return replace(status, stopped=tuple(sorted(others + (((worker, problem),) if problem else ()))))

        self._change(change)

    def _change(self, change: Callable[[SyncStatus], SyncStatus]) -> None:
        """Read and replace the status in one step (two workers may report at once), then tell the listeners."""
        with self._lock:
            new = change(self._status)
            if new == self._status:
                return
            self._status = new
        for listener in list(self._listeners):
            listener(new)

    def reachable(self) -> None:
        self.update(online=True, problem="")

    def unreachable(self, problem: str) -> None:
        self.update(online=False, problem=problem)
