"""A real X display with a real window manager for a test: Xvfb, openbox on it, and xdotool to act
as a person (or another program) would. scripts/test.sh installs them; missing, a test skips, and
fails in CI."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("Xvfb", "openbox", "xdotool")


@dataclass
class XSession:
    display: str

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "DISPLAY": self.display, "QT_QPA_PLATFORM": "xcb"}

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20)
        return done.stdout.strip()

    def window(self, name: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--name", name).split()
            if found:
                return found[0]
            time.sleep(0.2)
        raise AssertionError(f"no window named {name!r} on {self.display}")

    def active(self) -> str:
        return self.xdotool("getactivewindow")

    def geometry(self, window: str) -> str:
        return self.xdotool("getwindowgeometry", "--shell", window)


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"needs {', '.join(missing)} (scripts/test.sh installs them)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the real window manager tests: {reason}", pytrace=False)
        pytest.skip(reason)


@contextlib.contextmanager
def x_session(tmp_path: Path, size: str = "1366x768") -> Iterator[XSession]:
    _require_tools()
    number = next(n for n in range(90, 190) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    session = XSession(display)
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with open(tmp_path / "openbox.log", "wb") as manager_log:
            manager = subprocess.Popen(["openbox", "--config-file", "/etc/xdg/openbox/rc.xml"], env=session.env,
                                       stdout=subprocess.DEVNULL, stderr=manager_log)
        time.sleep(1.0)  # openbox takes over the root window
        try:
            yield session
        finally:
            manager.terminate()
            manager.wait(10)
    finally:
        server.terminate()
        server.wait(10)
