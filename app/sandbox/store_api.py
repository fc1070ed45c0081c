"""The store-facing API the counter and kiosk use, under ``/store/api/v1`` (bearer token).

* ``GET  /ping``: is the central system there (cheap).
* ``GET  /stores/<storeId>/parcels?since=<cursor>&limit=<n>``: parcels of a store changed since a cursor.
* ``GET  /parcels/<trackingNumber>`` and ``GET /codes/<code>``: look one parcel up.
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
    try:
        since = int(request.args.get("since", "0"))
        limit = min(int(request.args.get("limit", str(MAX_PAGE))), MAX_PAGE)
    except ValueError:
        raise ApiError(ErrorType.VALIDATION_ERROR, "since and limit must be whole numbers") from None
    parcels, cursor, more = db().parcels_since(store_id, since, max(limit, 1))
    return jsonify({"parcels": parcels, "cursor": str(cursor), "more": more})


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
    return jsonify({"results": [apply_event(db(), event) for event in body["events"]]})
