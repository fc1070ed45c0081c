"""Running counterpos itself as a subprocess (the sandbox, the counter), the way a store would."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.helpers.central import wait_for
from tests.helpers.screens import COUNTER_SCREEN, offscreen


def rows_in(db: str | Path, table: str) -> int:
    """Rows of a table in a running program's database, read-only; 0 while it is not there yet."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    except sqlite3.Error:
        return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(home: Path) -> dict[str, str]:
    """An environment whose config, data and log folders are inside the test's own folder."""
    env = dict(os.environ, QT_QPA_PLATFORM=offscreen(*COUNTER_SCREEN), HOME=str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    return env


def counterpos(*args: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``counterpos ARGS``; what it prints goes to `log` (appended, to read after a failure)."""
    with open(log, "ab") as output:
        return subprocess.Popen([sys.executable, "-m", "app.main", *args], env=env, stdout=output, stderr=output)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_sandbox(db: Path, port: int, token: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = counterpos("sandbox", "--port", str(port), "--db", str(db), "--token", token, env=env, log=log)
    wait_for(lambda: port_open(port) or process.poll() is not None, what="sandbox start")
    assert process.poll() is None, log.read_text()
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_port_free(port: int) -> None:
    wait_for(lambda: not port_open(port), what=f"port {port} to close")


@contextlib.contextmanager
def sandbox_process(db: Path, token: str) -> Iterator[str]:
    """``counterpos sandbox --empty`` on `db` (filled beforehand) as its own process; yields its URL."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "app.main", "sandbox", "--port", str(port), "--db", str(db),
                               "--token", token, "--empty"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: port_open(port) or server.poll() is not None, timeout=30, what="the sandbox to start")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
