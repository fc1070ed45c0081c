"""Transports against loopback stand-ins: a TCP 9100 printer that answers status, files, a pty, a queue."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time
import tty

import pytest

from printers.status import escpos_state, zpl_state
from printers.transports import (
    CupsTransport,
    DeviceFileTransport,
    FolderTransport,
    PartialWrite,
    SerialTransport,
    TcpTransport,
    TransportError,
    transport_for_url,
)
from tests.helpers.central import wait_for
from tests.helpers.printer_server import COVER_OPEN, PAPER_OUT, ZPL_PAPER_OUT, CapturePrinter, CuttingPrinter


def test_a_tcp_9100_printer_gets_the_job_and_answers_its_status():
    with CapturePrinter(PAPER_OUT) as printer:
        transport = transport_for_url(printer.url)
        state = escpos_state(transport)
        assert state.paper_out and not state.ready and state.describe() == "out of paper: put in a new roll"
        printer.status = dict(COVER_OPEN)
        assert escpos_state(transport).describe() == "the cover is open: close it"
        printer.status = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E}  # paper near end only
        state = escpos_state(transport)
        assert state.ready and state.describe() == "paper is running low"
        transport.send(b"\x1b@hello\n\x1dVA\x00")
        transport.send(b"second job")
        wait_for(lambda: len(printer.jobs) == 2, what="both jobs at the printer")
        assert printer.jobs == [b"\x1b@hello\n\x1dVA\x00", b"second job"]


def test_a_zebra_reports_paper_out_through_host_status():
    with CapturePrinter(host_status=ZPL_PAPER_OUT) as printer:
        assert zpl_state(TcpTransport("127.0.0.1", printer.server.server_address[1])).paper_out


def test_a_printer_that_is_not_there_or_answers_garbage_is_an_error():
    with CapturePrinter() as printer:
        port = printer.server.server_address[1]
        printer.status = {1: 0xFF, 2: 0x12, 3: 0x12, 4: 0x12}
        with pytest.raises(TransportError, match="not a status byte"):
            escpos_state(TcpTransport("127.0.0.1", port))
    with pytest.raises(TransportError, match="cannot reach the printer"):
        TcpTransport("127.0.0.1", port, timeout=0.5).send(b"x")


def test_a_serial_printer_through_a_real_pty_gets_the_job_and_answers_status():
    controller, device = os.openpty()
    tty.setraw(device)
    received = bytearray()

    def printer() -> None:
        while True:
            data = os.read(controller, 1024)
            received.extend(data)
            if data.startswith(b"\x10\x04"):
                os.write(controller, bytes([0x12]) * (len(data) // 3))
            if received.endswith(b"END"):
                return

    thread = threading.Thread(target=printer, daemon=True)
    thread.start()
    transport = SerialTransport(os.ttyname(device), baudrate=19200)
    assert escpos_state(transport).ready
    transport.send(b"receipt bytes END")
    thread.join(timeout=5)
    assert received.endswith(b"receipt bytes END")
    os.close(controller)
    os.close(device)


def test_one_way_transports_write_files_and_queues(tmp_path, monkeypatch):
    folder = FolderTransport(str(tmp_path / "spool"), ".zpl")
    folder.send(b"^XA^XZ")
    assert folder.last_path.read_bytes() == b"^XA^XZ" and not list((tmp_path / "spool").glob("*.part"))
    device = tmp_path / "lp0"
    DeviceFileTransport(str(device)).send(b"raw")
    assert device.read_bytes() == b"raw"
    with pytest.raises(TransportError, match="cannot open the printer device"):
        DeviceFileTransport(str(tmp_path / "no" / "such" / "lp0")).send(b"raw")
    with pytest.raises(TransportError, match="one-way"):
        escpos_state(DeviceFileTransport(str(device)))

    lp = tmp_path / "bin" / "lp"
    lp.parent.mkdir()
    lp.write_text(f'#!/bin/sh\necho "$@" > {tmp_path}/args\ncat > {tmp_path}/queued\n')
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{lp.parent}:{os.environ['PATH']}")
    CupsTransport("Zebra_ZD421").send(b"^XA^XZ")
    assert (tmp_path / "args").read_text().split() == ["-d", "Zebra_ZD421", "-o", "raw"]
    assert (tmp_path / "queued").read_bytes() == b"^XA^XZ"


@pytest.mark.parametrize(
    ("url", "kind", "detail"),
    [
        ("tcp://10.0.0.5:9100", TcpTransport, ("10.0.0.5", 9100)),
        ("tcp://printer.local", TcpTransport, ("printer.local", 9100)),
        ("serial:///dev/ttyUSB0?baudrate=9600", SerialTransport, "/dev/ttyUSB0"),
        ("serial://COM3", SerialTransport, "COM3"),
        ("usb:///dev/usb/lp0", DeviceFileTransport, "/dev/usb/lp0"),
        ("cups://Zebra_ZD421", CupsTransport, "Zebra_ZD421"),
        ("folder:///var/spool/counterpos", FolderTransport, "/var/spool/counterpos"),
    ],
)
def test_device_urls_name_their_transport(url, kind, detail):
    transport = transport_for_url(url)
    assert type(transport) is kind
    value = {TcpTransport: "address", SerialTransport: "url", DeviceFileTransport: "path", CupsTransport: "queue",
             FolderTransport: "folder"}[kind]
    assert str(getattr(transport, value)) == str(detail)


@pytest.mark.parametrize("url", ["http://x", "tcp://", "serial:///dev/ttyS0?parity=Q", "printer"])
def test_bad_device_urls_are_refused_with_a_reason(url):
    with pytest.raises(ValueError, match=r"tcp://|serial option"):
        transport_for_url(url)


def test_a_printer_that_resets_the_connection_mid_job_is_not_counted_as_printed():
    job = bytes(range(256)) * 4  # a receipt's size
    with CuttingPrinter(keep=64) as printer:
        with pytest.raises(PartialWrite, match=f"connection lost after {len(job)} of {len(job)} bytes were sent"):
            transport_for_url(printer.url).send(job)
        assert printer.kept == [job[:64]]


def test_a_printer_that_keeps_its_half_open_has_the_job_after_the_settle_time():
    with socket.create_server(("127.0.0.1", 0)) as server:
        transport = TcpTransport("127.0.0.1", server.getsockname()[1], settle=0.3)
        started = time.monotonic()
        transport.send(b"a job")  # the kernel takes it; nobody reads, nobody closes or resets
        assert 0.3 <= time.monotonic() - started < 3
