"""The evdev reader on recorded key events: layouts, shift, repeats, a device pulled out mid-code."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pytest

from scanners.evdev_reader import EV_KEY, EvdevDecoder, EvdevScanner

# As evtest shows a US-layout scanner typing "]C19755-4257-4904" and Enter: (type, code, value).
RECORDED = [(4, 4, 458792), (EV_KEY, 27, 1), (EV_KEY, 27, 0), (EV_KEY, 42, 1), (EV_KEY, 46, 1), (EV_KEY, 46, 0),
            (EV_KEY, 42, 0), (0, 0, 0), (EV_KEY, 2, 1), (EV_KEY, 2, 0)]
for digit_code in (10, 8, 6, 6):  # 9 7 5 5
    RECORDED += [(EV_KEY, digit_code, 1), (EV_KEY, digit_code, 0)]
RECORDED += [(EV_KEY, 12, 1), (EV_KEY, 12, 0)]
for digit_code in (5, 3, 6, 8):  # 4 2 5 7
    RECORDED += [(EV_KEY, digit_code, 1), (EV_KEY, digit_code, 0)]
RECORDED += [(EV_KEY, 12, 1), (EV_KEY, 12, 0)]
for digit_code in (5, 10, 11, 5):  # 4 9 0 4
    RECORDED += [(EV_KEY, digit_code, 1), (EV_KEY, digit_code, 0)]
RECORDED += [(EV_KEY, 28, 1), (EV_KEY, 28, 0)]


def test_a_recorded_scan_decodes_with_its_symbology_identifier():
    assert EvdevDecoder("us").feed(RECORDED) == ["]C19755-4257-4904"]


def test_the_scanners_layout_decides_what_a_key_means():
    z_key = [(EV_KEY, 44, 1), (EV_KEY, 44, 0), (EV_KEY, 21, 1), (EV_KEY, 21, 0), (EV_KEY, 28, 1)]
    assert EvdevDecoder("us").feed(z_key) == ["zy"]
    assert EvdevDecoder("de").feed(z_key) == ["yz"]
    shifted_7 = [(EV_KEY, 42, 1), (EV_KEY, 8, 1), (EV_KEY, 8, 0), (EV_KEY, 42, 0), (EV_KEY, 15, 1)]
    assert EvdevDecoder("us").feed(shifted_7) == ["&"] and EvdevDecoder("de").feed(shifted_7) == ["/"]
    with pytest.raises(ValueError, match="layout must be one of"):
        EvdevDecoder("dvorak")


def test_auto_repeat_and_unknown_keys_add_nothing_and_keypad_enter_ends_a_code():
    events = [(EV_KEY, 2, 1), (EV_KEY, 2, 2), (EV_KEY, 2, 2), (EV_KEY, 2, 0), (EV_KEY, 999, 1), (EV_KEY, 79, 1),
              (EV_KEY, 96, 1)]
    assert EvdevDecoder().feed(events) == ["11"]
    assert EvdevDecoder().feed([(EV_KEY, 28, 1)]) == []  # Enter alone is no code


@dataclass
class Event:
    type: int
    code: int
    value: int


class RecordedDevice:
    """A grabbed device that replays events, then is pulled out."""

    def __init__(self, events, unplug: bool):
        self.events, self.unplug = events, unplug
        self.grabbed = True

    def read_loop(self):
        for event in self.events:
            yield Event(*event)
        if self.unplug:
            raise OSError(19, "No such device")
        while True:
            time.sleep(0.01)
            yield Event(0, 0, 0)

    def ungrab(self):
        self.grabbed = False

    def close(self):
        pass


@pytest.mark.expect_log(r"scanner .* lost", logger="scanners.reader")
def test_the_scanner_reopens_a_pulled_device_and_drops_the_half_code():
    half = RECORDED[:12]  # "]C19" typed, then the cable is pulled
    devices = [RecordedDevice(half, unplug=True), RecordedDevice(RECORDED, unplug=False)]
    scans, statuses = [], []
    scanner = EvdevScanner("evdev:///dev/input/event7?layout=us", scans.append, on_status=statuses.append,
                           opener=lambda path: devices.pop(0))
    scanner.start()
    try:
        deadline = time.monotonic() + 5
        while not scans and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        scanner.stop()
    assert [(s.text, s.symbology) for s in scans] == [("9755-4257-4904", "]C1")]
    assert statuses[:3] == ["connected", "disconnected: [Errno 19] No such device", "connected"]
