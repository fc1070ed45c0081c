"""Transports move bytes to printers; which one is decided by the device URL, through an explicit table.

| URL | transport | two-way |
|---|---|---|
| ``tcp://10.0.0.5:9100`` | raw TCP (JetDirect port 9100) | yes |
| ``serial:///dev/ttyUSB0?baudrate=9600``, ``serial://COM3`` | pyserial | yes |
| ``usb:///dev/usb/lp0`` | a USB printer device file | no |
| ``cups://QueueName`` | the system print queue, raw (``lp -d QueueName -o raw``) | no |
| ``folder:///var/spool/counterpos`` | one file per job, written atomically | no |

Two-way transports can ask the printer for its status before a job (``query``); one-way ones
cannot, so a problem there shows only as a failed write.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import serial


class TransportError(OSError):
    """The bytes could not be handed to the printer (not connected, refused, broken off)."""


class PartialWrite(TransportError):
    """The connection broke after some bytes went out: the printer may or may not have printed."""


class Transport:
    two_way = False

    def send(self, data: bytes) -> None:
        raise TransportError(f"{type(self).__name__} cannot send")

    def query(self, request: bytes, reply_length: int, timeout: float = 1.0) -> bytes:
        raise TransportError(f"{type(self).__name__} is one-way: no status can be asked")


class TcpTransport(Transport):
    """Raw TCP. A job counts as delivered only when the printer took all of it: after our last byte
    we close our half and wait (up to `settle`) for the printer to close its own; a printer that
    resets the connection instead threw part of the job away."""

    two_way = True

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0, settle: float = 2.0):
        self.address = (host, port)
        self.timeout = timeout
        self.settle = settle

    def _connect(self) -> socket.socket:
        try:
            return socket.create_connection(self.address, timeout=self.timeout)
        except OSError as exc:
            raise TransportError(f"cannot reach the printer at {self.address[0]}:{self.address[1]}: {exc}") from exc

    def send(self, data: bytes) -> None:
        with self._connect() as connection:
            sent = 0
            try:
                while sent < len(data):
                    sent += connection.send(data[sent:])
                connection.shutdown(socket.SHUT_WR)
                _await_close(connection, self.settle)
            except OSError as exc:
                if sent:
                    raise PartialWrite(f"connection lost after {sent} of {len(data)} bytes were sent: {exc}") from exc
                raise TransportError(f"the printer refused the job: {exc}") from exc

    def query(self, request: bytes, reply_length: int, timeout: float = 1.0) -> bytes:
        with self._connect() as connection:
            connection.settimeout(timeout)
            connection.sendall(request)
            return _read(connection.recv, reply_length, timeout)


def _await_close(connection: socket.socket, settle: float) -> None:
    """Wait for the printer to close its half after our last byte; a reset raises. A printer that
    keeps its half open past `settle` has not refused anything, so the job stands."""
    connection.settimeout(settle)
    deadline = time.monotonic() + settle
    try:
        while connection.recv(4096) and time.monotonic() < deadline:
            pass  # a printer may say something back (a status byte): the job is over when it closes
    except TimeoutError:
        pass


class SerialTransport(Transport):
    two_way = True

    def __init__(self, url: str, **settings: object):
        self.url = url
        self.settings = settings

    def _open(self) -> serial.SerialBase:
        try:
            return serial.serial_for_url(self.url, timeout=1, write_timeout=10, **self.settings)
        except (serial.SerialException, ValueError) as exc:
            raise TransportError(f"cannot open the printer's port {self.url}: {exc}") from exc

    def send(self, data: bytes) -> None:
        with self._open() as port:
            try:
                written = port.write(data) or 0
                port.flush()
            except serial.SerialException as exc:
                raise PartialWrite(f"the port failed while writing: {exc}") from exc
            if written != len(data):
                raise PartialWrite(f"only {written} of {len(data)} bytes were written")

    def query(self, request: bytes, reply_length: int, timeout: float = 1.0) -> bytes:
        with self._open() as port:
            port.reset_input_buffer()
            port.write(request)
            port.timeout = timeout
            return _read(port.read, reply_length, timeout)


class DeviceFileTransport(Transport):
    def __init__(self, path: str):
        self.path = path

    def send(self, data: bytes) -> None:
        try:
            device = open(self.path, "wb", buffering=0)
        except OSError as exc:
            raise TransportError(f"cannot open the printer device {self.path}: {exc.strerror}") from exc
        with device:
            try:
                written = device.write(data) or 0
            except OSError as exc:
                raise PartialWrite(f"the printer device {self.path} failed while writing: {exc.strerror}") from exc
        if written != len(data):
            raise PartialWrite(f"only {written} of {len(data)} bytes were written to {self.path}")


class CupsTransport(Transport):
    def __init__(self, queue: str):
        self.queue = queue

    def send(self, data: bytes) -> None:
        try:
            done = subprocess.run(["lp", "-d", self.queue, "-o", "raw"], input=data, capture_output=True, timeout=30)
        except subprocess.TimeoutExpired as exc:
            raise PartialWrite("the system print queue did not answer within 30 s: it may have the job") from exc
        except OSError as exc:
            raise TransportError(f"the system print queue did not take the job: {exc}") from exc
        if done.returncode != 0:
            raise TransportError(f"the print queue {self.queue} refused the job: {done.stderr.decode().strip()}")


class FolderTransport(Transport):
    def __init__(self, folder: str, suffix: str = ".bin"):
        self.folder = Path(folder)
        self.suffix = suffix
        self.last_path: Path | None = None

    def send(self, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{time.strftime('%Y%m%d-%H%M%S')}-{time.monotonic_ns()}{self.suffix}"
        write_atomically(path, data)
        self.last_path = path


def write_atomically(path: Path, data: bytes) -> None:
    """A reader never sees half a file: write aside, flush to disk, then rename."""
    tmp = path.with_suffix(path.suffix + ".part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _read(read, length: int, timeout: float) -> bytes:
    deadline = time.monotonic() + timeout
    reply = b""
    while len(reply) < length and time.monotonic() < deadline:
        try:
            chunk = read(length - len(reply))
        except TimeoutError:
            break
        except OSError as exc:  # reset or closed by the printer: an answer about the printer, not a fault of ours
            raise TransportError(f"the printer dropped the connection when asked for its status: {exc}") from exc
        if not chunk:
            break
        reply += chunk
    if len(reply) < length:
        raise TransportError(f"the printer did not answer the status request ({len(reply)} of {length} bytes)")
    return reply


def transport_for_url(url: str) -> Transport:
    """The transport a device URL names (see the table above)."""
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme == "tcp":
        if not parsed.hostname:
            raise ValueError(f"{url}: a tcp printer needs a host, e.g. tcp://10.0.0.5:9100")
        return TcpTransport(parsed.hostname, parsed.port or 9100)
    if scheme == "serial":
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        settings: dict[str, object] = {}
        if "baudrate" in options:
            settings["baudrate"] = int(options.pop("baudrate"))
        if options:
            raise ValueError(f"{url}: unknown serial option(s) {', '.join(sorted(options))}")
        return SerialTransport(unquote(parsed.netloc + parsed.path), **settings)
    if scheme == "usb":
        return DeviceFileTransport(unquote(parsed.path))
    if scheme == "cups":
        return CupsTransport(unquote(parsed.netloc or parsed.path.lstrip("/")))
    if scheme == "folder":
        return FolderTransport(unquote(parsed.path))
    raise ValueError(f"{url}: a printer URL starts with tcp://, serial://, usb://, cups:// or folder://")
