"""The counter's local SQLite database: parcel cache, outbox, print jobs, audit journal."""

from app.store.database import Database
from app.store.dropoffs import DropOffs, NoTrackingNumber
from app.store.errors import StoreError
from app.store.facts import Conflict, Holder, Refusal, StoreFacts, UnreadableFact, UsedClaim
from app.store.journal import Journal
from app.store.kiosk_returns import KioskReturns
from app.store.outbox import Outbox, OutboxEvent
from app.store.parcels import ParcelCache
from app.store.payments import COD, DROPOFF_FEE, AlreadyPaid, Payment, Payments
from app.store.printjobs import PrintJob, PrintQueue
from app.store.pullouts import PullOutItem, PullOuts
from app.store.staff import StaffExists, StaffStore
from app.store.unreadable import UnreadableRecord, UnreadableRecords
from app.store.weborders import WebOrderCache

__all__ = [
    "COD",
    "DROPOFF_FEE",
    "Database",
    "DropOffs",
    "NoTrackingNumber",
    "Journal",
    "KioskReturns",
    "Outbox",
    "OutboxEvent",
    "ParcelCache",
    "AlreadyPaid",
    "Payment",
    "Payments",
    "PullOutItem",
    "PullOuts",
    "PrintJob",
    "StaffExists",
    "StaffStore",
    "PrintQueue",
    "StoreError",
    "StoreFacts",
    "Conflict",
    "Refusal",
    "Holder",
    "UnreadableFact",
    "UsedClaim",
    "UnreadableRecord",
    "UnreadableRecords",
    "WebOrderCache",
]
