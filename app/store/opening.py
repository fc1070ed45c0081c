"""Opening the local database when the program starts: one program at a time on it, and a database
it can use, or a message that says which file, what is wrong and what to do.

Two programs on one database would both print its queued receipts and send its events, so the
first holds an OS lock on ``<database>.lock`` for as long as it runs (the OS lets go if it dies):
``flock`` on Linux, ``msvcrt.locking`` on Windows. (The filelock package does the same, but takes
70 ms to import, a tenth of the counter's start.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from app.store.errors import StoreError
from app.store.schema import refuse_newer

DAMAGED = ("file is not a database", "malformed", "corrupt")
FULL = ("database or disk is full",)
UNWRITABLE = ("readonly", "read-only", "unable to open", "disk i/o error", "permission denied")


class DatabaseInUse(StoreError):
    """Another counterpos program is running on this database."""


@contextlib.contextmanager
def hold(path: str | Path) -> Iterator[None]:
    """This program's lock on the database, for the block (or until the process ends). Raises
    DatabaseInUse, or StoreError saying what is wrong and what to do."""
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"the local database {path} is a folder, not a file: set `db` to a file such as "
                         f"{path / 'counter.db'}, or move the folder away")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StoreError(_advice(path, exc)) from exc
    try:
        if not _lock(descriptor):
            raise DatabaseInUse(f"counterpos is already running on {path}: use the window that is open, or "
                                "close it first. Two programs on one database would print and send twice.")
        yield
    finally:
        os.close(descriptor)  # and with it the lock


def _lock(descriptor: int) -> bool:
    """Take the OS lock without waiting; False when another process holds it."""
    try:
        if os.name == "nt":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):
        return False
    return True


def check(path: str | Path) -> None:
    """Read the database without writing a byte (a damaged file is left as it was): its schema is
    one this program knows and SQLite's quick_check finds nothing wrong. Raises StoreError saying what
    is wrong and what to do. SQLite lets go of Python's lock meanwhile, so the window can be built."""
    path = Path(path)
    if not path.exists():
        return  # a new counter: the database is made on first open
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as conn:
            refuse_newer(path, conn.execute("PRAGMA user_version").fetchone()[0])
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(5)")]
    except sqlite3.DatabaseError as exc:
        raise StoreError(_advice(path, exc)) from exc
    if problems != ["ok"]:
        raise StoreError(_damaged(path, "its check found: " + "; ".join(problems)))


def explained(path: str | Path, error: StoreError) -> StoreError:
    """An error opening the database for writing, said as what is wrong and what to do."""
    if isinstance(error.__cause__, (sqlite3.DatabaseError, OSError)):
        return StoreError(_advice(Path(path), error.__cause__))
    return error


def _advice(path: Path, error: BaseException) -> str:
    what = str(error).lower()
    if isinstance(error, sqlite3.DatabaseError) and any(w in what for w in DAMAGED):
        return _damaged(path, str(error))
    if any(w in what for w in FULL) or getattr(error, "errno", None) == errno.ENOSPC:
        return f"the disk holding {path} is full ({error}): free some space on it, then start counterpos again."
    if any(w in what for w in UNWRITABLE) or isinstance(error, OSError):
        return (f"cannot write the local database {path} ({error}): the disk may be read-only, missing or "
                "failing, or this user may not write there. Check the disk and the `db` setting.")
    return f"cannot use the local database {path}: {error}. Call support."


def _damaged(path: Path, detail: str) -> str:
    return (f"the local database {path} is damaged ({detail}). Keep the file: it may hold events not yet "
            "sent. Call support; do not start counterpos on a new database in its place until they say so.")
