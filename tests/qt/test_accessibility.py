"""Every interactive widget a person can reach has a name a screen reader says: the counter's window
and its dialogs, and every kiosk page in both languages (the kiosk is public)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from tests.qt.test_kiosk import open_kiosk

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit)


def unnamed(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INTERACTIVE) and not isinstance(widget, QHeaderView) and widget.isVisible():
            interface = QAccessible.queryAccessibleInterface(widget)
            if not (interface and interface.text(QAccessible.Text.Name).strip()):
                found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_the_counter_and_its_dialogs_name_every_control(qtbot, counter):
    window = counter.window
    assert unnamed(window) == []
    for key, modifier, name in ((Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier, "dropoff_dialog"),
                                (Qt.Key.Key_F6, Qt.KeyboardModifier.NoModifier, "exceptions_dialog"),
                                (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier, "shift_dialog"),
                                (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier, "weborders_dialog"),
                                (Qt.Key.Key_F9, Qt.KeyboardModifier.NoModifier, "devices")):
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.keyClick(window.scan_field, key, modifier)
        qtbot.waitUntil(lambda n=name: getattr(window, n) is not None and getattr(window, n).isVisible(), timeout=5000)
        dialog = getattr(window, name)
        qtbot.wait(100)
        assert unnamed(dialog) == [], name
        dialog.hide() if name == "devices" else dialog.reject()


def test_every_kiosk_page_names_every_control_in_both_languages(qtbot, settings):
    app = open_kiosk(qtbot, settings)
    try:
        window = app.window
        for language in ("en", "fil"):
            window.languages.use(language)
            for page, flow in ((window.start_page, None), (window.entry_page, "return"), (window.entry_page, "track"),
                               (window.still_page, None), (window.pin_page, None)):
                if flow:
                    window._enter(flow)
                else:
                    window._show(page)
                qtbot.wait(20)
                assert unnamed(window) == [], (language, flow or page.objectName())
    finally:
        app.window.locked = False
        app.stop()
