"""The repository stands alone: a fresh clone has no links to elsewhere and names no developer's machine."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Absolute paths that only exist on someone's machine: home folders, and the workplace's own folders.
MACHINE_PATH = re.compile(rb"/home/[\w.-]+/|/Users/[\w.-]+/|/root/|[A-Za-z]:\\\\?Users\\\\?|(?<![\w.])/work/")


def tracked() -> list[tuple[str, str]]:
    """(git mode, path) of every file git tracks."""
    try:
        listing = subprocess.run(["git", "ls-files", "-s", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git work tree: nothing tracked to check")
    entries = []
    for entry in listing.decode().split("\0"):
        if entry:
            meta, path = entry.split("\t", 1)
            entries.append((meta.split()[0], path))
    return entries


def test_the_repository_tracks_no_symbolic_link():
    assert [path for mode, path in tracked() if mode == "120000"] == []


def test_no_tracked_file_names_a_developers_machine():
    found = []
    for mode, path in tracked():
        file = ROOT / path
        if mode == "120000" or not file.is_file() or file == Path(__file__):  # this file spells the patterns
            continue
        data = file.read_bytes()
        if b"\0" in data[:8192]:  # a picture, not text
            continue
        for number, line in enumerate(data.splitlines(), 1):
            if MACHINE_PATH.search(line):
                found.append(f"{path}:{number}: {line.decode(errors='replace').strip()[:120]}")
    assert found == []
