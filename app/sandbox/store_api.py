"""The store-facing API the counter and kiosk use, under ``/store/api/v1`` (bearer token).

* ``GET  /ping``: is the central system there (cheap).
* ``GET  /stores/<storeId>/parcels?since=<cursor>&limit=<n>``: parcels of a store changed since a cursor.
* ``GET  /parcels/<trackingNumber>`` and ``GET /codes/<code>``: look one parcel up.
* ``GET  /stores/<storeId>/weborders?since=<cursor>&limit=<n>``: web orders of a shop changed since a cursor.
* ``GET  /stores/<storeId>/changes?since=<parcels>.<webOrders>``: both, in one request (what a counter polls).
* ``POST /events``: ``{"events": [...]}``, answered per event, idempotent on ``idempotencyKey``.
* ``POST /returns/validate`` and ``POST /returns/issue``: ``{"reference", "storeId"}``, the kiosk's
  return (seed 001's business rules; refusals carry a ``reason``).
* ``GET  /rates`` and ``POST /dropoff/quote``: the drop-off rate table to cache, and a quote with limits
  checked and the provider the orchestration rules choose.
* ``POST /stores/<storeId>/terminals/<terminalId>/tracking-numbers``: ``{"count"}``, a block of tracking
  numbers reserved for that counter's drop-offs (it may use them offline).
* ``GET  /returns/registered?since=<cursor>&limit=<n>`` and ``POST /stores/<storeId>/terminals/<terminalId>/
  return-codes``: ``{"count"}``: what a kiosk keeps to start returns offline (the return IDs to check
  and a block of RETURN CODEs of its own); an offline start comes later as a ``RETURN_STARTED`` event.
* ``GET  /stores/<storeId>/pullout``: the APO list (runs the ECMS jobs first).
* ``GET  /tracking?waybills=a,b``: tracking timelines of our parcels, in seed 002's scan shape.

Delta answers carry an ``ETag``; a poll with a matching ``If-None-Match`` gets ``304`` and no body.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from app.domain.clock import now_iso
from app.domain.codes import CodeError, classify
from app.domain.errors import ErrorType
from app.domain.limits import MAX_SIDE_CM, MAX_VOLUME_CM3, MAX_WEIGHT_KG, limit_violations
from app.domain.rates import DEMO_RATES
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError
from app.sandbox.events import apply_event
from app.sandbox.jobs import pull_out_list
from app.sandbox.requests_ import json_body, known_store, money, number, read_delivery_type, text
from app.sandbox.returns import find_return, issue_return, kiosk_view
from app.sandbox.strict_json import LARGEST_INT

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
    return _delta("parcels", store_id, since, db().newest_parcel_change(store_id),
                  lambda: db().parcels_since(store_id, since, limit))


def _delta(name: str, store_id: str, since: int, newest: int, fetch) -> Response:
    """A delta answer with an ETag; a poll whose If-None-Match still matches gets 304 and no body.

    The ETag names the feed, the store, the cursor asked from and the newest change there is, so it
    changes exactly when the answer would.
    """
    tag = f"{name}-{store_id}-{since}-{newest}"
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        items, cursor, more = fetch()
        response = jsonify({name: items, "cursor": str(cursor), "more": more})
    response.set_etag(tag)
    return response


def _cursor_args() -> tuple[int, int]:
    return _whole("since", "0"), _limit()


def _limit() -> int:
    return max(min(_whole("limit", str(MAX_PAGE)), MAX_PAGE), 1)


def _whole(name: str, default: str) -> int:
    try:
        return cursor(request.args.get(name, default))
    except ValueError:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be a whole number from 0") from None


def cursor(text: str) -> int:
    """A feed's cursor: a whole number a SQLite integer holds."""
    value = int(text)
    if not 0 <= value <= LARGEST_INT:
        raise ValueError(f"{text[:40]} is not a cursor")
    return value


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
    body = json_body()
    if not isinstance(body.get("events"), list):
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
    weborders = current_app.config["SANDBOX_WEBORDERS"]
    return _delta("webOrders", store_id, since, weborders.newest_change(store_id),
                  lambda: weborders.since(store_id, since, limit))


@store_api.get("/stores/<store_id>/changes")
def changes_since(store_id: str) -> Response:
    """Both feeds a counter follows in one request: its parcels and its web orders, each from its own
    cursor, given together as ``since=<parcels>.<webOrders>``; ETag and 304 as for one feed."""
    if not db().store_exists(store_id):
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
    try:
        parcels_since, orders_since = (cursor(part) for part in request.args.get("since", "0.0").split("."))
    except ValueError:
        raise ApiError(ErrorType.VALIDATION_ERROR, "since is two whole numbers: <parcels>.<webOrders>") from None
    limit = _limit()
    weborders = current_app.config["SANDBOX_WEBORDERS"]
    tag = (f"changes-{store_id}-{parcels_since}.{orders_since}-{db().newest_parcel_change(store_id)}."
           f"{weborders.newest_change(store_id)}")
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        parcels, parcels_cursor, more_parcels = db().parcels_since(store_id, parcels_since, limit)
        orders, orders_cursor, more_orders = weborders.since(store_id, orders_since, limit)
        response = jsonify({"parcels": parcels, "webOrders": orders, "cursor": f"{parcels_cursor}.{orders_cursor}",
                            "more": more_parcels or more_orders})
    response.set_etag(tag)
    return response


@store_api.post("/returns/validate")
def validate_return() -> Response:
    body = json_body()
    record = find_return(db(), text(body, "reference", max_length=60), str(body.get("storeId", "")))
    known_store(db(), body, "storeId")
    return jsonify({"valid": True, "return": _return_view(record)})


@store_api.post("/returns/issue")
def issue() -> Response:
    body = json_body()
    store = known_store(db(), body, "storeId")
    record = issue_return(db(), text(body, "reference", max_length=60), store["id"])
    return jsonify(_return_view(record))


@store_api.get("/returns/registered")
def registered_returns() -> Response:
    """Return IDs changed since a cursor, for kiosks to check returns offline (seed 001's rules)."""
    since, limit = _cursor_args()
    records, cursor, more = db().returns_since(since, limit)
    return jsonify({"returns": [kiosk_view(db(), r) for r in records], "cursor": cursor, "more": more})


@store_api.post("/stores/<store_id>/terminals/<terminal_id>/return-codes")
def return_codes(store_id: str, terminal_id: str) -> Response:
    """A block of RETURN CODEs reserved for one kiosk, to start returns with while offline."""
    return jsonify({"returnCodes": db().issue_return_codes(*_block_request(store_id, terminal_id))})


def _return_view(record: dict) -> dict:
    fields = ("returnCode", "trackingNumber", "merchantCode", "merchant", "merchantReference", "description",
              "validUntil", "status")
    return {name: record.get(name) for name in fields}


@store_api.get("/rates")
def rates() -> Response:
    return jsonify({"rates": DEMO_RATES.to_json(), "limits": {"maxSideCm": str(MAX_SIDE_CM),
                                                              "maxVolumeCm3": str(MAX_VOLUME_CM3),
                                                              "maxWeightKg": str(MAX_WEIGHT_KG)}})


@store_api.post("/dropoff/quote")
def dropoff_quote() -> Response:
    body = json_body()
    delivery_type = read_delivery_type(body)
    size = {name: number(body, name) for name in ("length", "width", "height", "weight")}
    problems = limit_violations(size["length"], size["width"], size["height"], size["weight"])
    if problems:
        raise ApiError(ErrorType.INVALID_DATA, "Package limits: " + " ".join(problems), reason="PACKAGE_LIMITS")
    collect = money(body, "amountCollect")
    if delivery_type == "STORE":
        known_store(db(), body.get("dest") if isinstance(body.get("dest"), dict) else {}, "deliveryLocationId")
    shipping = current_app.config["SANDBOX_SHIPPING"]
    package = {"weight": {"value": float(size["weight"]), "unit": "kg"},
               "size": {"length": float(size["length"]), "width": float(size["width"]),
                        "height": float(size["height"]), "unit": "cm"}}
    chosen, estimates = shipping.place({"locationExternalId": "", "package": package})
    return jsonify({"amountDue": f"{DEMO_RATES.fee(delivery_type, collect):.2f}",
                    "provider": shipping.providers[chosen["id"]].public(),
                    "estimates": estimates})


MAX_BLOCK = 100


@store_api.post("/stores/<store_id>/terminals/<terminal_id>/tracking-numbers")
def tracking_numbers(store_id: str, terminal_id: str) -> Response:
    return jsonify({"trackingNumbers": db().issue_numbers(*_block_request(store_id, terminal_id))})


def _block_request(store_id: str, terminal_id: str) -> tuple[str, str, int]:
    """A request for a block reserved for one terminal: (store, terminal, how many), checked."""
    if not db().store_exists(store_id):
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
    count = json_body().get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_BLOCK:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"count must be a whole number from 1 to {MAX_BLOCK}")
    return store_id, text({"terminalId": terminal_id}, "terminalId", max_length=20), count


@store_api.get("/stores/<store_id>/pullout")
def pullout(store_id: str) -> Response:
    if not db().store_exists(store_id):
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: store {store_id} is not found")
    items = pull_out_list(db(), store_id)
    return jsonify({"storeId": store_id, "generatedAt": now_iso(), "items": items})


@store_api.get("/tracking")
def tracking() -> Response:
    waybills = [w.strip() for w in request.args.get("waybills", "").split(",") if w.strip()]
    if not 1 <= len(waybills) <= 50:
        raise ApiError(ErrorType.VALIDATION_ERROR, "waybills: one to 50 tracking numbers, separated by commas")
    tracking_book = current_app.config["SANDBOX_TRACKING"]
    results = {}
    for waybill in waybills:
        scans = tracking_book.scans(waybill)
        results[waybill] = {"valid": bool(scans), "scans": list(reversed(scans)),
                            "latest_status": scans[-1] if scans else None}
    return jsonify({"results": results})
