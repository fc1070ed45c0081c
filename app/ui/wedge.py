"""Keyboard-wedge scanners: told apart from a person by keystroke timing, wherever the focus is.

A USB HID scanner types its code as keystrokes, a few milliseconds apart, and presses Enter (or
Tab). This application-wide event filter holds back printable keys for at most `max_gap_ms`: a run
of at least `min_length` keys, each within the gap, ended by Enter or Tab, is a scan. It is emitted
as a ScanEvent and never reaches the focused widget. Anything else is a person typing, and the held
keys are replayed to the widget they were meant for, in order, as if nothing had happened.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from scanners.events import scan_event

TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
TYPING = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.KeypadModifier)
# A scanner presses Shift before each capital (and Ctrl for a GS1 group separator): such a key of its
# own is part of the run, not the end of it.
MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
                 Qt.Key.Key_CapsLock)
GROUP_SEPARATOR = "\x1d"  # GS1's FNC1 inside a code, typed as Ctrl+]


class WedgeFilter(QObject):
    """Signals: scanned(ScanEvent)."""

    scanned = Signal(object)

    def __init__(self, *, max_gap_ms: int = 50, min_length: int = 8, parent: QObject | None = None):
        super().__init__(parent)
        self.max_gap = max_gap_ms / 1000
        self.min_length = min_length
        self._held: list[tuple[QObject, QKeyEvent]] = []
        self._last_key_at = 0.0
        self._replaying = False
        self._timer = QTimer(self, singleShot=True, interval=max_gap_ms)
        self._timer.timeout.connect(self._release)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.KeyPress or self._replaying:
            return False
        now = time.monotonic()
        if self._held and now - self._last_key_at > self.max_gap:
            self._release()  # the gap was a person's
        if event.key() in TERMINATORS and self._held:
            if len(self._held) >= self.min_length:
                text = "".join(held.text() for _, held in self._held)
                self._held.clear()
                self._timer.stop()
                self.scanned.emit(scan_event(text, "keyboard-wedge"))
                return True
            self._release()
            return False
        if event.key() in MODIFIER_KEYS:
            return False  # neither held nor a reason to let the held keys go
        if event.text() == GROUP_SEPARATOR or event.text() and event.text().isprintable() and event.modifiers() in TYPING:
            copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(), event.isAutoRepeat())
            self._held.append((watched, copy))
            self._last_key_at = now
            self._timer.start()
            return True
        self._release()
        return False

    def _release(self) -> None:
        """A person typed the held keys: hand them to their widgets now, in order."""
        self._timer.stop()
        held, self._held = self._held, []
        self._replaying = True
        try:
            for receiver, event in held:
                QCoreApplication.sendEvent(receiver, event)
        finally:
            self._replaying = False
