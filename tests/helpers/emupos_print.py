"""Feed ESC/POS bytes to the emupos printer emulator and save what it printed, or ask its status.

Runs under the oracle interpreter (Python >= 3.13, emupos installed), never under ours:

    python emupos_print.py INPUT.escpos OUTPUT_DIR
    python emupos_print.py --status [FAULT ...]

The first writes OUTPUT_DIR/receipt-N.png and receipt-N.txt for each completed receipt, and
events.json with every event the printer reported (unknown commands, unsupported code pages, …).
The second sets the faults (paper-out, cover-open, paper-near-end, offline) and prints, as JSON,
the printer's answers to DLE EOT 1, 2 and 4.
"""

import json
import sys
from pathlib import Path

from emupos.config import demo_config
from emupos.printer.printer import Printer, PrinterFault


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


def status(faults: list[str]) -> None:
    printer = Printer("front", demo_config().printer_profile("front"), sensor_open_level="high",
                      job_idle_timeout_ms=1000)
    printer.open_connection("pos", 0.0)
    for fault in faults:
        printer.set_fault(PrinterFault(fault), True, 0.0)
    answers = {}
    for n in (1, 2, 4):
        output = printer.receive("pos", bytes([0x10, 0x04, n]), 0.1)
        answers[n] = b"".join(write.data for write in output.writes).hex()
    print(json.dumps(answers))


if __name__ == "__main__":
    if sys.argv[1] == "--status":
        status(sys.argv[2:])
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
