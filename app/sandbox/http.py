"""The sandbox on waitress: a production WSGI server (it runs on Windows too) with the limits a server
handed to merchants needs.

- A request body over MAX_BODY_BYTES is refused with 413 before the application sees it.
- A connection idle for IDLE_SECONDS (a stalled upload included) is closed; waitress reads requests
  in its I/O loop, so a slow client never holds one of the THREADS that run the application.
- waitress's own refusals (a body too large, a malformed request) answer in the sandbox's error
  shape, and the connection's socket is handed to the application, for the "drop" fault.
"""

from __future__ import annotations

import contextlib
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
LOOP_SECONDS = 0.5
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
        self._stopping = threading.Event()

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
        """Serve until `stop` (or an interrupt); then every connection is closed, with its buffers,
        here in the loop's own thread. The loop looks at the stop every LOOP_SECONDS, so a stop does
        not hang on the wake-up through waitress's trigger pipe, should that pipe be gone."""
        server = self._server
        try:
            while not self._stopping.is_set() and server._map:
                server.asyncore.loop(timeout=LOOP_SECONDS, map=server._map, use_poll=server.adj.asyncore_use_poll,
                                     count=1)
        finally:
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)  # done already, unless interrupted
            self._close_all()

    def _close_all(self) -> None:
        for dispatcher in list(self._server._map.values()):  # connections (with their buffers), then the rest
            with contextlib.suppress(OSError):  # one already closed does not keep the others open
                dispatcher.handle_close() if isinstance(dispatcher, HTTPChannel) else dispatcher.close()

    def stop(self) -> None:
        """The threads finish the requests they run (those waiting are dropped), then the loop closes
        every connection and ends. Once stopped, nothing more is done."""
        if self._stopping.is_set():
            return
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)  # the loop sends their answers
        self._stopping.set()
        with contextlib.suppress(OSError):  # without the wake-up, the loop sees the stop within LOOP_SECONDS
            self._server.trigger.pull_trigger()
        if self._thread is None:
            self._close_all()  # never served: no loop to do it
        else:
            self._thread.join(timeout=10)
