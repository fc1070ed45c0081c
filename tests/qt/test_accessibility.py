"""Every interactive widget a person can reach has a name and a description a screen reader says:
the counter's window and each of its dialogs, and every kiosk page in both languages (the kiosk is
public)."""

from __future__ import annotations

from itertools import chain

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

from tests.qt.conftest import each_dialog
from tests.qt.test_kiosk import open_kiosk
from tests.qt.test_weborder_returns import each_web_order_dialog

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QPlainTextEdit)


def unnamed(root: QWidget) -> list[str]:
    """Controls under `root` a screen reader could not name or describe."""
    found = []
    for widget in root.findChildren(QWidget):
        inside_spin_box = isinstance(widget.parentWidget(), QAbstractSpinBox)  # its text field: the box speaks for it
        if (isinstance(widget, INTERACTIVE) and not isinstance(widget, QHeaderView) and widget.isVisible()
                and not inside_spin_box):
            interface = QAccessible.queryAccessibleInterface(widget)
            for what in (QAccessible.Text.Name, QAccessible.Text.Description):
                if not (interface and interface.text(what).strip()):
                    found.append(f"{type(widget).__name__} {interface.text(QAccessible.Text.Name)!r} has no "
                                 f"{what.name.lower()}")
    return found


def test_the_counter_and_its_dialogs_name_every_control(qtbot, counter, sandbox):
    window = counter.window
    assert unnamed(window) == []
    for name, dialog in chain(each_dialog(qtbot, window), each_web_order_dialog(qtbot, window, sandbox)):
        assert unnamed(dialog) == [], name

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
        app.window.languages.use("en")  # the translator is the application's: the next test starts in English
        app.window.locked = False
        app.stop()
