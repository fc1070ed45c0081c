"""The keyboard-wedge filter tells a scanner from a person, whatever widget has the focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.ui.wedge import WedgeFilter


@pytest.fixture
def form(qtbot, qapp):
    """Some other screen with a text field that has the focus (say, a search box)."""
    widget = QWidget()
    field = QLineEdit()
    QVBoxLayout(widget).addWidget(field)
    qtbot.addWidget(widget)
    widget.show()
    field.setFocus()
    wedge = WedgeFilter(max_gap_ms=50, min_length=8)
    scans = []
    wedge.scanned.connect(scans.append)
    qapp.installEventFilter(wedge)
    yield field, scans
    qapp.removeEventFilter(wedge)


def type_slowly(qtbot, field, text: str, gap_ms: int = 120) -> None:
    for ch in text:
        qtbot.keyClicks(field, ch)
        qtbot.wait(gap_ms)


def test_a_scan_is_caught_and_never_leaks_into_the_focused_field(qtbot, form):
    field, scans = form
    qtbot.keyClicks(field, "9755-4257-4904")  # a scanner: keystrokes a few ms apart
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert [s.text for s in scans] == ["9755-4257-4904"] and scans[0].source == "keyboard-wedge"
    qtbot.wait(100)
    assert field.text() == ""


def test_a_person_typing_gets_every_key_in_the_field(qtbot, form):
    field, scans = form
    type_slowly(qtbot, field, "Maria 12")
    qtbot.waitUntil(lambda: field.text() == "Maria 12", timeout=2000)
    assert scans == []


def test_a_short_fast_burst_is_typing_not_a_scan(qtbot, form):
    field, scans = form
    qtbot.keyClicks(field, "0166")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "0166" and scans == []


def test_a_person_and_a_scanner_at_once_each_get_their_own_keys(qtbot, form):
    field, scans = form
    type_slowly(qtbot, field, "ab")
    qtbot.keyClicks(field, "76050795432071363")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    type_slowly(qtbot, field, "c")
    qtbot.waitUntil(lambda: field.text() == "abc", timeout=2000)
    assert [s.text for s in scans] == ["76050795432071363"]


def scanner_types(qtbot, field, text: str) -> None:
    """As a USB scanner does: a Shift press of its own before each capital, then the key with Shift."""
    for ch in text:
        if ch.isupper():
            qtbot.keyPress(field, Qt.Key.Key_Shift, Qt.KeyboardModifier.ShiftModifier)
            qtbot.keyClicks(field, ch, Qt.KeyboardModifier.ShiftModifier)
            qtbot.keyRelease(field, Qt.Key.Key_Shift)
        elif ch == "\x1d":  # Ctrl+], which X11 gives as the text GS (QTest would give "]")
            qtbot.keyPress(field, Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier)
            QApplication.sendEvent(field, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_BracketRight,
                                                    Qt.KeyboardModifier.ControlModifier, ch))
            qtbot.keyRelease(field, Qt.Key.Key_Control)
        else:
            qtbot.keyClicks(field, ch)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize(("typed", "read"), [
    ("AB12345678", "AB12345678"), ("X]Y12345678", "X]Y12345678"),
    ("]C101095011015300031710\x1d10ABC", "01095011015300031710\x1d10ABC"),  # GS1-128: its AIM prefix is read apart
])
def test_capitals_and_gs1_separators_are_part_of_the_scan(qtbot, form, typed, read):
    field, scans = form
    scanner_types(qtbot, field, typed)
    qtbot.wait(100)
    assert [s.text for s in scans] == [read] and field.text() == ""  # nothing left behind in the field
