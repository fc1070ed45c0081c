"""Settings of one counter: declared once (name, type, default, meaning), read from TOML, overridden by flags.

The file is ``settings.toml`` in the platform's config folder (``counterpos --print-settings-path``
shows where). Secrets are never in it: the central system's token is read from ``token_file``, or
from the OS keyring where the first-run setup put it.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path

import tomli_w
from platformdirs import user_config_path, user_data_path

from app.domain.codes import CodeError, validate_store_id
from app.domain.money import MoneyError, php
from printers.devices import printer_from_settings
from scanners.serial_scanner import ScannerOptions

APP_NAME = "counterpos"


def _setting(default: object, doc: str, *, within: tuple[float, float] | None = None,
             like: tuple[str, str] | None = None, one_of: tuple[str, ...] = ()) -> object:
    """A setting: its default, what it is for, and what values it takes: numbers `within` a range
    (finite), text `like` a pattern (the pattern, and how to say it), or `one_of` some words."""
    rules = {"doc": doc, "type": type(default), "within": within, "like": like, "one_of": one_of}
    if isinstance(default, (dict, list)):
        return field(default_factory=type(default), metadata=rules)
    return field(default=default, metadata=rules)


NAME = (r"[A-Za-z0-9][A-Za-z0-9_-]{0,15}", "1 to 16 letters, digits, - or _, starting with a letter or digit")


@dataclass
class Settings:
    store_id: str = _setting("", "This store's id, four digits (e.g. 0166).")
    store_name: str = _setting("", "The store's name, printed on receipts.",
                               like=(r"[^\x00-\x1f\x7f]{0,60}", "at most 60 characters, on one line"))
    terminal_id: str = _setting("T1", "This counter's id within the store.", like=NAME)
    central_url: str = _setting("", "Base URL of the central system, e.g. https://ecms.example.com.",
                                like=(r"(https?://[^\s/?#]+[^\s?#]*)?", "an http:// or https:// address"))
    token_file: str = _setting("", "File holding the central system's bearer token (never the token itself).")
    db: str = _setting(str(user_data_path(APP_NAME, appauthor=False) / "counterpos.db"), "The local database file.")
    scanner: str = _setting(
        "", "A serial scanner's pyserial URL (/dev/ttyACM0, COM3, socket://host:port), or a Linux input device "
            "to grab: evdev:///dev/input/by-id/…-event-kbd?layout=us (us or de)."
    )
    scanner_options: dict = _setting(
        {}, "The serial scanner's baudrate, bytesize, parity, stopbits, terminator (CR, LF, CRLF, TAB, NONE), "
            "inter_byte_timeout, prefix, suffix."
    )
    scale: str = _setting("", "A serial scale's pyserial URL, for drop-off weights (F2 in the drop-off screen reads it).")
    scale_request: str = _setting("W\r", "What makes the scale send a weight; empty for a scale that sends continuously.",
                                  like=(r"[\x00-\x7f]{0,16}", "at most 16 ASCII characters"))
    wedge_max_gap_ms: int = _setting(50, "Keyboard-wedge scanners: the longest gap between a scan's keystrokes, ms.",
                                     within=(5, 500))
    wedge_min_length: int = _setting(8, "Keyboard-wedge scanners: the fewest characters a scan has.", within=(2, 64))
    print_dir: str = _setting(
        str(user_data_path(APP_NAME, appauthor=False) / "prints"), "Folder the virtual printer writes PDFs and ESC/POS bytes to."
    )
    reports_dir: str = _setting(
        str(user_data_path(APP_NAME, appauthor=False) / "reports"), "Folder the shift reports' PDF copies go to."
    )
    poll_interval: float = _setting(15.0, "Seconds between looks for changes at the central system.",
                                    within=(0.5, 3600))
    retry_after_cap: float = _setting(300.0, "The longest pause, in seconds, the central system's Retry-After "
                                             "can ask of this counter.", within=(1, 3600))
    printers: dict = _setting(
        {}, "Printers by name: url (tcp://, serial://, usb://, cups://, folder://), language (escpos, zpl, pdf), "
            "profile, dpi. None: a virtual printer named receipt, writing to print_dir."
    )
    typed_codes_need_approval: bool = _setting(
        True, "A code typed by hand (the scanner could not read it) needs a supervisor's PIN. Off only for "
              "training and demos."
    )
    resume_minutes: float = _setting(10.0, "After a crash, the clerk signed in carries on if the counter starts "
                                           "again within this many minutes; otherwise a PIN is asked. A clean "
                                           "exit always signs out.", within=(0, 120))
    mode: str = _setting("counter", "counter (the clerk's window) or kiosk (the customer's self-service screen).",
                         one_of=("counter", "kiosk"))
    kiosk_idle_seconds: float = _setting(60.0, "Kiosk: seconds without a touch before it asks \"Still there?\".",
                                         within=(5, 3600))
    kiosk_still_there_seconds: float = _setting(20.0, "Kiosk: seconds the \"Still there?\" question waits before "
                                                      "starting over.", within=(5, 600))
    weborder_sound: bool = _setting(False, "Ring the computer's bell when a new web order arrives (the top bar blinks "
                                           "either way).")
    max_tender: str = _setting("100000.00", "The most cash, in pesos, a counter takes for one parcel; more is "
                                            "refused as a mistyped amount.")
    refund_approval_above: str = _setting("1000.00", "A cash refund from the register above this many pesos (a "
                                                     "returned web order) needs a supervisor's PIN.")
    store_bus: list = _setting(
        [], "The store hub's addresses, e.g. [\"nats://192.168.1.10:4222\"] (three for a store that runs a hub "
        "cluster); empty: this terminal is on no store bus and learns the others' work from the central system."
    )
    store_hub: bool = _setting(
        False, "Run the store hub on this PC too (on the store's LAN, with the store bus's credential): the "
        "store's other terminals name this PC in their store_bus."
    )
    store_hub_port: int = _setting(4222, "The port the store hub of store_hub listens on.", within=(1, 65535))
    store_bus_token_file: str = _setting(
        "", "File holding the store bus's credential (never the credential itself); empty for a hub on loopback."
    )
    documents: dict = _setting(
        {}, "Which printer prints which document kind, e.g. shipping-label = \"label\"; the rest go to receipt."
    )


def shown(settings: Settings) -> dict:
    """The settings as a log or a support ticket may show them: any URL's user and password cut out
    (the token is never among them: only its file's path)."""
    return _without_credentials_in(asdict(settings))


def _without_credentials_in(value: object) -> object:
    if isinstance(value, str):
        return without_credentials(value)
    if isinstance(value, dict):
        return {key: _without_credentials_in(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_without_credentials_in(inner) for inner in value]
    return value


def without_credentials(text: str) -> str:
    """``cups://user:pw@host/q`` → ``cups://***@host/q``, wherever a URL is in `text`."""
    return _CREDENTIALS.sub(r"\1***@", text)


_CREDENTIALS = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


class SettingsError(ValueError):
    """Settings that cannot be used; `str()` says which and why."""


def settings_path() -> Path:
    return user_config_path(APP_NAME, appauthor=False) / "settings.toml"


def load_settings(path: Path | None = None, overrides: dict[str, object] | None = None, *,
                  check: bool = True) -> Settings:
    """Settings from the TOML file (if it exists), then the flags given on the command line; `check`
    False leaves out the checks a running counter needs (for commands that only want a path)."""
    path = path or settings_path()
    values: dict[str, object] = {}
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"{path} is not valid TOML: {exc}") from exc
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise SettingsError(f"unknown setting(s) {', '.join(unknown)} in {path}; known: {', '.join(known)}")
    for name, value in values.items():
        wanted = known[name].metadata["type"]
        if wanted is float and isinstance(value, int):
            values[name] = float(value)
        elif not isinstance(value, wanted):
            raise SettingsError(f"setting {name} must be a {wanted.__name__}, not {value!r}")
    settings = Settings(**values)
    if check:
        validate(settings)
    return settings


def validate(settings: Settings) -> None:
    if not settings.store_id:
        raise SettingsError(f"store_id is not set: pass --store or set store_id in {settings_path()}")
    try:
        validate_store_id(settings.store_id)
    except CodeError as exc:
        raise SettingsError(str(exc)) from exc
    if not settings.central_url:
        raise SettingsError(f"central_url is not set: pass --central or set central_url in {settings_path()}")
    for setting in fields(Settings):
        _check_rules(setting.name, getattr(settings, setting.name), setting.metadata)
    try:
        most = php(settings.max_tender)
    except MoneyError as exc:
        raise SettingsError(f"max_tender: {exc}") from None
    if not Decimal("1") <= most <= Decimal("10000000"):
        raise SettingsError("max_tender must be from 1 to 10,000,000 pesos")
    try:
        php(settings.refund_approval_above)
    except MoneyError as exc:
        raise SettingsError(f"refund_approval_above: {exc}") from None
    validate_printers(settings)
    try:
        ScannerOptions.from_settings(settings.scanner_options)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"scanner_options: {exc}") from None
    validate_store_bus(settings.store_bus)
    if settings.store_hub and not settings.store_bus_token_file:
        raise SettingsError("store_hub listens on the store's LAN: set store_bus_token_file (the store bus's credential)")


BUS_ADDRESS = re.compile(r"(nats|tls)://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?|(nats|tls)://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def validate_store_bus(servers: list) -> None:
    """Each address a ``nats://host:port`` (or ``tls://``), without a credential in it: that is in its file."""
    if len(servers) > 16:
        raise SettingsError(f"store_bus names {len(servers)} hubs; a store has at most 16")
    for server in servers:
        if not isinstance(server, str) or not BUS_ADDRESS.fullmatch(server):
            raise SettingsError(f"store_bus entries must be like nats://192.168.1.10:4222, not {str(server)[:80]!r}")
        port = server.rpartition(":")[2]
        if port.isdigit() and not 1 <= int(port) <= 65535:
            raise SettingsError(f"store_bus: {server} has no port {port}")


def _check_rules(name: str, value: object, rules: dict) -> None:
    if rules["within"] is not None:
        low, high = rules["within"]
        if isinstance(value, bool) or not math.isfinite(value) or not low <= value <= high:
            raise SettingsError(f"{name} must be from {low:g} to {high:g}, not {value!r}")
    if rules["like"] is not None and not re.fullmatch(rules["like"][0], value):
        raise SettingsError(f"{name} must be {rules['like'][1]}, not {value[:80]!r}")
    if rules["one_of"] and value not in rules["one_of"]:
        raise SettingsError(f"{name} must be {' or '.join(rules['one_of'])}, not {value!r}")


def validate_printers(settings: Settings) -> None:
    for name, table in settings.printers.items():
        if not isinstance(table, dict):
            raise SettingsError(f"printers.{name} must be a table with url and language")
        try:
            printer_from_settings(name, table)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None
    names = set(settings.printers) or {"receipt"}
    if "receipt" not in names:
        raise SettingsError("name one printer receipt: documents without a printer of their own go there")
    for kind, name in settings.documents.items():
        if name not in names:
            raise SettingsError(f"documents.{kind} names printer {name!r}, which is not among the printers")


KEYRING_SERVICE = APP_NAME


def _keyring_user(settings: Settings) -> str:
    return f"{settings.store_id}-{settings.terminal_id}:central-token"


def read_token(settings: Settings) -> str:
    """The central system's token: from `token_file`, or (with none set) from the OS keyring where the
    first-run setup put it."""
    if not settings.token_file:
        import keyring  # only here: it takes 70 ms to load, and a counter with a token file never needs it
        from keyring.errors import KeyringError

        try:
            token = keyring.get_password(KEYRING_SERVICE, _keyring_user(settings))
        except KeyringError:
            token = None
        if not token:
            raise SettingsError("no token for the central system: set token_file (or pass --token-file), "
                                "or run `counterpos --setup`")
        return token
    return _secret_in(Path(settings.token_file), "token file")


def read_bus_token(settings: Settings) -> str:
    """The store bus's credential, from `store_bus_token_file`; empty without one (a hub on loopback)."""
    return _secret_in(Path(settings.store_bus_token_file), "store bus token file") if settings.store_bus_token_file else ""


def _secret_in(path: Path, what: str) -> str:
    """A secret kept in a file only this user can read, without its surrounding blanks."""
    try:
        mode = path.stat().st_mode
        secret = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SettingsError(f"cannot read the {what} {path}: {exc.strerror}") from exc
    if os.name == "posix" and mode & 0o077:
        raise SettingsError(f"the {what} {path} can be read by other users (mode {mode & 0o777:04o}): "
                            f"run `chmod 600 {path}`, then start again")
    if not secret:
        raise SettingsError(f"the {what} {path} is empty")
    return secret


def store_token(settings: Settings, token: str, folder: Path) -> Settings:
    """Keep the token in the OS keyring where there is one; otherwise in a file only this user can
    read (0600) in `folder`. Returns the settings that find it again."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(settings), token)
        if keyring.get_password(KEYRING_SERVICE, _keyring_user(settings)) == token:
            return replace(settings, token_file="")
    except KeyringError:
        pass  # no keyring on this machine (a kiosk without a desktop session, say)
    return replace(settings, token_file=str(write_private(folder / "token", token)))


def store_bus_token(settings: Settings, token: str, folder: Path) -> Settings:
    """The store bus's credential in a file only this user reads (0600) in `folder`; the settings that find it."""
    return replace(settings, store_bus_token_file=str(write_private(folder / "store-bus.token", token)))


def write_private(path: Path, secret: str) -> Path:
    """`secret` in a file only this user can read (0600) from the first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secret)
    os.chmod(path, 0o600)  # also when the file was there before with wider rights
    return path


def save_settings(settings: Settings, path: Path) -> None:
    """The settings that differ from the defaults, as TOML (never a secret: the token is elsewhere)."""
    defaults = Settings()
    changed = {f.name: getattr(settings, f.name) for f in fields(Settings)
               if getattr(settings, f.name) != getattr(defaults, f.name)}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(changed), encoding="utf-8")
