"""What support needs to know about this terminal, as plain text to paste into a ticket: versions,
settings (never a secret: the token stays in its file, a URL loses any password), devices, and how
much waits to be sent."""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from contextlib import closing

from app.services.spooler import Printer
from app.settings import Settings, shown, without_credentials
from app.store import Database, Outbox

PACKAGES = ("counterpos", "PySide6-Essentials", "requests", "pyserial", "python-escpos", "reportlab", "sqlite-utils")


def diagnostics(settings: Settings, printers: dict[str, Printer], status_of: Callable[[str], str]) -> str:
    """Asks each printer for its status (`status_of`, through its owner) and reads the database on a
    connection of its own, so it runs in the support lane."""
    lines = ["counterpos diagnostics", "", "Versions"]
    lines += [f"  {name} {_version(name)}" for name in PACKAGES]
    lines += [f"  Python {sys.version.split()[0]}", f"  {platform.platform()}", "", "Settings"]
    lines += [f"  {name} = {value!r}" for name, value in sorted(shown(settings).items())]
    lines += ["", "Devices"]
    lines += [f"  printer {name}: {without_credentials(printer.describe())}: {_asked(status_of, name)}"
              for name, printer in printers.items()]
    lines.append(f"  scanner: {settings.scanner or 'keyboard wedge (USB HID)'}")
    with closing(Database(settings.db)) as db:
        outbox = Outbox(db)
        schema = db.execute("PRAGMA user_version").fetchone()[0]
        lines += ["", "Central system",
                  f"  events waiting to be sent: {outbox.waiting_count()}",
                  f"  events refused (exceptions): {outbox.parked_count()}",
                  f"  local database schema version: {schema}"]
    return "\n".join(lines) + "\n"


def _asked(status_of: Callable[[str], str], name: str) -> str:
    try:
        return status_of(name)
    except Exception as exc:  # a report for support: it says what it could not learn
        return f"could not be asked ({type(exc).__name__}: {exc})"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version  # 30 ms to load: not at start

    try:
        return version(package)
    except PackageNotFoundError:
        return "(not installed)"


