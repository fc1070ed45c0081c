"""Sandbox controls, under ``/sandbox`` (bearer token): what it received, faults, and simulated scans.

* ``GET /sandbox/events?trackingNumber=``: counter events received, with the answers given.
* ``GET /sandbox/parcels/<trackingNumber>/history``: every status with its actor, location and time.
* ``GET /sandbox/webhooks?merchantCode=``: webhook deliveries with their attempts.
* ``POST /sandbox/simulate``: a step no store performs (``actor``: ``DC_SCAN``, ``TRUCKER_SCAN``,
  ``PROVIDER``, ``ECMS_JOB``): ``{"trackingNumber", "status", "actor", "location"}``.
* ``POST /sandbox/tracking/scan``: a simulated courier's scan of a waybill registered for tracking.
* ``GET|PUT /sandbox/shipping/orchestration``: the shipping providers' rules and modes (seed 004).
* ``POST /sandbox/shipping/<orderExternalId>/status``: a simulated provider's status update.
* ``GET|PUT /sandbox/weborders/config``: the group's return policy and web shops' turnover shop ids.
* ``POST|DELETE /sandbox/faults``: inject or clear faults.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from app.domain.errors import ErrorType
from app.domain.parcels import Actor, IllegalTransition, ParcelStatus
from app.domain.tracking import STATUSES
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError
from app.sandbox.faults import Fault, Faults
from app.sandbox.requests_ import json_body, text
from app.sandbox.shipping import ShippingBook
from app.sandbox.tracking_api import TrackingBook
from app.sandbox.weborders import WebOrderBook

admin_api = Blueprint("admin", __name__, url_prefix="/sandbox")

PROVIDER_STATUSES = ("PICKUP_STARTED", "PICKUP_COMPLETED", "ORDER_DELIVERED", "ORDER_UNDELIVERABLE")
# Actors with no API of their own in the seeds; a merchant cancels a parcel through the central system's
# back office, which the seeds do not document.
SIMULATED_ACTORS = {Actor.DC_SCAN, Actor.TRUCKER_SCAN, Actor.PROVIDER, Actor.ECMS_JOB, Actor.MERCHANT}


def db() -> SandboxDb:
    return current_app.config["SANDBOX_DB"]


def faults() -> Faults:
    return current_app.config["SANDBOX_FAULTS"]


@admin_api.get("/events")
def received_events() -> Response:
    return jsonify({"events": db().events(request.args.get("trackingNumber"))})


@admin_api.get("/parcels/<tracking_number>/history")
def history(tracking_number: str) -> Response:
    if db().record(tracking_number) is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: parcel {tracking_number} is not found")
    return jsonify({"trackingNumber": tracking_number, "history": db().history(tracking_number)})


@admin_api.get("/webhooks")
def webhooks() -> Response:
    return jsonify({"deliveries": db().webhooks(request.args.get("merchantCode"))})


@admin_api.post("/simulate")
def simulate() -> Response:
    body = json_body()
    tracking_number = text(body, "trackingNumber", max_length=17)
    try:
        status = ParcelStatus(text(body, "status", max_length=40))
        actor = Actor[text(body, "actor", max_length=20)]
    except (ValueError, KeyError) as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"unknown status or actor: {exc}") from None
    if actor not in SIMULATED_ACTORS:
        names = ", ".join(sorted(a.name for a in SIMULATED_ACTORS))
        raise ApiError(ErrorType.VALIDATION_ERROR, f"actor must be one of {names}; stores use the store API")
    try:
        record = db().change_status(tracking_number, status, actor, text(body, "location", required=False))
    except KeyError:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: parcel {tracking_number} is not found") from None
    except IllegalTransition as exc:
        raise ApiError(ErrorType.INVALID_OPERATION, str(exc)) from None
    return jsonify(record)


@admin_api.post("/tracking/scan")
def courier_scan() -> Response:
    """A simulated courier's scan of a waybill registered with the tracking API (seed 002 codes)."""
    body = json_body()
    waybill = text(body, "waybill", max_length=50)
    code = body.get("clickpost_status_code")
    if code not in STATUSES:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"clickpost_status_code must be one of {sorted(STATUSES)}")
    ndr = body.get("ndr_status_code")
    if (ndr is not None) != (code == 9):
        raise ApiError(ErrorType.VALIDATION_ERROR, "ndr_status_code goes with clickpost_status_code 9, and only then")
    book: TrackingBook = current_app.config["SANDBOX_TRACKING"]
    if book.awb(waybill) is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: waybill {waybill} is not registered for tracking")
    book.add_scan(waybill, code, text(body, "status", max_length=200), text(body, "location", required=False),
                  text(body, "remark", max_length=200, required=False), ndr)
    return jsonify({"waybill": waybill, "scans": book.scans(waybill)})


@admin_api.get("/shipping/orchestration")
def orchestration() -> Response:
    shipping: ShippingBook = current_app.config["SANDBOX_SHIPPING"]
    return jsonify(shipping.orchestration.to_json(shipping.providers))


@admin_api.put("/shipping/orchestration")
def set_orchestration() -> Response:
    """``{"strategy": "cheapest"|"fastest", "allowedProviders": {location: [ids]}, "providers": {id: {"mode",
    "cancellable"}}}``; every part optional."""
    body = json_body()
    shipping: ShippingBook = current_app.config["SANDBOX_SHIPPING"]
    try:
        shipping.configure(body.get("strategy"), body.get("allowedProviders"), body.get("providers"))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"bad orchestration: {exc}") from None
    return jsonify(shipping.orchestration.to_json(shipping.providers))


@admin_api.post("/shipping/<external_id>/status")
def provider_update(external_id: str) -> Response:
    """A simulated provider's update: PICKUP_STARTED, PICKUP_COMPLETED, ORDER_DELIVERED, ORDER_UNDELIVERABLE."""
    body = json_body()
    shipping: ShippingBook = current_app.config["SANDBOX_SHIPPING"]
    order = shipping.by_external_id(external_id)
    if order is None:
        raise ApiError(ErrorType.NOT_FOUND, f"Not Found: Order with id, {external_id}, is not found")
    status = text(body, "status", max_length=40)
    if status not in PROVIDER_STATUSES:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"status must be one of {', '.join(PROVIDER_STATUSES)}")
    order = shipping.record_status(order, status, body.get("note"), str(body.get("statusUser") or "Provider"),
                                   body.get("eventReason"), body.get("subStatus"))
    shipping.save(order)
    return jsonify({k: v for k, v in order.items() if not k.startswith("_")})


@admin_api.get("/weborders/config")
def weborders_config() -> Response:
    weborders: WebOrderBook = current_app.config["SANDBOX_WEBORDERS"]
    return jsonify({"returnPolicy": weborders.return_policy(), "webShops": weborders.web_shops()})


@admin_api.put("/weborders/config")
def set_weborders_config() -> Response:
    """``{"returnPolicy": "REFUND_AT_REGISTER"|"NO_REFUND_AT_REGISTER", "webShops": {id: turnoverShopId|null}}``."""
    body = json_body()
    weborders: WebOrderBook = current_app.config["SANDBOX_WEBORDERS"]
    try:
        if "returnPolicy" in body:
            weborders.set_return_policy(str(body["returnPolicy"]))
        for web_shop, turnover in (body.get("webShops") or {}).items():
            weborders.set_turnover_shop(str(web_shop), turnover)
    except ValueError as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, str(exc)) from None
    return weborders_config()


@admin_api.post("/faults")
def add_fault() -> Response:
    try:
        faults().add(Fault.from_json(json_body()))
    except (TypeError, ValueError) as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"bad fault: {exc}") from None
    return jsonify({"faults": faults().to_json()})


@admin_api.get("/faults")
def list_faults() -> Response:
    return jsonify({"faults": faults().to_json()})


@admin_api.delete("/faults")
def clear_faults() -> Response:
    faults().clear()
    return jsonify({"faults": []})
