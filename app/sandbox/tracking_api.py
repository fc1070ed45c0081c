"""The tracking API of seed 002 (Clickpost style), at the seed's paths, authorised by the ``key`` parameter.

* ``POST /api/v1/register-service/``: ``{"key", "service_id"}`` (1 orders, 2 tracking, 3 recommendations).
* ``POST /api/v2/tracking/awb-register/`` and ``POST /api/v1/tracking/awb-unregister/``.
* ``GET /api/v2/track-order/?username=&key=&waybill=a,b&cp_id=``: ``latest_status``, ``scans`` (newest
  first), ``additional``; ``"valid": false`` for a waybill not registered.
* ``POST /api/v1/tracking/webhook/``: ``{"key", "url", "webhook_key"}``, our stand-in for the seed's
  dashboard switch; every scan of a registered waybill is then POSTed with a ``webhook_key`` header.
* ``POST /api/v1/test_webhook?key=``: ``{"test_url", "test_data"}`` is POSTed to ``test_url``.

Waybills that are parcels of ours read their scans from the parcel's history; other waybills get
scans from ``POST /sandbox/tracking/scan`` (a simulated courier).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import requests
from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest

from app.domain.parcels import Actor, ParcelStatus
from app.domain.tracking import PARCEL_TRACKING, STATUSES, ndr_for
from app.sandbox.database import SandboxDb, seed_timestamp
from app.sandbox.strict_json import LARGEST_INT, unreadable

tracking_api = Blueprint("tracking", __name__)
TRACKING_SERVICE = 2


class TrackingBook:
    """Registered waybills, simulated courier scans and the webhook setting, in the sandbox's database."""

    def __init__(self, db: SandboxDb):
        self.db = db
        t = db.utils
        t["tracking_awbs"].create(
            {"waybill": str, "tracking_id": int, "cp_id": int, "account_code": str, "details": str,
             "registered_at": str},
            pk="waybill",
            if_not_exists=True,
        )
        t["tracking_scans"].create(
            {"id": int, "waybill": str, "code": int, "status": str, "location": str, "remark": str,
             "timestamp": str, "ndr": int},
            pk="id",
            if_not_exists=True,
        )
        t["tracking_scans"].create_index(["waybill", "id"], if_not_exists=True)
        db.listeners.append(self._parcel_changed)

    def _meta(self, key: str) -> str | None:
        rows = self.db._rows("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def _set_meta(self, key: str, value: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def register_service(self, service_id: int) -> None:
        services = set(json.loads(self._meta("tracking_services") or "[]")) | {service_id}
        self._set_meta("tracking_services", json.dumps(sorted(services)))

    def has_service(self, service_id: int) -> bool:
        return service_id in json.loads(self._meta("tracking_services") or "[]")

    def set_webhook(self, url: str, webhook_key: str, events: list[int] | None = None) -> None:
        """Where webhooks go; with `events` (NOTIFICATION_EVENTS ids), only for those events, each
        saying which in ``notification_event_id`` (seed 002's "selected events" service)."""
        self._set_meta("tracking_webhook", json.dumps({"url": url, "webhook_key": webhook_key, "events": events}))

    def webhook_key(self) -> str:
        return json.loads(self._meta("tracking_webhook") or "{}").get("webhook_key", "")

    def register(self, waybill: str, cp_id: int, account_code: str, details: dict) -> int:
        with self.db.transaction() as conn:
            row = conn.execute("SELECT tracking_id FROM tracking_awbs WHERE waybill = ?", (waybill,)).fetchone()
            tracking_id = row[0] if row else (conn.execute(
                "SELECT coalesce(max(tracking_id), 1188263) + 1 FROM tracking_awbs").fetchone()[0])
            conn.execute(
                "INSERT OR REPLACE INTO tracking_awbs VALUES (?, ?, ?, ?, ?, ?)",
                (waybill, tracking_id, cp_id, account_code, json.dumps(details), seed_timestamp()),
            )
        return tracking_id

    def unregister(self, waybill: str) -> bool:
        with self.db.transaction() as conn:
            return conn.execute("DELETE FROM tracking_awbs WHERE waybill = ?", (waybill,)).rowcount > 0

    def awb(self, waybill: str) -> dict | None:
        rows = self.db._rows("SELECT * FROM tracking_awbs WHERE waybill = ?", (waybill,))
        return dict(rows[0]) if rows else None

    def add_scan(self, waybill: str, code: int, status: str, location: str, remark: str, ndr: int | None) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO tracking_scans (waybill, code, status, location, remark, timestamp, ndr) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (waybill, code, status, location, remark, seed_timestamp(), ndr),
            )
            self._notify(waybill)

    def scans(self, waybill: str) -> list[dict]:
        """Every scan of a waybill, oldest first, in the seed's scan shape (plus ``ndr`` when failed)."""
        awb = self.awb(waybill) or {"tracking_id": 0}
        found = []
        if self.db.record(waybill) is not None:
            for row in self.db.history(waybill):
                code, ndr = PARCEL_TRACKING[ParcelStatus(row["status"])]
                remark = f"{row['status']} ({row['actor']})"
                found.append(_scan(code, row["status"], row["location"], remark, row["timestamp"], ndr and int(ndr)))
        rows = self.db._rows("SELECT * FROM tracking_scans WHERE waybill = ? ORDER BY id", (waybill,))
        found += [_scan(r["code"], r["status"], r["location"], r["remark"], r["timestamp"], r["ndr"]) for r in rows]
        found.sort(key=lambda s: s["timestamp"])  # stable: same-second scans keep their order
        for number, scan in enumerate(found, start=1):
            scan.update(tracking_id=awb["tracking_id"], checkpoint_id=awb["tracking_id"] * 1000 + number)
        return found

    def latest(self, waybill: str) -> dict | None:
        scans = self.scans(waybill)
        return _latest(scans[-1]) if scans else None

    def _parcel_changed(self, record: dict, actor: Actor, location: str, timestamp: str) -> None:
        self._notify(record["trackingNumber"])

    def _notify(self, waybill: str) -> None:
        """Queue the webhook for the waybill's newest scan (inside the caller's transaction)."""
        setting = self._meta("tracking_webhook")
        awb = self.awb(waybill)
        if not setting or awb is None:
            return
        webhook = json.loads(setting)
        scan = self.scans(waybill)[-1]
        event = next((e for e, codes in NOTIFICATION_EVENTS.items() if scan["clickpost_status_code"] in codes), None)
        if webhook.get("events") is not None and event not in webhook["events"]:
            return  # the client opted for selected events, and this is not one of them
        payload = {
            "waybill": waybill,
            "clickpost_status_code": scan["clickpost_status_code"],
            "cp_id": awb["cp_id"],
            "clickpost_status_description": scan["clickpost_status_description"],
            "status": scan["status"],
            "location": scan["location"],
            "timestamp": _iso(scan["timestamp"]),
            "remark": scan["remark"],
            "additional": {"latest_status": _latest(scan)},
        }
        if webhook.get("events") is not None:
            payload["additional"]["notification_event_id"] = event
        if scan.get("ndr") is not None:
            reason = ndr_for(scan["ndr"])
            payload["additional"].update(ndr_status_code=int(reason), ndr_status_description=reason.description)
        self.db.queue_webhook("tracking", webhook["url"], payload, headers={"webhook_key": webhook["webhook_key"]})

    def refresh(self, payload: dict) -> dict:
        """Seed 002: latest_status is the latest at the time the webhook is sent, not when it was queued."""
        latest = self.latest(payload["waybill"])
        if latest is None:
            return payload
        latest = {**latest, "timestamp": _iso(latest["timestamp"])}
        return {**payload, "additional": {**payload["additional"], "latest_status": latest}}


def _scan(code: int, status: str, location: str, remark: str, timestamp: str, ndr: int | None) -> dict:
    known = STATUSES[code]
    scan = {
        "clickpost_status_description": known.description,
        "clickpost_status_code": code,
        "clickpost_status_bucket": int(known.bucket),
        "status": status,
        "location": location or "",
        "remark": remark,
        "timestamp": timestamp,
    }
    if ndr is not None:
        scan["ndr"] = ndr
    return scan


def _latest(scan: dict) -> dict:
    return {k: scan[k] for k in ("clickpost_status_description", "clickpost_status_code", "clickpost_status_bucket",
                                 "status", "location", "remark", "timestamp")}


def _iso(seed_time: str) -> str:
    return datetime.strptime(seed_time, "%Y-%m-%d %H:%M:%S").strftime("%Y-%m-%dT%H:%M:%SZ")


# Seed 002's selected events (notification_event_id) and the clickpost status codes each stands for.
NOTIFICATION_EVENTS = {1: {25}, 2: {4}, 3: {6}, 4: {9}, 5: {8}, 6: {11, 12}, 12: {14}}  # 12: RTO-Delivered


def book() -> TrackingBook:
    return current_app.config["SANDBOX_TRACKING"]


def meta(message: str = "SUCCESS", status: int = 200) -> dict:
    return {"message": message, "status": status, "success": status == 200}


class Refused(Exception):
    """A request the tracking API refuses; answered as ``{"meta": {... "success": false}}``."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def refusal_answer(message: str, status: int) -> tuple[Response, int]:
    """An error in the tracking API's own shape, ``{"meta": {... "success": false}, "result": null}``."""
    return jsonify({"meta": meta(message, status), "result": None}), status


@tracking_api.errorhandler(Refused)
def _refused(exc: Refused) -> tuple[Response, int]:
    return refusal_answer(exc.message, exc.status)


def check_key(key: object) -> None:
    if key != current_app.config["SANDBOX_TOKEN"]:
        raise Refused("Invalid or missing API key", 401)


def check_tracking(key: object) -> None:
    check_key(key)
    if not book().has_service(TRACKING_SERVICE):
        raise Refused("You have to be registered for tracking service (service_id 2) to use this api")


def waybills_and_cp(source: dict) -> tuple[list[str], int]:
    waybills = [w.strip() for w in str(source.get("waybill") or "").split(",") if w.strip()]
    if not waybills:
        raise Refused("waybill is required")
    try:
        cp_id = int(source.get("cp_id"))
        if abs(cp_id) > LARGEST_INT:
            raise ValueError("cp_id beyond a 64-bit integer")
        return waybills, cp_id
    except (TypeError, ValueError):
        raise Refused("cp_id is required (an integer)") from None


def _body() -> dict:
    if not (request.is_json and request.get_data()):
        return {}
    try:
        body = request.get_json()
    except BadRequest as exc:  # not JSON, or JSON the sandbox does not take (app.sandbox.strict_json)
        raise Refused(unreadable(exc)) from None
    return body if isinstance(body, dict) else {}


@tracking_api.post("/api/v1/register-service/")
def register_service() -> Response:
    body = _body()
    check_key(body.get("key"))
    if body.get("service_id") not in (1, 2, 3):
        raise Refused("service_id must be 1, 2 or 3")
    book().register_service(body["service_id"])
    return jsonify({"message": "SUCCESS", "status_code": 200, "success": True})


@tracking_api.post("/api/v2/tracking/awb-register/")
def awb_register() -> Response:
    body = _body()
    check_tracking(body.get("key"))
    waybills, cp_id = waybills_and_cp(body)
    details = {k: body[k] for k in ("consumer_details", "shipment_info", "additional") if body.get(k) is not None}
    records = []
    for waybill in waybills:  # the field table: "comma separated waybill numbers"
        tracking_id = book().register(waybill, cp_id, str(body.get("account_code") or ""), details)
        records.append({"security_key": str(uuid.uuid5(uuid.NAMESPACE_OID, waybill)),
                        "consumer_details": {"id": tracking_id}, "shipment_info": {"id": tracking_id},
                        "tracking_id": tracking_id})
    return jsonify({"meta": meta(), "result": records[0] if len(records) == 1 else records})


@tracking_api.post("/api/v1/tracking/awb-unregister/")
def awb_unregister() -> Response:
    body = _body()
    check_tracking(body.get("key"))
    waybills, _ = waybills_and_cp(body)
    unknown = [w for w in waybills if book().awb(w) is None]
    if unknown:  # refused whole: none of the waybills is unregistered
        raise Refused(f"waybill {', '.join(unknown)[:200]} is not registered for tracking")
    for waybill in waybills:
        book().unregister(waybill)
    records = [{"awb": waybill} for waybill in waybills]  # "a record per comma-separated waybill"
    return jsonify({"meta": meta(), "result": records[0] if len(records) == 1 else records})


@tracking_api.get("/api/v2/track-order/")
def track_order() -> Response:
    check_tracking(request.args.get("key"))
    if not request.args.get("username"):
        raise Refused("username is required")
    waybills, _ = waybills_and_cp(request.args)
    return jsonify({"meta": meta(), "result": {waybill: _tracking_record(waybill) for waybill in waybills}})


def _tracking_record(waybill: str) -> dict:
    """Seed 002: valid is false only for a wrong or unregistered waybill; one registered and not
    scanned yet is valid, with no scans and no latest status."""
    if book().awb(waybill) is None:
        return {"valid": False}
    scans = book().scans(waybill)
    record = {
        "additional": {"is_stuck": False, "dest_hub_inscan": any(s["clickpost_status_bucket"] >= 4 for s in scans),
                       "order_detail": [], "edd": {"min_sla": 2, "max_sla": 5}},
        "scans": [{k: v for k, v in s.items() if k != "ndr"} for s in reversed(scans)],
        "valid": True,
    }
    if scans:
        record["latest_status"] = _latest(scans[-1])
    return record


@tracking_api.post("/api/v1/tracking/webhook/")
def set_tracking_webhook() -> Response:
    body = _body()
    check_tracking(body.get("key"))
    url = str(body.get("url") or "")
    if not url.startswith(("http://", "https://")):
        raise Refused("url must be an http(s) URL")
    events = body.get("notification_events")
    if events is not None and (not isinstance(events, list) or not set(events) <= set(NOTIFICATION_EVENTS)
                               or any(isinstance(e, bool) for e in events)):
        raise Refused(f"notification_events is a list of {', '.join(map(str, NOTIFICATION_EVENTS))}")
    book().set_webhook(url, str(body.get("webhook_key") or ""), events)
    return jsonify({"meta": meta(), "result": {"url": url}})


@tracking_api.post("/api/v1/test_webhook")
def test_webhook() -> Response:
    check_key(request.args.get("key"))
    body = _body()
    url, data = body.get("test_url"), body.get("test_data")
    if not isinstance(url, str) or not url.startswith(("http://", "https://")) or not isinstance(data, dict):
        raise Refused("test_url (an http(s) URL) and test_data (an object) are required")
    try:
        answer = requests.post(url, json=data, headers={"webhook_key": book().webhook_key()}, timeout=5)
    except requests.RequestException as exc:
        raise Refused(f"could not reach test_url: {type(exc).__name__}") from None
    return jsonify({"meta": meta(), "result": {"test_url": url, "response_status": answer.status_code}})
