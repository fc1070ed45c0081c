"""Device speed: rendering documents, and a serial scan from terminator byte to ScanEvent.

    .venv/bin/python tests/benchmarks/bench_devices.py

Targets (issue: devices): a receipt to ESC/POS within 2 ms, a label to ZPL within 1 ms and to PDF
within 30 ms (medians); a scan on a serial loopback within 1 ms of its terminator byte.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from printers import escpos, pdf, zpl  # noqa: E402
from printers.documents import StoreHeader, claim_receipt, shipping_label  # noqa: E402
from scanners.serial_scanner import SerialScanner  # noqa: E402

RECEIPT = claim_receipt(StoreHeader("0166", "7-Eleven Ortigas Avenue", "T1"), tracking_number="76050795432071363",
                        claim_code="9755-4257-4904", merchant="Merchant A (001)", description="Wireless earbuds",
                        shelf_slot="D-01", released_at="2026-11-23 19:40", reference="a1b2c3d4")
LABEL = shipping_label(tracking_number="76050795432071363", sender="Merchant A (001)", mobile="09171234567",
                       destination="STORE 0166", destination_name="7-Eleven Parañaque Sucat", route="CDI Pasig → 0166",
                       collect="₱1,250.00", reference="AXDY43322222524544")


def timed(work, runs: int) -> list[float]:
    work()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


def report(name: str, samples: list[float], target_ms: float) -> None:
    ms = sorted(s * 1000 for s in samples)
    print(f"{name}: median {statistics.median(ms):.3f} ms, p99 {ms[int(0.99 * len(ms)) - 1]:.3f} ms "
          f"(target median {target_ms} ms, n={len(ms)})")


def scan_latency(runs: int) -> list[float]:
    received = threading.Event()
    arrived: list[float] = []

    def on_scan(event) -> None:
        arrived.append(time.perf_counter())
        received.set()

    scanner = SerialScanner("loop://", on_scan)
    scanner.start()
    while scanner.port is None:
        time.sleep(0.01)
    samples = []
    for _ in range(runs):
        received.clear()
        scanner.port.write(b"9755-4257-4904")
        time.sleep(0.002)
        sent = time.perf_counter()
        scanner.port.write(b"\r")
        received.wait(2)
        samples.append(arrived[-1] - sent)
    scanner.stop()
    return samples


def main() -> None:
    report("receipt -> ESC/POS", timed(lambda: escpos.render(RECEIPT), 500), 2)
    report("label -> ZPL (203 dpi)", timed(lambda: zpl.render(LABEL), 2000), 1)
    report("label -> PDF", timed(lambda: pdf.render(LABEL, page_width=pdf.LABEL_WIDTH), 200), 30)
    report("serial loopback: terminator byte -> ScanEvent", scan_latency(500), 1)


if __name__ == "__main__":
    main()
