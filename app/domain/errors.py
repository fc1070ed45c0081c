"""The error taxonomy of the central system (seed 004): type, HTTP code, transient or hard.

Transient errors may succeed later and are retried with backoff; hard errors never will and are
parked for a person. A successful answer may carry warnings to pass to the user.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ErrorType(enum.Enum):
    UNAUTHORIZED = "UNAUTHORIZED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    INVALID_DATA = "INVALID_DATA"
    DUPLICATE_ID = "DUPLICATE_ID"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    DUPLICATE_RESOURCE = "DUPLICATE_RESOURCE"
    NO_PROVIDER_ASSIGNED = "NO_PROVIDER_ASSIGNED"
    NO_PROVIDER_MATCHED = "NO_PROVIDER_MATCHED"
    PLACE_ORDER_FAILED = "PLACE_ORDER_FAILED"
    GEOCODING_FAILED = "GEOCODING_FAILED"
    TOO_MANY_REQUESTS = "TOO_MANY_REQUESTS"
    UNMAPPED_ERROR = "UNMAPPED_ERROR"
    NOT_FOUND = "NOT_FOUND"
    CANCELLATION_NOT_ALLOWED = "CANCELLATION_NOT_ALLOWED"
    ORDER_CANCELLATION_FAILED = "ORDER_CANCELLATION_FAILED"
    ORDER_ALREADY_CANCELED = "ORDER_ALREADY_CANCELED"
    INVALID_OPERATION = "INVALID_OPERATION"

    @property
    def transient(self) -> bool:
        return self in _TRANSIENT

    @property
    def http_code(self) -> int:
        """The HTTP code seed 004 gives this type most often (INVALID_DATA is 400 or 422 by route)."""
        return _HTTP_CODE[self]


_TRANSIENT = frozenset(
    {
        ErrorType.INTERNAL_SERVER_ERROR,
        ErrorType.PLACE_ORDER_FAILED,
        ErrorType.TOO_MANY_REQUESTS,
        ErrorType.UNMAPPED_ERROR,
    }
)

_HTTP_CODE = {
    ErrorType.UNAUTHORIZED: 401,
    ErrorType.INTERNAL_SERVER_ERROR: 500,
    ErrorType.VALIDATION_ERROR: 400,
    ErrorType.INVALID_DATA: 422,
    ErrorType.DUPLICATE_ID: 422,
    ErrorType.DUPLICATE_NAME: 422,
    ErrorType.DUPLICATE_RESOURCE: 422,
    ErrorType.NO_PROVIDER_ASSIGNED: 422,
    ErrorType.NO_PROVIDER_MATCHED: 422,
    ErrorType.PLACE_ORDER_FAILED: 422,
    ErrorType.GEOCODING_FAILED: 422,
    ErrorType.TOO_MANY_REQUESTS: 429,
    ErrorType.UNMAPPED_ERROR: 422,
    ErrorType.NOT_FOUND: 404,
    ErrorType.CANCELLATION_NOT_ALLOWED: 403,
    ErrorType.ORDER_CANCELLATION_FAILED: 422,
    ErrorType.ORDER_ALREADY_CANCELED: 409,
    ErrorType.INVALID_OPERATION: 409,
}


@dataclass(frozen=True)
class ErrorInfo:
    """One error as the central system reported it."""

    type: ErrorType
    http_code: int
    message: str

    @property
    def transient(self) -> bool:
        return self.type.transient

    def to_json(self) -> dict:
        return {"type": self.type.value, "message": self.message}


def classify_response(http_code: int, type_name: str | None, message: str = "") -> ErrorInfo:
    """Map an error answer to the taxonomy; an unknown or missing type is classified by HTTP code."""
    try:
        error_type = ErrorType(type_name)
    except ValueError:
        error_type = _type_for_status(http_code)
    return ErrorInfo(error_type, http_code, message or error_type.value)


def _type_for_status(http_code: int) -> ErrorType:
    if http_code == 401:
        return ErrorType.UNAUTHORIZED
    if http_code == 404:
        return ErrorType.NOT_FOUND
    if http_code == 429:
        return ErrorType.TOO_MANY_REQUESTS
    if http_code >= 500:
        return ErrorType.INTERNAL_SERVER_ERROR
    if http_code == 400:
        return ErrorType.VALIDATION_ERROR
    return ErrorType.UNMAPPED_ERROR
