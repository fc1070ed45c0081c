"""Feed ESC/POS bytes to the emupos printer emulator and save what it printed.

Runs under the oracle interpreter (Python >= 3.13, emupos installed), never under ours:

    python emupos_print.py INPUT.escpos OUTPUT_DIR

writes OUTPUT_DIR/receipt-N.png and receipt-N.txt for each completed receipt, and events.json with
every event the printer reported (unknown commands, unsupported code pages, …).
"""

import json
import sys
from pathlib import Path

from emupos.config import demo_config
from emupos.printer.printer import Printer


def main(source: Path, out: Path) -> None:
    config = demo_config()
    printer = Printer("front", config.printer_profile("front"), sensor_open_level="high", job_idle_timeout_ms=1000)
    output = printer.open_connection("pos", 0.0)
    output += printer.receive("pos", source.read_bytes(), 0.1)
    output += printer.close_connection("pos", 0.2)
    out.mkdir(parents=True, exist_ok=True)
    for n, receipt in enumerate(output.receipts):
        (out / f"receipt-{n}.png").write_bytes(receipt.png)
        (out / f"receipt-{n}.txt").write_text(receipt.text, encoding="utf-8")
    events = [{"type": str(e.type), "data": e.data} for e in output.events]
    (out / "events.json").write_text(json.dumps(events, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
