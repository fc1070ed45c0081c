"""What support needs to know about this terminal, as plain text to paste into a ticket: versions,
settings (never a secret: the token stays in its file, a URL loses any password), devices, and how
much waits to be sent."""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version

from app.services.devices import printer_status
from app.services.spooler import Printer
from app.settings import Settings
from app.store import Database, Outbox

PACKAGES = ("counterpos", "PySide6-Essentials", "requests", "pyserial", "python-escpos", "reportlab", "sqlite-utils")


def diagnostics(settings: Settings, db: Database, printers: dict[str, Printer]) -> str:
    """Asks each printer for its status, so it runs off the GUI thread."""
    lines = ["counterpos diagnostics", "", "Versions"]
    lines += [f"  {name} {_version(name)}" for name in PACKAGES]
    lines += [f"  Python {sys.version.split()[0]}", f"  {platform.platform()}", "", "Settings"]
    lines += [f"  {name} = {_safe(value)!r}" for name, value in sorted(asdict(settings).items())]
    lines += ["", "Devices"]
    lines += [f"  printer {name}: {without_credentials(printer.describe())}: {printer_status(printer)}"
              for name, printer in printers.items()]
    lines.append(f"  scanner: {settings.scanner or 'keyboard wedge (USB HID)'}")
    outbox = Outbox(db)
    schema = db.execute("PRAGMA user_version").fetchone()[0]
    lines += ["", "Central system",
              f"  events waiting to be sent: {outbox.waiting_count()}",
              f"  events refused (exceptions): {outbox.parked_count()}",
              f"  local database schema version: {schema}"]
    return "\n".join(lines) + "\n"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


def _safe(value: object) -> object:
    """A setting as support may see it: any URL's user and password cut out."""
    if isinstance(value, str):
        return without_credentials(value)
    if isinstance(value, dict):
        return {key: _safe(inner) for key, inner in value.items()}
    return value


def without_credentials(text: str) -> str:
    """``cups://user:pw@host/q`` → ``cups://***@host/q``, wherever a URL is in `text`."""
    return _CREDENTIALS.sub(r"\1***@", text)


_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)
