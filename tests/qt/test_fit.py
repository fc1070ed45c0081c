"""The windows fit the store's screens, with the real layouts: every kiosk page at 1024×768, 1366×768,
1920×1080 and 1080×1920 portrait without scrolling, and the counter at 1024×768 and 1366×768 with
the demo's codes beside it; no widget lies outside its window, and long content scrolls inside
rather than grow the window past the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.compose import build_counter
from app.sandbox.demo import codes_text
from app.services.outcome import Outcome, Tone
from tests.conftest import TOKEN
from tests.qt.conftest import each_dialog
from tests.qt.test_kiosk import open_kiosk

SIZES = [(1024, 768), (1366, 768), (1920, 1080), (1080, 1920)]


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


def _scrolled(widget: QWidget, viewports: set) -> bool:
    """Content of a scroll area: clipped to its viewport by design (the area itself is checked)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent in viewports:
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_kiosk_page_fits_the_screen_without_scrolling(qtbot, settings, width, height):
    app = open_kiosk(qtbot, settings)
    try:
        window = app.window
        window.resize(width, height)
        for language, name in ((language, name) for language in ("en", "fil") for name in (
                "start_page", "entry_page", "answer_page", "busy_page", "still_page", "pin_page")):
            window.languages.use(language)
            window._show(getattr(window, name))
            qtbot.wait(20)
            assert window.size().toTuple() == (width, height), (language, name)  # never grows past the screen
            assert window.page_scroll.verticalScrollBar().maximum() == 0, f"{name} scrolls at {width}x{height}"
            assert window.pages.width() <= window.page_scroll.viewport().width(), f"{name} cut at the side"
            assert outside(window) == [], name
    finally:
        app.window.languages.use("en")
        app.window.locked = False
        app.stop()


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1366, 768)], ids=["1024x768", "1366x768"])
def test_the_counter_window_fits_and_never_grows_past_the_screen(qtbot, settings, width, height):
    counter = build_counter(settings, TOKEN, help_text=codes_text())  # the demo's codes beside it: the widest
    qtbot.addWidget(counter.window)
    counter.start()
    try:
        window = counter.window
        window.show()
        window.resize(width, height)
        qtbot.wait(20)
        assert window.size().toTuple() == (width, height) and outside(window) == []
        six = "\n\n".join(f"{n:017d}\n  " + "\n  ".join(f"step {s}" for s in range(6)) for n in range(6))
        window.show_outcome(Outcome(Tone.NEXT, "6 parcels", six))  # the tracking screen's longest answer
        qtbot.wait(50)
        assert window.size().toTuple() == (width, height)  # it scrolls inside; the window stays
        assert outside(window) == []
    finally:
        counter.stop()


def test_the_counters_dialogs_fit_the_screen_and_have_no_window_buttons(qtbot, counter):
    window, screen = counter.window, QGuiApplication.primaryScreen().availableGeometry()
    for name, dialog in each_dialog(qtbot, window):
        flags = dialog.windowFlags()
        assert not flags & (Qt.WindowType.WindowMinimizeButtonHint | Qt.WindowType.WindowCloseButtonHint), name
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height(), name
        assert outside(dialog) == [], name
