"""PDF renderer (reportlab): a page as long as the document (80 mm wide receipts, 100 mm labels).

Code 128 bars are 1.2 pt wide, about 3.4 dots on a 203 dpi printer: wide enough that a phone or a
counter scanner reads them off paper (reportlab's default 0.54 pt is too thin below 300 dpi).
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from printers.documents import Document

RECEIPT_WIDTH = 80 * mm
LABEL_WIDTH = 100 * mm
MARGIN = 5 * mm
BAR_WIDTH = 1.2
BAR_HEIGHT = 14 * mm
QR_SIZE = 32 * mm

_FONTS = {
    "title": ("Helvetica-Bold", 16),
    "heading": ("Helvetica-Bold", 11),
    "normal": ("Helvetica", 9),
    "small": ("Helvetica", 7.5),
}


def _block_height(block: dict, page_width: float) -> float:
    kind = block["type"]
    if kind == "text":
        return _FONTS[block["style"]][1] * 1.35 * len(_lines(block, page_width))
    if kind == "pair":
        return 9 * 1.35 * (2 if _pair_wraps(block, page_width) else 1)
    if kind == "rule":
        return 8
    if kind == "barcode":
        return BAR_HEIGHT + 14
    if kind == "qr":
        return QR_SIZE + 6
    return 8


def _lines(block: dict, page_width: float) -> list[str]:
    """A text block's lines, wrapped at word boundaries to the paper's width."""
    font, size = _FONTS[block["style"]]
    return simpleSplit(block["text"], font, size, page_width - 2 * MARGIN) or [""]


def _pair_wraps(block: dict, page_width: float) -> bool:
    width = stringWidth(block["label"] + "  " + block["value"], "Helvetica", 9)
    return width > page_width - 2 * MARGIN


def render(document: Document, *, page_width: float | None = None) -> bytes:
    """The document on one page as long as it needs; labels on label stock, the rest on receipt paper."""
    page_width = page_width or (LABEL_WIDTH if document.kind.endswith("label") else RECEIPT_WIDTH)
    heights = [_block_height(b, page_width) for b in document.blocks]
    height = sum(heights) + 2 * MARGIN
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(page_width, height), pageCompression=1)
    pdf.setTitle(document.kind)
    y = height - MARGIN
    for block, block_height in zip(document.blocks, heights, strict=True):
        y -= block_height
        _draw(pdf, block, y, page_width)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def _draw(pdf: canvas.Canvas, block: dict, y: float, page_width: float) -> None:
    kind = block["type"]
    left, right = MARGIN, page_width - MARGIN
    if kind == "text":
        font, size = _FONTS[block["style"]]
        pdf.setFont(font, size)
        lines = _lines(block, page_width)
        for n, line in enumerate(lines):
            baseline = y + size * 0.3 + (len(lines) - 1 - n) * size * 1.35
            if block["align"] == "center":
                pdf.drawCentredString(page_width / 2, baseline, line)
            else:
                pdf.drawString(left, baseline, line)
    elif kind == "pair":
        pdf.setFont("Helvetica", 9)
        if _pair_wraps(block, page_width):
            pdf.drawString(left, y + 9 * 1.35 + 3, block["label"])
            pdf.drawRightString(right, y + 3, block["value"])
        else:
            pdf.drawString(left, y + 3, block["label"])
            pdf.drawRightString(right, y + 3, block["value"])
    elif kind == "rule":
        pdf.setDash(2, 2)
        pdf.line(left, y + 4, right, y + 4)
        pdf.setDash()
    elif kind == "barcode":
        barcode = code128.Code128(block["value"], barWidth=BAR_WIDTH, barHeight=BAR_HEIGHT, humanReadable=False)
        barcode.drawOn(pdf, (page_width - barcode.width) / 2, y + 12)
        pdf.setFont("Courier", 9)
        pdf.drawCentredString(page_width / 2, y + 2, block["value"])
    elif kind == "qr":
        widget = QrCodeWidget(block["value"], barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0])
        drawing.add(widget)
        renderPDF.draw(drawing, pdf, (page_width - QR_SIZE) / 2, y + 3)
