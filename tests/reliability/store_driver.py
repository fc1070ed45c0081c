"""A terminal of a store on the store bus that works without pause: receives its parcels and releases
them, each action a fact for the store and an event for the central system, and notes each action the
screen would have confirmed. Killed at random moments by tests/reliability/test_store_bus_kills.py;
each run carries on where the last one stopped."""

from __future__ import annotations

import logging
import threading
from functools import partial

from app.bus.bus import BusSettings, StoreBus
from app.central.client import CentralClient
from app.central.sender import OutboxSender
from app.domain.codes import classify
from app.services.claim import ClaimService
from app.services.lookup import ParcelLookup
from app.services.receive import ReceiveService
from app.status import SyncMonitor
from app.store import Database, ParcelCache
from printers.documents import StoreHeader
from tests.reliability.crash_driver import TOKEN, confirm, confirmed


def drive(db_path: str, terminal: str, hub: str, url: str, confirmations: str,
          parcels: list[tuple[str, str]]) -> None:
    """`parcels`: (tracking number, claim code) of parcels on the truck to this store, for this terminal.
    Its log goes beside its database, to read after a failure."""
    logging.basicConfig(filename=f"{db_path}.log", level=logging.INFO, force=True,
                        format="%(asctime)s %(process)d %(levelname)s %(threadName)s %(name)s: %(message)s")
    db = Database(db_path, auto_checkpoint=False)
    monitor = SyncMonitor()
    bus = StoreBus(db_path, BusSettings((hub,), "0166", terminal), monitor)
    bus.start()
    lookup = ParcelLookup(ParcelCache(db), CentralClient(url, TOKEN, timeout=(1.0, 2.0)))
    store = StoreHeader("0166", "Crash store", terminal)
    receiving = ReceiveService(db, lookup, store_id="0166", terminal_id=terminal)
    claims = ClaimService(db, lookup, store=store, claims=bus)
    sender = OutboxSender(db_path, partial(CentralClient, url, TOKEN), monitor, backoff_base=0.05)
    sender.start()
    done = confirmed(confirmations)
    for tracking_number, claim_code in parcels:
        if f"CLAIMED {tracking_number}" in done:
            continue
        if receiving.receive(classify(tracking_number)).recorded:
            confirm(confirmations, f"READY FOR CLAIM {tracking_number}")
        found = claims.find(classify(claim_code))
        if found.awaiting_label_of is not None and claims.release(found.awaiting_label_of,
                                                                  classify(tracking_number)).recorded:
            confirm(confirmations, f"CLAIMED {tracking_number}")
        for worker in (sender, bus):
            worker.wake()
    threading.Event().wait()  # every parcel served: the sender and the bus go on until the kill
