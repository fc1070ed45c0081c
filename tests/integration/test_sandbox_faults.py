"""Faults injected into the real sandbox, as a client over loopback sees them."""

from __future__ import annotations

import random
import time

import pytest
import requests

from app.sandbox.faults import Fault
from app.sandbox.server import SandboxServer
from tests.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def server(tmp_path):
    sandbox = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    sandbox.faults._rng = random.Random(7)
    yield sandbox
    sandbox.stop()


def add(server, **fault) -> None:
    response = requests.post(f"{server.url}/sandbox/faults", json=fault, headers=AUTH, timeout=5)
    assert response.status_code == 200, response.text


def ping(server, timeout: float = 5) -> requests.Response:
    return requests.get(f"{server.url}/store/api/v1/ping", headers=AUTH, timeout=timeout)


def test_a_share_of_500s_hits_about_that_share(server):
    add(server, kind="error", status=500, type="INTERNAL_SERVER_ERROR", rate=0.3, path="/store/api/v1/ping")
    codes = [ping(server).status_code for _ in range(200)]
    assert 40 <= codes.count(500) <= 80 and codes.count(200) == 200 - codes.count(500)
    assert requests.get(f"{server.url}/sandbox/faults", headers=AUTH, timeout=5).json()["faults"][0]["rate"] == 0.3


def test_429_carries_retry_after_and_the_body_names_the_error(server):
    add(server, kind="error", status=429, type="TOO_MANY_REQUESTS", retry_after=3, count=1)
    response = ping(server)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    assert response.json() == {"type": "TOO_MANY_REQUESTS", "message": "injected fault", "severity": "Transient"}
    assert ping(server).status_code == 200  # count used up


def test_latency_and_timeouts(server):
    add(server, kind="latency", seconds=0.3, count=1)
    start = time.monotonic()
    assert ping(server).status_code == 200
    assert time.monotonic() - start >= 0.3
    add(server, kind="timeout", seconds=2, count=1)
    with pytest.raises(requests.Timeout):
        ping(server, timeout=0.5)


def test_a_dropped_connection_gets_no_answer_and_the_next_request_works(server):
    add(server, kind="drop", count=1, path="/store/api/v1/ping")
    with pytest.raises(requests.ConnectionError):
        ping(server)
    assert ping(server).status_code == 200


def test_bad_faults_are_refused_and_the_controls_are_never_faulted(server):
    for bad in ({"kind": "meteor"}, {"rate": 2}, {"type": "NOPE"}, {"status": 42}, {"colour": "red"}):
        response = requests.post(f"{server.url}/sandbox/faults", json=bad, headers=AUTH, timeout=5)
        assert response.status_code == 400 and response.json()["type"] == "VALIDATION_ERROR", bad
    add(server, kind="error", status=500)  # everything
    assert requests.get(f"{server.url}/sandbox/faults", headers=AUTH, timeout=5).status_code == 200
    assert requests.delete(f"{server.url}/sandbox/faults", headers=AUTH, timeout=5).json() == {"faults": []}
    assert ping(server).status_code == 200


def test_faults_from_the_command_line_flag():
    fault = Fault.from_flag("kind=error,status=503,rate=0.5,path=/store/api/v1/events,retry_after=2")
    assert (fault.kind, fault.status, fault.rate, fault.path, fault.retry_after) == (
        "error", 503, 0.5, "/store/api/v1/events", 2)
    with pytest.raises(ValueError, match="key=value"):
        Fault.from_flag("kind error")
