"""A real local HTTP server that receives webhooks, failing on purpose when told to."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.helpers.loopback import LoopbackServer


class WebhookReceiver(LoopbackServer):
    def __init__(self, fail_first: int = 0, accept: Callable[[dict], bool] = lambda body: True):
        self.fail_first = fail_first
        self.accept = accept  # a body it does not accept is answered 500
        self.requests: list[dict] = []  # every request, failed or not: headers and JSON body
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver._lock:
                    receiver.requests.append({"headers": dict(self.headers), "body": body})
                    failing = len(receiver.requests) <= receiver.fail_first or not receiver.accept(body)
                self.send_response(500 if failing else 200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.serve(ThreadingHTTPServer(("127.0.0.1", 0), Handler))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hooks/ecms"

    def statuses(self, tracking_number: str) -> list[str]:
        """Statuses received for a parcel (seed 000) or waybill (seed 002), each delivery once, in arrival order."""
        seen, found = set(), []
        with self._lock:
            for request in self.requests:
                key = request["headers"].get("Idempotency-Key")
                body = request["body"]
                if body.get("trackingNumber", body.get("waybill")) == tracking_number and key not in seen:
                    seen.add(key)
                    found.append(body["status"])
        return found
