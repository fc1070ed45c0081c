"""The sandbox on waitress: a production WSGI server (it runs on Windows too) with the limits a server
handed to merchants needs.

- A request body over MAX_BODY_BYTES is refused with 413 before the application sees it.
- A connection idle for IDLE_SECONDS (a stalled upload included) is closed; waitress reads requests
  in its I/O loop, so a slow client never holds one of the THREADS that run the application.
- waitress's own refusals (a body too large, a malformed request) answer in the sandbox's error
  shape, and the connection's socket is handed to the application, for the "drop" fault.
"""

from __future__ import annotations

import json
import logging
import threading

import waitress
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask, WSGITask

from app.domain.errors import ErrorType

# "Task queue depth is N" whenever every thread is busy: the bounded pool doing its job, not a fault.
logging.getLogger("waitress.queue").setLevel(logging.ERROR)

MAX_BODY_BYTES = 8 * 1024 * 1024  # at most; a counter's largest event batch is well under 1 MiB
IDLE_SECONDS = 30
THREADS = 8
SOCKET = "sandbox.socket"  # the environ key of the connection's socket


class _Task(WSGITask):
    def get_environment(self) -> dict:
        environ = super().get_environment()
        environ[SOCKET] = self.channel.socket
        return environ


class _ErrorTask(ErrorTask):
    def execute(self) -> None:
        error = self.request.error
        error_type = ErrorType.VALIDATION_ERROR
        body = json.dumps({"type": error_type.value, "message": f"{error.reason}: {error.body}".strip(": "),
                           "severity": "Hard"}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    task_class = _Task
    error_task_class = _ErrorTask


class HttpServer:
    """A WSGI application served on `host`:`port` (0: any free port) until `stop`."""

    def __init__(self, application, host: str, port: int):
        self._server = waitress.create_server(
            application, host=host, port=port, threads=THREADS, channel_timeout=IDLE_SECONDS,
            cleanup_interval=max(1, IDLE_SECONDS // 6),  # how often idle connections are looked for
            max_request_body_size=MAX_BODY_BYTES + 1, ident="counterpos-sandbox", expose_tracebacks=False)
        self._server.channel_class = _Channel
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def host(self) -> str:
        return self._server.effective_host

    @property
    def port(self) -> int:
        return int(self._server.effective_port)  # waitress keeps it as text

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="sandbox", daemon=True)
        self._thread.start()

    def run(self) -> None:
        self._server.run()

    def stop(self) -> None:
        """The threads finish the requests they run (those waiting are dropped), then every connection
        is closed in the server's own loop, which then ends. Once stopped, nothing more is done."""
        if self._stopped:
            return
        self._stopped = True

        def close_all() -> None:
            for dispatcher in list(self._server._map.values()):  # connections (with their buffers), then the rest
                dispatcher.handle_close() if isinstance(dispatcher, HTTPChannel) else dispatcher.close()

        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._server.trigger.pull_trigger(close_all)
        if self._thread is not None:
            self._thread.join(timeout=10)
