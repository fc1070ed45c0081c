"""Builds the counter program from its parts: the one place that knows how they fit together."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from app.bus.claims import ClaimGate
from app.central.client import CentralClient
from app.central.poller import KioskPoller, Poller
from app.central.sender import OutboxSender
from app.domain.money import MAX_TENDER, php
from app.services import devices
from app.services.claim import ClaimService
from app.services.counter import REFUND_APPROVAL_ABOVE, CounterSession
from app.services.diagnostics import diagnostics
from app.services.dropoff import DropOffService
from app.services.exceptions import ExceptionsService
from app.services.fulfilment import FulfilmentService
from app.services.kiosk import KioskService
from app.services.lookup import ParcelLookup
from app.services.pay_and_claim import PayAndClaimService
from app.services.printing import DEFAULT_PRINTER, PrintRoutes
from app.services.pullout import PullOutService
from app.services.receive import ReceiveService
from app.services.returns import ReturnService
from app.services.shift import ShiftService
from app.services.spooler import Printer, PrinterQueueStopped, PrintSpooler
from app.services.staff import SignIn
from app.services.tracking import TrackingService
from app.services.weborders import WebOrderList
from app.settings import Settings, read_bus_token
from app.status import SyncMonitor, SyncStatus
from app.store import Database, ParcelCache, WebOrderCache
from app.ui.bridge import Bridge
from app.ui.counter_window import CounterWindow
from app.ui.devices_screen import DevicesDialog
from app.ui.i18n import Languages
from app.ui.kiosk_window import KioskWindow
from app.ui.lanes import Lanes
from app.ui.plain import PlainTextLabels
from app.ui.wedge import WedgeFilter
from printers.devices import printer_from_settings
from printers.documents import StoreHeader
from printers.virtual import VirtualPrinter
from scanners.evdev_reader import EvdevScanner
from scanners.scale import SerialScale
from scanners.serial_scanner import ScannerOptions, SerialScanner

if TYPE_CHECKING:
    from app.bus.bus import StoreBus
    from app.bus.hub import HubKeeper

LOOKUP_TIMEOUT = (2.0, 5.0)  # a clerk with a customer waiting gets an answer within seconds
PRINTER_ANSWER_TIMEOUT = 40.0  # a printer's spooler may be finishing a job to a printer that does not answer


class _Terminal:
    """What a counter or a kiosk runs beside its window, started and stopped together."""

    def start(self) -> None:
        self._plain = PlainTextLabels()  # before the window shows: outside text is never markup
        self._plain.install(QApplication.instance(), self.window)
        QApplication.instance().installEventFilter(self.wedge)
        for worker in self._workers():
            worker.start()

    def stop(self) -> None:
        QApplication.instance().removeEventFilter(self.wedge)
        QApplication.instance().removeEventFilter(self._plain)
        for worker in reversed(self._workers()):
            worker.stop()
        self.lanes.shutdown()
        self.closing()
        self.db.close()

    def closing(self) -> None:
        """The last use of the database, once the lanes have stopped."""

    def _workers(self) -> list:
        return [w for w in (self.hub, *self.spoolers, self.sender, self.poller, self.bus, self.scanner)
                if w is not None]


@dataclass
class CounterApp(_Terminal):
    window: CounterWindow
    lanes: Lanes
    bridge: Bridge
    monitor: SyncMonitor
    wedge: WedgeFilter
    sender: OutboxSender
    poller: Poller
    spoolers: list[PrintSpooler]
    scanner: SerialScanner | EvdevScanner | None
    db: Database
    bus: StoreBus | None
    hub: HubKeeper | None

    def start(self) -> None:
        super().start()
        self.window.resume_or_sign_in()

    def closing(self) -> None:
        self.window.session.signin.sign_out("the counter closed")  # tomorrow's clerk signs in with a PIN


def build_counter(settings: Settings, token: str, *, help_text: str = "") -> CounterApp:
    client_factory = partial(CentralClient, settings.central_url, token)
    monitor = SyncMonitor()
    bridge = Bridge()
    db = Database(settings.db, auto_checkpoint=False)  # the sender thread checkpoints
    store = StoreHeader(settings.store_id, settings.store_name, settings.terminal_id)
    lookup = ParcelLookup(ParcelCache(db), CentralClient(settings.central_url, token, timeout=LOOKUP_TIMEOUT))

    sender = OutboxSender(settings.db, client_factory, monitor, retry_after_cap=settings.retry_after_cap)
    printers = printers_of(settings)
    spoolers = [PrintSpooler(settings.db, name, printer, on_result=bridge.on_printed,
                             on_trouble=monitor.worker_trouble)
                for name, printer in printers.items()]
    poller = Poller(settings.db, client_factory, monitor, settings.store_id, settings.terminal_id,
                    interval=settings.poll_interval)
    bus = store_bus_of(settings, monitor, on_applied=lambda bus_db: monitor.update(
        pending_orders=WebOrderCache(bus_db).count("PENDING")))  # picked at another counter: one fewer here

    def on_recorded() -> None:
        for worker in (sender, *spoolers, bus):
            if worker is not None:
                worker.wake()

    session = build_session(db, lookup, store, PrintRoutes(settings.documents), reports_dir=Path(settings.reports_dir),
                            on_recorded=on_recorded, claims=bus,
                            typed_codes_need_approval=settings.typed_codes_need_approval,
                            max_tender=php(settings.max_tender), resume_within=settings.resume_minutes * 60,
                            refund_approval_above=php(settings.refund_approval_above))
    lanes = Lanes.make()
    place = f"Store {settings.store_id} · {settings.terminal_id}"
    window = CounterWindow(session, lanes, place=place, help_text=help_text, weborder_sound=settings.weborder_sound)
    scanner = _scanner(settings, bridge)

    def queue_test_page(name: str, printer: Printer) -> int:
        job = devices.queue_test_page(db, name, printer)
        on_recorded()
        return job

    scanner_names = [f"Keyboard-wedge scanner (a scan: {settings.wedge_min_length}+ keys, "
                     f"at most {settings.wedge_max_gap_ms} ms apart)"]
    if settings.scanner:
        scanner_names.insert(0, f"Scanner {settings.scanner}")
    if settings.scale:
        scale = SerialScale(settings.scale, request=settings.scale_request.encode("ascii", "replace"))
        window.weigh = partial(devices.weigh, scale)
    spooler_of = {spooler.printer_name: spooler for spooler in spoolers}

    def status_of(name: str) -> str:
        """Asked of the printer's spooler, its one owner, between two jobs."""
        try:
            return spooler_of[name].ask(devices.printer_status).result(timeout=PRINTER_ANSWER_TIMEOUT)
        except PrinterQueueStopped as stopped:  # the counter is closing
            return str(stopped)

    window.devices = DevicesDialog(printers, scanner_names, lanes, queue_test_page, status_of,
                                   partial(diagnostics, settings, printers, status_of), parent=window)
    bridge.printed.connect(window.devices.show_print)
    wedge = WedgeFilter(max_gap_ms=settings.wedge_max_gap_ms, min_length=settings.wedge_min_length)
    wedge.scanned.connect(window.on_scan)
    bridge.sync_changed.connect(window.show_sync)
    bridge.printed.connect(window.show_print)
    bridge.scanned.connect(window.on_scan)
    bridge.scanner_status.connect(window.status.show_scanner)
    monitor.subscribe(bridge.on_sync)
    monitor.subscribe(on_reconnect(lambda: (poller.wake(), sender.resume())))
    return CounterApp(window, lanes, bridge, monitor, wedge, sender, poller, spoolers, scanner, db, bus,
                      store_hub_of(settings, monitor))


@dataclass
class KioskApp(_Terminal):
    window: KioskWindow
    lanes: Lanes
    bridge: Bridge
    wedge: WedgeFilter
    sender: OutboxSender
    poller: KioskPoller
    spoolers: list[PrintSpooler]
    scanner: SerialScanner | EvdevScanner | None
    db: Database
    bus: StoreBus | None
    hub: HubKeeper | None


def build_kiosk(settings: Settings, token: str) -> KioskApp:
    """The customer's kiosk: returns and tracking against the central system (returns offline from its
    own copy and code block, sent later), the slip printer."""
    client_factory = partial(CentralClient, settings.central_url, token)
    monitor = SyncMonitor()
    db = Database(settings.db, auto_checkpoint=False)  # the sender thread checkpoints
    bridge = Bridge()
    store = StoreHeader(settings.store_id, settings.store_name, settings.terminal_id)
    spoolers = [PrintSpooler(settings.db, name, printer, on_result=bridge.on_printed,
                             on_trouble=monitor.worker_trouble)
                for name, printer in printers_of(settings).items()]
    sender = OutboxSender(settings.db, client_factory, monitor, retry_after_cap=settings.retry_after_cap,
                          shares_refusals=True)
    poller = KioskPoller(settings.db, client_factory, monitor, settings.store_id, settings.terminal_id,
                         interval=settings.poll_interval)
    bus = store_bus_of(settings, monitor)
    kiosk = KioskService(db, CentralClient(settings.central_url, token, timeout=LOOKUP_TIMEOUT), store=store,
                         routes=PrintRoutes(settings.documents),
                         on_recorded=lambda: [worker.wake() for worker in (*spoolers, sender, bus) if worker])
    monitor.subscribe(on_reconnect(lambda: (poller.wake(), sender.resume())))
    lanes = Lanes.make()
    window = KioskWindow(kiosk, SignIn(db, settings.terminal_id), lanes.clerk, Languages(),
                         idle_seconds=settings.kiosk_idle_seconds,
                         still_there_seconds=settings.kiosk_still_there_seconds)
    scanner = _scanner(settings, bridge)
    wedge = WedgeFilter(max_gap_ms=settings.wedge_max_gap_ms, min_length=settings.wedge_min_length)
    wedge.scanned.connect(window.on_scan)
    bridge.scanned.connect(window.on_scan)
    return KioskApp(window, lanes, bridge, wedge, sender, poller, spoolers, scanner, db, bus,
                    store_hub_of(settings, monitor))


def store_hub_of(settings: Settings, monitor: SyncMonitor) -> HubKeeper | None:
    """The store hub, on the terminal whose settings say it runs it (on the LAN, with the store's credential)."""
    if not settings.store_hub:
        return None
    from app.bus.hub import HubKeeper, HubSettings  # here: as the bus, for the terminals that need it

    place = HubSettings(Path(settings.db).parent / "store-hub", "0.0.0.0", settings.store_hub_port,
                        read_bus_token(settings))  # its data beside the terminal's database
    return HubKeeper(place, on_trouble=monitor.worker_trouble)


def store_bus_of(settings: Settings, monitor: SyncMonitor, *, on_applied=lambda db: None) -> StoreBus | None:
    """The terminal's link to the store hub, when the settings name one."""
    if not settings.store_bus:
        return None
    from app.bus.bus import BusSettings, StoreBus  # here: nats costs a start 60 ms, and most terminals are alone

    link = BusSettings(tuple(settings.store_bus), settings.store_id, settings.terminal_id, read_bus_token(settings))
    return StoreBus(settings.db, link, monitor, on_applied=on_applied)


def _scanner(settings: Settings, bridge: Bridge) -> SerialScanner | EvdevScanner | None:
    if settings.scanner.startswith("evdev://"):
        return EvdevScanner(settings.scanner, bridge.on_scan, on_status=bridge.on_scanner_status)
    if settings.scanner:
        return SerialScanner(settings.scanner, bridge.on_scan, on_status=bridge.on_scanner_status,
                             options=ScannerOptions.from_settings(settings.scanner_options))
    return None


def on_reconnect(act: Callable[[], object]) -> Callable[[SyncStatus], None]:
    """A monitor listener that runs `act` each time the link comes back after being down."""
    was_online = [True]

    def listen(status: SyncStatus) -> None:
        if status.online and not was_online[0]:
            act()
        was_online[0] = status.online is not False

    return listen


def build_session(db: Database, lookup: ParcelLookup, store: StoreHeader, routes: PrintRoutes | None = None, *,
                  reports_dir: Path, on_recorded: Callable[[], None] = lambda: None, claims: ClaimGate | None = None,
                  typed_codes_need_approval: bool = True, max_tender: Decimal = MAX_TENDER,
                  resume_within: float = 600.0,
                  refund_approval_above: Decimal = REFUND_APPROVAL_ABOVE) -> CounterSession:
    """The clerk's session with every counter use case, on one database connection."""
    return CounterSession(
        db,
        ClaimService(db, lookup, store=store, routes=routes, claims=claims),
        ReceiveService(db, lookup, store_id=store.store_id, terminal_id=store.terminal_id),
        PayAndClaimService(db, lookup, store=store, routes=routes, max_tender=max_tender, claims=claims),
        ReturnService(db, lookup, store=store, routes=routes, claims=claims),
        TrackingService(ParcelCache(db), lookup.client),
        PullOutService(db, lookup, store=store, routes=routes, claims=claims),
        DropOffService(db, lookup, store=store, routes=routes, claims=claims),
        ShiftService(db, lookup, store=store, routes=routes, reports_dir=reports_dir, claims=claims),
        ExceptionsService(db, store.terminal_id),
        WebOrderList(db),
        FulfilmentService(db, lookup, store=store, routes=routes, reports_dir=reports_dir, claims=claims),
        SignIn(db, store.terminal_id, resume_within=resume_within),
        on_recorded=on_recorded,
        typed_codes_need_approval=typed_codes_need_approval,
        refund_approval_above=refund_approval_above,
    )


def printers_of(settings: Settings) -> dict[str, Printer]:
    """The terminal's printers by name; with none configured, the virtual printer as ``receipt``."""
    if not settings.printers:
        return {DEFAULT_PRINTER: VirtualPrinter(settings.print_dir)}
    return {name: printer_from_settings(name, table) for name, table in settings.printers.items()}
