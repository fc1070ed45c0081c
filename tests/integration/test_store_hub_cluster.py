"""A store that wants no single point runs three hubs as one JetStream cluster (facts and claims kept
on all three): with one hub gone, the terminals go on through the other two, facts still reach every
terminal and a claim is still refused to a second taker."""

from __future__ import annotations

import contextlib
import json

import pytest

from app.bus.bus import BusSettings, StoreBus
from app.bus.hub import HubSettings, StoreHub
from app.status import SyncMonitor
from app.store import Database, UsedClaim
from app.store.database import SIGNED_IN
from tests.conftest import BUS_TOKEN
from tests.helpers.central import wait_for
from tests.helpers.processes import free_port
from tests.integration.test_store_bus import receive

pytestmark = pytest.mark.timeout(180)


@pytest.fixture
def cluster(tmp_path):
    ports = [(free_port(), free_port()) for _ in range(3)]
    hubs = [StoreHub(HubSettings(tmp_path / f"hub-{n}", port=client, token=BUS_TOKEN, name=f"hub-{n}",
                                 cluster_port=route, routes=tuple(f"127.0.0.1:{other}" for _, other in ports
                                                                  if other != route)))
            for n, (client, route) in enumerate(ports)]
    for hub in hubs:
        hub.start()
    yield hubs
    for hub in hubs:
        hub.stop()


@contextlib.contextmanager
def terminal(tmp_path, hubs, terminal_id: str):
    path = tmp_path / f"{terminal_id}.db"
    db = Database(path)
    db.set_meta(SIGNED_IN, f"S-{terminal_id}")
    monitor = SyncMonitor()
    bus = StoreBus(path, BusSettings(tuple(hub.url for hub in hubs), "0166", terminal_id, BUS_TOKEN), monitor)
    bus.start()
    try:
        wait_for(lambda: monitor.status.store_online, timeout=60, what=f"{terminal_id} on the cluster")
        yield db, bus
    finally:
        bus.stop()
        db.close()


def applied(db: Database, number: str) -> bool:
    return db.execute("SELECT 1 FROM parcels WHERE tracking_number = ?", (number,)).fetchone() is not None


def test_with_one_of_three_hubs_gone_facts_flow_and_claims_hold(tmp_path, cluster):
    with terminal(tmp_path, cluster, "T1") as (db1, bus1), terminal(tmp_path, cluster, "T2") as (db2, bus2):
        receive(db1, bus1, "1200000000000000041")
        wait_for(lambda: applied(db2, "1200000000000000041"), timeout=20, what="the first fact at T2")
        assert bus1.take("return-code.C1").used == UsedClaim("return-code.C1")

        cluster[0].stop()  # one hub PC is switched off
        receive(db1, bus1, "1200000000000000058")
        wait_for(lambda: applied(db2, "1200000000000000058"), timeout=60, what="a fact after the hub went")
        wait_for(lambda: bus2.take("return-code.C1").used is None, timeout=30, what="the claim still refused")
        assert bus2.take("return-code.C1").holder.terminal_id == "T1"


def test_the_store_hub_command_makes_a_cluster_member_whose_routes_carry_the_stores_credential(tmp_path):
    from app.main import hub_settings, parse_args

    args = parse_args(["store-hub", "--host", "0.0.0.0", "--name", "hub-1", "--cluster-port", "6222",
                       "--route", "192.168.1.11:6222", "--route", "192.168.1.12:6222"])
    config = json.loads(hub_settings(args, tmp_path, "s3cret").config_text())
    assert config["server_name"] == "hub-1" and config["cluster"]["port"] == 6222
    assert config["cluster"]["routes"] == ["nats://hub:s3cret@192.168.1.11:6222", "nats://hub:s3cret@192.168.1.12:6222"]
    assert config["cluster"]["authorization"] == {"user": "hub", "password": "s3cret"}
