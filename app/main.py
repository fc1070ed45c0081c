"""``counterpos``: the counter window, the demo, and the sandbox server."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import logging
import logging.handlers
import os
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from app.settings import (
    APP_NAME,
    Settings,
    SettingsError,
    load_settings,
    read_token,
    settings_path,
    shown,
    validate,
    write_private,
)

log = logging.getLogger(__name__)

# Exit codes: 0 closed, 1 setup closed unsaved, and three that starting again cannot mend (the
# kiosk's service unit does not restart on them): settings, another program on the database, and
# a database that cannot be used.
EXIT_SETTINGS, EXIT_IN_USE, EXIT_DATABASE = 2, 3, 4


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_NAME, description="Parcel and web-order counter for convenience stores.")
    parser.add_argument("--demo", action="store_true", help="start a sandbox central system with demo data and open the counter")
    parser.add_argument("--kiosk", dest="mode", action="store_const", const="kiosk",
                        help="run the customer's self-service kiosk (full screen; a staff PIN leaves it)")
    parser.add_argument("--setup", action="store_true",
                        help="the first-run setup screen (it also opens by itself when there are no settings)")
    parser.add_argument("--list-codes", action="store_true", help="with --demo: print what to scan or type, and exit")
    parser.add_argument("--config", type=Path, help=f"settings file (default {settings_path()})")
    parser.add_argument("--store", dest="store_id", help="this store's id, e.g. 0166")
    parser.add_argument("--terminal", dest="terminal_id", help="this counter's id within the store")
    parser.add_argument("--central", dest="central_url", help="base URL of the central system")
    parser.add_argument("--token-file", help="file holding the central system's bearer token")
    parser.add_argument("--db", help="the local database file")
    parser.add_argument("--scanner", help="a serial scanner's pyserial URL, e.g. /dev/ttyACM0 or socket://host:port")
    parser.add_argument("--print-dir", help="folder the virtual printer writes to")
    parser.add_argument("--poll-interval", type=float, help="seconds between polls of the central system")
    commands = parser.add_subparsers(dest="command")
    sandbox = commands.add_parser("sandbox", help="run the sandbox central system")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8086)
    sandbox.add_argument("--db", dest="sandbox_db", type=Path, required=True, help="the sandbox's database file")
    sandbox.add_argument("--token", required=True, help="the bearer token clients must send")
    sandbox.add_argument("--empty", action="store_true", help="start without demo data")
    sandbox.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="inject a fault, e.g. kind=error,status=500,rate=0.3,path=/store/api/v1/events (repeatable)",
    )
    hub = commands.add_parser("store-hub", help="run the store hub the store's counters and kiosk share (NATS)")
    hub.add_argument("--host", default="127.0.0.1", help="the address to listen on (0.0.0.0: the whole store LAN)")
    hub.add_argument("--port", type=int, default=4222)
    hub.add_argument("--data", type=Path, default=None, help="where its JetStream data is kept")
    hub.add_argument("--token-file", type=Path, default=None,
                     help="a file holding the store's bus credential (needed unless it listens on loopback)")
    hub.add_argument("--name", default="counterpos-hub", help="this hub's name; each hub of a cluster its own")
    hub.add_argument("--cluster-port", type=int, default=0,
                     help="one of a store's three hubs: the port where it meets the others (e.g. 6222)")
    hub.add_argument("--route", action="append", default=[], metavar="HOST:PORT",
                     help="another hub of the cluster, at its cluster port (repeatable)")
    staff = commands.add_parser("staff", help="register who may sign in at this counter, or list them")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    add = staff_commands.add_parser("add", help="register a staff member; the PIN is asked for (or read from stdin)")
    add.add_argument("staff_id")
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["clerk", "supervisor"], default="clerk")
    staff_commands.add_parser("list", help="list the registered staff")
    return parser.parse_args(argv)


SETTING_FLAGS = ("store_id", "terminal_id", "central_url", "token_file", "db", "scanner", "print_dir", "poll_interval",
                 "mode")


class PrivateLogFile(logging.handlers.RotatingFileHandler):
    """A rotating log only this user can read (0600), whatever the umask: it names parcels, staff
    ids and the store's set-up."""

    def _open(self):
        stream = super()._open()
        os.chmod(self.baseFilename, 0o600)
        return stream


def log_file_handler(log_dir: Path) -> logging.Handler:
    """The rotating log file: 2 MB each, the last five kept, in a folder only this user can open."""
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_dir.chmod(0o700)  # also when it was made before with wider rights
    handler = PrivateLogFile(log_dir / f"{APP_NAME}.log", maxBytes=2_000_000, backupCount=5)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    return handler


def configure_logging(log_dir: Path) -> None:
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    # force: python-escpos calls basicConfig() when imported, which would make ours do nothing.
    logging.basicConfig(level=logging.INFO, handlers=[log_file_handler(log_dir), console], force=True)
    logging.getLogger("app.sandbox.access").setLevel(logging.WARNING)  # the demo's sandbox: not in the counter's log


def main(argv: list[str] | None = None) -> int:
    # A polite stop (service manager, kill) unwinds normally, even before the window is up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    args = parse_args(argv)
    if args.command == "sandbox":
        return run_sandbox(args)
    if args.command == "store-hub":
        return run_store_hub(args)
    if args.list_codes:
        from app.sandbox.demo import codes_text

        print(codes_text(), end="")
        return 0
    try:
        if args.command == "staff":
            return run_staff(args)
        if args.demo:
            return run_demo(args)
        configure_logging(user_log_path(APP_NAME, appauthor=False))
        overrides = {name: getattr(args, name) for name in SETTING_FLAGS}
        settings_file = args.config or settings_path()
        if args.setup or (not settings_file.exists() and not any(v is not None for v in overrides.values())):
            if run_setup(settings_file) is None:
                print(f"{APP_NAME}: setup closed before saving; nothing was changed", file=sys.stderr)
                return 1
        settings = load_settings(settings_file, overrides)
        return run_counter(settings, read_token(settings))
    except SettingsError as exc:
        print(f"{APP_NAME}: {exc}", file=sys.stderr)
        return EXIT_SETTINGS


def run_staff(args: argparse.Namespace) -> int:
    from app.domain.staff import PinError, Role
    from app.store import Database, StaffExists, StaffStore

    db_path = args.db or load_settings(args.config, {}, check=False).db
    with contextlib.closing(Database(db_path)) as db:
        staff = StaffStore(db)
        if args.staff_command == "list":
            for member in staff.all():
                print(f"{member.staff_id}  {member.name}  ({member.role.value})")
            return 0
        pin = read_new_pin()
        try:
            member = staff.add(args.staff_id, args.name, Role(args.role), pin)
        except (PinError, StaffExists) as exc:
            reason = f"staff id {exc} is already registered" if isinstance(exc, StaffExists) else str(exc)
            print(f"{APP_NAME} staff: {reason}", file=sys.stderr)
            return 2
    print(f"registered {member.name} ({member.role.value}) as {member.staff_id} in {db_path}")
    return 0


def read_new_pin() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().strip()
    pin = getpass.getpass("PIN: ")
    if getpass.getpass("The same PIN again: ") != pin:
        raise SettingsError("the two PINs differ; nothing was registered")
    return pin


def run_sandbox(args: argparse.Namespace) -> int:
    from app.sandbox.faults import Fault
    from app.sandbox.server import SandboxServer

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    try:
        faults = [Fault.from_flag(spec) for spec in args.fault]
    except ValueError as exc:
        print(f"{APP_NAME} sandbox: bad --fault: {exc}", file=sys.stderr)
        return 2
    server = SandboxServer(args.sandbox_db, args.token, args.host, args.port, load_demo=not args.empty,
                           faults=faults)
    print(f"sandbox serving on {server.url}", flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


def run_store_hub(args: argparse.Namespace) -> int:
    from app.bus.hub import HubError, StoreHub

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    try:
        token = args.token_file.read_text(encoding="utf-8").strip() if args.token_file else ""
    except OSError as exc:
        print(f"{APP_NAME} store-hub: cannot read the credential in {args.token_file}: {exc.strerror}", file=sys.stderr)
        return 2
    if not token and args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"{APP_NAME} store-hub: listening on {args.host} needs --token-file (the store's bus credential)",
              file=sys.stderr)
        return 2
    data = args.data or user_data_path(APP_NAME, appauthor=False) / "store-hub"
    try:
        hub = StoreHub(hub_settings(args, data, token)).start()
    except HubError as exc:
        print(f"{APP_NAME} store-hub: {exc}", file=sys.stderr)
        return 1
    print(f"store hub serving on {hub.url}", flush=True)
    try:
        threading.Event().wait()  # until Ctrl+C or SIGTERM (main's handler exits)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        hub.stop()
    return 0


def hub_settings(args: argparse.Namespace, data: Path, token: str):
    from app.bus.hub import HubSettings

    return HubSettings(data, args.host, args.port, token, args.name, args.cluster_port, tuple(args.route))


def run_demo(args: argparse.Namespace) -> int:
    """The demo store: a sandbox central system, a store hub and this counter (or kiosk); or, while a demo
    runs, another terminal of its store (``--terminal T2``, ``--kiosk``)."""
    from app.sandbox.demo import codes_text, kiosk_text

    configure_logging(user_log_path(APP_NAME, appauthor=False))
    running = running_demo()
    workdir = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-demo-"))  # removed at exit, as the demo's data
    try:
        with contextlib.ExitStack() as store:
            if running is None:
                running = store.enter_context(demo_store(workdir))
            terminal = store.enter_context(demo_terminal(args, running))
            settings = demo_settings(args, running, workdir, terminal)
            add_demo_staff(settings.db)
            print(f"{APP_NAME} demo: {settings.mode} {terminal} of store {settings.store_id}, store hub on "
                  f"{running['hub']}; sandbox on {running['sandbox']}, receipts in {settings.print_dir}", flush=True)
            if settings.mode == "kiosk":
                print(kiosk_text(), flush=True)
            return run_counter(settings, running["token"], help_text=codes_text())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


DEMO_FILE = "running-demo.json"  # in the user's data folder while a demo runs: how its other terminals find it


@contextlib.contextmanager
def demo_store(workdir: Path):
    """The demo's sandbox and store hub, running; written down for the demo's other terminals."""
    import json

    from app.bus.hub import HubSettings, StoreHub
    from app.sandbox.server import SandboxServer

    token = secrets.token_urlsafe(24)
    sandbox = SandboxServer(workdir / "sandbox.db", token).start()
    hub = None
    note = user_data_path(APP_NAME, appauthor=False) / DEMO_FILE
    try:
        place_demo_web_orders(sandbox.url, token)
        hub = StoreHub(HubSettings(workdir / "hub", port=_free_port())).start()  # loopback: no credential
        running = {"sandbox": sandbox.url, "hub": hub.url, "token": token, "folder": str(workdir),
                   "pid": os.getpid()}
        write_private(note, json.dumps(running))  # it holds the demo's token
        print(f"{APP_NAME} demo: another counter of this store: `{APP_NAME} --demo --terminal T2`; its kiosk: "
              f"`{APP_NAME} --demo --kiosk`. The central system down: `curl -X POST -H 'Authorization: Bearer "
              f"{token}' -H 'Content-Type: application/json' -d '{{\"kind\": \"drop\"}}' "
              f"{sandbox.url}/sandbox/faults` (DELETE the same to bring it back)", flush=True)
        yield running
    finally:
        note.unlink(missing_ok=True)
        if hub is not None:
            hub.stop()
        sandbox.stop()


@contextlib.contextmanager
def demo_terminal(args: argparse.Namespace, running: dict):
    """The demo terminal's id, held for the block: ``--terminal``'s, or the first free T1, T2, … (K1, … for a
    kiosk), so two terminals of the demo store never share one."""
    from app.store.opening import DatabaseInUse, StoreError, hold

    letter = "K" if args.mode == "kiosk" else "T"
    wanted = [args.terminal_id] if args.terminal_id else [f"{letter}{number}" for number in range(1, 10)]
    with contextlib.ExitStack() as held:
        for terminal in wanted:
            try:
                held.enter_context(hold(Path(running["folder"]) / terminal))  # a lock file per id
                break
            except DatabaseInUse:
                continue
            except StoreError as exc:
                raise SettingsError(f"the demo's store is gone ({exc}): start `{APP_NAME} --demo` again") from None
        else:
            raise SettingsError(f"the demo's {wanted[0]} is running already: give another, like `{APP_NAME} --demo "
                                f"--terminal {letter}8`" if args.terminal_id else f"the demo's {letter}1 to {letter}9 "
                                "are all running already")
        yield terminal


def running_demo() -> dict | None:
    """The demo this user runs now, if any (a note left by one that was killed is ignored)."""
    import json

    note = user_data_path(APP_NAME, appauthor=False) / DEMO_FILE
    try:
        running = json.loads(note.read_text(encoding="utf-8"))
        os.kill(int(running["pid"]), 0)
        return running if Path(running["folder"]).is_dir() else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def demo_settings(args: argparse.Namespace, running: dict, workdir: Path, terminal: str) -> Settings:
    from app.sandbox.demo import DEMO_STORE, STORES

    token_file = write_private(workdir / "token", running["token"])
    settings = Settings(
        store_id=DEMO_STORE,
        store_name=STORES[DEMO_STORE],
        terminal_id=terminal,
        central_url=running["sandbox"],
        token_file=str(token_file),
        db=args.db or str(workdir / "counter.db"),
        scanner=args.scanner or "",
        print_dir=args.print_dir or str(workdir / "prints"),
        reports_dir=str(workdir / "reports"),
        poll_interval=args.poll_interval or 3.0,
        typed_codes_need_approval=False,  # the demo's codes are typed from the list beside the window
        mode=args.mode or "counter",
        store_bus=[running["hub"]],
    )
    validate(settings)
    return settings


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def place_demo_web_orders(url: str, token: str) -> None:
    """As the demo's web shops would, through the sandbox's web-shop API."""
    import requests

    from app.sandbox.demo import WEB_ORDERS

    for order in WEB_ORDERS:
        requests.post(f"{url}/webshop/api/v1/weborders", json=order, headers={"Authorization": f"Bearer {token}"},
                      timeout=10).raise_for_status()


def add_demo_staff(db_path: str) -> None:
    from app.sandbox.demo import STAFF
    from app.store import Database, StaffStore

    db = Database(db_path)
    try:
        StaffStore(db).add_missing(STAFF)
    finally:
        db.close()


def _qt_application():
    """The Qt application, stopped by SIGTERM/SIGINT."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # exit, not quit: quit asks each window first, and a locked kiosk says no; a service manager must not ask.
    # Posted to the loop: a signal that comes before exec() starts would otherwise be lost.
    def stop(*_) -> None:
        QTimer.singleShot(0, lambda: app.exit(0))

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    heartbeat = QTimer(app)  # lets Python run its signal handlers while Qt's loop waits; the app keeps it
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)
    return app


def run_setup(settings_file: Path) -> Settings | None:
    """The first-run setup screen until it has saved (the settings) or is closed (None)."""
    from app.ui.bridge import Bridge
    from app.ui.lanes import Lane
    from app.ui.plain import PlainTextLabels
    from app.ui.setup_window import SetupWindow
    from app.ui.wedge import WedgeFilter

    app = _qt_application()
    lane, bridge, wedge, saved = Lane("support"), Bridge(), WedgeFilter(), []

    def done(settings: Settings) -> None:
        saved.append(settings)
        window.close()

    window = SetupWindow(lane, settings_file, done, bridge.on_scan)
    bridge.scanned.connect(window.show_scan)
    wedge.scanned.connect(window.show_scan)
    plain = PlainTextLabels()
    plain.install(app, window)
    app.installEventFilter(wedge)
    window.show()
    log.info("the first-run setup is open; settings go to %s", settings_file)
    try:
        app.exec()
    finally:
        app.removeEventFilter(wedge)
        app.removeEventFilter(plain)
        lane.shutdown()
    return saved[0] if saved else None


def _ready(mode: str) -> None:
    log.info("%s ready for a scan", mode)
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()  # after, not before: it takes the GIL


def _warm_up() -> None:
    """Load what the first print, the first product scan and the first central lookup need, off the GUI
    thread, once the window is up (they are left out of the start: see printers.devices,
    scanners.events and central.client)."""
    for module in ("printers.pdf", "printers.escpos", "biip", "requests"):
        importlib.import_module(module)


def run_counter(settings: Settings, token: str, *, help_text: str = "") -> int:
    """The counter window, or the kiosk when the settings say so, until it is closed or stopped; or a
    message and EXIT_IN_USE or EXIT_DATABASE when it cannot start on its database."""
    from app.store.opening import DatabaseInUse, StoreError, hold

    log.info("starting %s with settings %s", settings.mode, shown(settings))
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(hold(settings.db))
            app, terminal = _check_and_build(settings, token, help_text)
        except DatabaseInUse as exc:
            return _refuse(str(exc), EXIT_IN_USE)
        except StoreError as exc:
            return _refuse(str(exc), EXIT_DATABASE)
        return _run(app, terminal, settings.mode)


def _check_and_build(settings: Settings, token: str, help_text: str):
    """The Qt application and the terminal, built while a thread checks the database (sqlite-side
    work, so the two go on together); StoreError when the database cannot be used."""
    from concurrent.futures import ThreadPoolExecutor

    from app.store.opening import StoreError, check, explained

    with ThreadPoolExecutor(1, thread_name_prefix="database-check") as pool:
        checked = pool.submit(check, settings.db)
        app = _qt_application()
        try:
            terminal = _build(settings, token, help_text)
        except StoreError as exc:
            raise checked.exception() or explained(settings.db, exc) from exc  # the check's words are better
        if checked.exception() is not None:
            raise checked.exception()
    return app, terminal


def _refuse(message: str, code: int) -> int:
    """Say why the program cannot start, on stderr and on screen (a kiosk or a desktop icon has no
    terminal), and end with `code`, which the kiosk's service does not restart on."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    _qt_application()  # first: from here a SIGTERM closes the box and the code stands
    log.error("not starting: %s", message)
    print(f"{APP_NAME}: {message}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, "counterpos cannot start", message[0].upper() + message[1:])
    box.setTextFormat(Qt.TextFormat.PlainText)  # the message names a path, which is not markup
    box.exec()
    return code


def _build(settings: Settings, token: str, help_text: str):
    from app.compose import build_counter, build_kiosk

    if settings.mode == "kiosk":
        return build_kiosk(settings, token)
    return build_counter(settings, token, help_text=help_text)


def _run(app, terminal, mode: str) -> int:
    from PySide6.QtCore import QTimer

    terminal.start()
    if mode == "kiosk":
        terminal.window.lock_down()
    else:
        terminal.window.show()
    terminal.window.raise_()
    terminal.window.activateWindow()  # the input field must take a scanner's keystrokes at once
    QTimer.singleShot(0, lambda: _ready(mode))  # once the window is up
    try:
        return app.exec()
    finally:
        terminal.stop()


if __name__ == "__main__":
    sys.exit(main())
