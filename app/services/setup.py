"""First run: what the setup screen checks before anything is saved, and the saving. The central
system must answer the token and know the store; a printer must take a test page; a serial scanner
may be tried; the settings must load as a running terminal needs them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.errors import ErrorType
from app.services.devices import test_page
from app.settings import Settings, SettingsError, save_settings, store_token, validate
from printers.devices import LANGUAGES, printer_from_settings
from printers.transports import TransportError
from scanners.events import ScanEvent
from scanners.serial_scanner import SerialScanner

CHECK_TIMEOUT = (3.0, 5.0)
PRINTER_LANGUAGES = tuple(LANGUAGES)  # what the setup screen offers for the receipt printer


def problem_with(settings: Settings, token: str) -> str:
    """Why these settings and this token cannot be saved yet, or "" when they can."""
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
    return ""


def print_test_page(name: str, table: dict) -> str:
    """A test page straight to a printer (nothing is queued before setup is saved): what happened."""
    try:
        printer = printer_from_settings(name, table)
        where = printer.print(0, test_page(name, printer))
    except (ValueError, TransportError, OSError) as exc:
        return f"The test page did not print: {exc}"
    return f"Test page sent to {where}."


def save(settings: Settings, token: str, settings_file: Path) -> tuple[str, Settings]:
    """Check the settings and the token, then keep the token (the OS keyring, or a file only its owner
    reads) and write the settings file: the problem that stopped it, or "" and the settings saved."""
    problem = problem_with(settings, token)
    if problem:
        return problem, settings
    settings = store_token(settings, token.strip(), settings_file.parent)
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
