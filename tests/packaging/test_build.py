"""The one-folder build: PyInstaller makes it from packaging/counterpos.spec, and the built program
(no Python needed) runs the demo and the kiosk demo headless, syncs, and stops cleanly on SIGTERM."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.central import wait_for
from tests.helpers.processes import isolated_env, rows_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--distpath", str(out / "dist"), "--workpath", str(out / "work"),
                    str(ROOT / "packaging" / "counterpos.spec")], cwd=ROOT, check=True, timeout=600)
    program = out / "dist" / "counterpos" / "counterpos"
    assert program.exists()
    return program


def run_until(program: Path, args: list[str], home: Path, ready) -> subprocess.Popen:
    home.mkdir(parents=True, exist_ok=True)
    log = home / "out.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([str(program), *args], env=isolated_env(home), stdout=output, stderr=output)
    try:
        ready(log)
    except BaseException:
        process.kill()
        raise AssertionError(log.read_text(errors="replace")) from None
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    return process


def _workdir(log: Path) -> Path:
    found = wait_for(lambda: re.search(r"receipts in (\S+)/prints", log.read_text(errors="replace")), timeout=60,
                     what="the demo to start")
    return Path(found.group(1))


@pytest.mark.timeout(900)  # the build (module fixture) counts here
def test_the_built_program_runs_the_demo_and_the_kiosk(built, tmp_path):
    def counter_synced(log: Path) -> None:
        db = _workdir(log) / "counter.db"
        wait_for(lambda: rows_in(db, "parcels") >= 13 and rows_in(db, "weborders") == 2, timeout=60,
                 what="the built counter to sync")

    def kiosk_stocked(log: Path) -> None:
        db = _workdir(log) / "counter.db"
        wait_for(lambda: rows_in(db, "return_codes") > 0, timeout=60, what="the built kiosk's RETURN CODEs")

    assert run_until(built, ["--demo"], tmp_path / "counter", counter_synced).returncode == 0
    assert run_until(built, ["--kiosk", "--demo"], tmp_path / "kiosk", kiosk_stocked).returncode == 0
    assert (built.parent / "_internal" / "resources" / "i18n" / "counterpos_fil.qm").exists()


def test_the_built_program_runs_the_store_hub(built, tmp_path):
    def serving(log: Path) -> None:
        wait_for(lambda: "store hub serving on nats://127.0.0.1:" in log.read_text(errors="replace"), timeout=60,
                 what="the built store hub")

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = run_until(built, ["store-hub", "--port", str(port), "--data", str(tmp_path / "hub")], tmp_path / "home",
                    serving)
    assert hub.returncode == 0 and (tmp_path / "hub" / "jetstream").is_dir()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine")
def test_the_kiosk_unit_starts_the_built_program_and_restarts_it_after_a_crash(built, tmp_path):
    unit = (ROOT / "packaging" / "counterpos-kiosk.service").read_text()
    assert "Restart=on-failure" in unit  # a crash restarts it; a staff PIN's clean exit does not
    local = tmp_path / "counterpos-kiosk.service"
    local.write_text(unit.replace("/opt/counterpos/counterpos", str(built)))
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", str(local)], capture_output=True, text=True,
                             timeout=60)
    problems = [line for line in checked.stderr.splitlines() if "counterpos-kiosk" in line]
    assert problems == [], checked.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine")
def test_the_store_hub_unit_starts_the_built_program(built, tmp_path):
    unit = (ROOT / "packaging" / "counterpos-store-hub.service").read_text()
    assert "--token-file" in unit and "Restart=on-failure" in unit  # never on the LAN without the credential
    local = tmp_path / "counterpos-store-hub.service"
    local.write_text(unit.replace("/opt/counterpos/counterpos", str(built)).replace("User=counterpos-hub\n", ""))
    checked = subprocess.run(["systemd-analyze", "verify", "--man=no", str(local)], capture_output=True, text=True,
                             timeout=60)
    problems = [line for line in checked.stderr.splitlines() if "counterpos-store-hub" in line]
    assert problems == [], checked.stderr
