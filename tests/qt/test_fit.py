"""The windows fit the store's screens, with the real layouts, on the screen Qt reports: every kiosk
page without scrolling, the counter with the demo's codes beside it and the longest answer inside
it, and each dialog; no widget lies outside its window, and long content scrolls inside rather
than grow the window past the screen.

The suite runs on a 1366×768 screen; `test_every_screen_a_store_has` runs this file again on
1024×768, 1920×1080 and 1080×1920, and on each at 150 % display scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from itertools import chain
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QWidget

from app.compose import build_counter
from app.sandbox.demo import codes_text
from app.services.outcome import Outcome, Tone
from app.status import SyncStatus
from tests.conftest import TOKEN
from tests.helpers.processes import free_port
from tests.helpers.screens import COUNTER_SCREEN, offscreen
from tests.qt.conftest import each_dialog, shown_tip
from tests.qt.test_kiosk import open_kiosk
from tests.qt.test_weborder_returns import each_web_order_dialog

SCREENS = [(1024, 768), (1366, 768), (1920, 1080), (1080, 1920)]
SCALES = ["1", "1.5"]
OTHER_SCREENS = [(size, scale) for size in SCREENS for scale in SCALES if (size, scale) != (COUNTER_SCREEN, "1")]


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("size", "scale"), OTHER_SCREENS, ids=[f"{w}x{h}@{s}" for (w, h), s in OTHER_SCREENS])
def test_every_screen_a_store_has(size, scale):
    """This file's checks on another screen: the size and scaling are Qt's from the start, as in a store."""
    env = {**os.environ, "QT_QPA_PLATFORM": offscreen(*size), "QT_SCALE_FACTOR": scale}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__,
                          "-k", "not test_every_screen_a_store_has"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def screen() -> tuple[int, int]:
    """The screen's room in the pixels Qt lays out in (fewer of them at a larger scaling)."""
    return QGuiApplication.primaryScreen().availableGeometry().size().toTuple()


def outside(window: QWidget) -> list[str]:
    """Visible widgets of `window` that are not wholly inside it."""
    inside = QRect(0, 0, window.width(), window.height())
    found = []
    viewports = {area.viewport() for area in window.findChildren(QAbstractScrollArea)}
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or _scrolled(widget, viewports):
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not inside.contains(rect):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {widget.text() if hasattr(widget, 'text') else ''}"
                         f" at {rect.getRect()}")
    return found


def squeezed(window: QWidget) -> list[str]:
    """Visible buttons smaller than their text and padding need: their words would be cut."""
    return [f"{button.text()!r} {button.size().toTuple()} < {button.sizeHint().toTuple()}"
            for button in window.findChildren(QPushButton) if button.isVisible()
            and (button.width() < button.sizeHint().width() or button.height() < button.sizeHint().height())]


def _scrolled(widget: QWidget, viewports: set) -> bool:
    """Content of a scroll area: clipped to its viewport by design (the area itself is checked)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent in viewports:
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("large", [False, True], ids=["ordinary", "larger text"])
def test_every_kiosk_page_fits_the_screen_without_scrolling(qtbot, settings, large):
    app = open_kiosk(qtbot, settings)
    try:
        window = app.window
        window.resize(*screen())
        window._toggle_view(large=large)
        for language, name in ((language, name) for language in ("en", "fil") for name in (
                "start_page", "entry_page", "answer_page", "busy_page", "still_page", "pin_page")):
            window.languages.use(language)
            window._show(getattr(window, name))
            qtbot.wait(20)
            where = (screen(), language, name)
            assert window.size().toTuple() == screen(), where  # never grows past the screen
            assert window.page_scroll.verticalScrollBar().maximum() == 0, where
            assert window.pages.width() <= window.page_scroll.viewport().width(), where  # not cut at the side
            assert outside(window) == [] and squeezed(window) == [], where
            assert window.title.height() < 3 * window.title.fontMetrics().lineSpacing(), where  # two lines at most
    finally:
        app.window.languages.use("en")
        app.window.locked = False
        app.stop()


def test_the_counter_window_fits_and_never_grows_past_the_screen(qtbot, settings):
    counter = build_counter(settings, TOKEN, help_text=codes_text())  # the demo's codes beside it: the widest
    qtbot.addWidget(counter.window)
    counter.start()
    try:
        window = counter.window
        window.show()
        window.resize(*screen())
        qtbot.wait(20)
        assert window.size().toTuple() == screen() and outside(window) == [] and squeezed(window) == []
        six = "\n\n".join(f"{n:017d}\n  " + "\n  ".join(f"step {s}" for s in range(6)) for n in range(6))
        window.show_outcome(Outcome(Tone.NEXT, "6 parcels", six))  # the tracking screen's longest answer
        qtbot.wait(50)
        assert window.size().toTuple() == screen()  # it scrolls inside; the window stays
        assert outside(window) == []
    finally:
        counter.stop()


def test_the_status_bar_fits_its_longest_words_and_cuts_none_it_must_show(qtbot, settings):
    counter = build_counter(replace(settings, store_bus=[f"nats://127.0.0.1:{free_port()}"]), TOKEN)
    qtbot.addWidget(counter.window)
    counter.start()
    try:
        window, bar = counter.window, counter.window.status
        window.show()
        window.resize(*screen())
        qtbot.wait(50)
        counter.bridge.sync_changed.disconnect(window.show_sync)  # this test's status, not the workers'
        window.show_sync(SyncStatus(online=False, waiting=12345, parked=12, store_bus=True, store_online=False,
                                    store_facts_waiting=12345, store_conflicts=12))
        bar.show_in_doubt([SimpleNamespace(document="claim-receipt", id=123456, last_error="no answer")] * 12)
        bar.show_scanner("not connected (/dev/ttyACM0)")
        bar.staff.setText("Maria Concepcion Dela Cruz-Santos (supervisor)", least="Maria Concepcion")
        qtbot.wait(50)
        assert window.size().toTuple() == screen() and outside(window) == []
        kept = [(bar.sync, "● Offline"), (bar.store_bus, "⚠ 12 store conflicts"), (bar.staff, "Maria Concepcion"),
                (bar.printer, "⚠ 12 prints")]
        assert [QLabel.text(label) for label, start in kept if not QLabel.text(label).startswith(start)] == []
        assert all(label.text() in shown_tip(label) for label, _ in kept if QLabel.text(label) != label.text())
    finally:
        counter.stop()


def test_the_counters_dialogs_fit_the_screen_and_have_no_window_buttons(qtbot, counter, sandbox):
    window, (width, height) = counter.window, screen()
    for name, dialog in chain(each_dialog(qtbot, window), each_web_order_dialog(qtbot, window, sandbox)):
        flags = dialog.windowFlags()
        assert not flags & (Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowCloseButtonHint), name
        assert dialog.width() <= width and dialog.height() <= height, name
        assert outside(dialog) == [] and squeezed(dialog) == [], name
