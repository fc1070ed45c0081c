"""Web orders (Ctrl+W): the orders assigned to this shop, filtered by status and searched by what a
person remembers (order number, customer, item), with each order's lines and where to find them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.domain.weborders import REFUND_AT_REGISTER, WebOrderStatus
from app.services.outcome import Outcome, failed
from app.services.weborders import SHOWN, Found, WebOrderList
from app.ui.accessible import describe
from app.ui.counter_dialog import CounterDialog
from app.ui.lanes import Lane, then
from app.ui.scale import px, sheet

COLUMNS = ("Order", "Status", "Customer", "Items", "Placed")
ADDRESS = ("Name", "Street", "Barangay", "City", "PostalCode")  # in the order a label prints them
FILTERS = ["All"] + [status.name.capitalize() for status in WebOrderStatus]


class WebOrdersDialog(CounterDialog):
    def __init__(self, orders: WebOrderList, lane: Lane, on_pick: Callable[[str], None],
                 on_deliver: Callable[[str], None], on_return: Callable[[str], None], parent=None):
        super().__init__(parent)
        self.on_pick = on_pick
        self.on_deliver = on_deliver
        self.on_return = on_return
        self.setWindowTitle("Web orders")
        self.resize(px(1100), px(640))
        self.setStyleSheet(sheet("QLabel, QLineEdit, QComboBox, QTableWidget { font-size: 15px; } "
                           "QLineEdit, QComboBox { padding: 5px; } QLabel#orderDetail { font-size: 16px; }"
                           "QLabel#orderCount, QLabel#hint { color: #4a5260; } QLabel#hint { font-size: 14px; } "
                           "QLabel#orderCount[problem=\"true\"] { color: #a3161d; font-weight: 700; }"
                           "QLabel#orderResult { font-size: 16px; font-weight: 700; }"))
        self.orders = orders
        self.lane = lane
        self.found: list[dict] = []
        self.status = QComboBox()
        self.status.addItems(FILTERS)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: order number, customer, item, EAN")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search web orders")
        describe(self.status, "Shows only the web orders with this status.", name="Status filter")
        self.count = QLabel("")
        self.count.setObjectName("orderCount")
        self.result = QLabel("")  # what the last pick, delivery or return came to
        self.result.setObjectName("orderResult")
        self.result.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        describe(self.table, "One row per order; Ctrl+P picks, Ctrl+D delivers, Ctrl+R takes items back from the "
                             "highlighted one.", name="Web orders")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_detail(row))
        self.detail = QLabel("")
        self.detail.setObjectName("orderDetail")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._debounce = QTimer(self, singleShot=True, interval=120)
        self._debounce.timeout.connect(self.refresh)
        self.status.currentTextChanged.connect(lambda _: self.refresh())
        self.search.textChanged.connect(lambda _: self._debounce.start())
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self._selected(self.on_pick))
        QShortcut(QKeySequence("Ctrl+D"), self, activated=lambda: self._selected(self._confirm_delivery))
        QShortcut(QKeySequence("Ctrl+R"), self, activated=lambda: self._selected(self.on_return))
        self.confirm_box: QMessageBox | None = None
        self._layout()
        self.table.setFocus()  # ↑/↓ move through the orders, not the status filter
        self.refresh()

    def selected_order(self) -> str | None:
        row = self.table.currentRow()
        return self.found[row]["OrderNo"] if 0 <= row < len(self.found) else None

    def _selected(self, act: Callable[[str], None]) -> None:
        """Ctrl+P picks the highlighted order (a pending one starts, one being picked resumes); Ctrl+D
        delivers it, once confirmed; Ctrl+R takes back items of it."""
        order_no = self.selected_order()
        if order_no is not None:
            act(order_no)

    def _confirm_delivery(self, order_no: str) -> None:
        order = next(o for o in self.found if o["OrderNo"] == order_no)
        customer = (order.get("Customer") or {}).get("Name", "the customer")
        box = QMessageBox(QMessageBox.Icon.Question, "Deliver the web order?",
                          f"Deliver web order {order_no} to {customer}? Its address label prints.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.No)  # a stray Enter delivers nothing
        box.finished.connect(lambda: box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
                             and self.on_deliver(order_no))
        self.confirm_box = box
        box.open()

    def show_result(self, outcome: Outcome) -> None:
        """What a pick, delivery or return came to, said here too: the window behind is hidden."""
        self.result.setText(f"{outcome.title} {outcome.detail}".strip())

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Status"))
        filters.addWidget(self.status)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 3)
        layout.addWidget(self.detail, 2)
        layout.addWidget(self.result)
        hint = QLabel("Ctrl+P picks  ·  Ctrl+D delivers  ·  Ctrl+R takes back returned items  ·  Esc closes")
        hint.setObjectName("hint")
        layout.addWidget(hint)

    def refresh(self) -> None:
        status, query = self.status.currentText(), self.search.text()
        self.lane.run(lambda: self.orders.find(status, query), then(self._show, self._failed))

    def _failed(self, error: BaseException) -> None:
        outcome = failed("searching the web orders", error)
        self.count.setText(f"{outcome.title} {outcome.detail}")

    def _show(self, found: Found) -> None:
        keep = self.selected_order()  # a refresh keeps the order the clerk highlighted
        self.found = found.orders
        self.table.setRowCount(len(found.orders))
        for row, order in enumerate(found.orders):
            items = ", ".join(f"{line['Quantity']} × {line.get('Name') or line.get('VariantId')}"
                              for line in order.get("Lines", []))
            cells = (order["OrderNo"], order["Status"].capitalize(), (order.get("Customer") or {}).get("Name", ""),
                     items, _local(order.get("CreatedAt")))
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        shown = len(found.orders)
        self.count.setText(found.problem or (f"the newest {SHOWN}: narrow the search" if shown >= SHOWN
                                             else f"{shown} order{'s' * (shown != 1)}"))
        self.count.setProperty("problem", bool(found.problem))
        self.count.style().unpolish(self.count)
        self.count.style().polish(self.count)
        numbers = [order["OrderNo"] for order in found.orders]
        row = numbers.index(keep) if keep in numbers else 0
        if found.orders:
            self.table.setCurrentCell(row, 0)  # the highlighted row is the one Ctrl+P and Ctrl+D act on
        self._show_detail(row)

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.found):
            self.detail.setText("No web order matches." if not self.found else "")
            return
        order = self.found[row]
        address = order.get("DeliveryAddress") or {}
        lines = [f"{order['OrderNo']} · {order['Status'].capitalize()} · web shop {order.get('WebShopId', '')}"
                 + (f" (turnover shop {order['TurnoverShopId']})" if order.get("TurnoverShopId") else "")]
        lines += [f"  {line['Quantity']} × {line.get('Name', '')}  ·  {line.get('VariantId', '')}  ·  EAN "
                  f"{line.get('Ean', '')}  ·  {line.get('LocationHint', '')}" for line in order.get("Lines", [])]
        lines.append("Deliver to: " + ", ".join(str(address[key]) for key in ADDRESS if address.get(key)))
        lines.append("Returns: refunded in cash at the register" if order.get("ReturnPolicy") == REFUND_AT_REGISTER
                     else "Returns: refunded by the web shop, not at the register")
        self.detail.setText("\n".join(lines))


def _local(iso: str | None) -> str:
    """``2026-11-23T22:38:00Z`` in this computer's time zone, to the minute."""
    if not iso:
        return ""
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
