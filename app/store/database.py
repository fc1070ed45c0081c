"""Opening the local database, its settings and its versioned schema.

The outbox lives here, so the database runs in WAL mode with ``synchronous=FULL``: a commit that
returned is on disk, and a clerk who saw "released" can trust that the event will be sent.
A connection is used by one thread at a time; each worker thread opens its own.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from app.store import schema
from app.store.errors import StoreError

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

SIGNED_IN = "signed_in"  # meta key: the staff id signed in at this terminal, "" when nobody is


class Database:
    """One connection to the local database, with its schema brought up to date.

    With ``auto_checkpoint=False`` a commit never copies the WAL back into the database file (SQLite
    does that on about one commit in a hundred, and it is the slowest thing a commit can do): the
    connection the clerk's actions use leaves that work to a background thread calling `checkpoint`.
    """

    def __init__(self, path: str | Path, *, auto_checkpoint: bool = True, migrations: list | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self.conn.row_factory = sqlite3.Row
            # before anything is written: a file this program must not change is left as it was
            schema.refuse_newer(self.path, self.user_version, len(schema.MIGRATIONS if migrations is None
                                                                  else migrations))
            for pragma in (
                "journal_mode=WAL",
                "synchronous=FULL",
                "foreign_keys=ON",
                "busy_timeout=10000",
                f"wal_autocheckpoint={1000 if auto_checkpoint else 0}",
            ):
                self.conn.execute(f"PRAGMA {pragma}")
            schema.migrate(self, migrations)  # all of them, unless a test wants an older schema
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the local database {self.path}: {exc}") from exc
        self._depth = 0
        self._lock = threading.RLock()

    @cached_property
    def utils(self) -> sqlite_utils.Database:
        """sqlite-utils over this connection, for the migrations (loaded only when one has to run)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    @property
    def user_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work; nested uses join the outer transaction."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.conn
                finally:
                    self._depth -= 1
                return
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
            finally:
                self._depth = 0

    def execute(self, sql: str, params: tuple | dict = ()) -> sqlite3.Cursor:
        with self._lock:
            return self.conn.execute(sql, params)

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def checkpoint(self) -> None:
        """Copy committed WAL pages into the database file without blocking any writer."""
        self.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]

    def close(self) -> None:
        self.conn.close()
