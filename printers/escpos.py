"""ESC/POS renderer for thermal receipt printers, through python-escpos's in-memory Dummy printer.

Barcodes use the printer's own Code 128 command (GS k, function B). python-escpos passes the data
through as is, so it must already be in the printer's form: a code set prefix (``{A``, ``{B``,
``{C``), and in code set C one byte per pair of digits whose value is the pair (``"76"`` is byte 76),
not the two ASCII digits. Digits go in code set C so a 17-digit tracking number stays short enough
to scan off 58 mm paper.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import tempfile
import textwrap

# python-escpos parses its printer capabilities (YAML, about 0.4 s) on import and pickles them into
# ESCPOS_CAPABILITIES_PICKLE_DIR, or into a new temporary folder it never removes. The pickle is
# written in place, so a folder shared by two programs can be read half written, and one killed
# mid-write leaves it broken for every later start: each process (not its children, who inherit the
# variable) gets its own folder, removed at exit. (This module is imported after the window is up,
# not at start: see printers.devices.)
_PICKLES = tempfile.mkdtemp(prefix="counterpos-escpos-")
atexit.register(shutil.rmtree, _PICKLES, ignore_errors=True)
os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = _PICKLES

from escpos.printer import Dummy  # noqa: E402

from printers.documents import Document
from printers.profiles import DEFAULT_RECEIPT_PROFILE, ReceiptProfile
from printers.text import folded, spelled


def code128_data(value: str) -> str:
    """GS k Code 128 data: code set C (a byte 0-99 per digit pair) for digits, B for anything else."""
    if value.isascii() and value.isdigit():
        even = len(value) - len(value) % 2
        data = "{C" + "".join(chr(int(value[i : i + 2])) for i in range(0, even, 2))
        return data + ("{B" + value[even:] if even < len(value) else "")
    return "{B" + value


def _code128_modules(value: str) -> int:
    symbols = len(value) // 2 + (2 if len(value) % 2 else 0) if value.isdigit() else len(value)
    return (symbols + 3) * 11 + 2


def _pair_line(label: str, value: str, columns: int) -> str:
    room = columns - len(label) - 1
    if len(value) <= room:
        return f"{label}{' ' * (columns - len(label) - len(value))}{value}"
    return f"{label}\n  {value}"


def _fits(text: str, code_page: str) -> str:
    """Text the chosen code page can encode: spelled out, and folded where the page lacks a letter."""
    return "".join(ch if _encodable(ch, code_page) else folded(ch) for ch in spelled(text))


def _encodable(ch: str, code_page: str) -> bool:
    try:
        ch.encode(code_page)
        return True
    except UnicodeEncodeError:
        return False


def render(document: Document, profile: ReceiptProfile = DEFAULT_RECEIPT_PROFILE, *, cut: bool = True) -> bytes:
    printer = _printer(profile)
    columns = profile.columns
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
            width = {"title": columns // 2, "small": columns * 12 // 9}.get(style, columns)
            printer.text(textwrap.fill(_fits(block["text"], profile.code_page), width) + "\n")
            printer.set(normal_textsize=True)
        elif kind == "pair":
            printer.set(align="left")
            label, value = (_fits(block[k], profile.code_page) for k in ("label", "value"))
            printer.text(_pair_line(label, value, columns) + "\n")
        elif kind == "rule":
            printer.set(align="left")
            printer.text("-" * columns + "\n")
        elif kind == "barcode":
            _barcode(printer, block["value"], profile)
        elif kind == "qr":
            printer.set(align="center")  # python-escpos cannot center a native QR itself
            printer.qr(block["value"], native=profile.native_qr, size=profile.qr_size)
        elif kind == "space":
            printer.text("\n")
    if cut:
        printer.cut()
    return printer.output


def _printer(profile: ReceiptProfile) -> Dummy:
    printer = Dummy(profile=profile.escpos_profile)
    # Our paper width wins over the capability profile's (the generic one has none), for images.
    data = printer.profile.profile_data
    media = {**data["media"], "width": {**data["media"]["width"], "pixels": profile.width_dots}}
    printer.profile.profile_data = {**data, "media": media}  # on this instance, not the shared class
    printer.charcode(profile.code_page)
    return printer


def _barcode(printer: Dummy, value: str, profile: ReceiptProfile) -> None:
    module = max(2, min(3, profile.width_dots // _code128_modules(value)))
    # python-escpos announces its renderer choice with print(); keep stdout clean.
    with contextlib.redirect_stdout(io.StringIO()):
        printer.barcode(code128_data(value), "CODE128", height=80, width=module, pos="BELOW",
                        function_type="B", align_ct=True, force_software=not profile.native_barcode)
