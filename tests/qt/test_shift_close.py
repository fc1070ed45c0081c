"""Shift close (F11) through the real window: cash by payment type, counts per flow and clerk, the
printed report and its PDF copy, and a supervisor's approval to close with events unsent."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QScrollArea

from app.store import Journal, Outbox
from tests.helpers.central import restart
from tests.helpers.staff import CLERK, SUPERVISOR
from tests.qt.test_fit import outside


def open_shift_close(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    qtbot.keyClick(window.scan_field, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.shift_dialog is not None and window.shift_dialog.isVisible(), timeout=5000)
    return window.shift_dialog


def shown(dialog) -> list[str]:
    """The report's cells, in reading order."""
    grid = dialog.findChild(QScrollArea).widget().layout()
    return [grid.itemAt(i).widget().text() for i in range(grid.count())]


def pdf_text(path: Path) -> str:
    document = pypdfium2.PdfDocument(path.read_bytes())
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_the_report_adds_up_cash_and_counts_per_clerk_prints_and_signs_the_clerk_out(
        qtbot, counter, clerk, ready, cod, settings):
    clerk.scan(ready[0].claim_code)
    clerk.scan(ready[0].tracking_number)
    clerk.scan(cod[0].claim_code)
    assert clerk.scan("1500") == "Change: PHP 250.00"
    clerk.scan(cod[0].tracking_number)
    qtbot.keyClick(counter.window.scan_field, Qt.Key.Key_F8)
    clerk.sign_in(SUPERVISOR[0], SUPERVISOR[3])
    clerk.scan(ready[1].claim_code)
    assert clerk.scan(ready[1].tracking_number).startswith("Released")
    qtbot.waitUntil(lambda: Outbox(counter.db).waiting_count() == 0, timeout=10000)

    dialog = open_shift_close(qtbot, counter.window)
    cells = shown(dialog)
    assert dialog.windowTitle() == "Close shift 1"
    assert cells[cells.index("COD collected") + 1] == "PHP 1,250.00"
    assert cells[cells.index("Drop-off fees") + 1] == "PHP 0.00"
    assert cells[cells.index("Cash expected") + 1] == "PHP 1,250.00"
    assert cells[cells.index("Claims") + 1] == "3" and cells[cells.index("Pay & claim") + 1] == "1"
    ana, ben = cells.index("Ana Santos (1001)"), cells.index("Ben Cruz (9001)")
    assert cells[ana:ben] == ["Ana Santos (1001)", "", "   Claims", "2", "   Pay & claim", "1",
                              "   Cash in less out", "PHP 1,250.00"]
    assert cells[ben:ben + 6] == ["Ben Cruz (9001)", "", "   Claims", "1", "   Cash in less out", "PHP 0.00"]
    assert cells[cells.index("Events waiting to be sent") + 1] == "0"

    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: clerk.title.startswith("Shift 1 closed"), timeout=5000)
    assert clerk.title == "Shift 1 closed. Cash expected: PHP 1,250.00."
    qtbot.waitUntil(lambda: counter.window.pin_dialog.isVisible(), timeout=5000)  # the next shift signs in
    assert counter.window.status.staff.text() == "Nobody signed in"

    printed = Path(settings.print_dir)
    qtbot.waitUntil(lambda: any(printed.glob("*-shift-report.pdf")), timeout=10000)
    for copy in (next(printed.glob("*-shift-report.pdf")), Path(settings.reports_dir) / "shift-0166-T1-0001.pdf"):
        text = pdf_text(copy)
        assert "SHIFT REPORT" in text and "PHP 1,250.00" in text and "Ben Cruz (9001)" in text
        assert "FLAGGED" not in text

    closed = [e for e in Journal(counter.db).entries() if e["action"] == "shift-closed"]
    assert [(e["subject"], e["staff_id"], e["detail"]["cash"], e["detail"]["unsynced"]) for e in closed] == [
        ("1", SUPERVISOR[0], "1250.00", 0)]
    assert counter.window.session.shift.report().counts == {}  # shift 2 starts empty


def test_closing_with_events_unsent_needs_a_supervisor_and_is_flagged(qtbot, counter, clerk, ready, sandbox,
                                                                      settings):
    qtbot.waitUntil(lambda: counter.db.execute("SELECT count(*) FROM parcels").fetchone()[0] >= 13, timeout=10000)
    sandbox.stop()
    clerk.scan(ready[2].claim_code)
    clerk.scan(ready[2].tracking_number)
    qtbot.waitUntil(lambda: "1 event waiting" in counter.window.status.sync.text(), timeout=10000)

    dialog = open_shift_close(qtbot, counter.window)
    assert dialog.findChild(QLabel, "warning").text().startswith("1 events have not reached the central system yet.")
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.height() <= screen.height() and outside(dialog) == []  # the report scrolls; the footer stays
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.window.pin_dialog.isVisible()
                    and counter.window.pin_dialog.windowTitle() == "Supervisor approval", timeout=5000)
    clerk.type_pin(CLERK[0], CLERK[3])
    assert "not a supervisor" in counter.window.pin_dialog.message.text()
    before = counter.window.outcomes_shown
    clerk.sign_in(SUPERVISOR[0], SUPERVISOR[3])
    qtbot.waitUntil(lambda: counter.window.outcomes_shown > before, timeout=5000)
    assert clerk.title == "Shift 1 closed. Cash expected: PHP 0.00."

    text = pdf_text(Path(settings.reports_dir) / "shift-0166-T1-0001.pdf")
    assert "FLAGGED" in text and "Closed with events unsent" in text and "Ben Cruz (9001)" in text
    closed = [e for e in Journal(counter.db).entries() if e["action"] == "shift-closed"][0]
    assert (closed["staff_id"], closed["detail"]["approved_by"], closed["detail"]["unsynced"]) == (
        CLERK[0], SUPERVISOR[0], 1)

    back = restart(sandbox)  # the late event goes out, and the next shift's report says so
    try:
        qtbot.waitUntil(lambda: Outbox(counter.db).waiting_count() == 0, timeout=30000)
        report = counter.window.session.shift.report()
        assert (report.number, report.late, report.waiting) == (2, 1, 0)
    finally:
        back.stop()
