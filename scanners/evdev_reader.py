"""Keyboard-wedge scanners read straight from their Linux input device (evdev), grabbed.

Grabbing the device means its keystrokes go only to us: a scan can never type into another window.
Key codes are turned into characters with the scanner's own keyboard layout (the one it emulates,
set on the scanner), whatever layout the desktop uses. Configured as
``scanner = "evdev:///dev/input/by-id/usb-Honeywell-event-kbd?layout=us"``.

The python-evdev package is needed only for a real device (``pip install counterpos[evdev]``);
the decoding is plain Python and is tested on recorded events.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs, urlparse

from scanners.events import ScanEvent, scan_event
from scanners.reader import ReconnectingReader

EV_KEY = 1
KEY_UP, KEY_DOWN, KEY_REPEAT = 0, 1, 2
ENTER, KP_ENTER, TAB = 28, 96, 15
SHIFTS = {42, 54}  # KEY_LEFTSHIFT, KEY_RIGHTSHIFT


def _layout(rows: dict[int, str], shifted: dict[int, str]) -> dict[int, tuple[str, str]]:
    return {code: (plain, shifted.get(code, plain.upper())) for code, plain in rows.items()}


# Linux input key codes (linux/input-event-codes.h) to (plain, with shift), per layout.
_US_KEYS = {2: "1", 3: "2", 4: "3", 5: "4", 6: "5", 7: "6", 8: "7", 9: "8", 10: "9", 11: "0", 12: "-", 13: "=",
            16: "q", 17: "w", 18: "e", 19: "r", 20: "t", 21: "y", 22: "u", 23: "i", 24: "o", 25: "p", 26: "[",
            27: "]", 30: "a", 31: "s", 32: "d", 33: "f", 34: "g", 35: "h", 36: "j", 37: "k", 38: "l", 39: ";",
            40: "'", 41: "`", 43: "\\", 44: "z", 45: "x", 46: "c", 47: "v", 48: "b", 49: "n", 50: "m", 51: ",",
            52: ".", 53: "/", 57: " ", 71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+",
            79: "1", 80: "2", 81: "3", 82: "0", 83: "."}
_US_SHIFTED = {2: "!", 3: "@", 4: "#", 5: "$", 6: "%", 7: "^", 8: "&", 9: "*", 10: "(", 11: ")", 12: "_", 13: "+",
               26: "{", 27: "}", 39: ":", 40: '"', 41: "~", 43: "|", 51: "<", 52: ">", 53: "?", 57: " ", 71: "7",
               72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1", 80: "2", 81: "3", 82: "0",
               83: "."}
# German QWERTZ: Y and Z swap places, and the symbols move.
_DE_KEYS = {**_US_KEYS, 21: "z", 44: "y", 12: "ß", 13: "´", 26: "ü", 27: "+", 39: "ö", 40: "ä", 41: "^", 43: "#",
            53: "-"}
_DE_SHIFTED = {**_US_SHIFTED, 3: '"', 4: "§", 7: "&", 8: "/", 9: "(", 10: ")", 11: "=", 12: "?", 13: "`", 26: "Ü",
               27: "*", 39: "Ö", 40: "Ä", 41: "°", 43: "'", 51: ";", 52: ":", 53: "_"}
LAYOUTS = {"us": _layout(_US_KEYS, _US_SHIFTED), "de": _layout(_DE_KEYS, _DE_SHIFTED)}


class EvdevDecoder:
    """Key events in, codes out: a code ends with Enter (or Tab)."""

    def __init__(self, layout: str = "us"):
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
        self.keys = LAYOUTS[layout]
        self._shift = False
        self._chars: list[str] = []

    def feed(self, events: Iterable[tuple[int, int, int]]) -> list[str]:
        """(type, code, value) events as evdev reads them; returns the codes they complete."""
        codes = []
        for event_type, code, value in events:
            if event_type != EV_KEY or value == KEY_REPEAT:
                continue
            if code in SHIFTS:
                self._shift = value == KEY_DOWN
            elif value == KEY_DOWN and code in (ENTER, KP_ENTER, TAB):
                if self._chars:
                    codes.append("".join(self._chars))
                self._chars.clear()
            elif value == KEY_DOWN and code in self.keys:
                self._chars.append(self.keys[code][1 if self._shift else 0])
        return codes

    def reset(self) -> None:
        self._chars.clear()
        self._shift = False


def open_device(path: str):
    """The real device through python-evdev, grabbed for us alone."""
    import evdev  # an optional dependency: only where such a scanner is configured

    device = evdev.InputDevice(path)
    device.grab()
    return device


class EvdevScanner(ReconnectingReader):
    """Reads a grabbed input device; reopens it with backoff after it is unplugged."""

    thread_name = "evdev-scanner"
    open_errors = (OSError, ImportError)

    def __init__(
        self,
        url: str,
        on_scan: Callable[[ScanEvent], None],
        *,
        on_status: Callable[[str], None] = lambda status: None,
        opener: Callable[[str], object] = open_device,
    ):
        super().__init__(url, on_scan, on_status)
        parsed = urlparse(url)
        self.path = parsed.path
        self.decoder = EvdevDecoder(parse_qs(parsed.query).get("layout", ["us"])[-1])
        self.opener = opener

    def _open(self) -> object:
        return self.opener(self.path)

    def _read(self, device) -> None:
        for event in device.read_loop():
            if self._stop.is_set():
                break
            for text in self.decoder.feed([(event.type, event.code, event.value)]):
                self.on_scan(scan_event(text, self.url, at=time.monotonic()))

    def _close(self, device: object) -> None:
        try:
            device.ungrab()
            device.close()
        except (OSError, AttributeError):
            pass

    def _drop_partial(self) -> None:
        self.decoder.reset()
