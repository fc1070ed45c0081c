"""Asking a printer how it is, on a two-way transport, before a job is sent.

ESC/POS real-time status, ``DLE EOT n`` (Epson ESC/POS reference): the printer answers one byte
per request, bits 1 and 4 always set.
* n=1, printer status: bit 3 offline.
* n=2, offline cause: bit 2 cover open, bit 5 stopped for paper end, bit 6 error.
* n=4, roll paper sensor: bits 2-3 paper near end, bits 5-6 paper end.

ZPL host status, ``~HS`` (Zebra programming guide): three strings framed by STX/ETX. String 1 field
2 is paper out, field 3 pause; string 2 field 3 head open, field 4 ribbon out.
"""

from __future__ import annotations

from dataclasses import dataclass

from printers.transports import Transport, TransportError

DLE_EOT = b"\x10\x04"


@dataclass(frozen=True)
class PrinterState:
    paper_out: bool = False
    cover_open: bool = False
    offline: bool = False
    paper_near_end: bool = False
    paused: bool = False
    error: str = ""

    @property
    def ready(self) -> bool:
        return not (self.paper_out or self.cover_open or self.offline or self.paused or self.error)

    def describe(self) -> str:
        """What a clerk should do, in a few words."""
        if self.paper_out:
            return "out of paper: put in a new roll"
        if self.cover_open:
            return "the cover is open: close it"
        if self.paused:
            return "paused: press the printer's pause button"
        if self.offline:
            return "offline: check the printer"
        if self.error:
            return self.error
        return "paper is running low" if self.paper_near_end else "ready"


def _byte(transport: Transport, n: int) -> int:
    reply = transport.query(DLE_EOT + bytes([n]), 1)
    if reply[0] & 0x93 != 0x12:  # bits 0 and 7 clear, bits 1 and 4 set: otherwise not a status byte
        raise TransportError(f"the printer answered DLE EOT {n} with {reply!r}, not a status byte")
    return reply[0]


def escpos_state(transport: Transport) -> PrinterState:
    printer, cause, paper = (_byte(transport, n) for n in (1, 2, 4))
    return PrinterState(
        offline=bool(printer & 0x08),
        cover_open=bool(cause & 0x04),
        paper_out=bool(cause & 0x20) or bool(paper & 0x60),
        paper_near_end=bool(paper & 0x0C),
        error="the printer reports an error: switch it off and on" if cause & 0x40 else "",
    )


def zpl_state(transport: Transport) -> PrinterState:
    reply = transport.query(b"~HS", 82, timeout=2.0)
    strings = [part.strip(b"\x02\x03\r\n").decode("ascii", "replace") for part in reply.split(b"\x03")]
    try:
        first, second = strings[0].split(","), strings[1].split(",")
        return PrinterState(paper_out=first[1] == "1", paused=first[2] == "1", cover_open=second[2] == "1",
                            error="ribbon out" if second[3] == "1" else "")
    except IndexError:
        raise TransportError(f"the printer's ~HS answer is not a host status: {reply!r}") from None
