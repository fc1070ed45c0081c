"""The poller: one thread that keeps the parcel and web-order caches in step with the central system.

It asks for the parcels and the web orders of this store changed since the last cursor (a delta,
never the full list, one request for both) with the last answer's ETag, so that a poll when nothing
changed is one request answered 304 with no body. Its answer (or its failure) is how the counter
knows it is online: while offline it asks every few seconds, so the way back is noticed at once.
Polls are jittered so that thousands of stores do not poll in lockstep. It also keeps what drop-offs
need offline in stock (the rate table, tracking numbers reserved for this counter).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from pathlib import Path

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.central.supplies import stock_up, stock_up_kiosk
from app.status import SyncMonitor
from app.store.database import Database
from app.store.parcels import ParcelCache
from app.store.unreadable import UnreadableRecords
from app.store.weborders import WebOrderCache
from app.worker import Worker

log = logging.getLogger(__name__)


CURSOR_KEY = "changes_cursor"  # <parcels>.<webOrders>, as the central system gave it
OFFLINE_INTERVAL = 3.0  # seconds between polls while the central system cannot be reached


class Poller(Worker):
    thread_name = "poller"
    title = "Sync"

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
        self._etag: str | None = None  # of the last answer from the current cursor
        self.changed = 0  # counted by fetch during one poll
        super().__init__(on_trouble=monitor.worker_trouble)

    def run(self) -> None:
        db = Database(self.db_path)
        client = self.client_factory()
        try:
            while self.next_round():
                self.poll_once(db, client)
                interval = self.interval if self.monitor.status.online else min(self.interval, OFFLINE_INTERVAL)
                self.pause(interval * self.rng.uniform(0.8, 1.2))
        finally:
            client.close()
            db.close()

    def poll_once(self, db: Database, client: CentralClient) -> int:
        """Fetch every change since the cursor; returns how many changed (also those fetched before a
        failure). How the answer went is what the status bar shows."""
        self.changed = 0
        try:
            news = self.fetch(db, client)
        except CentralUnreachable as exc:
            self.monitor.update(online=False, problem=f"central system not reachable: {exc}", fetching=0)
            return self.changed
        except CentralError as exc:
            log.warning("poll refused: %s", exc)
            self.monitor.update(online=True, problem=f"central system refused: {exc}", fetching=0)
            return self.changed
        self.monitor.update(online=True, problem="", fetching=0, **news)
        return self.changed

    def fetch(self, db: Database, client: CentralClient) -> dict:
        """A counter's parcels and web orders (counted in `changed`), and its drop-off supplies; raises
        the client's errors. Returns what else the status bar shows."""
        parcels, weborders, unreadable = ParcelCache(db), WebOrderCache(db), UnreadableRecords(db)
        while True:
            cursor = db.get_meta(CURSOR_KEY, "0.0")
            delta = client.changes_since(self.store_id, cursor, etag=self._etag)
            if delta is None:
                break  # nothing changed since the last answer
            with db.transaction():
                parcels.merge_from_central(delta.parcels)
                weborders.merge_from_central(delta.weborders)
                for record in delta.unreadable:  # kept for support; the cursor moves past them
                    unreadable.add(record.feed, record.record, record.error)
                db.set_meta(CURSOR_KEY, delta.cursor)
            for record in delta.unreadable:
                log.warning("a %s record could not be read and is set aside (F6): %s", record.feed, record.error)
            # The ETag belongs to the cursor asked from: good for the next poll only if it asks
            # from there again, that is when this answer brought nothing new.
            self._etag = delta.etag if delta.cursor == cursor else None
            self.changed += len(delta.parcels) + len(delta.weborders)
            if not delta.more:
                break
            self.monitor.update(online=True, problem="", fetching=self.changed)  # a long catch-up, on screen
        stock_up(db, client, self.store_id, self.terminal_id, fresh_rates=False)
        return {"pending_orders": weborders.count("PENDING")}


class KioskPoller(Poller):
    """A kiosk's poller: no parcels or web orders of its own, only what it needs for offline returns."""

    def fetch(self, db: Database, client: CentralClient) -> dict:
        self.changed += stock_up_kiosk(db, client, self.store_id, self.terminal_id)
        return {}
