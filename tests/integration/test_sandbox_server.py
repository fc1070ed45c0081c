"""The sandbox as a server merchants can be given, over real loopback HTTP: a body over the limit is
refused with 413 before anything reads it, a stalled upload is cut off and holds no worker, a slow
client does not stop the others, and the access log never holds the tracking API's key."""

from __future__ import annotations

import logging
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from app.sandbox import http
from app.sandbox.server import SandboxServer
from tests.conftest import TOKEN
from tests.helpers.central import AUTH


def raw(sandbox, request: bytes, *, timeout: float = 10.0) -> bytes:
    """What the sandbox answers to `request`, sent as is, read until it closes or goes quiet."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
        return answer


def test_a_body_over_the_limit_is_refused_in_the_sandboxs_error_shape(sandbox):
    size = http.MAX_BODY_BYTES + 1
    answer = raw(sandbox, b"POST /store/api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                          + f"Authorization: {AUTH['Authorization']}\r\nContent-Length: {size}\r\n\r\n".encode()
                          + b"[" * 1024)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b'"type": "VALIDATION_ERROR"' in body and b'"severity": "Hard"' in body


def test_a_body_at_the_limit_is_read(sandbox):
    answer = requests.post(f"{sandbox.url}/store/api/v1/events", headers=AUTH, timeout=30,
                           data=b" " * (http.MAX_BODY_BYTES - 2) + b"[]")
    assert answer.status_code != 413


@pytest.mark.timeout(120)
def test_a_stalled_upload_is_cut_off_and_holds_no_worker(tmp_path, monkeypatch):
    monkeypatch.setattr(http, "IDLE_SECONDS", 2)
    server = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    stalled = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(http.THREADS * 2)]
    try:
        for connection in stalled:  # each promises a body it never sends, on a path that needs no token
            connection.sendall(b"POST /api/v1/tracking/x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        started = time.monotonic()
        answer = requests.get(f"{server.url}/sandbox/events", headers=AUTH, timeout=10)
        assert answer.status_code == 200 and time.monotonic() - started < 5  # the others are served at once
        for connection in stalled:
            connection.settimeout(15)
            assert connection.recv(100) == b""  # closed by the server, nothing answered
        assert time.monotonic() - started < 15
    finally:
        for connection in stalled:
            connection.close()
        server.stop()


def test_stopping_closes_every_connection_even_when_the_loop_cannot_be_woken(tmp_path, monkeypatch):
    server = SandboxServer(tmp_path / "sandbox.db", TOKEN).start()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as kept_alive:
        kept_alive.sendall(b"GET /store/api/v1/ping HTTP/1.1\r\nHost: x\r\n\r\n")
        assert kept_alive.recv(100).startswith(b"HTTP/1.1 ")
        # waitress's wake-up pipe, lost (once, some code of the test process closed it under the loop)
        monkeypatch.setattr(server._server._server.trigger, "_physical_pull", lambda: None)
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 3
        while kept_alive.recv(65536):  # the rest of the answer, then the end: closed by the server
            pass
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=5)


def test_many_clients_at_once_are_all_answered(sandbox):
    def ask(_):
        return requests.get(f"{sandbox.url}/sandbox/events", headers=AUTH, timeout=30).status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        assert set(pool.map(ask, range(200))) == {200}


def test_the_access_log_never_holds_the_tracking_key(sandbox, caplog):
    with caplog.at_level(logging.INFO, logger="app.sandbox.access"):
        requests.get(f"{sandbox.url}/api/v1/tracking/76050795432071363", params={"key": "s3cret-key", "a": "1"},
                     timeout=5)
        requests.get(f"{sandbox.url}/sandbox/events", params={"x": "1\nGET /forged 200"}, headers=AUTH, timeout=5)
    lines = [record.getMessage() for record in caplog.records if record.name == "app.sandbox.access"]
    assert any("/api/v1/tracking/76050795432071363?key=***&a=1" in line for line in lines), lines
    assert not any("s3cret" in line for line in lines)
    assert all("\n" not in line for line in lines)  # a request cannot forge a line of its own
