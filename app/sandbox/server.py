"""The sandbox's HTTP server: a Flask app, one blueprint per API, on waitress (`app.sandbox.http`).

| prefix | API | auth |
|---|---|---|
| ``/ecms/api/v1`` | merchant APIs of seeds 000 and 001 (`merchant_api`) | bearer token |
| ``/store/api/v1`` | what the counter and kiosk use (`store_api`) | bearer token |
| ``/api/v1/shipments`` | the Shipping Order API of seed 004 (`shipping_api`) | bearer token |
| ``/webshop/api/v1`` | click-and-collect web orders of seed 003 (`weborders_api`) | bearer token |
| ``/sandbox`` | received events, history, webhooks, simulated scans, faults (`admin_api`) | bearer token |
| ``/ecms/labels`` | shipping label PDFs, as the seed's label links | none |
| ``/api/v1/…``, ``/api/v2/…`` tracking paths | the tracking API of seed 002 (`tracking_api`) | ``key`` parameter |

Errors follow seed 004: ``{"type", "message", "severity"}`` with the type's HTTP code.
"""

from __future__ import annotations

import logging
import random
import re
import socket
import time
from pathlib import Path

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter

from app.domain.errors import ErrorType
from app.sandbox import contract
from app.sandbox.admin_api import admin_api
from app.sandbox.contract import Refusal, check_request
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError, error_response
from app.sandbox.faults import Fault, Faults
from app.sandbox.http import SOCKET, HttpServer
from app.sandbox.merchant_api import labels, merchant_api
from app.sandbox.shipping import ShippingBook
from app.sandbox.shipping_api import shipping_api
from app.sandbox.store_api import store_api
from app.sandbox.strict_json import StrictJSONProvider
from app.sandbox.tracking_api import TrackingBook, refusal_answer, tracking_api
from app.sandbox.webhooks import WebhookDispatcher
from app.sandbox.weborders import WebOrderBook
from app.sandbox.weborders_api import weborders_api

log = logging.getLogger(__name__)
access_log = logging.getLogger("app.sandbox.access")  # one line per request; quiet in the counter's demo

# Paths that do not take the bearer token: label links, and the tracking API (its own ``key``).
OPEN_PREFIXES = (
    "/ecms/labels/",
    "/api/v1/register-service/",
    "/api/v2/tracking/",
    "/api/v1/tracking/",
    "/api/v2/track-order/",
    "/api/v1/test_webhook",
)
TRACKING_PREFIXES = OPEN_PREFIXES[1:]


class Except(BaseConverter):
    """A path part that is anything but the words given, as ``<except(list):external_id>``: a word that
    is a route of its own (``/shipments/list``) is never read as an id, so a GET there is 405, not 404."""

    def __init__(self, url_map, *words: str):
        super().__init__(url_map)
        self.regex = rf"(?!(?:{'|'.join(map(re.escape, words))})$)[^/]+"


def create_app(db: SandboxDb, token: str, faults: Faults | None = None) -> Flask:
    app = Flask("counterpos-sandbox")
    app.url_map.converters["except"] = Except
    app.json = StrictJSONProvider(app)
    app.config.update(SANDBOX_DB=db, SANDBOX_FAULTS=faults or Faults(), SANDBOX_TOKEN=token,
                      SANDBOX_TRACKING=TrackingBook(db), SANDBOX_SHIPPING=ShippingBook(db),
                      SANDBOX_WEBORDERS=WebOrderBook(db))
    app.json.sort_keys = False
    for blueprint in (merchant_api, labels, store_api, admin_api, tracking_api, shipping_api, weborders_api):
        app.register_blueprint(blueprint)

    @app.before_request
    def _guard() -> tuple[Response, int] | None:
        if not request.path.startswith(OPEN_PREFIXES) and request.headers.get("Authorization") != f"Bearer {token}":
            return error_response(ErrorType.UNAUTHORIZED, "Unauthorized: Invalid or missing authentication token")
        try:
            check_request()
        except Refusal as exc:
            if request.path.startswith(TRACKING_PREFIXES):
                return refusal_answer(exc.message, 400)
            return error_response(exc.error_type, exc.message, exc.http_code)
        if request.path.startswith("/sandbox/"):
            return None  # the controls themselves are never faulted
        return _inject(app.config["SANDBOX_FAULTS"].take(request.path, request.get_data(cache=True)))

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError) -> tuple[Response, int]:
        return error_response(exc.error_type, exc.message, exc.http_code, retry_after=exc.retry_after,
                              reason=exc.reason)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> tuple[Response, int]:
        if exc.code == 404:
            return error_response(ErrorType.NOT_FOUND, f"Not Found: {request.path}")
        if exc.code == 405:
            response, status = error_response(ErrorType.VALIDATION_ERROR,
                                              f"{request.method} is not allowed on {request.path}", 405)
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods or ()))
            return response, status
        return error_response(ErrorType.VALIDATION_ERROR, exc.description or exc.name, exc.code)

    @app.errorhandler(DroppedConnection)
    def _dropped(exc: DroppedConnection) -> Response:
        return Response(status=499)  # goes nowhere: the socket is already shut

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> tuple[Response, int]:
        log.exception("sandbox request %s %s failed", request.method, request.path)
        message = "Internal Server Error: an unexpected error occurred"
        if request.path.startswith(TRACKING_PREFIXES):  # the tracking API answers in its own shape
            return refusal_answer(message, 500)
        return error_response(ErrorType.INTERNAL_SERVER_ERROR, message)

    return app


def _inject(faults: list[Fault]) -> tuple[Response, int] | None:
    """Apply the faults a request met: waits first, then a dropped connection or an error answer."""
    for fault in faults:
        if fault.kind in ("latency", "timeout"):
            time.sleep(fault.seconds)
    for fault in faults:
        if fault.kind == "drop":
            connection = request.environ.get(SOCKET)
            if connection is not None:
                connection.shutdown(socket.SHUT_RDWR)  # the client sees the connection reset, no answer
            raise DroppedConnection()
        if fault.kind == "error":
            return error_response(ErrorType(fault.type), "injected fault", fault.status, retry_after=fault.retry_after)
    return None


class DroppedConnection(Exception):
    """Raised after an injected fault closed the connection; nothing is answered."""


class SandboxServer:
    """The sandbox on a loopback port, served from a background thread, with its webhook dispatcher."""

    def __init__(
        self,
        db_path: str | Path,
        token: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        load_demo: bool = True,
        webhook_retry_base: float = 1.0,
        faults: list[Fault] = (),
        fault_seed: int | None = None,
    ):
        self.db_path = db_path
        self.db = SandboxDb(db_path, load_demo=load_demo)
        self.faults = Faults(random.Random(fault_seed))  # a seed makes which requests fail repeatable
        for fault in faults:
            self.faults.add(fault)
        self.app = create_app(self.db, token, self.faults)
        self.webhooks = WebhookDispatcher(
            self.db,
            retry_base=webhook_retry_base,
            refreshers={"tracking": self.app.config["SANDBOX_TRACKING"].refresh},
        )
        self.app.after_request(self._after_request)
        contract.load()  # before it says it serves: the first request does not wait for it
        self._server = HttpServer(self.app, host, port)

    def _after_request(self, response: Response) -> Response:
        self.webhooks.wake()  # a change may have queued a webhook: deliver it now
        access_log.info("%s %r %s", request.method, logged_url(), response.status_code)  # repr: no forged lines
        return response

    @property
    def port(self) -> int:
        return self._server.port

    @property
    def url(self) -> str:
        return f"http://{self._server.host}:{self.port}"

    def start(self) -> SandboxServer:
        self.webhooks.start()
        self._server.start()
        log.info("sandbox serving on %s", self.url)
        return self

    def serve_forever(self) -> None:
        self.webhooks.start()
        log.info("sandbox serving on %s", self.url)
        self._server.run()

    def stop(self) -> None:
        self._server.stop()
        self.webhooks.stop()


def logged_url() -> str:
    """The request's path and query for the access log, with the tracking API's `key` left out."""
    query = re.sub(rb"(^|&)key=[^&]*", rb"\1key=***", request.query_string).decode("latin-1")
    return f"{request.path}?{query}" if query else request.path
