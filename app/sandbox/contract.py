"""Every request checked against the sandbox's OpenAPI document (resources/openapi.yaml) before its
handler runs, by openapi-core: the document is the one place the contract lives, and a request it
does not allow is refused with what is wrong, before any handler can trip on it.

The document says how a refusal reads where the partner documents say so: an operation's
``x-refusal`` gives its error type, HTTP code and the prefix of its messages (seed 004's "Invalid
Data: "), and a property's ``x-message`` the words for a value it does not allow. Otherwise a
missing field reads "<name> is a required field", as the seeds' tables do.

The body is read first as the sandbox reads all JSON (app.sandbox.strict_json), so what no server
can keep is refused with why even where the document allows any object.
"""

from __future__ import annotations

import re
from functools import cache

from flask import request
from werkzeug.exceptions import BadRequest

from app.domain.errors import ErrorType
from resources import read_text


class Refusal(Exception):
    """A request the document does not allow, with how the document says to refuse it."""

    def __init__(self, message: str, error_type: ErrorType = ErrorType.VALIDATION_ERROR, http_code: int = 400):
        super().__init__(message)
        self.message, self.error_type, self.http_code = message[:500], error_type, http_code


@cache
def _document() -> dict:
    import yaml

    return yaml.safe_load(read_text("openapi.yaml"))


@cache
def _openapi():
    from openapi_core import OpenAPI  # about a second to import: only when a sandbox serves

    return OpenAPI.from_dict(_document())


def load() -> None:
    """Read the document and make its validator (about 1.5 s), so that the first request does not wait."""
    _openapi()


def check_request() -> None:
    """Raise Refusal if the request in hand is not one the document allows."""
    from openapi_core.exceptions import OpenAPIError

    if request.routing_exception is not None or request.method == "OPTIONS":
        return  # no such path, or not with this method (404, 405), or what it allows: the router answers
    if request.get_data() and not request.is_json:
        raise _refusal(ValueError("the body must be a JSON object (Content-Type: application/json)"))
    if request.get_data():
        try:
            request.get_json()
        except BadRequest as exc:
            raise _refusal(ValueError(f"the body is not JSON we can read: {exc.description}")) from None
    try:
        _openapi().validate_request(_request_class()(request))
    except OpenAPIError as exc:
        raise _refusal(exc) from None


@cache
def _request_class():
    from openapi_core.contrib.flask import FlaskOpenAPIRequest

    class CheckedRequest(FlaskOpenAPIRequest):
        """A Flask request for openapi-core; a HEAD is checked as the GET it is answered as (the
        document names GET alone)."""

        @property
        def method(self) -> str:
            return "get" if self.request.method == "HEAD" else super().method

    return CheckedRequest


def _refusal(error: Exception) -> Refusal:
    rule = _operation().get("x-refusal", {})
    error_type = ErrorType(rule.get("type", ErrorType.VALIDATION_ERROR.value))
    prefix = rule.get("prefix", "")
    return Refusal(prefix + _words(error), error_type, rule.get("status", 400))


def _operation() -> dict:
    """The document's operation for the request in hand (its path template is the route's)."""
    template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", request.url_rule.rule)
    return _document()["paths"].get(template, {}).get(request.method.lower(), {})


def _words(error: Exception) -> str:
    """What is wrong: the first schema error, as the document words it, or openapi-core's own words."""
    cause = error.__cause__
    schema_errors = list(getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None) or [])
    if not schema_errors:
        return f"{error}{f': {cause}' if cause else ''}"
    first = schema_errors[0]
    if first.validator == "required":
        name = first.message.split("'")[1] if "'" in first.message else first.message
        words = (first.schema.get("properties", {}).get(name) or {}).get("x-required-message")
        return words or f"{name} is a required field"
    where = ".".join(str(part) for part in first.absolute_path)
    return first.schema.get("x-message") or f"{where + ': ' if where else ''}{first.message}"
