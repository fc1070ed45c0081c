"""The demo store as a newcomer runs it: `counterpos --demo` starts the sandbox, a store hub and counter T1;
`counterpos --demo --terminal T2` and `counterpos --demo --kiosk` (other shells) join the same store. A RETURN CODE accepted at T1
is known as used at T2, through the store bus."""

from __future__ import annotations

import contextlib
import re
import socket
import sqlite3

import pytest

from app.store import Database
from tests.helpers.central import wait_for
from tests.helpers.processes import counterpos, isolated_env, stop
from tests.helpers.staff import sign_in_demo_clerk

pytestmark = pytest.mark.timeout(180)


def status_in(db, claim_code: str) -> str | None:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            row = conn.execute("SELECT status FROM parcels WHERE claim_code = ?", (claim_code,)).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def test_a_second_counter_joins_the_demo_store_and_learns_what_the_first_did(tmp_path, demo):
    env = isolated_env(tmp_path)
    scanner = socket.create_server(("127.0.0.1", 0))
    first_db, second_db = tmp_path / "t1.db", tmp_path / "t2.db"
    with contextlib.closing(Database(first_db)) as db:
        sign_in_demo_clerk(db)  # the clerk signed in a moment ago: the demo carries on with them
    first = counterpos("--demo", "--db", str(first_db), "--scanner", f"socket://127.0.0.1:{scanner.getsockname()[1]}",
                       env=env, log=tmp_path / "t1.log")
    second = None
    try:
        started = wait_for(lambda: re.search(r"counter T1 of store 0166, store hub on (nats://\S+);",
                                             (tmp_path / "t1.log").read_text()), timeout=60, what="the demo")
        second = counterpos("--demo", "--terminal", "T2", "--db", str(second_db), env=env, log=tmp_path / "t2.log")
        wait_for(lambda: f"counter T2 of store 0166, store hub on {started.group(1)};" in
                 (tmp_path / "t2.log").read_text(), timeout=60, what="T2 joining the demo store")
        kiosk = counterpos("--demo", "--kiosk", env=env, log=tmp_path / "k1.log")
        wait_for(lambda: f"kiosk K1 of store 0166, store hub on {started.group(1)};" in
                 (tmp_path / "k1.log").read_text(), timeout=60, what="the kiosk joining the demo store")
        stop(kiosk)
        again = counterpos("--demo", "--terminal", "T2", env=env, log=tmp_path / "again.log")
        assert again.wait(timeout=60) == 2  # one T2 in a store: a second is refused, saying what to do
        assert "the demo's T2 is running already" in (tmp_path / "again.log").read_text()

        slip = next(p for p in demo.returns() if p.store_id == "0166")
        scanner.settimeout(30)
        connection, _ = scanner.accept()
        connection.sendall(slip.claim_code.encode() + b"\r")
        wait_for(lambda: status_in(first_db, slip.claim_code) == "RETURNED", timeout=30, what="accepted at T1")
        wait_for(lambda: status_in(second_db, slip.claim_code) == "RETURNED", timeout=30, what="known at T2")
        connection.close()
    finally:
        for process in (second, first):
            if process is not None:
                stop(process)
        scanner.close()
    assert first.returncode == 0 and second.returncode == 0, (tmp_path / "t1.log").read_text()[-3000:]
