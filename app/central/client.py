"""HTTP client of the central system's store API: one requests Session, timeouts, bearer token.

A client is used by one thread; each worker makes its own (requests Sessions are not shared
across threads).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from app.central.errors import CentralError, CentralUnreachable
from app.domain.dropoff import DropOff
from app.domain.errors import ErrorType, classify_response
from app.domain.parcels import Parcel, parcel_from_json
from app.domain.text import bounded, bounded_strings

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

STORE_API = "/store/api/v1"
MAX_TEXT = 2000  # characters of any one text in an answer; the longest a field of ours shows is 500


def _reason(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("reason") if isinstance(body, dict) else None


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None  # an HTTP date: rare enough to fall back to our own backoff


@dataclass(frozen=True)
class Unreadable:
    """A record of a feed this counter could not read: kept aside (F6), never fatal to the feed."""

    feed: str  # "parcel" or "web order"
    record: object  # as it came
    error: str


@dataclass(frozen=True)
class Changes:
    parcels: list[Parcel]
    weborders: list[dict]  # as the central system sent them (seed 003's fields)
    cursor: str  # ask from here next time
    more: bool  # another page is waiting
    etag: str | None  # send it back as If-None-Match: the answer is 304 until something changes
    unreadable: list[Unreadable] = field(default_factory=list)


_ORDER_KEYS = ("OrderNo", "ShopId", "Status")
WEB_ORDER_TEXT = 500  # characters of any one text of a web order (a name, an item) the counter keeps


def _readable(parcels: list, weborders: list) -> tuple[list[Parcel], list[dict], list[Unreadable]]:
    """The records of a page that can be read, and those set aside with why."""
    read, orders, aside = [], [], []
    for record in parcels:
        try:
            read.append(parcel_from_json(record))
        except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError) as exc:
            aside.append(Unreadable("parcel", record, f"{type(exc).__name__}: {exc}"))
    for order in weborders:
        if isinstance(order, dict) and all(isinstance(order.get(k), str) and order[k] for k in _ORDER_KEYS):
            orders.append(bounded_strings(order, WEB_ORDER_TEXT))
        else:
            aside.append(Unreadable("web order", order, f"needs {', '.join(_ORDER_KEYS)} as text"))
    return read, orders, aside


class CentralClient:
    def __init__(self, base_url: str, token: str, *, timeout: tuple[float, float] = (3.0, 10.0)):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._token = token

    @cached_property
    def session(self) -> requests.Session:
        # requests takes a fifth of a second to load: the first request loads it, on its worker's
        # thread, rather than the counter's start
        import requests

        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {self._token}"
        session.headers["Accept"] = "application/json"
        return session

    def close(self) -> None:
        if "session" in self.__dict__:
            self.session.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        from requests import RequestException

        url = f"{self.base_url}{STORE_API}{path}"
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except RequestException as exc:
            raise CentralUnreachable(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 400:
            raise CentralError(self._error_info(response), _retry_after(response), _reason(response))
        return response

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._json(self._request(method, path, **kwargs))

    @staticmethod
    def _json(response: requests.Response) -> Any:
        """The answer's JSON, no text in it longer than MAX_TEXT (what a field of it may then show is
        cut further where it is read, as parcel_from_json does)."""
        try:
            return bounded_strings(response.json(), MAX_TEXT)
        except ValueError:
            raise CentralError(
                classify_response(response.status_code, ErrorType.UNMAPPED_ERROR.value, "answer is not JSON")
            ) from None

    @staticmethod
    def _error_info(response: requests.Response):
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        return classify_response(response.status_code, bounded(body.get("type") or "", 64) or None,
                                 bounded(body.get("message", ""), MAX_TEXT))

    def ping(self) -> None:
        self._call("GET", "/ping")

    def changes_since(self, store_id: str, cursor: str, limit: int = 1000, *,
                      etag: str | None = None) -> Changes | None:
        """Parcels and web orders of `store_id` changed after `cursor` (``<parcels>.<webOrders>``), in one
        request; None when `etag` says nothing changed (304)."""
        response = self._request("GET", f"/stores/{store_id}/changes", params={"since": cursor, "limit": limit},
                                 headers={"If-None-Match": etag} if etag else {})
        if response.status_code == 304:
            return None
        body = self._json(response)
        parcels, orders, unreadable = _readable(body["parcels"], body["webOrders"])
        return Changes(parcels, orders, str(body["cursor"]), bool(body["more"]), response.headers.get("ETag"),
                       unreadable)

    def parcel(self, tracking_number: str) -> Parcel | None:
        """The central system's view of one parcel, None if it does not know the number."""
        try:
            return parcel_from_json(self._call("GET", f"/parcels/{tracking_number}"))
        except CentralError as exc:
            if exc.info.type is ErrorType.NOT_FOUND:
                return None
            raise

    def parcel_by_code(self, code: str) -> Parcel | None:
        """The parcel a CLAIM CODE belongs to, None if the central system does not know the code."""
        try:
            return parcel_from_json(self._call("GET", f"/codes/{code}")["parcel"])
        except CentralError as exc:
            if exc.info.type is ErrorType.NOT_FOUND:
                return None
            raise

    def rates(self) -> dict:
        """The drop-off rate table, to cache for quoting offline."""
        return self._call("GET", "/rates")["rates"]

    def dropoff_quote(self, dropoff: DropOff) -> dict:
        """``{"amountDue", "provider": {"displayName", …}, "estimates"}``; limits are checked centrally too."""
        return self._call("POST", "/dropoff/quote", json={
            "deliveryType": dropoff.delivery_type, "dest": dropoff.dest,
            "amountCollect": f"{dropoff.amount_collect:.2f}", **dropoff.package()})

    def tracking_numbers(self, store_id: str, terminal_id: str, count: int) -> list[str]:
        """A block of tracking numbers reserved for this terminal's drop-offs."""
        return self._call("POST", f"/stores/{store_id}/terminals/{terminal_id}/tracking-numbers",
                          json={"count": count})["trackingNumbers"]

    def pullout_list(self, store_id: str) -> list[dict]:
        """The store's APO items, parcel records FOR PULL OUT with their ``pullOutReason`` (the central
        system runs its jobs first)."""
        return self._call("GET", f"/stores/{store_id}/pullout")["items"]

    def tracking(self, tracking_numbers: list[str]) -> dict[str, dict]:
        """Timelines in seed 002's scan shape, newest first: {number: {valid, scans, latest_status}}."""
        return self._call("GET", "/tracking", params={"waybills": ",".join(tracking_numbers)})["results"]

    def validate_return(self, reference: str, store_id: str) -> dict:
        """The return registered for an order number, UID or waybill (seed 001's rules checked centrally):
        ``{returnCode, trackingNumber, merchant, merchantReference, validUntil, status}``; CentralError
        with a ``reason`` (RETURN_NOT_REGISTERED, RETURN_EXPIRED, RETURN_ALREADY_USED, …) when refused."""
        return self._call("POST", "/returns/validate", json={"reference": reference, "storeId": store_id})["return"]

    def issue_return(self, reference: str, store_id: str) -> dict:
        """FOR RETURN at this store, with the RETURN CODE; asking again gives the same code."""
        return self._call("POST", "/returns/issue", json={"reference": reference, "storeId": store_id})

    def registered_returns(self, since: int, limit: int = 1000) -> dict:
        """Return IDs changed after `since` (no codes): ``{returns, cursor, more}``, for an offline kiosk."""
        return self._call("GET", "/returns/registered", params={"since": since, "limit": limit})

    def return_codes(self, store_id: str, terminal_id: str, count: int) -> list[str]:
        """A block of RETURN CODEs reserved for this kiosk's offline returns."""
        return self._call("POST", f"/stores/{store_id}/terminals/{terminal_id}/return-codes",
                          json={"count": count})["returnCodes"]

    def post_events(self, events: list[dict]) -> list[dict]:
        """Send a batch of events; the answer has one result per event, in order."""
        return self._call("POST", "/events", json={"events": events})["results"]
