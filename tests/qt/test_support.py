"""Support: the log of a whole scenario holds no secret, and the diagnostics a clerk copies for a
ticket hold what support needs (versions, settings, devices, the outbox) and no secret either."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.main import log_file_handler
from app.store.schema import MIGRATIONS
from tests.conftest import TOKEN
from tests.helpers.central import AUTH, inject_fault
from tests.helpers.staff import STAFF
from tests.qt.conftest import Clerk, open_counter

PRINTER_PASSWORD = "s3cret-printer-pw"


@pytest.mark.expect_log(r"parked: INVALID_DATA", logger="app.central.sender")
def test_a_days_scenario_logs_no_token_and_no_pin(qtbot, settings, sandbox, ready, tmp_path):
    logs = tmp_path / "logs"
    handler = log_file_handler(logs)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)  # everything any library would say
    app = open_counter(qtbot, settings)
    try:
        clerk = Clerk(qtbot, app.window)
        clerk.scan(ready[0].claim_code)
        assert clerk.scan(ready[0].tracking_number) == "Released. Hand the parcel to the customer."
        qtbot.keyClick(app.window.scan_field, Qt.Key.Key_F8)  # the clerk changes: a wrong PIN, then the right one
        clerk.type_pin(STAFF[1][0], "0000")
        clerk.sign_in(STAFF[1][0], STAFF[1][3])
        inject_fault(sandbox.url, 422, "INVALID_DATA", count=1, path="/store/api/v1/events")
        clerk.scan(ready[1].claim_code)
        clerk.scan(ready[1].tracking_number)
        qtbot.waitUntil(lambda: app.window.status.sync.text().count("refused") == 1, timeout=15000)
        requests.get(f"{sandbox.url}/store/api/v1/ping", headers=AUTH, timeout=5)
    finally:
        app.stop()
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)
    written = "".join(path.read_text(encoding="utf-8", errors="replace") for path in logs.iterdir())
    assert '"POST /store/api/v1/events HTTP/1.1" 200' in written  # the requests themselves were logged
    assert "parked: INVALID_DATA" in written  # and what went wrong
    for secret in (TOKEN, f"Bearer {TOKEN}", *(pin for *_, pin in STAFF if len(pin) >= 4)):
        assert secret not in written


def test_copied_diagnostics_say_what_support_needs_and_no_secret(qtbot, settings, tmp_path):
    printers = {"receipt": {"url": f"folder://{tmp_path}/receipts", "language": "pdf"},
                "label": {"url": f"cups://printer:{PRINTER_PASSWORD}@labels.local/Zebra", "language": "zpl"}}
    app = open_counter(qtbot, replace(settings, printers=printers, central_url=settings.central_url))
    try:
        qtbot.keyClick(app.window.scan_field, Qt.Key.Key_F9)
        dialog = app.window.devices
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        QGuiApplication.clipboard().clear()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        qtbot.keyClick(dialog, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.status.text().startswith("Diagnostics copied"), timeout=15000)
        text = QGuiApplication.clipboard().text()
    finally:
        app.stop()
    for wanted in ("counterpos diagnostics", "PySide6-Essentials 6.", "store_id = '0166'", "printer receipt: PDF printer at",
                   "events waiting to be sent: 0", f"local database schema version: {len(MIGRATIONS)}"):
        assert wanted in text, wanted
    assert "cups://***@labels.local/Zebra" in text
    assert PRINTER_PASSWORD not in text and TOKEN not in text
    assert Path(settings.token_file).name in text  # where the token is, never what it is
