"""Error answers in the central system's shape (seed 004): ``{"type", "message", "severity"}`` + HTTP code."""

from __future__ import annotations

from flask import Response, jsonify

from app.domain.errors import ErrorType


class ApiError(Exception):
    """Raised by a handler; the app turns it into the error answer."""

    def __init__(
        self,
        error_type: ErrorType,
        message: str,
        http_code: int | None = None,
        *,
        retry_after: int | None = None,
        reason: str | None = None,
    ):
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.http_code = http_code or error_type.http_code
        self.retry_after = retry_after
        self.reason = reason  # a finer cause a client can act on or translate, e.g. RETURN_EXPIRED


def error_response(
    error_type: ErrorType,
    message: str,
    http_code: int | None = None,
    *,
    retry_after: int | None = None,
    reason: str | None = None,
) -> tuple[Response, int]:
    body = {
        "type": error_type.value,
        "message": message,
        "severity": "Transient" if error_type.transient else "Hard",
    }
    if reason:
        body["reason"] = reason
    response = jsonify(body)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response, http_code or error_type.http_code
