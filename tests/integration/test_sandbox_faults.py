"""Faults injected into the real sandbox, as a client over loopback sees them."""

from __future__ import annotations

import random
import time

import pytest
import requests

from app.sandbox.faults import Fault
from tests.helpers.central import AUTH


@pytest.fixture(autouse=True)
def steady_chance(sandbox):
    sandbox.faults._rng = random.Random(7)  # the same share of faults every run


def add(sandbox, **fault) -> None:
    response = requests.post(f"{sandbox.url}/sandbox/faults", json=fault, headers=AUTH, timeout=5)
    assert response.status_code == 200, response.text


def ping(sandbox, timeout: float = 5) -> requests.Response:
    return requests.get(f"{sandbox.url}/store/api/v1/ping", headers=AUTH, timeout=timeout)


def test_a_share_of_500s_hits_about_that_share(sandbox):
    add(sandbox, kind="error", status=500, type="INTERNAL_SERVER_ERROR", rate=0.3, path="/store/api/v1/ping")
    codes = [ping(sandbox).status_code for _ in range(200)]
    assert 40 <= codes.count(500) <= 80 and codes.count(200) == 200 - codes.count(500)
    assert requests.get(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5).json()["faults"][0]["rate"] == 0.3


def test_429_carries_retry_after_and_the_body_names_the_error(sandbox):
    add(sandbox, kind="error", status=429, type="TOO_MANY_REQUESTS", retry_after=3, count=1)
    response = ping(sandbox)
    assert response.status_code == 429 and response.headers["Retry-After"] == "3"
    assert response.json() == {"type": "TOO_MANY_REQUESTS", "message": "injected fault", "severity": "Transient"}
    assert ping(sandbox).status_code == 200  # count used up


def test_latency_and_timeouts(sandbox):
    add(sandbox, kind="latency", seconds=0.3, count=1)
    start = time.monotonic()
    assert ping(sandbox).status_code == 200
    assert time.monotonic() - start >= 0.3
    add(sandbox, kind="timeout", seconds=2, count=1)
    with pytest.raises(requests.Timeout):
        ping(sandbox, timeout=0.5)


def test_a_dropped_connection_gets_no_answer_and_the_next_request_works(sandbox):
    add(sandbox, kind="drop", count=1, path="/store/api/v1/ping")
    with pytest.raises(requests.ConnectionError):
        ping(sandbox)
    assert ping(sandbox).status_code == 200


def test_bad_faults_are_refused_and_the_controls_are_never_faulted(sandbox):
    for bad in ({"kind": "meteor"}, {"rate": 2}, {"type": "NOPE"}, {"status": 42}, {"colour": "red"}):
        response = requests.post(f"{sandbox.url}/sandbox/faults", json=bad, headers=AUTH, timeout=5)
        assert response.status_code == 400 and response.json()["type"] == "VALIDATION_ERROR", bad
    add(sandbox, kind="error", status=500)  # everything
    assert requests.get(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5).status_code == 200
    assert requests.delete(f"{sandbox.url}/sandbox/faults", headers=AUTH, timeout=5).json() == {"faults": []}
    assert ping(sandbox).status_code == 200


def test_faults_from_the_command_line_flag():
    fault = Fault.from_flag("kind=error,status=503,rate=0.5,path=/store/api/v1/events,retry_after=2")
    assert (fault.kind, fault.status, fault.rate, fault.path, fault.retry_after) == (
        "error", 503, 0.5, "/store/api/v1/events", 2)
    with pytest.raises(ValueError, match="key=value"):
        Fault.from_flag("kind error")
