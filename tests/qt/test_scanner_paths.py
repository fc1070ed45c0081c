"""Scans from a serial scanner (pyserial URL or a real pty) reach the same code path as the keyboard."""

from __future__ import annotations

import os
import tty
from dataclasses import replace

from app.compose import build_counter
from tests.conftest import TOKEN


def start(qtbot, settings):
    app = build_counter(settings, TOKEN)
    qtbot.addWidget(app.window)
    app.start()
    app.window.show()
    return app


def test_a_loop_url_scanner_claims_like_the_keyboard(qtbot, settings, ready):
    app = start(qtbot, replace(settings, scanner="loop://"))
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
    app = start(qtbot, replace(settings, scanner=os.ttyname(device)))
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
    app = start(qtbot, replace(settings, scanner="/dev/ttyNOSUCHSCANNER"))
    try:
        qtbot.waitUntil(lambda: "disconnected" in app.window.status.scanner.text(), timeout=5000)
    finally:
        app.stop()
