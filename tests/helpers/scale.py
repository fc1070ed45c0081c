"""A serial scale on a loopback socket (pyserial's socket:// URL reaches it like a serial port)."""

from __future__ import annotations

import socket
import threading


def fake_scale(answer: bytes) -> tuple[socket.socket, list[bytes]]:
    """A scale on a loopback socket: it answers each request with `answer`."""
    server = socket.create_server(("127.0.0.1", 0))
    requests: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            requests.append(connection.recv(64))
            connection.sendall(answer)
            connection.recv(64)  # stay connected until the reader has given up

    threading.Thread(target=serve, daemon=True).start()
    return server, requests
