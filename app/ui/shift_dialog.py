"""Shift close (F11): the report as it will print, then Enter closes the shift, Esc goes back.

With events still waiting to be sent, Enter asks for a supervisor's PIN first; the report is flagged.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.services.shift import ShiftReport
from app.ui.counter_dialog import CounterDialog
from app.ui.scale import px, sheet


class ShiftDialog(CounterDialog):
    def __init__(self, report: ShiftReport, names: dict[str, str], on_close: Callable[[ShiftReport], None],
                 parent=None):
        super().__init__(parent)
        self.report = report
        self.on_close = on_close
        self.setWindowTitle(f"Close shift {report.number}")
        self.setModal(True)
        self.setMinimumWidth(px(520))
        self.setStyleSheet(sheet("QLabel { font-size: 16px; } QLabel#sectionTitle { font-weight: 700; padding-top: 8px; }"
                           "QLabel#warning { color: #a3161d; font-weight: 700; } QLabel#hint { color: #4a5260; }"))
        layout = QVBoxLayout(self)
        figures_box = QWidget()
        grid = QGridLayout(figures_box)
        grid.setContentsMargins(0, 0, 12, 0)
        row = 0
        for title, figures in report.sections(names):
            heading = QLabel(title)
            heading.setObjectName("sectionTitle")
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for label, value in figures:
                grid.addWidget(QLabel(label), row, 0)
                value_label = QLabel(value)
                value_label.setAlignment(Qt.AlignmentFlag.AlignRight)
                value_label.setWordWrap(True)
                grid.addWidget(value_label, row, 1)
                row += 1
        # Many clerks make a long report: it scrolls; the warning and what Enter does stay in sight.
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(figures_box)
        layout.addWidget(scroll, 1)
        if report.waiting:
            warning = QLabel(f"{report.waiting} events have not reached the central system yet. Closing now needs "
                             "a supervisor's PIN, and the report says so.")
            warning.setObjectName("warning")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        hint = QLabel("Enter: close the shift and print the report  ·  Esc: back to the counter")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        screen = QGuiApplication.primaryScreen().availableGeometry()
        self.resize(px(560), min(figures_box.sizeHint().height() + px(140), screen.height() - 40))

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            self.on_close(self.report)
            return
        super().keyPressEvent(event)
