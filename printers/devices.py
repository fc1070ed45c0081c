"""A configured printer: a language (ESC/POS, ZPL, PDF), its page or paper, and a transport.

Built from a terminal's settings, e.g. ``{"url": "tcp://10.0.0.5:9100", "language": "escpos",
"profile": "epson-tm-t20"}`` or ``{"url": "usb:///dev/usb/lp0", "language": "zpl", "dpi": 300}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from printers import zpl
from printers.documents import Document
from printers.profiles import RECEIPT_PROFILES, ReceiptProfile
from printers.status import PrinterState, escpos_state, zpl_state
from printers.transports import FolderTransport, Transport, transport_for_url

LANGUAGES = ("escpos", "zpl", "pdf")
DRAWER_KICK = b"\x1bp\x00\x19\xfa"  # ESC p 0 25 250: pulse pin 2 for 50 ms, then wait 500 ms


@dataclass
class DevicePrinter:
    name: str
    language: str
    transport: Transport
    url: str = ""
    profile: ReceiptProfile = RECEIPT_PROFILES["epson-tm-t20"]
    media: zpl.LabelMedia = zpl.LABEL_4X6_203

    def render(self, document: Document) -> bytes:
        # The ESC/POS and PDF renderers load python-escpos and reportlab (about 0.4 s): loaded by the
        # first job, on a spooler thread, not while the counter starts (main warms them after that).
        from printers import escpos, pdf

        if self.language == "escpos":
            return escpos.render(document, self.profile)
        if self.language == "zpl":
            return zpl.render(document, self.media)
        return pdf.render(document)

    def describe(self) -> str:
        return f"{self.language.upper()} printer at {self.url}"

    def state(self) -> PrinterState | None:
        """The printer's state, asked over a two-way transport; None when it cannot be asked."""
        if not self.transport.two_way or self.language == "pdf":
            return None
        return escpos_state(self.transport) if self.language == "escpos" else zpl_state(self.transport)

    def print(self, job_id: int, document: Document, sending: Callable[[], None] = lambda: None) -> str:
        """Render and send a job (`sending()` once it is rendered, before its first byte goes out);
        returns where it went, for the job's record."""
        data = self.render(document)
        sending()
        return self.send(data)

    def send(self, data: bytes) -> str:
        """Hand the bytes over; returns where they went."""
        self.transport.send(data)
        if isinstance(self.transport, FolderTransport) and self.transport.last_path:
            return str(self.transport.last_path)
        return self.name

    def kick_drawer(self) -> str:
        """Open the cash drawer wired to this receipt printer; says what happened."""
        if self.language != "escpos":
            return f"no cash drawer: printer {self.name} prints {self.language}"
        self.transport.send(DRAWER_KICK)
        return "cash drawer opened"


def printer_from_settings(name: str, settings: dict) -> DevicePrinter:
    """A printer from its settings table; ValueError naming what is wrong."""
    unknown = set(settings) - {"url", "language", "profile", "dpi"}
    if unknown:
        raise ValueError(f"printer {name}: unknown setting(s) {', '.join(sorted(unknown))}")
    language = settings.get("language", "escpos")
    if language not in LANGUAGES:
        raise ValueError(f"printer {name}: language must be one of {', '.join(LANGUAGES)}")
    if "url" not in settings:
        raise ValueError(f"printer {name}: url is required, e.g. tcp://10.0.0.5:9100")
    try:
        transport = transport_for_url(str(settings["url"]))
    except ValueError as exc:
        raise ValueError(f"printer {name}: {exc}") from None
    profile_name = settings.get("profile", "epson-tm-t20")
    if profile_name not in RECEIPT_PROFILES:
        raise ValueError(f"printer {name}: profile must be one of {', '.join(RECEIPT_PROFILES)}")
    dpi = settings.get("dpi", 203)
    if dpi not in (203, 300) or isinstance(dpi, bool):
        raise ValueError(f"printer {name}: dpi must be 203 or 300, not {dpi!r}")
    media = zpl.LABEL_4X6_300 if dpi == 300 else zpl.LABEL_4X6_203
    return DevicePrinter(name, language, transport, str(settings["url"]), RECEIPT_PROFILES[profile_name], media)
