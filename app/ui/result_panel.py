"""The big panel that tells the clerk what just happened and what to do next.

What it shows is cut to a size that reads at a glance (a merchant's text can be long); the whole
text is in the tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.domain.parcels import Parcel
from app.domain.text import bounded
from app.services.outcome import Outcome
from app.ui.plain import tip


class ResultPanel(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("resultPanel")
        self.title = QLabel()
        self.title.setObjectName("resultTitle")
        self.title.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("resultDetail")
        self.detail.setWordWrap(True)
        self.card = ParcelCard()
        body = QWidget()
        body.setObjectName("resultBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.detail)
        inner.addWidget(self.card)
        inner.addStretch(1)
        # A long answer (six parcels' timelines) scrolls here rather than make the window taller than the screen.
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(body)
        self.scroll.viewport().setAutoFillBackground(False)  # the panel's colour (its tone) shows through
        body.setAutoFillBackground(False)
        self.scroll.setStyleSheet("QScrollArea, QWidget#resultBody { background: transparent; }")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll, 1)

    def show_outcome(self, outcome: Outcome) -> None:
        self.setProperty("tone", outcome.tone.value)
        show_bounded(self.title, outcome.title, 200)
        show_bounded(self.detail, outcome.detail, 600)
        self.card.show_parcel(outcome.parcel)
        self.style().unpolish(self)
        self.style().polish(self)


class ParcelCard(QWidget):
    """What the clerk needs to find and check a parcel.

    Never the CLAIM CODE: it is the customer's proof, and a clerk holding the parcel must not be
    able to read it off the screen.
    """

    FIELDS = (
        ("Shelf slot", lambda p: p.shelf_slot or "–"),
        ("Tracking number", lambda p: p.tracking_number),
        ("Merchant", lambda p: f"{p.merchant_name} ({p.merchant_code})"),
        ("Item", lambda p: p.description or "–"),
        ("Status", lambda p: p.status.value),
        ("For store", lambda p: p.store_id),
    )

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("parcelCard")
        self.values: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for name, _ in self.FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.values[name] = value
            form.addRow(f"{name}:", value)
        self.hide()

    def show_parcel(self, parcel: Parcel | None) -> None:
        self.setVisible(parcel is not None)
        if parcel is None:
            return
        for name, value_of in self.FIELDS:
            show_bounded(self.values[name], value_of(parcel), 120)


def show_bounded(label: QLabel, text: str, limit: int) -> None:
    """At most `limit` characters on screen; the whole text, when cut, in the tooltip."""
    label.setText(bounded(text, limit))
    label.setToolTip(tip(text) if len(text) > limit else "")
