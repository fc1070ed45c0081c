"""The Shipping Order API of seed 004, under ``/api/v1/shipments`` (bearer token).

``POST /api/v1/shipments`` (create and dispatch), ``POST /api/v1/shipments/list`` (filters, pages),
``GET|PUT|DELETE /api/v1/shipments/<id>``, ``GET …/status-history``, ``POST …/retry``. ``<id>`` is the
``orderExternalId``. Every error is one row of the seed's tables: type, HTTP code, severity.
"""

from __future__ import annotations

import base64
import json
import re
from decimal import Decimal, InvalidOperation

from flask import Blueprint, Response, current_app, jsonify, request

from app.domain.errors import ErrorType
from app.sandbox.errors import ApiError
from app.sandbox.requests_ import json_body
from app.sandbox.shipping import DAY_MS, ShippingBook, iso_millis, millis, new_order_id, public
from app.sandbox.strict_json import loads

shipping_api = Blueprint("shipping", __name__, url_prefix="/api/v1/shipments")

ORDER_ID = re.compile(r"[A-Za-z0-9_.\-]{1,100}")
EDITABLE = {"orderExternalId", "groupId", "deliveryTime", "pickupTime", "locationExternalId", "deliveryAddress",
            "deliveryContact", "itemList", "package", "signature", "deliveryInstructions", "orderValue", "locale",
            "createdDate", "orderAttributes", "proposedProviders"}
UNPLACED = "ORDER_FAILED"  # kept after a transient placement failure, to be edited and retried


def book() -> ShippingBook:
    return current_app.config["SANDBOX_SHIPPING"]


@shipping_api.before_request
def _rate_limit() -> None:
    if not book().allow_request():
        raise ApiError(ErrorType.TOO_MANY_REQUESTS, "Too many requests received per second.", retry_after=1)


def _require(body: dict, name: str, kind: type, message: str | None = None) -> object:
    value = body.get(name)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ApiError(ErrorType.VALIDATION_ERROR, message or f"Invalid Data: {name} is a required field")
    return value


def _number(value: object, name: str, error_type: ErrorType = ErrorType.VALIDATION_ERROR) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if isinstance(value, bool) or not number.is_finite() or number < 0:
        raise ApiError(error_type, f"Invalid data: The value for the {name} field is invalid", 400)
    return number


def _check_package(package: object) -> dict:
    if not isinstance(package, dict):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: package is a required field")
    size, weight = package.get("size"), package.get("weight")
    if not isinstance(size, dict) or not isinstance(weight, dict):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: package needs size and weight")
    for name in ("length", "width", "height"):
        if _number(size.get(name), f"package.size.{name}") <= 0:
            raise ApiError(ErrorType.VALIDATION_ERROR, f"Invalid Data: package.size.{name} must be more than 0")
    if size.get("unit", "in") not in ("in", "cm") or weight.get("unit", "lb") not in ("lb", "kg"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: size unit is in or cm, weight unit lb or kg")
    if _number(weight.get("value"), "package.weight.value") <= 0:
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: package.weight.value must be more than 0")
    return package


def _check_address(address: object) -> dict:
    if not isinstance(address, dict) or not address.get("street1") or not address.get("city"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: Delivery Address not provided")
    has_position = address.get("latitude") is not None and address.get("longitude") is not None
    if not has_position and not address.get("postalCode"):
        raise ApiError(ErrorType.GEOCODING_FAILED, "Geocoding Service for the given address failed.")
    return address


TEXT_LIMITS = {"groupId": 100, "deliveryInstructions": 10_000, "locale": 50}


def _check_fields(body: dict, bad_value: ErrorType = ErrorType.VALIDATION_ERROR) -> None:
    """The fields an order is created or edited with, each as the seed's table says, when given (an
    edit's orderValue that is not one is `bad_value`: INVALID_DATA, by the seed's table)."""
    if "orderExternalId" in body:
        external_id = body["orderExternalId"]
        if not isinstance(external_id, str) or not ORDER_ID.fullmatch(external_id):
            raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: orderExternalId must be up to 100 letters, "
                                                       "digits, '-', '_' or '.'")
    for name, longest in TEXT_LIMITS.items():
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > longest):
            raise ApiError(ErrorType.VALIDATION_ERROR, f"Invalid Data: {name} is a text of at most {longest} characters")
    if "itemList" in body and (not isinstance(body["itemList"], list) or len(body["itemList"]) > 100):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: itemList is a list of at most 100 items")
    for name in ("pickupTime", "deliveryTime"):
        window = body.get(name)
        if window is not None and not _is_window(window):
            raise ApiError(ErrorType.VALIDATION_ERROR, f"Invalid Data: {name} is {{startsAt, endsAt}} in milliseconds")
    if "orderValue" in body:
        _number(body["orderValue"], "orderValue", bad_value)


def _is_window(window: object) -> bool:
    return isinstance(window, dict) and set(window) <= {"startsAt", "endsAt"} and all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v for v in window.values())


def _check_location(location: object) -> str:
    if not isinstance(location, str) or not location.strip():
        raise ApiError(ErrorType.VALIDATION_ERROR, "Invalid Data: locationExternalId is a required field")
    if location not in book().locations():
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: No such locationExternalId exists in our system. "
                                               "Please provide a valid locationExternalId.")
    return location


def _order_or_404(external_id: str, invalid_status: int = 422) -> dict:
    if not ORDER_ID.fullmatch(external_id):
        raise ApiError(ErrorType.INVALID_DATA, "Invalid data: Invalid Order Id", invalid_status)
    order = book().by_external_id(external_id)
    if order is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: Order with id, {external_id}, is not found")
    return order


def _dispatch(order: dict) -> dict:
    """Place the order with a provider; an unplaced order is saved before the error is answered."""
    order = book().record_status(order, "ESTIMATES_RECEIVED")
    try:
        chosen, estimates = book().place(order)
    except ApiError as exc:
        if exc.error_type.transient:
            book().save(book().record_status(order, UNPLACED, note=exc.message))
        raise
    provider = book().providers[chosen["id"]]
    order = {
        **order,
        "provider": provider.public(),
        "trackingId": f"{provider.id.upper()}{new_order_id()[:10].upper()}",
        "fee": chosen["fee"],
        "amount": chosen["fee"],
        "proposedProviders": [{"name": e["name"], "services": e["services"]} for e in estimates],
        "estimatedPickupTime": {"startsAt": millis() + 15 * 60 * 1000, "endsAt": None},
        "estimatedDeliveryTime": {"startsAt": None, "endsAt": millis() + chosen["minutes"] * 60 * 1000},
    }
    return book().record_status(order, "ORDER_DISPATCHED")


@shipping_api.post("")
def create() -> tuple[Response, int]:
    body = json_body()
    location = _check_location(body.get("locationExternalId"))
    external_id = _require(body, "orderExternalId", str)
    _check_fields(body)
    if book().by_external_id(external_id) is not None:
        raise ApiError(ErrorType.DUPLICATE_ID, "Resource with provided id already exists.")
    _require(body, "deliveryContact", dict, "Invalid Data: deliveryContact is a required field")
    _check_address(body.get("deliveryAddress"))
    _check_package(body.get("package"))
    group = body.get("groupId")
    if group is not None and any(o.get("groupId") == group and o["locationExternalId"] != location
                                 for o in book().all_orders()):
        # A group is named by the client and belongs to one pickup location.
        raise ApiError(ErrorType.DUPLICATE_NAME, f"Resource with provided name already exists: group {group} "
                                                 "belongs to another location.")
    if _same_order_active(body):
        raise ApiError(ErrorType.DUPLICATE_RESOURCE, "Resource already exists: the same order was placed in the "
                                                     "last 24 hours under another orderExternalId.")
    now = millis()
    order = {
        # Fields of seed 004's order that the sandbox has no value for are present, as null.
        "referenceLinks": {"qrcodeLink": None, "trackingUrl": None},
        "orderAttributes": {},
        "attachments": None,
        "vehicle": None,
        "label": None,
        "actualDeliveryTime": None,
        "actualPickupTime": None,
        "returnRequest": None,
        "pickupTime": None,
        "deliveryTime": None,
        "pickupContact": None,
        "pickupAddress": None,
        "undeliverableOrderReturnLocation": None,
        "returnLocationId": None,
        **{k: v for k, v in body.items() if k in EDITABLE},
        "package": _package(body["package"]),
        "id": new_order_id(),
        "locationExternalId": location,
        "tenantId": ShippingBook.TENANT,
        "brandExternalId": ShippingBook.TENANT,
        "groupId": body.get("groupId"),
        "currencyCode": "PHP",
        "status": "REQUEST_RECEIVED",
        "createdAt": iso_millis(now),
        "lastUpdatedAt": iso_millis(now),
        "_createdMs": now,
        "_updatedMs": now,
    }
    order = _dispatch(book().record_status(order, "REQUEST_RECEIVED"))
    book().save(order)
    answer = public(order)
    if not body.get("pickupTime"):
        answer["warnings"] = ["pickupTime not given: the provider picks the parcel up as soon as it can"]
    return jsonify(answer), 201


def _package(given: dict) -> dict:
    """The package as the seed's answer shows it: with its temperature control and barcode."""
    return {"temperatureControl": "none", "barcode": None, **given}


SAME_ORDER = ("locationExternalId", "deliveryContact", "deliveryAddress", "package", "itemList", "orderValue")


def _same_order_active(body: dict) -> bool:
    """A double submission: every delivery detail equal to an order of the last day that still runs."""
    since = millis() - DAY_MS
    return any(
        o["_createdMs"] >= since and o["status"] != "ORDER_CANCELLED"
        and all(o.get(k) == (_package(body[k]) if k == "package" else body.get(k)) for k in SAME_ORDER)
        for o in book().all_orders()
    )


@shipping_api.post("/list")
def list_orders() -> Response:
    body = json_body() if request.get_data() else {}
    _check_filters(body)  # all of them, before any order is looked at (and when there is none)
    limit = body.get("limit", 1000)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= 1000:
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: limit must be from 1 to 1000", 400)
    offset = _offset(body.get("paginationToken"))
    selected = [o for o in book().all_orders() if _matches(o, body)]
    page = selected[offset : offset + limit]
    next_token = _token(offset + limit) if offset + limit < len(selected) else None
    previous_token = _token(max(0, offset - limit)) if offset > 0 else None
    return jsonify({"data": [public(o) for o in page], "paginationToken": {"next": next_token, "previous": previous_token}})


WINDOWS = {"lastUpdatedAt": ("startsAt", "endsAt"), "createdAt": ("startsAt", "endsAt"),
           "pickupTime": ("startsAt",), "deliveryTime": ("endsAt",)}


def _check_filters(body: dict) -> None:
    for name in ("orderExternalIds", "locationExternalIds", "status"):
        given = body.get(name)
        if given is not None and (not isinstance(given, list) or not all(isinstance(v, str) for v in given)):
            raise ApiError(ErrorType.INVALID_DATA, f"Invalid Data: {name} is a list of texts", 400)
        if name != "status" and len(given or []) > 100:
            raise ApiError(ErrorType.INVALID_DATA, f"Invalid Data: at most 100 {name}", 400)
    if body.get("groupId") is not None and not isinstance(body["groupId"], str):
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: groupId is a text", 400)
    for name, keys in WINDOWS.items():
        window = body.get(name)
        if window is not None and not (_is_window(window) and all(k in window for k in keys)):
            raise ApiError(ErrorType.INVALID_DATA, f"Invalid Data: {name} needs {' and '.join(keys)} in milliseconds",
                           400)
    updated = body.get("lastUpdatedAt")
    if updated and updated["endsAt"] - updated["startsAt"] > 30 * DAY_MS:
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: lastUpdatedAt date range cannot be greater than 30 days",
                       400)
    if (body.get("pickupTime") is None) != (body.get("deliveryTime") is None):
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: pickupTime and deliveryTime go together", 400)


def _matches(order: dict, body: dict) -> bool:
    """`order` against filters `_check_filters` passed; an order's own times are read with care: one
    stored before they were checked cannot stop the list for everyone."""
    updated, created = body.get("lastUpdatedAt"), body.get("createdAt")
    pickup, delivery = body.get("pickupTime"), body.get("deliveryTime")
    if body.get("orderExternalIds") and order["orderExternalId"] not in body["orderExternalIds"]:
        return False
    if body.get("locationExternalIds") and order["locationExternalId"] not in body["locationExternalIds"]:
        return False
    if body.get("status") and order["status"] not in body["status"]:
        return False
    if body.get("groupId") is not None and order.get("groupId") != body["groupId"]:
        return False
    if updated and not updated["startsAt"] <= order["_updatedMs"] <= updated["endsAt"]:
        return False
    if created and not created["startsAt"] <= order["_createdMs"] <= created["endsAt"]:
        return False
    if pickup and not _at(order, "pickupTime", "startsAt") >= pickup["startsAt"]:
        return False
    if delivery and not _at(order, "deliveryTime", "endsAt") <= delivery["endsAt"]:
        return False
    if not (updated or created or body.get("orderExternalIds")):
        return order["_createdMs"] >= millis() - DAY_MS  # by default, the last 24 hours
    return True


def _at(order: dict, name: str, key: str) -> int:
    window = order.get(name)
    return window[key] if _is_window(window) and key in window else 0


def _token(offset: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def _offset(token: object) -> int:
    if token in (None, ""):
        return 0
    try:
        offset = loads(base64.urlsafe_b64decode(str(token)))["offset"]
        if not isinstance(offset, int) or isinstance(offset, bool):
            raise TypeError("not a whole number")
        return max(0, offset)
    except (ValueError, KeyError, TypeError):
        raise ApiError(ErrorType.INVALID_DATA, "Invalid Data: paginationToken is not one we gave", 400) from None


@shipping_api.get("/<except(list):external_id>")
def get_order(external_id: str) -> Response:
    return jsonify(public(_order_or_404(external_id)))


@shipping_api.put("/<except(list):external_id>")
def edit(external_id: str) -> Response:
    order = _order_or_404(external_id, invalid_status=400)
    body = json_body()
    unknown = set(body) - EDITABLE
    if unknown:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"Invalid Data: cannot edit {', '.join(sorted(unknown))}")
    _check_fields(body, bad_value=ErrorType.INVALID_DATA)
    if "package" in body:
        body = {**body, "package": _package(_check_package(body["package"]))}
    dispatched = order["status"] != UNPLACED
    if dispatched and "package" in body and body["package"] != order.get("package"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "packages parameter cannot be changed post order dispatch")
    if "deliveryAddress" in body:
        _check_address(body["deliveryAddress"])
    changed = {**order, **body}
    if "locationExternalId" in body:
        _check_location(body["locationExternalId"])
    if {"locationExternalId", "package"} & set(body):
        book().estimates(changed)  # some provider must still be able to carry it
    if body.get("orderExternalId", external_id) != external_id and book().by_external_id(body["orderExternalId"]):
        raise ApiError(ErrorType.DUPLICATE_ID, "Resource with provided id already exists.")
    now = max(millis(), order["_updatedMs"])
    changed.update(_updatedMs=now, lastUpdatedAt=iso_millis(now))
    book().save(changed)
    return jsonify(public(changed))


@shipping_api.delete("/<except(list):external_id>")
def cancel(external_id: str) -> Response:
    order = _order_or_404(external_id)
    if order["status"] == "ORDER_CANCELLED":
        raise ApiError(ErrorType.ORDER_ALREADY_CANCELED, "Requested order is already in Cancelled state.")
    provider = book().providers.get((order.get("provider") or {}).get("id", ""))
    if provider is not None and not provider.cancellable:
        raise ApiError(ErrorType.CANCELLATION_NOT_ALLOWED, "Provider does not allow cancellation of orders.")
    if order["status"] in ("ORDER_DELIVERED", "PICKUP_COMPLETED"):
        raise ApiError(ErrorType.ORDER_CANCELLATION_FAILED, "Provider failed to cancel order")
    order = book().record_status(order, "ORDER_CANCELLED")
    book().save(order)
    return jsonify(public(order))


@shipping_api.get("/<except(list):external_id>/status-history")
def status_history(external_id: str) -> Response:
    order = book().by_external_id(external_id)
    return jsonify(book().history(order) if order else [])


@shipping_api.post("/<except(list):external_id>/retry")
def retry(external_id: str) -> tuple[Response, int]:
    order = _order_or_404(external_id)
    if order["status"] != UNPLACED:
        raise ApiError(ErrorType.INVALID_OPERATION, "The Order can no longer be retried")
    order = _dispatch(order)
    book().save(order)
    return jsonify(public(order)), 201


