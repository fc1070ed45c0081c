"""Every command the README shows works as the README shows it (benchmarks at a size that takes seconds).

The demo, its list of codes, the kiosk demo and `staff add` are run in test_commands.py; the crash
test's long form is tests/reliability/test_crash.py with more kills. A command added to the README
must be added to COVERED, with the test that runs it.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import requests

from tests.helpers.central import wait_for
from tests.helpers.processes import counterpos, free_port, isolated_env, port_open, rows_in, stop

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = {
    "bench_counter.py": ["--parcels", "2000", "--claims", "20"],
    "bench_devices.py": [],
    "bench_sandbox.py": ["--events", "400", "--lookups", "20"],
    "bench_sync.py": ["--events", "400", "--queue", "50"],
    "bench_first_sync.py": ["--parcels", "2000"],
    "bench_weborders.py": ["--orders", "300"],
    "bench_start.py": ["--parcels", "2000", "--runs", "1"],
    "bench_store_bus.py": ["--facts", "20", "--catch-up", "200", "--actions", "50"],
}
# Each command the README shows, and the test that runs it.
COVERED = {
    "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/counterpos --demo":
        "scripts/test.sh installs the same way; test_commands.py::test_the_demo_starts_…",
    "bash scripts/test.sh": ".ci/run",
    "counterpos --store 0166 --central https://ecms.example.com --token-file /etc/counterpos/token":
        "test_a_counter_set_up_by_flags_alone_syncs_and_stops_cleanly",
    ".venv/bin/counterpos --kiosk --demo": "test_commands.py::test_the_kiosk_demo_starts_…",
    "counterpos --kiosk": "test_commands.py::test_the_kiosk_demo_starts_…",
    "counterpos --demo --list-codes": "test_commands.py::test_list_codes_prints_codes_…",
    "counterpos --demo": "test_demo_store.py::test_a_second_counter_joins_the_demo_store_…",
    "counterpos --demo --terminal T2": "test_demo_store.py::test_a_second_counter_joins_the_demo_store_…",
    "counterpos --demo --kiosk": "test_demo_store.py::test_a_second_counter_joins_the_demo_store_…",
    "counterpos staff add 1001 --name \"Ana Santos\" --role clerk": "test_commands.py::test_staff_are_registered_…",
    "counterpos sandbox --host 127.0.0.1 --port 8086 --db sandbox.db --token T":
        "test_the_sandbox_command_serves_the_api_and_its_faults",
    "counterpos sandbox": "test_the_sandbox_command_serves_the_api_and_its_faults",
    "counterpos store-hub --host 0.0.0.0 --token-file store-bus.token --name hub-1 --cluster-port 6222 --route "
    "192.168.1.11:6222 --route 192.168.1.12:6222": "tests/integration/test_store_hub_cluster.py (the same settings)",
    "counterpos store-hub --host 0.0.0.0 --token-file store-bus.token":
        "test_the_store_hub_command_serves_the_store_with_its_credential_only",
    "counterpos": "test_commands.py",
    "CRASH_KILLS=1000 .venv/bin/python -m pytest tests/reliability/test_crash.py": "tests/reliability/test_crash.py",
    "STORE_BUS_KILLS=1000 .venv/bin/python -m pytest tests/reliability/test_store_bus_kills.py":
        "tests/reliability/test_store_bus_kills.py",
    "QT_QPA_PLATFORM=offscreen python scripts/screenshot.py docs/screenshots": "test_the_screenshot_script_…",
    "python scripts/screenshot.py docs/screenshots": "test_the_screenshot_script_…",
    "scripts/translations.sh": "test_the_translation_script_finds_nothing_new",
    "QT_QPA_PLATFORM=offscreen": "an environment setting, not a command",
    "python scripts/seed_examples.py SEEDS_FOLDER": "tests/unit/test_seed_examples.py (its reader, on the documents)",
    "python3.13": "scripts/test.sh looks for it", "python3.14": "scripts/test.sh looks for it",
    **{f".venv/bin/python tests/benchmarks/{name}": "test_each_benchmark_runs_and_prints_figures"
       for name in BENCHMARKS},
}


def readme_commands() -> set[str]:
    """The commands of the README's sh blocks (without their comments) and its inline commands."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = set()
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        found |= {line.split("  #")[0].strip() for line in block.splitlines() if line.strip()}
    found |= set(re.findall(r"`((?:counterpos|\.venv/bin/|python|bash|CRASH_KILLS|QT_QPA|scripts/)[^`]*)`", text))
    return found


def covered(command: str) -> bool:
    bare = re.sub(r"^(QT_QPA_PLATFORM=offscreen |\.venv/bin/pip install -e '\.\[bench\]' && )", "", command)
    return command in COVERED or bare in COVERED


def test_every_command_in_the_readme_is_run_by_a_test():
    assert sorted(c for c in readme_commands() if not covered(c)) == []
    assert {name for name in BENCHMARKS} == {p.name for p in (ROOT / "tests/benchmarks").glob("bench_*.py")}


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("name", BENCHMARKS)
def test_each_benchmark_runs_and_prints_figures(name, tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "tests/benchmarks" / name), *BENCHMARKS[name]],
                          env=isolated_env(tmp_path), capture_output=True, text=True, timeout=280, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"\d", done.stdout), done.stdout


def test_the_sandbox_command_serves_the_api_and_its_faults(tmp_path):
    port = free_port()
    sandbox = counterpos("sandbox", "--host", "127.0.0.1", "--port", str(port), "--db", str(tmp_path / "sandbox.db"),
                         "--token", "T", "--fault", "kind=error,status=500,path=/store/api/v1/ping,count=1",
                         env=isolated_env(tmp_path), log=tmp_path / "sandbox.log")
    try:
        wait_for(lambda: port_open(port) or sandbox.poll() is not None, timeout=30, what="the sandbox to start")
        ping = f"http://127.0.0.1:{port}/store/api/v1/ping"
        assert requests.get(ping, headers={"Authorization": "Bearer T"}, timeout=5).status_code == 500  # the fault
        assert requests.get(ping, headers={"Authorization": "Bearer T"}, timeout=5).status_code == 200
        assert requests.get(ping, timeout=5).status_code == 401
        demo = requests.get(f"http://127.0.0.1:{port}/store/api/v1/stores/0166/parcels",
                            headers={"Authorization": "Bearer T"}, timeout=5)
        assert demo.status_code == 200 and demo.json()["parcels"]  # the demo data
    finally:
        stop(sandbox)
    assert sandbox.returncode == 0, (tmp_path / "sandbox.log").read_text()


def test_the_store_hub_command_serves_the_store_with_its_credential_only(tmp_path):
    port = free_port()
    (tmp_path / "store-bus.token").write_text("store-0166-bus\n")
    hub = counterpos("store-hub", "--host", "0.0.0.0", "--port", str(port), "--token-file",
                     str(tmp_path / "store-bus.token"), "--data", str(tmp_path / "hub"), env=isolated_env(tmp_path),
                     log=tmp_path / "hub.log")
    try:
        wait_for(lambda: "store hub serving" in (tmp_path / "hub.log").read_text() or hub.poll() is not None,
                 timeout=30, what="the store hub to start")
        for token, answer in (("store-0166-bus", b"PONG"), ("wrong", b"Authorization Violation")):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as client:  # NATS's own protocol
                client.recv(4096)
                client.sendall(f'CONNECT {{"auth_token": "{token}", "verbose": false}}\r\nPING\r\n'.encode())
                assert answer in client.recv(4096)
    finally:
        stop(hub)
    assert hub.returncode == 0, (tmp_path / "hub.log").read_text()

    for args, words in ((["--host", "0.0.0.0"], "needs --token-file"),
                        (["--token-file", str(tmp_path / "missing.token")], "cannot read")):
        refused = subprocess.run([sys.executable, "-m", "app.main", "store-hub", "--data", str(tmp_path / "hub"),
                                  *args], capture_output=True, text=True, timeout=60, env=isolated_env(tmp_path))
        assert refused.returncode == 2 and words in refused.stderr, refused.stderr


def test_a_counter_set_up_by_flags_alone_syncs_and_stops_cleanly(tmp_path, sandbox):
    token_file = tmp_path / "token"
    token_file.write_text("test-token-0166")
    token_file.chmod(0o600)
    db = tmp_path / "counter.db"
    log = tmp_path / "counter.log"
    counter = counterpos("--store", "0166", "--central", sandbox.url, "--token-file", str(token_file), "--db", str(db),
                         env=isolated_env(tmp_path), log=log)
    try:
        wait_for(lambda: rows_in(db, "parcels") >= 13 or counter.poll() is not None, timeout=30,
                 what="the counter to sync")
        assert counter.poll() is None, log.read_text()
    finally:
        stop(counter)
    assert counter.returncode == 0, log.read_text()


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_screenshot_script_makes_every_picture_the_readme_shows(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "scripts/screenshot.py"), str(tmp_path / "shots")],
                          env=isolated_env(tmp_path), capture_output=True, text=True, timeout=280, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    shown = set(re.findall(r"docs/screenshots/([\w-]+\.png)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert shown <= {p.name for p in (tmp_path / "shots").glob("*.png")}


def messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(c.findtext("name"), m.findtext("source")) for c in root.iter("context") for m in c.iter("message")}


def test_the_translation_script_finds_nothing_new(tmp_path):
    """Run on a copy of the files it reads: the kiosk's strings are all in the committed .ts already."""
    for part in ("scripts/translations.sh", "app/ui/kiosk_window.py", "app/ui/keypad.py", "resources/i18n"):
        source, target = ROOT / part, tmp_path / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    env = dict(isolated_env(tmp_path), PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin")
    done = subprocess.run(["bash", str(tmp_path / "scripts/translations.sh")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    ts = "resources/i18n/counterpos_fil.ts"
    assert messages(tmp_path / ts) == messages(ROOT / ts)
