"""First run: the setup screen refuses what would not work (each with why), tests a scan and a print,
and saves only once the central system answered the token and knows the store; the token goes to
the OS keyring where there is one, else to a file only this user can read."""

from __future__ import annotations

import os
import stat
import tomllib
import tty
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends.fail import Keyring as FailKeyring
from PySide6.QtCore import Qt

from app.settings import load_settings, read_token
from app.ui.bridge import Bridge
from app.ui.lanes import Lane
from app.ui.setup_window import SetupWindow
from scanners.events import scan_event
from tests.conftest import TOKEN


class MemoryKeyring(KeyringBackend):
    priority = -1  # never chosen by itself: only when a test sets it

    def __init__(self):
        super().__init__()
        self.saved: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.saved[service, username] = password

    def get_password(self, service, username):
        return self.saved.get((service, username))

    def delete_password(self, service, username):
        self.saved.pop((service, username), None)


@pytest.fixture
def no_keyring():
    """As on a kiosk without a desktop session (and never this machine's real keyring)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def setup(qtbot, tmp_path, no_keyring):
    lane = Lane("support")
    saved = []
    window = SetupWindow(lane, tmp_path / "config" / "settings.toml", saved.append, lambda event: None)
    qtbot.addWidget(window)
    window.show()
    window.saved = saved
    yield window
    lane.shutdown()


def fill(window, sandbox, tmp_path, **changes) -> None:
    values = {"store_id": "0166", "store_name": "7-Eleven Ortigas Avenue", "terminal_id": "T2",
              "central_url": sandbox.url, "token": TOKEN, "printer_url": f"folder://{tmp_path}/receipts"}
    values.update(changes)
    for name, value in values.items():
        getattr(window, name).setText(value)


def save(qtbot, window) -> str:
    qtbot.mouseClick(window.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.save.isEnabled() and window.message.text() != "Checking the connection…",
                    timeout=15000)
    return window.message.text()


def test_each_problem_is_named_and_nothing_is_saved_until_the_central_system_agrees(qtbot, setup, sandbox, tmp_path):
    fill(setup, sandbox, tmp_path, store_id="16")
    assert "store" in save(qtbot, setup).lower()
    fill(setup, sandbox, tmp_path, token="")
    assert save(qtbot, setup) == "Type the token the central system gave this store."
    fill(setup, sandbox, tmp_path, token="not-the-token")
    assert save(qtbot, setup) == "The central system refused the token: check it and type it again."
    fill(setup, sandbox, tmp_path, store_id="0999")
    assert save(qtbot, setup) == "The central system does not know store 0999."
    fill(setup, sandbox, tmp_path, central_url="http://127.0.0.1:9")
    assert save(qtbot, setup).startswith("The central system at http://127.0.0.1:9 cannot be reached")
    assert setup.saved == [] and not (tmp_path / "config").exists()


def test_without_a_keyring_the_token_goes_to_a_file_only_this_user_reads(qtbot, setup, sandbox, tmp_path):
    fill(setup, sandbox, tmp_path)
    setup.mode.setCurrentText("kiosk")
    setup.show_scan(scan_event("]E04006381333931", "keyboard-wedge"))  # a wedge scan shows at once
    assert setup.last_scan.text() == "Scanned: 4006381333931  (GTIN 4006381333931)"
    qtbot.mouseClick(setup.test_print, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: setup.message.text().startswith("Test page sent to "), timeout=10000)
    assert list((tmp_path / "receipts").glob("*.bin"))

    assert save(qtbot, setup) == f"Saved to {tmp_path / 'config' / 'settings.toml'}."
    written = tomllib.loads((tmp_path / "config" / "settings.toml").read_text())
    assert TOKEN not in (tmp_path / "config" / "settings.toml").read_text()
    token_file = Path(written["token_file"])
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    settings = load_settings(tmp_path / "config" / "settings.toml")
    assert (settings.store_id, settings.terminal_id, settings.mode) == ("0166", "T2", "kiosk")
    assert read_token(settings) == TOKEN and setup.saved[0] == settings


def test_with_a_keyring_the_token_is_kept_there_and_read_back(qtbot, setup, sandbox, tmp_path):
    memory = MemoryKeyring()
    keyring.set_keyring(memory)  # the no_keyring fixture puts the previous one back
    fill(setup, sandbox, tmp_path)
    assert save(qtbot, setup).startswith("Saved to ")
    settings = load_settings(tmp_path / "config" / "settings.toml")
    assert settings.token_file == "" and not (tmp_path / "config" / "token").exists()
    assert list(memory.saved.values()) == [TOKEN] and read_token(settings) == TOKEN


def test_a_serial_scanner_is_tested_on_its_real_port(qtbot, tmp_path, no_keyring):
    controller, device = os.openpty()
    tty.setraw(device)
    lane, bridge = Lane("support"), Bridge()
    window = SetupWindow(lane, tmp_path / "settings.toml", lambda _: None, bridge.on_scan)
    bridge.scanned.connect(window.show_scan)
    qtbot.addWidget(window)
    try:
        window.scanner.setText(os.ttyname(device))
        qtbot.mouseClick(window.test_scan, Qt.MouseButton.LeftButton)
        assert window.last_scan.text().startswith(f"Listening on {os.ttyname(device)}")
        qtbot.wait(300)  # the port opens
        os.write(controller, b"9755-4257-4904\r")
        qtbot.waitUntil(lambda: window.last_scan.text() == "Scanned: 9755-4257-4904", timeout=5000)
    finally:
        window.close()
        lane.shutdown()
        os.close(controller)
        os.close(device)


def test_the_store_bus_is_asked_for_and_its_hub_must_take_the_token_before_anything_is_saved(
        qtbot, setup, sandbox, tmp_path, store_hub):
    from tests.conftest import BUS_TOKEN
    from tests.helpers.processes import free_port

    closed = f"nats://127.0.0.1:{free_port()}"
    for bus, token, problem in [
            (closed, BUS_TOKEN, f"The store hub cannot be reached: {closed}: "),
            (store_hub.url, "wrong", f"The store hub at {store_hub.url} refused the store bus token."),
            (sandbox.url.replace("http://", "nats://"), BUS_TOKEN, "The store hub cannot be reached")]:
        fill(setup, sandbox, tmp_path, store_bus=bus, bus_token=token)
        assert save(qtbot, setup).startswith(problem)
        assert not setup.settings_file.exists()
    fill(setup, sandbox, tmp_path, store_bus=f"{closed} {store_hub.url}", bus_token=BUS_TOKEN)
    assert save(qtbot, setup).startswith("Saved to ")
    settings = load_settings(setup.settings_file)
    assert settings.store_bus == [closed, store_hub.url]  # the first that answers will do; both are kept
    secret = Path(settings.store_bus_token_file)
    assert secret.read_text() == BUS_TOKEN and stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert BUS_TOKEN not in setup.settings_file.read_text()
