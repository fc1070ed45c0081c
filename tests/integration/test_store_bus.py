"""Two terminals' store buses on the real store hub (nats-server on loopback), each with its own
database: a fact recorded at one is applied at the other, once; a claim is refused to the second
terminal with who holds it; claims used while the hub was away become conflicts on both terminals;
a fact that cannot be applied is set aside and the rest go on; staff registered at one terminal
sign in at the other."""

from __future__ import annotations

import asyncio
import contextlib
import json

import nats
import pytest

from app.bus.bus import BusSettings, StoreBus
from app.bus.hub import StoreHub
from app.domain.parcels import Parcel, ParcelStatus
from app.status import SyncMonitor
from app.store import Database, ParcelCache, StoreFacts, UnreadableRecords, UsedClaim
from app.store.database import SIGNED_IN
from app.store.facts import BUS_ON
from tests.conftest import BUS_TOKEN
from tests.helpers.central import wait_for

pytestmark = pytest.mark.timeout(120)

TOKEN = BUS_TOKEN


@pytest.fixture
def hub(store_hub):
    return store_hub


@contextlib.contextmanager
def terminal(tmp_path, hub: StoreHub, terminal_id: str, clerk: str = ""):
    """A terminal's database and its store bus, running."""
    path = tmp_path / f"{terminal_id}.db"
    db = Database(path)
    db.set_meta(BUS_ON, "1")
    db.set_meta(SIGNED_IN, clerk)
    monitor = SyncMonitor()
    bus = StoreBus(path, BusSettings((hub.url,), "0166", terminal_id, TOKEN), monitor)
    bus.start()
    try:
        wait_for(lambda: monitor.status.store_online, timeout=20, what=f"{terminal_id} on the store bus")
        yield db, bus, monitor
    finally:
        bus.stop()
        db.close()


def receive(db: Database, bus: StoreBus, number: str, *, slot: str = "A-01") -> None:
    with db.transaction():
        ParcelCache(db).keep(Parcel(number, "0166", "M1", "Shop", ParcelStatus.READY_FOR_CLAIM, shelf_slot=slot,
                                    claim_code=f"C{number[-6:]}"))
        StoreFacts(db).record("parcel-status", "parcel", number)
    bus.wake()


def test_a_parcel_received_at_one_terminal_is_on_the_shelf_at_the_other(tmp_path, hub):
    with terminal(tmp_path, hub, "T1") as (db1, bus1, status1), terminal(tmp_path, hub, "T2") as (db2, _, status2):
        receive(db1, bus1, "1200000000000000017", slot="B-03")
        parcel = wait_for(lambda: ParcelCache(db2).get("1200000000000000017"), what="the parcel at T2")
        assert (parcel.status, parcel.shelf_slot) == (ParcelStatus.READY_FOR_CLAIM, "B-03")
        wait_for(lambda: status1.status.store_facts_waiting == 0, what="T1's fact published")
        wait_for(lambda: status2.status.store_terminals == 2, timeout=15, what="both terminals present")
        assert db2.execute("SELECT count(*) FROM applied_facts").fetchone()[0] == 1


def test_a_claim_is_refused_to_the_second_terminal_with_who_has_it(tmp_path, hub):
    with terminal(tmp_path, hub, "T1", clerk="S001") as (_, bus1, _), \
            terminal(tmp_path, hub, "T2", clerk="S002") as (_, bus2, _):
        assert bus1.take("return-code.R4KX9").used == UsedClaim("return-code.R4KX9")
        refused = bus2.take("return-code.R4KX9")
        assert refused.used is None
        assert (refused.holder.terminal_id, refused.holder.staff_id) == ("T1", "S001")
        assert bus1.take("return-code.R4KX9").used is not None  # the holder asking again (a restart)


def test_claims_used_apart_are_conflicts_on_both_terminals(tmp_path, hub):
    with terminal(tmp_path, hub, "T1", clerk="S001") as (db1, bus1, status1), \
            terminal(tmp_path, hub, "T2", clerk="S002") as (db2, bus2, status2):
        for db, bus in ((db1, bus1), (db2, bus2)):  # each accepted the code while the hub was out of reach
            with db.transaction():
                StoreFacts(db).record("parcel-status", "parcel", "1200000000000000025",
                                      claims=[UsedClaim("return-code.R4KX9", alone=True)])
            bus.wake()
        for db, status, other in ((db1, status1, "T2"), (db2, status2, "T1")):
            wait_for(lambda db=db: StoreFacts(db).conflicts(), what="the conflict")
            conflict, = StoreFacts(db).conflicts()
            assert (conflict.subject, conflict.ours.terminal_id, conflict.theirs.terminal_id) == \
                ("return-code.R4KX9", "", other)
            wait_for(lambda status=status: status.status.store_conflicts == 1, what="the conflict counted")


def test_a_fact_that_cannot_be_applied_is_set_aside_and_the_next_applied(tmp_path, hub):
    with terminal(tmp_path, hub, "T2") as (db2, _, _):
        async def send_bad_then_good():
            connection = await nats.connect(hub.url, token=TOKEN)
            js = connection.jetstream()
            await js.publish("store.0166.facts.T9.parcel-status", b"{not json")
            await js.publish("store.0166.facts.T9.parcel-status", json.dumps(
                {"key": "k-bad-rows", "terminal": "T9", "family": "parcel", "subject": "1200000000000000033",
                 "rows": {"staff": [{"staff_id": "S9"}]}}).encode())
            await js.publish("store.0166.facts.T9.parcel-status", json.dumps(
                {"key": "k-good", "terminal": "T9", "family": "parcel", "subject": "1200000000000000033",
                 "rows": {"parcels": [{"tracking_number": "1200000000000000033", "store_id": "0166",
                                       "status": "READY FOR CLAIM", "payment_type": "PREPAID", "amount": "0.00",
                                       "shelf_slot": "C-02", "unknown_column": "ignored"}]}}).encode())
            await connection.close()

        asyncio.run(send_bad_then_good())
        parcel = wait_for(lambda: ParcelCache(db2).get("1200000000000000033"), what="the good fact applied")
        assert parcel.shelf_slot == "C-02"
        feeds = [(record.feed, record.error) for record in UnreadableRecords(db2).all()]
        assert len(feeds) == 2 and all(feed == "store bus" for feed, _ in feeds)


def test_staff_registered_at_one_terminal_sign_in_at_the_other(tmp_path, hub):
    import subprocess
    import sys

    from app.services.staff import SignIn
    from tests.helpers.processes import isolated_env

    with terminal(tmp_path, hub, "T1") as (db1, bus1, _), terminal(tmp_path, hub, "T2") as (db2, _, _):
        added = subprocess.run([sys.executable, "-m", "app.main", "--db", str(db1.path), "staff", "add", "2001", "--name", "Liza Reyes",
                                "--role", "supervisor"], input="4826\n", text=True,
                               capture_output=True, env=isolated_env(tmp_path), timeout=60)
        assert added.returncode == 0, added.stderr  # at T1's PC, while its counter runs
        member = wait_for(lambda: SignIn(db2, "T2").staff.member("2001"), timeout=20, what="the member at T2")
        assert (member.name, member.role.value) == ("Liza Reyes", "supervisor")
        assert SignIn(db2, "T2").sign_in("2001", "4826").staff_id == "2001"


@pytest.mark.expect_log(r"another terminal of the store is also T2", logger="app.bus.bus")
def test_two_terminals_set_up_under_one_id_are_each_told(tmp_path, hub):
    with terminal(tmp_path, hub, "T2") as (_, _, first):
        second_db = tmp_path / "other" / "T2.db"
        second_db.parent.mkdir()
        Database(second_db).close()
        monitor = SyncMonitor()
        twin = StoreBus(second_db, BusSettings((hub.url,), "0166", "T2", TOKEN), monitor)
        twin.start()
        try:
            for status in (first, monitor):
                wait_for(lambda status=status: status.status.store_twin, timeout=20, what="the twin seen")
        finally:
            twin.stop()


def test_a_claim_given_back_can_be_taken_by_another_terminal_and_only_its_holder_gives_it_back(tmp_path, hub):
    with terminal(tmp_path, hub, "T1") as (_, bus1, _), terminal(tmp_path, hub, "T2") as (_, bus2, _):
        assert bus1.take("cod.1200000000000000090").used is not None
        bus2.release("cod.1200000000000000090")  # not T2's: nothing happens
        assert bus2.take("cod.1200000000000000090").used is None
        bus1.release("cod.1200000000000000090")  # T1's payment could not be recorded
        assert bus2.take("cod.1200000000000000090").used == UsedClaim("cod.1200000000000000090")


def test_a_terminal_started_again_after_a_crash_is_not_taken_for_its_own_twin(tmp_path, hub, monkeypatch):
    import app.bus.bus as bus_module

    monkeypatch.setattr(bus_module, "PRESENCE_SECONDS", 0.3)  # the presence rounds, quicker
    answers = []
    asked = bus_module.StoreBus._twin

    async def twin(self, me, told):
        answers.append(await asked(self, me, told))
        return answers[-1]

    monkeypatch.setattr(bus_module.StoreBus, "_twin", twin)
    with terminal(tmp_path, hub, "T3"):
        pass  # the run before: its presence stays in the bucket a while
    with terminal(tmp_path, hub, "T3") as (_, _, status):
        wait_for(lambda: len(answers) > 5, timeout=10, what="several presence rounds")
        assert not any(answers) and not status.status.store_twin
