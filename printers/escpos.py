"""ESC/POS renderer for thermal receipt printers, through python-escpos's in-memory Dummy printer.

Barcodes use the printer's own Code 128 command (GS k, function B). python-escpos passes the data
through as is, so it must already be in the printer's form: a code set prefix (``{A``, ``{B``,
``{C``), and in code set C one byte per pair of digits whose value is the pair (``"76"`` is byte 76),
not the two ASCII digits. Digits go in code set C so a 17-digit tracking number stays short enough
to scan off 58 mm paper.
"""

from __future__ import annotations

import contextlib
import io

from escpos.printer import Dummy

from printers.documents import Document

PROFILE = "TM-T88V"  # Epson 80 mm, 180 dpi, 42 columns in font A
COLUMNS = 42


def code128_data(value: str) -> str:
    """GS k Code 128 data: code set C (a byte 0-99 per digit pair) for digits, B for anything else."""
    if value.isascii() and value.isdigit():
        even = len(value) - len(value) % 2
        data = "{C" + "".join(chr(int(value[i : i + 2])) for i in range(0, even, 2))
        return data + ("{B" + value[even:] if even < len(value) else "")
    return "{B" + value


def _pair_line(label: str, value: str, columns: int = COLUMNS) -> str:
    room = columns - len(label) - 1
    if len(value) <= room:
        return f"{label}{' ' * (columns - len(label) - len(value))}{value}"
    return f"{label}\n  {value}"


def render(document: Document, *, cut: bool = True) -> bytes:
    printer = Dummy(profile=PROFILE)
    for block in document.blocks:
        kind = block["type"]
        if kind == "text":
            style = block["style"]
            printer.set(
                align=block["align"],
                bold=style in ("title", "heading"),
                double_height=style == "title",
                double_width=style == "title",
                font="b" if style == "small" else "a",
            )
            printer.text(block["text"] + "\n")
            printer.set(normal_textsize=True)
        elif kind == "pair":
            printer.set(align="left")
            printer.text(_pair_line(block["label"], block["value"]) + "\n")
        elif kind == "rule":
            printer.set(align="left")
            printer.text("-" * COLUMNS + "\n")
        elif kind == "barcode":
            # python-escpos announces its renderer choice with print(); keep stdout clean.
            with contextlib.redirect_stdout(io.StringIO()):
                printer.barcode(code128_data(block["value"]), "CODE128", height=80, width=3,
                                pos="BELOW", function_type="B", align_ct=True)
        elif kind == "qr":
            printer.qr(block["value"], native=True, size=6, center=True)
        elif kind == "space":
            printer.text("\n")
    if cut:
        printer.cut()
    return printer.output
