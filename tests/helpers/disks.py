"""Real small and read-only disks for the tests: a tmpfs of a few kilobytes, mounted for one test.

Mounting needs root (as CI runs); elsewhere such a test is skipped, and in CI it fails instead.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_disk(folder: Path, size_kb: int = 2048) -> Iterator[Path]:
    """A tmpfs of `size_kb` mounted at `folder` until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k,mode=0755", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        reason = f"a small disk needs mount (root): {done.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(f"CI runs as root and must mount it: {reason}", pytrace=False)
        pytest.skip(reason)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def fill(disk: Path) -> None:
    """Use up the disk's free space with one file."""
    with open(disk / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 4096)


def make_read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
