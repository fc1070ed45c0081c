"""The sandbox's HTTP API (Flask on werkzeug's threaded server).

Store-facing API, bearer token, under ``/store/api/v1``:

* ``GET  /ping``: is the central system there (cheap).
* ``GET  /stores/<storeId>/parcels?since=<cursor>&limit=<n>``: parcels of a store changed since a cursor.
* ``GET  /parcels/<trackingNumber>`` and ``GET /codes/<code>``: look one parcel up.
* ``POST /events``: ``{"events": [...]}``, answered per event, idempotent on ``idempotencyKey``.

Sandbox controls (no token, loopback only), under ``/sandbox``: received events, fault injection.
Errors use seed 004's taxonomy: ``{"type": ..., "message": ...}`` with its HTTP code.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import Flask, Response, jsonify, request
from werkzeug.serving import make_server

from app.domain.codes import CodeError, classify
from app.domain.errors import ErrorType
from app.sandbox.database import SandboxDb
from app.sandbox.events import apply_event
from app.sandbox.faults import Fault, Faults

log = logging.getLogger(__name__)

STORE_API = "/store/api/v1"
MAX_BATCH = 500
MAX_PAGE = 1000


def error(error_type: ErrorType, message: str, http_code: int | None = None) -> tuple[Response, int]:
    return jsonify({"type": error_type.value, "message": message}), http_code or error_type.http_code


def create_app(db: SandboxDb, token: str, faults: Faults | None = None) -> Flask:
    app = Flask("counterpos-sandbox")
    faults = faults or Faults()

    @app.before_request
    def _guard() -> tuple[Response, int] | None:
        if not request.path.startswith(STORE_API):
            return None
        if request.headers.get("Authorization") != f"Bearer {token}":
            return error(ErrorType.UNAUTHORIZED, "Unauthorized: Invalid or missing authentication token")
        fault = faults.take(request.path)
        if fault is not None:
            response, status = error(ErrorType(fault.error_type), "injected fault", fault.status)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = str(fault.retry_after)
            return response, status
        return None

    @app.errorhandler(404)
    def _not_found(_exc: Exception) -> tuple[Response, int]:
        return error(ErrorType.NOT_FOUND, f"Not Found: {request.path}")

    @app.errorhandler(405)
    def _not_allowed(_exc: Exception) -> tuple[Response, int]:
        return error(ErrorType.VALIDATION_ERROR, f"{request.method} is not allowed on {request.path}", 405)

    @app.errorhandler(500)
    def _internal(_exc: Exception) -> tuple[Response, int]:
        return error(ErrorType.INTERNAL_SERVER_ERROR, "Internal Server Error: an unexpected error occurred")

    @app.get(f"{STORE_API}/ping")
    def ping() -> Response:
        return jsonify({"status": "OK"})

    @app.get(f"{STORE_API}/stores/<store_id>/parcels")
    def parcels_since(store_id: str) -> Response | tuple[Response, int]:
        if not db.store_exists(store_id):
            return error(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
        try:
            since = int(request.args.get("since", "0"))
            limit = min(int(request.args.get("limit", str(MAX_PAGE))), MAX_PAGE)
        except ValueError:
            return error(ErrorType.VALIDATION_ERROR, "since and limit must be whole numbers", 400)
        parcels, cursor, more = db.parcels_since(store_id, since, max(limit, 1))
        return jsonify({"parcels": parcels, "cursor": str(cursor), "more": more})

    @app.get(f"{STORE_API}/parcels/<tracking_number>")
    def parcel(tracking_number: str) -> Response | tuple[Response, int]:
        record = db.record(tracking_number)
        if record is None:
            return error(ErrorType.NOT_FOUND, f"Not Found: parcel {tracking_number} is not found")
        return jsonify(record)

    @app.get(f"{STORE_API}/codes/<code>")
    def code(code: str) -> Response | tuple[Response, int]:
        try:
            parsed = classify(code)
        except CodeError as exc:
            return error(ErrorType.INVALID_DATA, str(exc))
        record = db.record_by_code(parsed.value)
        if record is None:
            return error(ErrorType.NOT_FOUND, f"Not Found: {parsed.kind.value} {parsed.value} is not found")
        return jsonify({"kind": parsed.kind.value, "code": parsed.value, "parcel": record})

    @app.post(f"{STORE_API}/events")
    def events() -> Response | tuple[Response, int]:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("events"), list):
            return error(ErrorType.VALIDATION_ERROR, 'the body must be {"events": [...]}', 400)
        if len(body["events"]) > MAX_BATCH:
            return error(ErrorType.VALIDATION_ERROR, f"at most {MAX_BATCH} events per request", 400)
        return jsonify({"results": [apply_event(db, event) for event in body["events"]]})

    @app.get("/sandbox/events")
    def received_events() -> Response:
        return jsonify({"events": db.events(request.args.get("trackingNumber"))})

    @app.post("/sandbox/faults")
    def add_fault() -> Response | tuple[Response, int]:
        body = request.get_json(silent=True) or {}
        try:
            faults.add(
                Fault(
                    path_prefix=str(body.get("pathPrefix", STORE_API)),
                    status=int(body["status"]),
                    error_type=ErrorType(body.get("type", "INTERNAL_SERVER_ERROR")).value,
                    count=int(body.get("count", -1)),
                    retry_after=body.get("retryAfter"),
                )
            )
        except (KeyError, ValueError) as exc:
            return error(ErrorType.VALIDATION_ERROR, f"bad fault: {exc}", 400)
        return jsonify({"faults": faults.to_json()})

    @app.delete("/sandbox/faults")
    def clear_faults() -> Response:
        faults.clear()
        return jsonify({"faults": []})

    return app


class SandboxServer:
    """The sandbox on a loopback port, served from a background thread."""

    def __init__(
        self,
        db_path: str | Path,
        token: str,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        load_demo: bool = True,
    ):
        self.db = SandboxDb(db_path, load_demo=load_demo)
        self.faults = Faults()
        self.app = create_app(self.db, token, self.faults)
        self._server = make_server(host, port, self.app, threaded=True)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_port

    @property
    def url(self) -> str:
        return f"http://{self._server.server_address[0]}:{self.port}"

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="sandbox", daemon=True
        )
        self._thread.start()
        log.info("sandbox serving on %s", self.url)
        return self

    def serve_forever(self) -> None:
        log.info("sandbox serving on %s", self.url)
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)
