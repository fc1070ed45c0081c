"""The kiosk as a customer or a passer-by would try to leave it, on a real X display with a real
window manager (openbox): show desktop, iconify from the window menu or by request, another
program taking the focus, Ctrl+Alt+Del and friends. Each time the kiosk is back, full screen and
with the focus, at once; a kiosk whose window another program destroys ends with WINDOW_LOST, so
that its service manager starts it again instead of leaving a process with no window."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest

from app.ui.kiosk_window import WINDOW_LOST
from tests.helpers.central import wait_for
from tests.helpers.processes import isolated_env, stop
from tests.helpers.xsession import x_session

ANOTHER_PROGRAM = ("from PySide6.QtWidgets import QApplication, QLineEdit\n"
                   "app = QApplication([]); w = QLineEdit(); w.setWindowTitle('another program'); w.show(); app.exec()")


@pytest.fixture
def kiosk_on_x(tmp_path):
    with x_session(tmp_path) as x:
        env = {**isolated_env(tmp_path), **{k: x.env[k] for k in ("DISPLAY", "QT_QPA_PLATFORM")}}
        log = tmp_path / "kiosk.log"
        with open(log, "wb") as output:
            kiosk = subprocess.Popen([sys.executable, "-m", "app.main", "--kiosk", "--demo"], env=env,
                                     stdout=output, stderr=output)
        try:
            window = x.window("counterpos kiosk")
            wait_for(lambda: x.active() == window, timeout=20, what="the kiosk to have the focus")
            yield x, kiosk, window, log
        finally:
            stop(kiosk)


def back_in_front(x, window: str) -> None:
    """Within moments: the kiosk has the focus again, and the whole screen."""
    wait_for(lambda: x.active() == window and "WIDTH=1366\nHEIGHT=768" in x.geometry(window), timeout=3,
             what="the kiosk back in front")


@pytest.mark.timeout(180)
def test_no_window_manager_trick_leaves_the_kiosk_without_a_pin(kiosk_on_x):
    x, kiosk, window, log = kiosk_on_x
    assert "WIDTH=1366\nHEIGHT=768" in x.geometry(window)  # the whole screen, not more

    x.xdotool("windowminimize", window)
    back_in_front(x, window)
    x.xdotool("key", "super+d")  # openbox: show desktop
    back_in_front(x, window)
    x.xdotool("key", "alt+space")  # the window menu…
    time.sleep(0.5)
    x.xdotool("key", "i")  # …Iconify
    back_in_front(x, window)
    for keys in ("ctrl+alt+Delete", "alt+F4", "alt+Tab", "super", "ctrl+alt+BackSpace", "Escape"):
        x.xdotool("key", keys)
        time.sleep(0.2)
        back_in_front(x, window)

    other = subprocess.Popen([sys.executable, "-c", ANOTHER_PROGRAM], env=x.env)
    try:
        intruder = x.window("another program")
        x.xdotool("windowactivate", intruder)  # another program takes the keyboard
        back_in_front(x, window)
    finally:
        other.terminate()
        other.wait(10)
    assert kiosk.poll() is None, log.read_text()


@pytest.mark.timeout(120)
def test_a_kiosk_whose_window_is_destroyed_ends_so_that_it_is_started_again(kiosk_on_x):
    x, kiosk, window, log = kiosk_on_x
    x.xdotool("windowclose", window)  # XDestroyWindow from outside: the process would stay, windowless
    kiosk.wait(timeout=30)
    assert kiosk.returncode == WINDOW_LOST, log.read_text()
    assert re.search(r"window was destroyed by another program", log.read_text() + _program_log(log))


def _program_log(kiosk_log) -> str:
    found = list(kiosk_log.parent.rglob("counterpos.log"))
    return found[0].read_text() if found else ""
