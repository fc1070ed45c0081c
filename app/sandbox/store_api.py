"""The store-facing API the counter and kiosk use, under ``/store/api/v1`` (bearer token).

* ``GET  /ping``: is the central system there (cheap).
* ``GET  /stores/<storeId>/parcels?since=<cursor>&limit=<n>``: parcels of a store changed since a cursor.
* ``GET  /parcels/<trackingNumber>`` and ``GET /codes/<code>``: look one parcel up.
* ``GET  /stores/<storeId>/weborders?since=<cursor>&limit=<n>``: web orders of a shop changed since a cursor.
* ``POST /events``: ``{"events": [...]}``, answered per event, idempotent on ``idempotencyKey``.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from app.domain.codes import CodeError, classify
from app.domain.errors import ErrorType
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError
from app.sandbox.events import apply_event

store_api = Blueprint("store", __name__, url_prefix="/store/api/v1")

MAX_BATCH = 500
MAX_PAGE = 1000


def db() -> SandboxDb:
    return current_app.config["SANDBOX_DB"]


@store_api.get("/ping")
def ping() -> Response:
    return jsonify({"status": "OK"})


@store_api.get("/stores/<store_id>/parcels")
def parcels_since(store_id: str) -> Response:
    if not db().store_exists(store_id):
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
    since, limit = _cursor_args()
    parcels, cursor, more = db().parcels_since(store_id, since, limit)
    return jsonify({"parcels": parcels, "cursor": str(cursor), "more": more})


def _cursor_args() -> tuple[int, int]:
    try:
        since = int(request.args.get("since", "0"))
        limit = min(int(request.args.get("limit", str(MAX_PAGE))), MAX_PAGE)
    except ValueError:
        raise ApiError(ErrorType.VALIDATION_ERROR, "since and limit must be whole numbers") from None
    return since, max(limit, 1)


@store_api.get("/parcels/<tracking_number>")
def parcel(tracking_number: str) -> Response:
    record = db().record(tracking_number)
    if record is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: parcel {tracking_number} is not found")
    return jsonify(record)


@store_api.get("/codes/<code>")
def code(code: str) -> Response:
    try:
        parsed = classify(code)
    except CodeError as exc:
        raise ApiError(ErrorType.INVALID_DATA, str(exc)) from None
    record = db().record_by_code(parsed.value)
    if record is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: {parsed.kind.value} {parsed.value} is not found")
    return jsonify({"kind": parsed.kind.value, "code": parsed.value, "parcel": record})


@store_api.post("/events")
def events() -> Response:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("events"), list):
        raise ApiError(ErrorType.VALIDATION_ERROR, 'the body must be {"events": [...]}')
    if len(body["events"]) > MAX_BATCH:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"at most {MAX_BATCH} events per request")
    weborders = current_app.config["SANDBOX_WEBORDERS"]
    return jsonify({"results": [apply_event(db(), event, weborders=weborders) for event in body["events"]]})


@store_api.get("/stores/<store_id>/weborders")
def weborders_since(store_id: str) -> Response:
    """Web orders assigned to a shop, changed since a cursor (seed 003: "the POS polls for pending Web Orders")."""
    if not db().store_exists(store_id):
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
    since, limit = _cursor_args()
    orders, cursor, more = current_app.config["SANDBOX_WEBORDERS"].since(store_id, since, limit)
    return jsonify({"webOrders": orders, "cursor": str(cursor), "more": more})
