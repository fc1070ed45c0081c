"""First run: what the setup screen checks before anything is saved, and the saving. The central
system must answer the token and know the store; the store hub, when one is named, must take its
token; a printer must take a test page; a serial scanner may be tried; the settings must load as a
running terminal needs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.errors import ErrorType
from app.services.devices import test_page
from app.settings import Settings, SettingsError, save_settings, store_bus_token, store_token, validate
from printers.devices import LANGUAGES, printer_from_settings
from printers.transports import TransportError
from scanners.events import ScanEvent
from scanners.serial_scanner import SerialScanner

CHECK_TIMEOUT = (3.0, 5.0)
PRINTER_LANGUAGES = tuple(LANGUAGES)  # what the setup screen offers for the receipt printer


def problem_with(settings: Settings, token: str, bus_token: str = "") -> str:
    """Why these settings and tokens cannot be saved yet, or "" when they can."""
    if not token.strip():
        return "Type the token the central system gave this store."
    try:
        validate(settings)
    except SettingsError as exc:
        return str(exc)
    client = CentralClient(settings.central_url, token.strip(), timeout=CHECK_TIMEOUT)
    try:
        client.ping()
        client.changes_since(settings.store_id, "0.0", limit=1)
    except CentralUnreachable as exc:
        return f"The central system at {settings.central_url} cannot be reached ({exc})."
    except CentralError as exc:
        if exc.info.type is ErrorType.UNAUTHORIZED:
            return "The central system refused the token: check it and type it again."
        if exc.info.type is ErrorType.NOT_FOUND:
            return f"The central system does not know store {settings.store_id}."
        return f"The central system answered: {exc}"
    finally:
        client.close()
    if settings.store_bus:
        from app.bus.bus import hub_problem  # here: only a terminal on a store bus needs nats

        return hub_problem(settings.store_bus, bus_token.strip())
    return ""


def print_test_page(name: str, table: dict) -> str:
    """A test page straight to a printer (nothing is queued before setup is saved): what happened."""
    try:
        printer = printer_from_settings(name, table)
        where = printer.print(0, test_page(name, printer))
    except (ValueError, TransportError, OSError) as exc:
        return f"The test page did not print: {exc}"
    return f"Test page sent to {where}."


def save(settings: Settings, token: str, settings_file: Path, bus_token: str = "") -> tuple[str, Settings]:
    """Check the settings and the tokens, then keep the token (the OS keyring, or a file only its owner
    reads), the store bus's in a file, and write the settings file: the problem that stopped it, or ""
    and the settings saved."""
    problem = problem_with(settings, token, bus_token)
    if problem:
        return problem, settings
    settings = store_token(settings, token.strip(), settings_file.parent)
    if settings.store_bus and bus_token.strip():
        settings = store_bus_token(settings, bus_token.strip(), settings_file.parent)
    save_settings(settings, settings_file)
    return "", settings


class ScanTest:
    """The setup screen's test scan: the serial scanner at `url` opened until `stop`; scans go to `on_scan`."""

    def __init__(self, url: str, on_scan: Callable[[ScanEvent], None]):
        self._scanner = SerialScanner(url, on_scan, on_status=lambda status: None)
        self._scanner.start()

    def stop(self) -> None:
        """Close the port; waits for the scanner's thread, which may be mid-read: call it off the GUI thread."""
        self._scanner.stop()
