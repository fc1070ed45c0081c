"""What each receipt printer can do, as data: paper width, columns, code page, native codes.

The renderer reads these instead of branching on models. The code page is chosen on purpose (CP858:
Latin-1 with the euro sign, so ``ñ`` and accented names print) and must be one the model has;
python-escpos's automatic choice once picked a page Epson printers lack.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiptProfile:
    name: str
    escpos_profile: str  # python-escpos capability profile
    width_dots: int
    columns: int  # characters per line in font A (12 dots)
    code_page: str = "CP858"
    native_barcode: bool = True  # GS k Code 128; otherwise drawn as an image
    native_qr: bool = True  # GS ( k QR; otherwise drawn as an image
    qr_size: int = 6  # module size in dots, for the native command


RECEIPT_PROFILES = {
    "epson-tm-t88v": ReceiptProfile("Epson TM-T88V, 80 mm", "TM-T88V", 512, 42),
    "epson-tm-t20": ReceiptProfile("Epson TM-T20II/III, 80 mm", "TM-T20II", 576, 48),
    "generic-58": ReceiptProfile("ESC/POS 58 mm", "default", 384, 32, native_qr=False, qr_size=5),
}
DEFAULT_RECEIPT_PROFILE = RECEIPT_PROFILES["epson-tm-t20"]
