"""Cold start of the counter and its memory: from starting `counterpos` (no demo sandbox) to a window
ready for a scan, and its resident memory once ready, with an empty cache and with a big one.

    .venv/bin/python tests/benchmarks/bench_start.py [--parcels 1000000] [--runs 5]

Each run is a new process with its own settings given as flags, as a store PC starts it; the central
system is a closed port (the counter starts offline, as it may). "Ready" is the program's own log
line, written from the Qt event loop once the window is shown. Python writes its bytecode cache as
on a store PC (in the bench's folder, whatever PYTHONDONTWRITEBYTECODE says here): the first start
after an install writes it and is reported apart.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.store import Database  # noqa: E402
from tests.benchmarks.bench_counter import fill  # noqa: E402
from tests.helpers.processes import free_port, isolated_env  # noqa: E402


def resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_once(folder: Path, db: Path) -> tuple[float, float]:
    """Seconds from starting the process to "ready for a scan", and its resident MB then."""
    token = folder / "token"
    token.write_text("bench-token")
    token.chmod(0o600)
    command = [sys.executable, "-m", "app.main", "--store", "0166", "--central", f"http://127.0.0.1:{free_port()}",
               "--token-file", str(token), "--db", str(db), "--print-dir", str(folder / "prints")]
    env = isolated_env(folder)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    log = Path(env["XDG_STATE_HOME"]) / "counterpos" / "log" / "counterpos.log"
    log.unlink(missing_ok=True)
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while process.poll() is None and time.monotonic() - started < 60:
            if log.exists() and "counter ready for a scan" in log.read_text(errors="replace"):
                return time.monotonic() - started, resident_mb(process.pid)
            time.sleep(0.005)
        raise RuntimeError(f"the counter was not ready within a minute (exit {process.poll()})")
    finally:
        process.terminate()
        process.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="counterpos-start-bench-"))
    try:
        measure(folder, args.parcels, args.runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # a 1M-parcel cache is a quarter of a gigabyte


def measure(folder: Path, parcels: int, runs_each: int) -> None:
    first, _ = start_once(folder, folder / "first.db")
    print(f"[first start after an install, writing the bytecode cache] start → ready for a scan: {first:.2f} s")
    for label, count in (("empty cache", 0), (f"{parcels:,} parcels cached", parcels)):
        db_path = folder / f"counter-{count}.db"
        if count:
            db = Database(db_path)
            fill(db, count)
            db.close()
        runs = [start_once(folder, db_path) for _ in range(runs_each)]
        seconds, memory = [r[0] for r in runs], [r[1] for r in runs]
        print(f"[{label}] start → ready for a scan: median {statistics.median(seconds):.2f} s, "
              f"max {max(seconds):.2f} s; resident memory when ready: median {statistics.median(memory):.0f} MB, "
              f"max {max(memory):.0f} MB  ({runs_each} runs)")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
