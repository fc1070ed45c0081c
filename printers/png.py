"""PNG preview of a document, as a receipt printer would print it: for the screen, not for paper.

Codes are drawn by the project's barcode libraries (python-barcode for Code 128, qrcode for QR) so
the preview shows real, scannable codes.
"""

from __future__ import annotations

import io
from functools import cache

import qrcode
from barcode import Code128
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from printers.documents import Document
from printers.text import spelled

WIDTH = 576  # dots: an 80 mm receipt printer at 203 dpi
MARGIN = 12
_SIZES = {"title": 34, "heading": 24, "normal": 20, "small": 16}


@cache
def _font(size: int, bold: bool = False) -> ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)


def _barcode(value: str) -> Image.Image:
    out = io.BytesIO()
    Code128(value, writer=ImageWriter()).write(
        out, {"module_width": 0.3, "module_height": 12.0, "quiet_zone": 4.0, "font_size": 0, "dpi": 203,
              "write_text": False})
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def _qr(value: str) -> Image.Image:
    return qrcode.make(value, box_size=6, border=2).get_image().convert("L")


def _pieces(document: Document) -> list[tuple[str, object, int]]:
    """(kind, content, height) for each block, top to bottom."""
    pieces = []
    for block in document.blocks:
        kind = block["type"]
        if kind == "text":
            font = _font(_SIZES[block["style"]], block["style"] in ("title", "heading"))
            for line in _wrap(spelled(block["text"]), font):
                pieces.append(("text", {**block, "text": line}, _SIZES[block["style"]] + 8))
        elif kind == "pair":
            pieces.append(("pair", block, _SIZES["normal"] + 8))
        elif kind == "rule":
            pieces.append(("rule", None, 14))
        elif kind == "barcode":
            image = _barcode(block["value"])
            pieces.append(("image", (image, block["value"]), image.height + _SIZES["normal"] + 10))
        elif kind == "qr":
            image = _qr(block["value"])
            pieces.append(("image", (image, None), image.height + 8))
        else:
            pieces.append(("space", None, 16))
    return pieces


def _wrap(text: str, font: ImageFont.ImageFont) -> list[str]:
    """Lines that fit the paper, broken between words."""
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > WIDTH - 2 * MARGIN:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line]


def render(document: Document) -> bytes:
    pieces = _pieces(document)
    page = Image.new("L", (WIDTH, sum(h for _, _, h in pieces) + 2 * MARGIN), 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    for kind, content, height in pieces:
        if kind == "text":
            font = _font(_SIZES[content["style"]], content["style"] in ("title", "heading"))
            text = content["text"]
            x = (WIDTH - draw.textlength(text, font=font)) / 2 if content["align"] == "center" else MARGIN
            draw.text((x, y), text, fill=0, font=font)
        elif kind == "pair":
            font = _font(_SIZES["normal"])
            value = spelled(content["value"])
            draw.text((MARGIN, y), spelled(content["label"]), fill=0, font=font)
            draw.text((WIDTH - MARGIN - draw.textlength(value, font=font), y), value, fill=0, font=font)
        elif kind == "rule":
            draw.line((MARGIN, y + 6, WIDTH - MARGIN, y + 6), fill=0, width=2)
        elif kind == "image":
            image, caption = content
            image = image if image.width <= WIDTH else image.resize((WIDTH, image.height))
            page.paste(image, ((WIDTH - image.width) // 2, y))
            if caption:
                font = _font(_SIZES["normal"])
                draw.text(((WIDTH - draw.textlength(caption, font=font)) / 2, y + image.height + 2), caption,
                          fill=0, font=font)
        y += height
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
