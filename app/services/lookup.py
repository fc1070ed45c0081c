"""Finding a parcel: the local cache first, the central system when the cache does not know it.

Runs on a worker thread (it may wait on the network), never on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.parcels import Parcel
from app.store.parcels import ParcelCache

log = logging.getLogger(__name__)


class LookupUnavailable(Exception):
    """The cache does not know it and the central system could not be asked; `str()` tells why."""


class ParcelLookup:
    def __init__(self, cache: ParcelCache, client: CentralClient | None):
        self.cache = cache
        self.client = client

    def by_tracking_number(self, tracking_number: str) -> Parcel | None:
        return self.cache.get(tracking_number) or self._ask(
            lambda c: c.parcel(tracking_number), lambda: self.cache.get(tracking_number)
        )

    def by_claim_code(self, code: str) -> Parcel | None:
        return self.cache.by_claim_code(code) or self._ask(
            lambda c: c.parcel_by_code(code), lambda: self.cache.by_claim_code(code)
        )

    def _ask(self, call: Callable[[CentralClient], Parcel | None], reread: Callable[[], Parcel | None]) -> Parcel | None:
        if self.client is None:
            return None
        try:
            parcel = call(self.client)
        except CentralUnreachable as exc:
            log.info("lookup while offline: %s", exc)
            raise LookupUnavailable(
                "It is not in this counter's list, and the central system cannot be reached to check."
            ) from exc
        except CentralError as exc:
            raise LookupUnavailable(f"The central system could not check it: {exc.info.message}") from exc
        if parcel is None:
            return None
        self.cache.merge_from_central([parcel])
        return reread()
