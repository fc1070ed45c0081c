"""Kill -9 a working counter at random moments, again and again: after each restart every action it
had confirmed is in its outbox (or already acknowledged), the database is intact, and in the end the
central system has applied each event exactly once, and the receipt printer (a TCP ESC/POS printer)
got no receipt twice: one the counter was sending when it died is left for a person to check.

CRASH_KILLS sets how many kills: 200 by default, 1,000 for the long form:

    CRASH_KILLS=1000 .venv/bin/python -m pytest tests/reliability/test_crash.py
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import time

import pytest

from app.central.client import CentralClient
from app.central.sender import OutboxSender
from app.domain.parcels import Actor
from app.sandbox.server import SandboxServer
from app.status import SyncMonitor
from app.store import Database, Outbox
from tests.helpers.central import parcels_on_the_truck
from tests.helpers.printer_server import CapturePrinter
from tests.reliability.crash_driver import TOKEN, drive

KILLS = int(os.environ.get("CRASH_KILLS", "200"))
PARCELS = 15 * KILLS  # more than the driver serves between kills, all told


def read_only(path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


@pytest.mark.timeout(120 + KILLS)  # about a third of a second a kill; the long form needs far more than the default
def test_sigkill_at_random_moments_loses_no_confirmed_action_and_sends_and_prints_each_once(tmp_path):
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    printer = CapturePrinter().__enter__()
    db_path, confirmations = tmp_path / "counter.db", tmp_path / "confirmed.txt"
    parcels = parcels_on_the_truck(sandbox, PARCELS)
    Database(db_path).close()  # the schema, before the first driver starts
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.crash_driver", "printers.escpos", "printers.pdf"])  # warmed up
    rng = random.Random(7)
    try:
        for kill in range(KILLS):
            driver = context.Process(target=drive, args=(str(db_path), sandbox.url, str(confirmations), parcels,
                                                         printer.url))
            driver.start()
            time.sleep(rng.uniform(0.05, 0.4))
            assert driver.is_alive(), f"the driver stopped by itself (exit code {driver.exitcode})"
            os.kill(driver.pid, signal.SIGKILL)
            driver.join(10)
            with contextlib.closing(read_only(db_path)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"after kill {kill}"
                recorded = {f"{json_status(p)} {k}" for k, p in conn.execute("SELECT parcel_key, payload FROM outbox")}
            confirmed = set(confirmations.read_text().split("\n")) - {""} if confirmations.exists() else set()
            assert confirmed <= recorded, f"after kill {kill}: confirmed but not recorded: {confirmed - recorded}"

        assert len(confirmed) >= KILLS  # the kills interrupted real work
        drain(db_path, sandbox.url)
        with contextlib.closing(read_only(db_path)) as conn:
            outbox = conn.execute("SELECT idempotency_key, parcel_key, payload, state FROM outbox").fetchall()
        assert outbox and {state for *_, state in outbox} == {"acked"}
        ours = {tracking_number for tracking_number, _ in parcels}
        applied = [row for row in sandbox.db.conn.execute(
            "SELECT tracking_number, status, count(*) FROM history WHERE actor = ? GROUP BY 1, 2",
            (Actor.POS.value,)) if row[0] in ours]
        assert all(n == 1 for *_, n in applied)  # each status applied once
        assert {(k, json_status(p)) for _, k, p, _ in outbox} == {(tn, status) for tn, status, _ in applied}
        printed_once(db_path, printer.jobs)
    finally:
        printer.__exit__()
        sandbox.stop()


def printed_once(db_path, received: list[bytes]) -> None:
    """No receipt reached the printer twice; each one recorded as printed reached it whole, once; one
    left in doubt (the counter died sending it) reached it at most once and was never resent."""
    with contextlib.closing(read_only(db_path)) as conn:
        jobs = conn.execute("SELECT id, payload, state FROM print_jobs WHERE reprint_of IS NULL").fetchall()
    assert not any(b"REPRINT" in job for job in received)  # nobody asked for a copy here
    copies = {}
    for job_id, payload, state in jobs:
        reference = next(b["text"] for b in json.loads(payload)["blocks"] if b.get("text", "").startswith("Ref. "))
        copies[job_id] = (state, sum(reference.encode() in job for job in received))  # each receipt's own
    assert all(n <= 1 for _, n in copies.values()), f"printed twice: {[j for j, (_, n) in copies.items() if n > 1]}"
    assert all(n == 1 for state, n in copies.values() if state == "printed")
    states = [state for state, _ in copies.values()]
    assert "printed" in states and set(states) <= {"printed", "pending", "sending", "unknown"}
    in_doubt = [n for state, n in copies.values() if state in ("sending", "unknown")]
    print(f"{len(jobs)} receipts: {states.count('printed')} printed once, {len(in_doubt)} left to check "
          f"({sum(in_doubt)} of them had reached the printer), {states.count('pending')} not yet printed, "
          f"0 printed twice")  # the README's figures: pytest -s


def json_status(payload: str) -> str:
    return json.loads(payload)["status"]


def drain(db_path, url: str) -> None:
    """A last, quiet run of the sender until everything is acknowledged."""
    db = Database(db_path)
    sender = OutboxSender(db_path, lambda: CentralClient(url, TOKEN), SyncMonitor(), backoff_base=0.05)
    sender.start()
    deadline = time.monotonic() + 60
    while Outbox(db).waiting_count() and time.monotonic() < deadline:
        time.sleep(0.1)
    sender.stop()
    db.close()
