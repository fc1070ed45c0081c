"""The Devices screen's work: a printer's status, a test page through the real queue, a preview; and
the drop-off's reading of the serial scale.

Asking a printer or a scale blocks on the network or a port, so the screens run these off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from app.services.spooler import Printer
from app.store import Database, PrintQueue
from printers.documents import TEST_PAGE as TEST_PAGE  # the Devices screen tells its test pages apart
from printers.documents import Document, printer_test_page
from printers.transports import TransportError
from scanners.scale import ScaleError, SerialScale

# Reads the scale once: the weight in kg, or what to tell the clerk.
Weigh = Callable[[], Decimal | str]


def printer_status(printer: Printer) -> str:
    try:
        state = printer.state()
    except TransportError as exc:
        return f"not reachable: {exc}"
    if state is None:
        return "ready (its status cannot be asked: one-way connection)"
    return state.describe()


def test_page(name: str, printer: Printer) -> Document:
    return printer_test_page(f"{name}: {printer.describe()}", [("Printer", name)])


def queue_test_page(db: Database, name: str, printer: Printer) -> int:
    """Queue a test page like any job: recorded first, printed by the printer's spooler."""
    document = test_page(name, printer)
    with db.transaction():
        return PrintQueue(db).add(document.kind, document.to_json(), name)


def preview(name: str, printer: Printer) -> bytes:
    from printers import png  # with its barcode and QR code drawers: loaded when a preview is first shown

    return png.render(test_page(name, printer))


def weigh(scale: SerialScale) -> Decimal | str:
    """One reading: the weight in kg, or what to tell the clerk (a scale's trouble is an answer, not a failure)."""
    try:
        return scale.read_kg()
    except ScaleError as exc:
        return str(exc)
