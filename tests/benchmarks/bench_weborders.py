"""The web-order screen's filter and search with 50,000 orders cached (target: 50 ms each).

    .venv/bin/python tests/benchmarks/bench_weborders.py [--orders 50000]

Fills a counter database with N web orders (random customers and items from the sandbox's catalogue,
all six statuses), then times WebOrderList.find, the call behind every change of the status filter
or the search field, for typical filters and searches.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.domain.weborders import WebOrderStatus  # noqa: E402
from app.sandbox.weborders import DEMO_CATALOGUE  # noqa: E402
from app.services.weborders import WebOrderList  # noqa: E402
from app.store import Database, WebOrderCache  # noqa: E402
from app.ui.lanes import Lane  # noqa: E402
from app.ui.weborders_dialog import WebOrdersDialog  # noqa: E402

NAMES = ["Maria Santos", "Jose Reyes", "Ana Cruz", "Juan dela Cruz", "Liza Soberano", "Paolo Garcia",
         "Grace Lim", "Mark Tan", "Joy Villanueva", "Ramon Bautista"]


def fill(db: Database, count: int) -> None:
    rng = random.Random(4)
    orders = []
    for n in range(count):
        name = f"{rng.choice(NAMES)} {n % 997}"
        lines = [{"VariantId": v, "Ean": e, "Name": item, "Price": price, "Quantity": rng.randint(1, 4),
                  "LocationHint": hint} for v, e, item, price, hint in rng.sample(DEMO_CATALOGUE, rng.randint(1, 3))]
        orders.append({"OrderNo": f"WEB-{100000 + n}", "ShopId": "0166", "WebShopId": "WS-DIRECT",
                       "Status": rng.choice(list(WebOrderStatus)).name, "Customer": {"Name": name},
                       "DeliveryAddress": {"Name": name, "City": "Pasig"}, "Lines": lines,
                       "CreatedAt": f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:00:00Z"})
    cache = WebOrderCache(db)
    for start in range(0, count, 5000):
        cache.merge_from_central(orders[start:start + 5000])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=50_000)
    args = parser.parse_args()
    db = Database(Path(tempfile.mkdtemp(prefix="counterpos-weborders-")) / "counter.db")
    fill(db, args.orders)
    orders = WebOrderList(db)
    print(f"{WebOrderCache(db).count():,} web orders cached")
    cases = [("All", ""), ("Pending", ""), ("0", "maria"), ("Picked", "tuna"), ("All", "WEB-1234"),
             ("All", "4800000000019"), ("Pending", "jose reyes 41"), ("delivered", "umbrella")]
    for status, query in cases:
        times = []
        for _ in range(20):
            start = time.perf_counter()
            found = orders.find(status, query)
            times.append(time.perf_counter() - start)
        ms = sorted(t * 1000 for t in times)
        print(f"status {status!r:12} search {query!r:18} {len(found.orders):4} shown  "
              f"median {statistics.median(ms):5.1f} ms  max {ms[-1]:5.1f} ms")
    app = QApplication.instance() or QApplication([])
    dialog = WebOrdersDialog(orders, Lane("clerk"), on_pick=print, on_deliver=print, on_return=print)
    found = orders.find("All", "")
    times = []
    for _ in range(10):
        start = time.perf_counter()
        dialog._show(found)  # what the GUI thread does with an answer: the table and the detail
        app.processEvents()
        times.append(time.perf_counter() - start)
    ms = sorted(t * 1000 for t in times)
    print(f"showing {len(found.orders)} rows on screen: median {statistics.median(ms):.1f} ms, max {ms[-1]:.1f} ms")
    dialog.lane.shutdown()


if __name__ == "__main__":
    main()
