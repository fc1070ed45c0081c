"""Independent readers of our output, run as other programs: what a real device or a phone would see."""

from __future__ import annotations

import io
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import zplkit
import zxingcpp
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
ORACLE_PYTHON = ROOT / ".venv-oracles" / "bin" / "python"  # Python >= 3.13 with emupos (scripts/test.sh)


def require_emupos() -> None:
    """Skip a test that needs emupos where it cannot be set up; in CI a missing oracle is a failure."""
    if ORACLE_PYTHON.exists():
        return
    reason = "emupos needs a Python >= 3.13 interpreter; scripts/test.sh sets it up when one exists"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run every oracle: {reason}, and none was found", pytrace=False)
    pytest.skip(reason)


@dataclass
class PrintedReceipt:
    png: Path
    text: str


def emupos_print(escpos_bytes: bytes, workdir: Path) -> tuple[list[PrintedReceipt], list[dict]]:
    """Print bytes on the emupos ESC/POS emulator (Epson TM-T20III): the receipts and the printer's events."""
    require_emupos()
    source = workdir / "job.escpos"
    source.write_bytes(escpos_bytes)
    out = workdir / "emupos"
    subprocess.run([str(ORACLE_PYTHON), str(ROOT / "tests/helpers/emupos_print.py"), str(source), str(out)],
                   check=True, timeout=60)
    receipts = [PrintedReceipt(png, png.with_suffix(".txt").read_text(encoding="utf-8"))
                for png in sorted(out.glob("receipt-*.png"))]
    return receipts, json.loads((out / "events.json").read_text(encoding="utf-8"))


def emupos_status(*faults: str) -> dict[int, bytes]:
    """The emulated Epson's answers to DLE EOT 1, 2 and 4 with the given faults set."""
    require_emupos()
    done = subprocess.run([str(ORACLE_PYTHON), str(ROOT / "tests/helpers/emupos_print.py"), "--status", *faults],
                          check=True, capture_output=True, text=True, timeout=60)
    return {int(n): bytes.fromhex(reply) for n, reply in json.loads(done.stdout).items()}


def zpl_label(data: bytes, dpi: int) -> Image.Image:
    """The one label a ZPL job prints, rendered strictly by zplkit (it raises on anything malformed)."""
    document = zplkit.render(data, zplkit.Options(profile="zd621", dpi=dpi))
    assert len(document.labels) == 1
    return Image.open(io.BytesIO(document.labels[0].png()))


def codes_in(image: Image.Image) -> set[tuple[str, str]]:
    """Every barcode zxing-cpp finds: (format, text)."""
    return {(b.format.name, b.text) for b in zxingcpp.read_barcodes(image)}
