"""Screens of a given size for Qt's offscreen platform, so that a window under test meets the screen
a store has: its layouts, type and limits are the ones the program chooses for that screen."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

COUNTER_SCREEN = (1366, 768)  # the screen every test runs on unless it asks for another


def offscreen(width: int, height: int) -> str:
    """The QT_QPA_PLATFORM value for one offscreen screen of `width` × `height` pixels."""
    config = Path(tempfile.gettempdir()) / f"counterpos-screen-{width}x{height}.json"
    if not config.exists():
        screen = {"name": f"{width}x{height}", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}
        written = config.with_suffix(f".{os.getpid()}")
        written.write_text(json.dumps({"screens": [screen]}))
        written.replace(config)  # whole or not at all: tests may start at once
    return f"offscreen:configfile={config}"


def use_counter_screen() -> None:
    """Qt's offscreen platform, unless another is chosen, with the counter's screen rather than its own
    800×800 one; before Qt starts."""
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
        os.environ["QT_QPA_PLATFORM"] = offscreen(*COUNTER_SCREEN)
