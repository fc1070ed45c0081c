"""ESC/POS renderer for thermal receipt printers, through python-escpos's in-memory Dummy printer.

Barcodes use the printer's own Code 128 command (function B). python-escpos needs an explicit code
set prefix; digits go in code set C (two per symbol) so a 17-digit tracking number stays short
enough to scan off 58 mm paper.
"""

from __future__ import annotations

import contextlib
import io

from escpos.printer import Dummy

from printers.documents import Document

PROFILE = "TM-T88V"  # Epson 80 mm, 180 dpi, 42 columns in font A
COLUMNS = 42


def code128_data(value: str) -> str:
    """python-escpos Code 128 data: code set C for pairs of digits, B for anything else."""
    if value.isdigit():
        even = len(value) - len(value) % 2
        data = "{C" + value[:even]
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
