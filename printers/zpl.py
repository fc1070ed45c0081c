"""ZPL renderer for Zebra label printers: a document laid out top to bottom on a 4x6 in label.

Positions are in printer dots, computed from millimetres at the printer's resolution (203 or
300 dpi). Facts the code relies on, learnt from printing and from the zplkit renderer:

* Code 128 in code set C (``>;``) takes digits in pairs; an odd last digit is dropped silently,
  so it goes in code set B (``>6``).
* A QR field needs the ``LA,`` prefix (error correction, automatic input mode), or the printer
  takes the first characters as parameters.
* Resident fonts cover different characters on different models; text is folded to ASCII
  (``Parañaque`` → ``Paranaque``, ``₱`` → ``PHP``) so every Zebra prints the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from printers.documents import Document
from printers.text import folded

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class LabelMedia:
    width_mm: float = 101.6  # 4 in
    height_mm: float = 152.4  # 6 in
    dpi: int = 203

    def dots(self, mm: float) -> int:
        return round(mm * self.dpi / MM_PER_INCH)


LABEL_4X6_203 = LabelMedia()
LABEL_4X6_300 = LabelMedia(dpi=300)

# Character heights in mm per text style, and the Code 128 module and QR magnification per dpi.
_TEXT_MM = {"title": 9.0, "heading": 5.0, "normal": 3.8, "small": 3.0}
_MARGIN_MM = 4.0
_GAP_MM = 1.6


def ascii_text(text: str) -> str:
    """Fold to printable ASCII, keeping ZPL's own ``^`` and ``~`` out of field data."""
    return folded(text).replace("^", " ").replace("~", " ")


def code128_field(value: str) -> str:
    """ZPL Code 128 data: code set C for digit pairs, B for an odd last digit or any other text."""
    if value.isascii() and value.isdigit():
        even = len(value) - len(value) % 2
        return ">;" + value[:even] + (">6" + value[even:] if even < len(value) else "")
    return ">:" + ascii_text(value)


def _code128_modules(value: str) -> int:
    """Width in modules: start, data symbols, switches, check, stop (11 each) and the 2-module bar end."""
    if value.isascii() and value.isdigit():
        symbols = len(value) // 2 + (2 if len(value) % 2 else 0)
    else:
        symbols = len(value)
    return (symbols + 3) * 11 + 2


class _Layout:
    def __init__(self, media: LabelMedia):
        self.media = media
        self.width = media.dots(media.width_mm)
        self.margin = media.dots(_MARGIN_MM)
        self.inner = self.width - 2 * self.margin
        self.y = self.margin
        self.fields: list[str] = []

    def advance(self, mm: float) -> None:
        self.y += self.media.dots(mm)

    def text(self, text: str, style: str, align: str) -> None:
        height = self.media.dots(_TEXT_MM[style])
        justify = "C" if align == "center" else "L"
        self.fields.append(
            f"^FO{self.margin},{self.y}^A0N,{height},{height}^FB{self.inner},1,0,{justify}^FD{ascii_text(text)}^FS"
        )
        self.y += height + self.media.dots(_GAP_MM)

    def pair(self, label: str, value: str) -> None:
        height = self.media.dots(_TEXT_MM["normal"])
        self.fields.append(f"^FO{self.margin},{self.y}^A0N,{height},{height}^FD{ascii_text(label)}^FS")
        self.fields.append(
            f"^FO{self.margin},{self.y}^A0N,{height},{height}^FB{self.inner},1,0,R^FD{ascii_text(value)}^FS"
        )
        self.y += height + self.media.dots(_GAP_MM)

    def rule(self) -> None:
        thickness = max(2, self.media.dots(0.4))
        self.fields.append(f"^FO{self.margin},{self.y}^GB{self.inner},{thickness},{thickness}^FS")
        self.y += thickness + self.media.dots(_GAP_MM)

    def barcode(self, value: str) -> None:
        module = max(2, round(self.media.dpi / 203 * 3))  # 0.375 mm bars: scan well off thermal labels
        width = _code128_modules(value) * module
        while width > self.inner and module > 2:
            module -= 1
            width = _code128_modules(value) * module
        height = self.media.dots(18)
        x = self.margin + max(0, (self.inner - width) // 2)
        text_height = self.media.dots(_TEXT_MM["normal"])
        self.fields.append(f"^FO{x},{self.y}^BY{module}^BCN,{height},N,N,N^FD{code128_field(value)}^FS")
        self.y += height + self.media.dots(1)
        self.fields.append(
            f"^FO{self.margin},{self.y}^A0N,{text_height},{text_height}^FB{self.inner},1,0,C^FD{value}^FS"
        )
        self.y += text_height + self.media.dots(_GAP_MM)

    def qr(self, value: str) -> None:
        magnification = max(3, round(self.media.dpi / 203 * 6))
        modules = 25 if len(value) > 20 else 21  # version 1 or 2 with error correction M
        size = (modules + 8) * magnification
        x = self.margin + max(0, (self.inner - size) // 2)
        self.fields.append(f"^FO{x},{self.y}^BQN,2,{magnification}^FDLA,{ascii_text(value)}^FS")
        self.y += size + self.media.dots(_GAP_MM)


def render(document: Document, media: LabelMedia = LABEL_4X6_203) -> bytes:
    """The ZPL for one label (``^XA`` … ``^XZ``)."""
    layout = _Layout(media)
    for block in document.blocks:
        kind = block["type"]
        if kind == "text":
            layout.text(block["text"], block["style"], block["align"])
        elif kind == "pair":
            layout.pair(block["label"], block["value"])
        elif kind == "rule":
            layout.rule()
        elif kind == "barcode":
            layout.barcode(block["value"])
        elif kind == "qr":
            layout.qr(block["value"])
        elif kind == "space":
            layout.advance(3)
    header = f"^XA^CI28^PW{layout.width}^LL{media.dots(media.height_mm)}^LH0,0"
    return (header + "".join(layout.fields) + "^XZ").encode("ascii")
