"""The Devices screen (F9) with a networked receipt printer that is out of paper and a label printer."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from tests.helpers.printer_server import PAPER_OUT, CapturePrinter
from tests.qt.conftest import open_counter


def test_devices_are_listed_checked_test_printed_and_test_scanned(qtbot, settings, tmp_path, ready):
    with CapturePrinter(PAPER_OUT) as receipt_printer:
        printers = {"receipt": {"url": receipt_printer.url, "language": "escpos"},
                    "label": {"url": f"folder://{tmp_path}/labels", "language": "zpl"}}
        app = open_counter(qtbot, replace(settings, printers=printers, documents={"shipping-label": "label"}))
        try:
            qtbot.keyClick(app.window.scan_field, Qt.Key.Key_F9)
            dialog = app.window.devices
            qtbot.waitUntil(dialog.isVisible, timeout=3000)
            names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
            assert names[:2] == ["Printer receipt", "Printer label"] and names[2].startswith("Keyboard-wedge")
            qtbot.waitUntil(lambda: "out of paper: put in a new roll" in dialog.status.text(), timeout=5000)
            assert not dialog.preview.pixmap().isNull()

            dialog.list.setCurrentRow(1)  # the label printer: one-way, a folder
            qtbot.waitUntil(lambda: "cannot be asked" in dialog.status.text(), timeout=5000)
            qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
            qtbot.waitUntil(lambda: dialog.status.text() == "label: test page printed", timeout=10000)
            printed = list((tmp_path / "labels").glob("*.bin"))
            assert len(printed) == 1 and printed[0].read_bytes().startswith(b"^XA")

            shown = app.window.outcomes_shown
            qtbot.keyClicks(dialog, ready[0].claim_code)  # a wedge scan while the screen is open
            qtbot.keyClick(dialog, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: ready[0].claim_code in dialog.last_scan.text(), timeout=3000)
            assert app.window.session.awaiting_label is None and app.window.outcomes_shown == shown
        finally:
            app.stop()
