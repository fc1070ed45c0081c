"""A counter that works without pause: receives parcels and releases them to customers, sending its
events and printing each claim receipt on a TCP ESC/POS printer as it goes, and notes each action
the screen would have confirmed. Killed at random moments by tests/reliability/test_crash.py; each
run carries on where the last one stopped."""

from __future__ import annotations

import os
import threading
from functools import partial
from pathlib import Path

from app.central.client import CentralClient
from app.central.sender import OutboxSender
from app.domain.codes import classify
from app.services.claim import ClaimService
from app.services.lookup import ParcelLookup
from app.services.receive import ReceiveService
from app.services.spooler import PrintSpooler
from app.status import SyncMonitor
from app.store import Database, ParcelCache
from printers.devices import printer_from_settings
from printers.documents import StoreHeader

TOKEN = "crash-token"


def confirm(confirmations: str, line: str) -> None:
    """What the clerk was shown as done, made durable before the next action (as the screen would be)."""
    with open(confirmations, "a", encoding="ascii") as log:
        log.write(line + "\n")
        log.flush()
        os.fsync(log.fileno())


def confirmed(confirmations: str) -> str:
    """What earlier runs confirmed, one action a line."""
    return Path(confirmations).read_text(encoding="ascii") if os.path.exists(confirmations) else ""


def drive(db_path: str, url: str, confirmations: str, parcels: list[tuple[str, str]], printer_url: str) -> None:
    """`parcels`: (tracking number, claim code) of parcels on the truck to this store."""
    db = Database(db_path, auto_checkpoint=False)
    lookup = ParcelLookup(ParcelCache(db), CentralClient(url, TOKEN, timeout=(1.0, 2.0)))
    store = StoreHeader("0166", "Crash store", "T1")
    receiving = ReceiveService(db, lookup, store_id="0166", terminal_id="T1")
    claims = ClaimService(db, lookup, store=store)
    sender = OutboxSender(db_path, partial(CentralClient, url, TOKEN), SyncMonitor(), backoff_base=0.05)
    sender.start()
    spooler = PrintSpooler(db_path, "receipt", printer_from_settings("receipt", {"url": printer_url}), retry_wait=0.05)
    spooler.start()
    done = confirmed(confirmations)
    for tracking_number, claim_code in parcels:
        if f"CLAIMED {tracking_number}" in done:
            continue  # served in an earlier run; the next customer
        if receiving.receive(classify(tracking_number)).recorded:
            confirm(confirmations, f"READY FOR CLAIM {tracking_number}")
            sender.wake()
        found = claims.find(classify(claim_code))
        if found.awaiting_label_of is not None:
            if claims.release(found.awaiting_label_of, classify(tracking_number)).recorded:
                confirm(confirmations, f"CLAIMED {tracking_number}")
                sender.wake()
                spooler.wake()
    threading.Event().wait()  # every parcel served: the sender and the spooler go on until the kill
