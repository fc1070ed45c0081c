"""Kill -9 the counter right after a confirmed claim: the event is still delivered, exactly once."""

from __future__ import annotations

import contextlib
import signal
import socket
import sqlite3

from app.store import Database
from tests.conftest import TOKEN
from tests.helpers.central import received_events, wait_for
from tests.helpers.processes import counterpos, free_port, isolated_env, start_sandbox, stop, wait_port_free
from tests.helpers.staff import sign_in_demo_clerk


def outbox_rows(db_path) -> list[tuple]:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
    except sqlite3.OperationalError:
        return []
    try:
        return conn.execute("SELECT payload, state FROM outbox ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def count(db_path, sql: str) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def test_a_claim_confirmed_offline_survives_sigkill_and_is_delivered_once(tmp_path, ready):
    env = isolated_env(tmp_path)
    port, db = free_port(), tmp_path / "counter.db"
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o600)
    scanner = socket.create_server(("127.0.0.1", 0))
    central = f"http://127.0.0.1:{port}"
    args = ["--config", str(tmp_path / "none.toml"), "--store", "0166", "--central", central,
            "--token-file", str(token_file), "--db", str(db), "--print-dir", str(tmp_path / "prints"),
            "--poll-interval", "0.5", "--scanner", f"socket://127.0.0.1:{scanner.getsockname()[1]}"]
    with contextlib.closing(Database(db)) as local:
        sign_in_demo_clerk(local)  # a clerk was signed in before: a restart carries on with them
    sandbox = start_sandbox(tmp_path / "sandbox.db", port, TOKEN, env, tmp_path / "sandbox.log")
    counter = counterpos(*args, env=env, log=tmp_path / "counter.log")
    try:
        wait_for(lambda: count(db, "SELECT count(*) FROM parcels") >= 13, timeout=30, what="parcels cached")
        stop(sandbox)  # the central system goes away: the counter works from its cache
        wait_port_free(port)

        scanner.settimeout(20)
        connection, _ = scanner.accept()
        parcel = ready[0]
        connection.sendall(parcel.claim_code.encode() + b"\r")
        connection.sendall(parcel.tracking_number.encode() + b"\r")
        wait_for(lambda: any('"CLAIMED"' in p for p, _ in outbox_rows(db)), timeout=20, what="confirmed claim")
        counter.send_signal(signal.SIGKILL)
        counter.wait(timeout=10)
        connection.close()

        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT status FROM parcels WHERE tracking_number = ?",
                            (parcel.tracking_number,)).fetchone()[0] == "CLAIMED"
        conn.close()
        assert [state for _, state in outbox_rows(db)] == ["pending"]

        sandbox = start_sandbox(tmp_path / "sandbox.db", port, TOKEN, env, tmp_path / "sandbox.log")
        counter = counterpos(*args, env=env, log=tmp_path / "counter.log")
        events = wait_for(lambda: received_events(central, parcel.tracking_number), timeout=30, what="delivery")
        wait_for(lambda: [s for _, s in outbox_rows(db)] == ["acked"], timeout=30, what="acknowledged")
        events = received_events(central, parcel.tracking_number)
        assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("CLAIMED", "ACCEPTED")]
    finally:
        stop(counter)
        stop(sandbox)
        scanner.close()
