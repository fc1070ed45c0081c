"""The commands a newcomer types: the demo, its list of codes, a counter with bad settings."""

from __future__ import annotations

import contextlib
import re
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import requests

from app.domain.codes import classify
from app.sandbox.demo import codes_text, demo_data
from tests.helpers.central import wait_for
from tests.helpers.processes import counterpos, free_port, isolated_env, rows_in, stop


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app.main", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_list_codes_prints_codes_that_the_demo_sandbox_knows(tmp_path):
    result = run("--demo", "--list-codes", env=isolated_env(tmp_path))
    assert result.returncode == 0
    assert result.stdout == codes_text()
    listed = set(re.findall(r"\b\d{17}\b|\b\d{4}-\d{4}-\d{4}\b", result.stdout))
    known = {p.tracking_number for p in demo_data().parcels} | {p.claim_code for p in demo_data().parcels}
    assert listed - known == {"9917-6789-0023"}  # the one listed as mistyped on purpose
    for code in listed - {"9917-6789-0023"}:
        classify(code)


def test_the_demo_starts_a_sandbox_and_the_counter_and_stops_cleanly(tmp_path):
    log = tmp_path / "demo.log"
    demo = counterpos("--demo", env=isolated_env(tmp_path), log=log)
    try:
        line = wait_for(lambda: re.search(r"sandbox on (http://127\.0\.0\.1:\d+), receipts in (\S+)", log.read_text()),
                        timeout=30, what="the demo to start")
        url, prints = line.group(1), line.group(2)
        counter_db = prints.removesuffix("/prints") + "/counter.db"
        wait_for(lambda: rows_in(counter_db, "parcels") >= 13, timeout=30, what="the counter to sync its cache")
        for path in ("/store/api/v1/ping", "/sandbox/events", "/ecms/api/v1/webhook"):
            assert requests.get(f"{url}{path}", timeout=5).status_code == 401  # the demo's token is its own
        assert demo.poll() is None
    finally:
        stop(demo)
    assert demo.returncode == 0, log.read_text()
    written = _logs(tmp_path)  # the rotating log file, in the user's log folder
    assert "starting counter with settings" in written and "token_file" in written
    assert not Path(prints).parent.exists()  # the demo's data goes with it: none pile up


def test_the_kiosk_demo_starts_keeps_its_offline_supplies_and_stops_cleanly(tmp_path):
    log = tmp_path / "kiosk.log"
    kiosk = counterpos("--kiosk", "--demo", env=isolated_env(tmp_path), log=log)
    try:
        line = wait_for(lambda: re.search(r"receipts in (\S+)", log.read_text()), timeout=30,
                        what="the kiosk demo to start")
        assert "Kiosk demo: return order DEMO-0020" in wait_for(lambda: "Kiosk demo" in log.read_text() and
                                                                log.read_text(), what="what to try")
        kiosk_db = line.group(1).removesuffix("/prints") + "/counter.db"
        wait_for(lambda: rows_in(kiosk_db, "return_codes") > 0 and rows_in(kiosk_db, "return_ids") >= 2,
                 timeout=30, what="the kiosk's return IDs and RETURN CODEs")
        assert kiosk.poll() is None
    finally:
        stop(kiosk)
    assert kiosk.returncode == 0, log.read_text()


def test_a_counter_with_incomplete_settings_says_what_is_missing(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('central_url = "http://127.0.0.1:9"\n')  # no settings at all opens the setup screen
    result = run("--config", str(settings), env=isolated_env(tmp_path))
    assert result.returncode == 2
    assert "store_id is not set: pass --store" in result.stderr


def test_with_no_settings_at_all_the_setup_screen_opens_and_saves_nothing_when_stopped(tmp_path):
    env, settings = isolated_env(tmp_path), tmp_path / "settings.toml"
    log = tmp_path / "setup.log"
    setup = counterpos("--config", str(settings), env=env, log=log)
    try:
        wait_for(lambda: "the first-run setup is open" in _logs(tmp_path), timeout=30, what="the setup screen")
        assert setup.poll() is None  # waiting for the person setting it up
    finally:
        stop(setup)
    assert setup.returncode == 1 and "setup closed before saving" in log.read_text()
    assert not settings.exists()


def _logs(home) -> str:
    return "".join(p.read_text(errors="replace") for p in home.rglob("counterpos.log"))


def test_a_missing_token_file_is_a_clear_error(tmp_path):
    result = run("--config", str(tmp_path / "none.toml"), "--store", "0166", "--central", "http://127.0.0.1:9",
                 "--token-file", str(tmp_path / "nope"), env=isolated_env(tmp_path))
    assert result.returncode == 2
    assert "cannot read the token file" in result.stderr


def test_staff_are_registered_with_a_pin_and_listed_without_it(tmp_path):
    env, db = isolated_env(tmp_path), str(tmp_path / "counter.db")
    added = subprocess.run([sys.executable, "-m", "app.main", "--db", db, "staff", "add", "2002", "--name",
                            "Carla Reyes", "--role", "supervisor"], env=env, input="4826\n", capture_output=True,
                           text=True, timeout=60)
    assert added.returncode == 0, added.stderr
    again = subprocess.run([sys.executable, "-m", "app.main", "--db", db, "staff", "add", "2002", "--name", "X"],
                           env=env, input="1234\n", capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "staff id 2002 is already registered" in again.stderr
    short = subprocess.run([sys.executable, "-m", "app.main", "--db", db, "staff", "add", "2003", "--name", "Y"],
                           env=env, input="12\n", capture_output=True, text=True, timeout=60)
    assert short.returncode == 2 and "A PIN is 4 to 8 digits." in short.stderr
    listed = run("--db", db, "staff", "list", env=env)
    assert listed.stdout == "2002  Carla Reyes  (supervisor)\n"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        stored = conn.execute("SELECT pin_hash FROM staff").fetchone()[0]
    assert "4826" not in stored and stored.startswith("scrypt$")


def test_passwords_in_urls_stay_out_of_the_log_and_the_log_is_the_users_alone(tmp_path):
    token = tmp_path / "token"
    token.write_text("secret-token-0166")
    token.chmod(0o600)
    config = tmp_path / "settings.toml"
    config.write_text(f'store_id = "0166"\ncentral_url = "http://pos:hunter2@127.0.0.1:{free_port()}"\n'
                      f'token_file = "{token}"\ndb = "{tmp_path / "counter.db"}"\n'
                      '[printers.receipt]\nurl = "cups://clerk:letmein@printhost/receipts"\nlanguage = "escpos"\n')
    counter = counterpos("--config", str(config), env=isolated_env(tmp_path), log=tmp_path / "out.log")
    try:
        wait_for(lambda: "ready for a scan" in _logs(tmp_path) or counter.poll() is not None, timeout=30,
                 what="the counter to start")
    finally:
        stop(counter)
    written = _logs(tmp_path) + (tmp_path / "out.log").read_text()
    assert "starting counter with settings" in written and "http://***@127.0.0.1" in written
    assert not {"hunter2", "letmein", "secret-token-0166"} & set(re.findall(r"[\w-]+", written))
    log = next(tmp_path.rglob("counterpos.log"))
    assert stat.S_IMODE(log.stat().st_mode) == 0o600 and stat.S_IMODE(log.parent.stat().st_mode) == 0o700
