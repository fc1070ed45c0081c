"""What can go wrong talking to the central system, as types (seed 004 taxonomy)."""

from __future__ import annotations

from app.domain.errors import ErrorInfo


class CentralError(Exception):
    """The central system answered with an error."""

    def __init__(self, info: ErrorInfo, retry_after: float | None = None, reason: str | None = None):
        super().__init__(f"{info.type.value} ({info.http_code}): {info.message}")
        self.info = info
        self.retry_after = retry_after
        self.reason = reason  # the finer cause the central system names, e.g. RETURN_EXPIRED

    @property
    def transient(self) -> bool:
        return self.info.transient


class CentralUnreachable(Exception):
    """The central system could not be reached (no network, timeout, connection dropped)."""

    transient = True
