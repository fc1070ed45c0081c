"""The poller: one thread that keeps the parcel cache in step with the central system.

It asks for the parcels of this store changed since the last cursor (a delta, never the full list),
at a jittered interval so that thousands of stores do not poll in lockstep, and keeps what drop-offs
need offline in stock (the rate table, tracking numbers reserved for this counter).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.central.status import SyncMonitor
from app.central.supplies import stock_up
from app.store.database import Database
from app.store.parcels import ParcelCache
from app.worker import Worker

log = logging.getLogger(__name__)

CURSOR_KEY = "parcels_cursor"


class Poller(Worker):
    thread_name = "poller"

    def __init__(
        self,
        db_path: str | Path,
        client_factory: Callable[[], CentralClient],
        monitor: SyncMonitor,
        store_id: str,
        terminal_id: str = "T1",
        *,
        interval: float = 15.0,
        rng: random.Random | None = None,
    ):
        self.db_path = db_path
        self.client_factory = client_factory
        self.monitor = monitor
        self.store_id = store_id
        self.terminal_id = terminal_id
        self.interval = interval
        self.rng = rng or random.Random()
        super().__init__()

    def run(self) -> None:
        db = Database(self.db_path)
        client = self.client_factory()
        try:
            while self.next_round():
                self.poll_once(db, client)
                self.pause(self.interval * self.rng.uniform(0.8, 1.2))
        finally:
            client.close()
            db.close()

    def poll_once(self, db: Database, client: CentralClient) -> int:
        """Fetch every change since the cursor; returns how many parcels changed."""
        cache = ParcelCache(db)
        changed = 0
        try:
            while True:
                cursor = db.get_meta(CURSOR_KEY, "0")
                parcels, new_cursor, more = client.parcels_since(self.store_id, cursor)
                with db.transaction():
                    cache.merge_from_central(parcels)
                    db.set_meta(CURSOR_KEY, new_cursor)
                changed += len(parcels)
                if not more:
                    break
            stock_up(db, client, self.store_id, self.terminal_id, fresh_rates=False)
        except CentralUnreachable as exc:
            self.monitor.unreachable(f"central system not reachable: {exc}")
            return changed
        except CentralError as exc:
            log.warning("poll refused: %s", exc)
            self.monitor.update(online=True, problem=f"central system refused: {exc}")
            return changed
        self.monitor.reachable()
        return changed
