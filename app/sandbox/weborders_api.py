"""The web shop's side of click-and-collect (seed 003), under ``/webshop/api/v1`` (bearer token).

The seed names the routes but not their paths; these are ours:

* ``POST /weborders``: a web order with lines by ``VariantId`` (unique per group).
* ``POST /weborders/ean``: lines by ``Ean`` (not unique: each line says which variant was used,
  and ``Candidates`` when several matched).
* ``GET /weborders?status=&shopId=``: ``status`` ``all``, ``All`` or ``0`` for all, else names or numbers.
* ``GET /weborders/<OrderNo>``, ``DELETE /weborders/<OrderNo>`` (cancel), ``GET /weborders/<OrderNo>/ledger``
  (sales, item transfers, refunds).
* ``POST /sales``: the sale bound to the ``OrderNo``, made by the integrator once the order is delivered.

The shop's side (poll, pick, deliver, return) is the store API's.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from app.domain.clock import now_iso
from app.domain.errors import ErrorType
from app.domain.weborders import WebOrderStatus, status_filter, valid_ean13
from app.sandbox.errors import ApiError
from app.sandbox.requests_ import json_body, known_store, text
from app.sandbox.weborders import WebOrderBook

weborders_api = Blueprint("weborders", __name__, url_prefix="/webshop/api/v1")


def book() -> WebOrderBook:
    return current_app.config["SANDBOX_WEBORDERS"]


def _quantity(line: dict) -> int:
    quantity = line.get("Quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= 999:
        raise ApiError(ErrorType.VALIDATION_ERROR, "each line needs a Quantity from 1 to 999")
    return quantity


def _line(variant: dict, quantity: int, matched_by: str) -> dict:
    return {"VariantId": variant["variant_id"], "Ean": variant["ean"], "Name": variant["name"],
            "Price": variant["price"], "Quantity": quantity, "LocationHint": variant["location_hint"],
            "MatchedBy": matched_by}


def _by_variant(line: dict) -> dict:
    variant = book().variant(str(line.get("VariantId", "")))
    if variant is None:
        raise ApiError(ErrorType.INVALID_DATA, f"No such VariantId {line.get('VariantId')!r} in this group")
    return _line(variant, _quantity(line), "VariantId")


def _by_ean(line: dict) -> dict:
    ean = str(line.get("Ean", ""))
    if not valid_ean13(ean):
        raise ApiError(ErrorType.VALIDATION_ERROR, f"Ean {ean!r} is not a valid EAN-13")
    matches = book().by_ean(ean)
    if not matches:
        raise ApiError(ErrorType.INVALID_DATA, f"No variant has Ean {ean}")
    chosen = _line(matches[0], _quantity(line), "Ean")
    if len(matches) > 1:
        chosen["Candidates"] = [m["variant_id"] for m in matches]  # the seed: EANs are not ensured unique
    return chosen


def _create(line_reader) -> tuple[Response, int]:
    body = json_body()
    order_no = text(body, "OrderNo", max_length=40)
    if book().order(order_no) is not None:
        raise ApiError(ErrorType.DUPLICATE_ID, f"Web order {order_no} already exists.")
    shop = known_store(current_app.config["SANDBOX_DB"], body, "ShopId")
    web_shop = text(body, "WebShopId", max_length=40)
    if web_shop not in book().web_shops():
        raise ApiError(ErrorType.INVALID_DATA, f"No such WebShopId {web_shop}")
    customer, address = body.get("Customer"), body.get("DeliveryAddress")
    if not isinstance(customer, dict) or not customer.get("Name") or not customer.get("Phone"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Customer needs a Name and a Phone")
    if not isinstance(address, dict) or not all(address.get(k) for k in ("Name", "Street", "City")):
        raise ApiError(ErrorType.VALIDATION_ERROR, "DeliveryAddress needs a Name, a Street and a City")
    lines = body.get("Lines")
    if not isinstance(lines, list) or not lines or not all(isinstance(line, dict) for line in lines):
        raise ApiError(ErrorType.VALIDATION_ERROR, "Lines must be a non-empty list of lines")
    order = {
        "OrderNo": order_no,
        "ShopId": shop["id"],
        "WebShopId": web_shop,
        "TurnoverShopId": book().web_shops()[web_shop],
        "ReturnPolicy": book().return_policy(),  # the terms it is sold under
        "Status": WebOrderStatus.PENDING.name,
        "StatusCode": WebOrderStatus.PENDING.value,
        "Customer": customer,
        "DeliveryAddress": address,
        "Lines": [line_reader(line) for line in lines],
        "CreatedAt": now_iso(),
    }
    book().save(order)
    return jsonify(order), 201


@weborders_api.post("/weborders")
def create_by_variant() -> tuple[Response, int]:
    return _create(_by_variant)


@weborders_api.post("/weborders/ean")
def create_by_ean() -> tuple[Response, int]:
    return _create(_by_ean)


@weborders_api.get("/weborders")
def query() -> Response:
    try:
        statuses = status_filter(request.args.get("status"))
    except ValueError as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, str(exc)) from None
    return jsonify({"WebOrders": book().orders(statuses, request.args.get("shopId"))})


def _order(order_no: str) -> dict:
    order = book().order(order_no)
    if order is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: web order {order_no} is not found")
    return order


@weborders_api.get("/weborders/<except(ean):order_no>")
def one(order_no: str) -> Response:
    return jsonify(_order(order_no))


@weborders_api.delete("/weborders/<except(ean):order_no>")
def cancel(order_no: str) -> Response:
    order = _order(order_no)
    return jsonify(book().move(order, WebOrderStatus.CANCELLED, order["ShopId"], {}))


@weborders_api.get("/weborders/<except(ean):order_no>/ledger")
def ledger(order_no: str) -> Response:
    _order(order_no)
    return jsonify({"Sales": book().sales(order_no), "Transfers": book().transfers(order_no),
                    "Refunds": book().refunds(order_no)})


@weborders_api.post("/sales")
def sale() -> tuple[Response, int]:
    body = json_body()
    order = _order(text(body, "OrderNo", max_length=40))
    if order["Status"] != WebOrderStatus.DELIVERED.name:
        raise ApiError(ErrorType.INVALID_OPERATION, f"Web order {order['OrderNo']} is {order['Status']}: a sale is "
                                                    "made once it is delivered")
    shop = text(body, "ShopId", max_length=10)
    return jsonify(book().record_sale(order, shop, order.get("Picked") or order["Lines"])), 201
