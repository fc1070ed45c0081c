"""A test's stand-in server on a loopback port, served on a thread of its own for a `with` block."""

from __future__ import annotations

import socketserver
import threading
from typing import Self


class LoopbackServer:
    server: socketserver.BaseServer

    def serve(self, server: socketserver.BaseServer) -> None:
        """Take `server` (bound, not yet serving); the `with` block serves it."""
        self.server = server
        self.thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
