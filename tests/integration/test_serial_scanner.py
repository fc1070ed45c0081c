"""Serial scanners without hardware: a pty driven by another process, and a socket that drops."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tty

import pytest

from scanners.serial_scanner import ScannerOptions, SerialScanner
from tests.helpers.central import wait_for


def test_a_scanner_process_writing_to_a_real_pty_is_read_like_hardware():
    controller, device = os.openpty()
    tty.setraw(device)
    scans, statuses = [], []
    scanner = SerialScanner(os.ttyname(device), scans.append, on_status=statuses.append,
                            options=ScannerOptions(baudrate=115200, terminator="CRLF"))
    scanner.start()
    try:
        wait_for(lambda: "connected" in statuses, what="the port open")
        writer = "import os, sys; fd = int(sys.argv[1]); os.write(fd, b']C19755-4257-4904\\r\\n'); " \
                 "os.write(fd, b']E04006381333931\\r\\n')"
        subprocess.run([sys.executable, "-c", writer, str(controller)], pass_fds=[controller], check=True, timeout=10)
        wait_for(lambda: len(scans) == 2, what="two scans")
        assert [(s.text, s.symbology, s.gtin) for s in scans] == [("9755-4257-4904", "]C1", None),
                                                                  ("4006381333931", "]E0", "4006381333931")]
    finally:
        scanner.stop()
        os.close(controller)
        os.close(device)


@pytest.mark.expect_log(r"scanner .* lost", logger="scanners.reader")
def test_unplugged_mid_code_the_half_is_dropped_and_the_scanner_comes_back_by_itself():
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    scans, statuses = [], []
    scanner = SerialScanner(f"socket://127.0.0.1:{port}", scans.append, on_status=statuses.append)
    scanner.start()
    try:
        connection, _ = listener.accept()
        wait_for(lambda: "connected" in statuses, what="connected")
        connection.sendall(b"9755-42")  # half a code, then the cable is pulled
        listener.close()  # first: the scanner, reconnecting at once, must find nothing to connect to
        connection.close()
        wait_for(lambda: any(s.startswith("disconnected") for s in statuses), what="disconnect noticed")
        listener = socket.create_server(("127.0.0.1", port))  # plugged back in
        listener.settimeout(30)
        connection, _ = listener.accept()
        connection.sendall(b"57-4904\r9755-4257-4904\r")
        wait_for(lambda: len(scans) == 2, timeout=30, what="scans after reconnecting")  # a busy CI machine
        wait_for(lambda: statuses[-1] == "connected", what="shown connected again")
    finally:
        scanner.stop()
        connection.close()  # here too: left open by a failure, it would fail the next test when collected
        listener.close()
    # The half code is dropped, never delivered, and never spliced with what comes after the break
    # (that tail is its own, unknown, code, which the counter refuses).
    assert [s.text for s in scans] == ["57-4904", "9755-4257-4904"]


@pytest.mark.expect_log(r"scanner .* lost", logger="scanners.reader")
def test_closing_the_pty_shows_the_scanner_unplugged_and_drops_the_half_code():
    controller, device = os.openpty()
    tty.setraw(device)
    path = os.ttyname(device)
    scans, statuses = [], []
    scanner = SerialScanner(path, scans.append, on_status=statuses.append)
    scanner.start()
    try:
        wait_for(lambda: "connected" in statuses, what="the port open")
        os.write(controller, b"9755-4257-4904\r9755-42")
        wait_for(lambda: len(scans) == 1, what="the full code")
        os.close(controller)  # the scanner is unplugged, half way through its second code
        os.close(device)
        wait_for(lambda: any(s.startswith("disconnected") for s in statuses), what="disconnect shown")
    finally:
        scanner.stop()
    assert [s.text for s in scans] == ["9755-4257-4904"]
