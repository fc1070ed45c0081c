"""Scans from a serial scanner (pyserial URL or a real pty) reach the same code path as the keyboard."""

from __future__ import annotations

import os
import time
import tty
from dataclasses import replace

from scanners.events import scan_event
from tests.qt.conftest import open_counter


def test_a_loop_url_scanner_claims_like_the_keyboard(qtbot, settings, ready):
    app = open_counter(qtbot, replace(settings, scanner="loop://"))
    try:
        qtbot.waitUntil(lambda: "connected" in app.window.status.scanner.text(), timeout=5000)
        app.scanner.port.write(ready[0].claim_code.encode() + b"\r")
        qtbot.waitUntil(lambda: "then scan its label" in app.window.result.title.text(), timeout=5000)
        app.scanner.port.write(ready[0].tracking_number.encode() + b"\r\n")
        qtbot.waitUntil(lambda: app.window.result.title.text().startswith("Released"), timeout=5000)
    finally:
        app.stop()


def test_a_real_serial_device_path_delivers_scans_and_garbage_gets_a_message(qtbot, settings, ready):
    controller, device = os.openpty()
    tty.setraw(device)  # a raw line: no echo, no newline translation, as a scanner's port would be
    app = open_counter(qtbot, replace(settings, scanner=os.ttyname(device)))
    try:
        qtbot.waitUntil(lambda: "connected" in app.window.status.scanner.text(), timeout=5000)
        os.write(controller, b"\xff\xfe\x01garbage\r")
        qtbot.waitUntil(lambda: "Not a code we know" in app.window.result.title.text(), timeout=5000)
        os.write(controller, ready[1].claim_code.encode() + b"\r")
        qtbot.waitUntil(lambda: "then scan its label" in app.window.result.title.text(), timeout=5000)
    finally:
        app.stop()
        os.close(controller)
        os.close(device)


def test_a_scanner_that_is_not_plugged_in_is_shown_disconnected(qtbot, settings):
    app = open_counter(qtbot, replace(settings, scanner="/dev/ttyNOSUCHSCANNER"))
    try:
        qtbot.waitUntil(lambda: "disconnected" in app.window.status.scanner.text(), timeout=5000)
    finally:
        app.stop()


def test_a_stale_scan_is_ignored_with_a_message(qtbot, settings, ready):
    app = open_counter(qtbot, settings)
    try:
        old = scan_event(ready[0].claim_code, "serial", at=time.monotonic() - 8)
        app.window.on_scan(old)
        assert app.window.result.title.text() == "A scan from 8 seconds ago was ignored."
        assert app.window.session.awaiting_label is None
    finally:
        app.stop()


def test_scanner_options_frame_tab_terminated_codes_with_a_prefix(qtbot, settings, ready):
    options = {"terminator": "TAB", "prefix": "#"}
    app = open_counter(qtbot, replace(settings, scanner="loop://", scanner_options=options))
    try:
        qtbot.waitUntil(lambda: "connected" in app.window.status.scanner.text(), timeout=5000)
        app.scanner.port.write(b"#" + ready[0].claim_code.encode() + b"\t")
        qtbot.waitUntil(lambda: "then scan its label" in app.window.result.title.text(), timeout=5000)
    finally:
        app.stop()
