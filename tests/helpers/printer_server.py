"""A pretend network printer on a loopback port 9100-style: it keeps every job and answers status.

ESC/POS ``DLE EOT n`` is answered from `status[n]` (a test sets paper out, then OK); ZPL ``~HS``
with `host_status`. Everything else a connection sends is one job.
"""

from __future__ import annotations

import re
import socket
import socketserver
import struct
import threading
import time

from tests.helpers.loopback import LoopbackServer

OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}
PAPER_OUT = {1: 0x12, 2: 0x32, 3: 0x12, 4: 0x72}
COVER_OPEN = {1: 0x12, 2: 0x16, 3: 0x12, 4: 0x12}
ZPL_OK = b"\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02000,0,0,0,0,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n"
ZPL_PAPER_OUT = ZPL_OK.replace(b"\x02030,0,0", b"\x02030,1,0", 1)


STATUS_REQUEST = re.compile(rb"\x10\x04[\x01-\x04]")


class CapturePrinter(LoopbackServer):
    def __init__(self, status: dict[int, int] | None = None, host_status: bytes = ZPL_OK):
        self.status = dict(status or OK)
        self.host_status = host_status
        self._connections: list[object] = []  # in the order they were accepted
        self._received: dict[object, bytes] = {}
        self.status_requests = 0
        self.lock = threading.Lock()
        printer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                job = bytearray()
                while True:
                    try:
                        data = self.request.recv(65536)
                    except ConnectionResetError:
                        data = b""  # the sender died mid-job: the paper has what came
                    if not data:
                        break
                    job += data
                    while True:
                        # DLE EOT n asks for status only with n 1 to 4; the same bytes inside an
                        # image's raster data are dots to print
                        request = STATUS_REQUEST.search(job)
                        if request:
                            at, n = request.start(), job[request.start() + 2]
                            del job[at : at + 3]
                            with printer.lock:
                                printer.status_requests += 1
                            self.request.sendall(bytes([printer.status[n]]))
                            continue
                        if job.startswith(b"~HS"):
                            del job[:3]
                            self.request.sendall(printer.host_status)
                            continue
                        break
                with printer.lock:
                    printer._received[self.request] = bytes(job)

        class Server(socketserver.ThreadingTCPServer):
            def process_request(self, request, client_address) -> None:
                with printer.lock:  # on the accepting thread, so jobs keep the order they were sent in
                    printer._connections.append(request)
                super().process_request(request, client_address)

        server = Server(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.serve(server)

    @property
    def jobs(self) -> list[bytes]:
        """Each finished connection's job, in the order the connections came (status polls left out)."""
        with self.lock:
            done = [self._received.get(connection) for connection in self._connections]
        return [job for job in done if job]

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.server.server_address[1]}"


class CuttingPrinter(LoopbackServer):
    """A printer that takes the first `keep` bytes of each job, then resets the connection: what a
    printer does when it reboots or its network drops mid-job. Status requests are answered OK.
    Mended (`cutting` False), it takes whole jobs."""

    def __init__(self, keep: int = 64):
        self.keep = keep
        self.cutting = True
        self.kept: list[bytes] = []
        printer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                first = self.request.recv(printer.keep)
                if first.startswith(b"\x10\x04"):
                    self.request.sendall(bytes([OK[first[2]]]))
                    return
                if not printer.cutting:
                    while more := self.request.recv(65536):
                        first += more
                    printer.kept.append(first)
                    return
                printer.kept.append(first)
                time.sleep(0.05)  # the rest arrives, unread: closing now makes the kernel send a reset
                self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.request.close()  # a reset, with no orderly close before it

        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self.serve(server)

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self.server.server_address[1]}"
