"""The program as a store starts it, refusing to start where starting would do harm: a second
program on the same database, or a database it cannot use. Each says which file, what is wrong and
what to do, on stderr and on screen, leaves the file as it was, and ends with an exit code the
kiosk's service does not restart on."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.main import EXIT_DATABASE, EXIT_IN_USE
from app.store import Database
from app.store.schema import MIGRATIONS
from tests.helpers.central import wait_for
from tests.helpers.disks import fill, make_read_only, small_disk
from tests.helpers.processes import counterpos, free_port, isolated_env, stop


def start(tmp_path: Path, db: Path, name: str) -> tuple[subprocess.Popen, Path]:
    token = tmp_path / "token"
    token.write_text("test-token-0166")
    token.chmod(0o600)
    log = tmp_path / f"{name}.log"
    process = counterpos("--store", "0166", "--central", f"http://127.0.0.1:{free_port()}", "--token-file", str(token),
                         "--db", str(db), "--print-dir", str(tmp_path / "prints"), env=isolated_env(tmp_path), log=log)
    return process, log


def refused(tmp_path: Path, db: Path, expected: str) -> tuple[int, str]:
    """Start a counter on `db`; once it has said why it cannot start (its message box waits for OK),
    close it as a service manager would. Returns its exit code and what it printed."""
    process, log = start(tmp_path, db, "refused")
    try:
        wait_for(lambda: expected in log.read_text() + program_log(tmp_path) or process.poll() is not None,
                 timeout=30, what=f"the counter to say {expected!r}")
    finally:
        stop(process)
    return process.returncode, log.read_text()


def program_log(tmp_path: Path) -> str:
    log = tmp_path / "xdg_state_home" / "counterpos" / "log" / "counterpos.log"
    return log.read_text() if log.exists() else ""


def test_a_second_program_on_the_same_database_is_refused_and_the_first_goes_on(tmp_path):
    db = tmp_path / "counter.db"
    first, first_log = start(tmp_path, db, "first")
    try:
        wait_for(lambda: "ready for a scan" in program_log(tmp_path), timeout=30, what="the first counter")
        code, said = refused(tmp_path, db, "already running")
        assert code == EXIT_IN_USE
        assert f"counterpos: counterpos is already running on {db}: use the window that is open" in said
        assert first.poll() is None, first_log.read_text()
    finally:
        stop(first)
    assert first.returncode == 0
    program_log(tmp_path) and (tmp_path / "xdg_state_home" / "counterpos" / "log" / "counterpos.log").unlink()
    code, _ = refused(tmp_path, db, "ready for a scan")  # the first one gone, its lock went with it
    assert code == 0


def damaged_header(db: Path) -> None:
    db.write_bytes(b"this is not a database" * 200)


def truncated(db: Path) -> None:
    Database(db).close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2 + 100])


def newer_schema(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")


@pytest.mark.parametrize(("spoil", "said"), [
    (damaged_header, "is damaged (file is not a database). Keep the file: it may hold events not yet sent."),
    (truncated, "is damaged ("),
    (newer_schema, f"is at schema version 999, newer than this program ({len(MIGRATIONS)}); install the newer "
                   "counterpos"),
    (lambda db: db.mkdir(), "is a folder, not a file: set `db` to a file such as"),
])
def test_a_database_that_cannot_be_used_is_named_explained_and_left_as_it_was(tmp_path, spoil, said):
    db = tmp_path / "counter.db"
    spoil(db)
    before = db.read_bytes() if db.is_file() else None
    code, printed = refused(tmp_path, db, said)
    assert code == EXIT_DATABASE, printed
    assert "counterpos: " in printed and str(db) in printed and said in printed
    assert (db.read_bytes() if db.is_file() else None) == before


def test_a_full_disk_at_start_says_so(tmp_path):
    with small_disk(tmp_path / "disk", size_kb=64) as disk:
        fill(disk)
        code, printed = refused(tmp_path, disk / "counter.db", "is full")
    assert code == EXIT_DATABASE
    assert f"the disk holding {disk / 'counter.db'} is full" in printed and "free some space on it" in printed


def test_a_read_only_disk_at_start_says_so(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        Database(disk / "counter.db").close()
        make_read_only(disk)
        code, printed = refused(tmp_path, disk / "counter.db", "cannot write")
    assert code == EXIT_DATABASE
    assert f"cannot write the local database {disk / 'counter.db'}" in printed and "read-only" in printed
