"""Shipping orders (seed 004): simulated delivery providers, orchestration rules, orders and their history.

Creating an order asks every provider allowed at the pickup location for an estimate, drops those
that cannot carry the package, and picks one by the orchestration strategy (cheapest or fastest).
A provider can be told to be down (the order is kept, unplaced: PLACE_ORDER_FAILED, transient, and
can be edited and retried) or to answer garbage (UNMAPPED_ERROR).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from app.domain.errors import ErrorType
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError

LB_PER_KG = Decimal("2.20462")
IN_PER_CM = Decimal("0.393701")
DAY_MS = 24 * 3600 * 1000


@dataclass
class Provider:
    id: str
    name: str
    service_type: str
    base_fee: Decimal
    fee_per_lb: Decimal
    minutes: int  # from pickup to delivery
    max_weight_lb: Decimal
    max_side_in: Decimal
    cancellable: bool = True
    mode: str = "ok"  # ok | down (cannot place orders) | unmapped (answers garbage)

    def estimate(self, weight_lb: Decimal) -> dict:
        fee = (self.base_fee + self.fee_per_lb * weight_lb).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return {"name": self.name, "id": self.id, "serviceType": self.service_type, "fee": float(fee),
                "minutes": self.minutes, "services": [{"id": "delivery"}]}

    def public(self) -> dict:
        return {"name": self.name, "id": self.id, "displayName": self.name, "serviceId": "delivery",
                "serviceType": self.service_type}


def demo_providers() -> dict[str, Provider]:
    D = Decimal
    return {
        p.id: p
        for p in (
            Provider("dd", "DoorDash", "Delivery", D("8.00"), D("0.50"), 45, D("30"), D("24"), cancellable=True),
            Provider("pp", "Point Pickup", "Delivery", D("7.00"), D("0.40"), 90, D("50"), D("36"), cancellable=True),
            Provider("ups", "UPS", "Ground", D("6.00"), D("0.30"), 2 * 24 * 60, D("150"), D("108"),
                     cancellable=False),
        )
    }


@dataclass
class Orchestration:
    # cheapest | fastest. Fastest by default: DoorDash, which cancels, so that seed 004's own create
    # then cancel example works; the cheapest (UPS) does not cancel, for CANCELLATION_NOT_ALLOWED.
    strategy: str = "fastest"
    allowed: dict[str, list[str]] = field(default_factory=dict)  # location -> provider ids; absent: all

    def to_json(self, providers: dict[str, Provider]) -> dict:
        return {
            "strategy": self.strategy,
            "allowedProviders": self.allowed,
            "providers": {p.id: {"mode": p.mode, "cancellable": p.cancellable} for p in providers.values()},
        }


def millis() -> int:
    return int(time.time() * 1000)


def iso_millis(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def history_time(ms: int) -> str:
    """Seed 004's status-history time: ``April 27th 2022, 2:45:45 am CDT`` (here in UTC)."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    day = moment.day
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    hour = moment.hour % 12 or 12
    return f"{moment:%B} {day}{suffix} {moment.year}, {hour}:{moment:%M:%S} {moment:%p}".replace(
        " AM", " am").replace(" PM", " pm") + " UTC"


class ShippingBook:
    """The sandbox's shipping orders and provider setup (the token's tenant: one tenant in the sandbox)."""

    TENANT = "sandbox"

    # Pickup locations: the demo stores, and the locations seed 004's examples use.
    EXAMPLE_LOCATIONS = frozenset({"7709", "100983", "NYClocation101"})

    def __init__(self, db: SandboxDb, *, requests_per_second: int = 50):
        self.db = db
        self.providers = demo_providers()
        self.orchestration = Orchestration()
        self.requests_per_second = requests_per_second
        self._window: list[float] = []
        self.lock = threading.Lock()
        t = db.utils
        t["shipping_orders"].create(
            {"id": str, "external_id": str, "location": str, "group_id": str, "status": str, "body": str,
             "created_ms": int, "updated_ms": int},
            pk="id",
            if_not_exists=True,
        )
        t["shipping_orders"].create_index(["external_id"], unique=True, if_not_exists=True)
        t["shipping_orders"].create_index(["created_ms"], if_not_exists=True)

    def locations(self) -> set[str]:
        return {row[0] for row in self.db._rows("SELECT id FROM stores")} | self.EXAMPLE_LOCATIONS

    def allow_request(self) -> bool:
        """The token's rate limit: at most `requests_per_second` in any one second."""
        now = time.monotonic()
        with self.lock:
            self._window = [t for t in self._window if now - t < 1.0]
            if len(self._window) >= self.requests_per_second:
                return False
            self._window.append(now)
            return True

    # Providers ----------------------------------------------------------------------------------

    def configure(self, strategy: str | None, allowed: dict | None, modes: dict | None) -> None:
        with self.lock:
            if strategy is not None:
                if strategy not in ("cheapest", "fastest"):
                    raise ValueError("strategy must be cheapest or fastest")
                self.orchestration.strategy = strategy
            if allowed is not None:
                for location, ids in allowed.items():
                    unknown = set(ids) - set(self.providers)
                    if unknown:
                        raise ValueError(f"unknown provider(s) {sorted(unknown)} for {location}")
                self.orchestration.allowed = {str(k): list(v) for k, v in allowed.items()}
            for provider_id, setting in (modes or {}).items():
                if provider_id not in self.providers:
                    raise ValueError(f"unknown provider {provider_id}")
                mode = setting.get("mode", self.providers[provider_id].mode)
                if mode not in ("ok", "down", "unmapped"):
                    raise ValueError("mode must be ok, down or unmapped")
                self.providers[provider_id] = replace(
                    self.providers[provider_id], mode=mode,
                    cancellable=bool(setting.get("cancellable", self.providers[provider_id].cancellable)))

    def estimates(self, order: dict) -> list[dict]:
        """Estimates of the providers allowed here that can carry the package; hard ApiError when none."""
        location = order["locationExternalId"]
        allowed_ids = self.orchestration.allowed.get(location, list(self.providers))
        if not allowed_ids:
            raise ApiError(ErrorType.NO_PROVIDER_ASSIGNED, "No Provider has been assigned to the mentioned location.")
        weight, side = package_size(order["package"])
        able = [self.providers[i] for i in allowed_ids
                if weight <= self.providers[i].max_weight_lb and side <= self.providers[i].max_side_in]
        if not able:
            raise ApiError(ErrorType.NO_PROVIDER_MATCHED, "No Provider matched the criteria for the requested delivery.")
        return [p.estimate(weight) for p in able]

    def place(self, order: dict) -> tuple[dict, list[dict]]:
        """Choose and book a provider for `order` by the strategy: (chosen estimate, all estimates)."""
        estimates = self.estimates(order)
        key = (lambda e: (e["fee"], e["minutes"])) if self.orchestration.strategy == "cheapest" else (
            lambda e: (e["minutes"], e["fee"]))
        for estimate in sorted(estimates, key=key):
            provider = self.providers[estimate["id"]]
            if provider.mode == "ok":
                return estimate, estimates
            if provider.mode == "unmapped":
                raise ApiError(ErrorType.UNMAPPED_ERROR, "Request received unidentifiable error response.")
        raise ApiError(ErrorType.PLACE_ORDER_FAILED, "Failed to place the requested order with the configured providers.")

    # Orders -------------------------------------------------------------------------------------

    def save(self, order: dict) -> None:
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO shipping_orders (id, external_id, location, group_id, status, body, "
                "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (order["id"], order["orderExternalId"], order["locationExternalId"], order.get("groupId"),
                 order["status"], json.dumps(order), order["_createdMs"], order["_updatedMs"]),
            )

    def by_external_id(self, external_id: str) -> dict | None:
        rows = self.db._rows("SELECT body FROM shipping_orders WHERE external_id = ?", (external_id,))
        return json.loads(rows[0][0]) if rows else None

    def all_orders(self) -> list[dict]:
        return [json.loads(r[0]) for r in self.db._rows("SELECT body FROM shipping_orders ORDER BY created_ms, id")]

    def record_status(self, order: dict, status: str, note: str | None = None, user: str = "Default_Business_Key",
                      reason: dict | None = None, sub_status: str | None = None) -> dict:
        """The order with its new status and a history entry (kept in the order, saved with it)."""
        now = max(millis(), order.get("_updatedMs", 0))
        entry = {"status": status, "updatedAt": history_time(now), "note": note, "statusUser": user}
        if reason:
            entry["eventReason"] = reason
        if sub_status:
            entry["subStatus"] = sub_status
        return {**order, "status": status, "_updatedMs": now, "lastUpdatedAt": iso_millis(now),
                "_history": [*order.get("_history", []), entry]}

    def history(self, order: dict) -> list[dict]:
        return [{"orderId": order["id"], "tenantId": self.TENANT, "orderStatus": order.get("_history", [])}]


def new_order_id() -> str:
    return secrets.token_hex(12)  # 24 hex digits, like the seed's ids


def package_size(package: dict) -> tuple[Decimal, Decimal]:
    """(weight in lb, longest side in inches) of a seed 004 package."""
    weight = package.get("weight") or {}
    value = Decimal(str(weight.get("value", 0)))
    weight_lb = value * LB_PER_KG if weight.get("unit", "lb") == "kg" else value
    size = package.get("size") or {}
    longest = max((Decimal(str(size.get(k, 0))) for k in ("length", "width", "height")), default=Decimal(0))
    side_in = longest * IN_PER_CM if size.get("unit", "in") == "cm" else longest
    return weight_lb, side_in


def public(order: dict) -> dict:
    """The order as the API shows it (without the sandbox's bookkeeping fields)."""
    return {k: v for k, v in order.items() if not k.startswith("_")}


