"""Kill -9 a terminal of the store, or the store hub's server, at random moments, again and again, while
two terminals work: after each kill the killed terminal's database is intact and every action it had
confirmed is recorded; in the end every fact of each terminal is applied at the other once, both
copies of every parcel agree, and the central system applied each event exactly once.

STORE_BUS_KILLS sets how many kills: 100 by default (CI's short form), 1,000 for the long form:

    STORE_BUS_KILLS=1000 .venv/bin/python -m pytest tests/reliability/test_store_bus_kills.py
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import signal
import time

import pytest

from app.bus.hub import HubSettings, StoreHub
from app.domain.parcels import Actor
from app.sandbox.server import SandboxServer
from app.store import Database
from tests.helpers.central import parcels_on_the_truck, wait_for
from tests.helpers.processes import free_port, port_open
from tests.reliability.crash_driver import TOKEN, confirmed
from tests.reliability.store_driver import drive
from tests.reliability.test_crash import drain, json_status, read_only

KILLS = int(os.environ.get("STORE_BUS_KILLS", "100"))
TERMINALS = ("T1", "T2")


def table(db_path, sql: str) -> list[tuple]:
    with contextlib.closing(read_only(db_path)) as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.expect_log(r"store hub (stopped|could not start again: nats-server stopped at once) \(exit -9\)",
                        logger="app.bus.hub")  # a kill may come while the hub starts the server again
@pytest.mark.timeout(180 + 2 * KILLS)
def test_kills_of_terminals_and_the_hub_lose_no_fact_apply_none_twice_and_send_each_event_once(tmp_path):
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    hub = StoreHub(HubSettings(tmp_path / "hub", port=free_port())).start()
    parcels = parcels_on_the_truck(sandbox, 8 * KILLS)
    share = {terminal: parcels[index::2] for index, terminal in enumerate(TERMINALS)}
    paths = {terminal: tmp_path / f"{terminal}.db" for terminal in TERMINALS}
    for path in paths.values():
        Database(path).close()  # the schema, before the first driver starts
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.store_driver"])

    def start(terminal: str):
        process = context.Process(target=drive, args=(str(paths[terminal]), terminal, hub.url, sandbox.url,
                                                      str(tmp_path / f"{terminal}.confirmed"), share[terminal]))
        process.start()
        return process

    running = {terminal: start(terminal) for terminal in TERMINALS}
    rng = random.Random(19)
    hub_kills = 0
    try:
        for kill in range(KILLS):
            time.sleep(rng.uniform(0.05, 0.4))
            victim = rng.choice([*TERMINALS, "hub"])
            if victim == "hub":
                wait_for(lambda: port_open(hub.settings.port), timeout=30, what="the hub back")
                os.kill(hub._process.pid, signal.SIGKILL)  # the hub PC's server dies; the hub starts it again
                hub_kills += 1
                continue
            assert running[victim].is_alive(), f"{victim} stopped by itself (exit code {running[victim].exitcode})"
            os.kill(running[victim].pid, signal.SIGKILL)
            running[victim].join(10)
            assert table(paths[victim], "PRAGMA integrity_check") == [("ok",)], f"after kill {kill}"
            recorded = {f"{json_status(payload)} {key}" for key, payload in
                        table(paths[victim], "SELECT parcel_key, payload FROM outbox")}
            done = set(confirmed(str(tmp_path / f"{victim}.confirmed")).split("\n")) - {""}
            assert done <= recorded, f"after kill {kill}: confirmed but not recorded: {done - recorded}"
            running[victim] = start(victim)

        def unshared() -> dict[str, list]:  # each terminal's facts not (yet) applied at the other, with their state
            mine = {t: dict(table(paths[t], "SELECT fact_key, state FROM store_facts")) for t in TERMINALS}
            theirs = {t: {k for (k,) in table(paths[t], "SELECT fact_key FROM applied_facts")} for t in TERMINALS}
            return {f"{t} -> {o}": sorted((state, key) for key, state in mine[t].items() if key not in theirs[o])
                    for t, o in (("T1", "T2"), ("T2", "T1"))}

        try:
            wait_for(lambda: not any(unshared().values()), timeout=120, what="every fact applied at the other")
        except AssertionError as exc:
            left = {way: (len(facts), facts[:3]) for way, facts in unshared().items()}
            raise AssertionError(f"{exc}: {left}; the terminals' logs are in {tmp_path}") from None
    finally:
        for process in running.values():
            process.kill()
            process.join(10)
        hub.stop()
    served = {t: set(confirmed(str(tmp_path / f"{t}.confirmed")).split("\n")) - {""} for t in TERMINALS}
    assert all(len(lines) >= KILLS // 4 for lines in served.values()), "the kills interrupted real work"
    assert hub_kills > 0
    copies = [dict(table(paths[t], "SELECT tracking_number, status FROM parcels")) for t in TERMINALS]
    both = copies[0].keys() & copies[1].keys()  # a parcel only looked up when the kill came is known to one
    assert len(both) >= KILLS and {n: copies[0][n] for n in both} == {n: copies[1][n] for n in both}
    try:
        for path in paths.values():
            drain(path, sandbox.url)
        ours = {tracking_number for tracking_number, _ in parcels}
        applied = [row for row in sandbox.db.conn.execute(
            "SELECT tracking_number, status, count(*) FROM history WHERE actor = ? GROUP BY 1, 2",
            (Actor.POS.value,)) if row[0] in ours]
        assert applied and all(n == 1 for *_, n in applied)  # each status applied once
    finally:
        sandbox.stop()

