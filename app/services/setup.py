"""First run: what the setup screen checks before anything is saved. The central system must answer
the token and know the store; a printer must take a test page; the settings must load as a running
terminal needs them."""

from __future__ import annotations

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.errors import ErrorType
from app.services.devices import test_page
from app.settings import Settings, SettingsError, validate
from printers.devices import printer_from_settings
from printers.transports import TransportError

CHECK_TIMEOUT = (3.0, 5.0)


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
