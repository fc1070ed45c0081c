"""Every request checked against the sandbox's OpenAPI document (resources/openapi.yaml) before its
handler runs, by openapi-core: the document is the one place the contract lives, and a request it
does not allow is refused with what is wrong, before any handler can trip on it.

The document says how a refusal reads where the partner documents say so: an operation's (or a
parameter's) ``x-refusal`` gives its error type, HTTP code and the prefix of its messages (seed
004's "Invalid Data: "), and a schema's ``x-message`` the words for a value it does not allow
(``x-message-<keyword>`` for one JSON Schema keyword alone; ``{name}`` stands for the field's
name). A value not in one of the sandbox's own formats (app.sandbox.formats) is answered with that
format's words. Otherwise a missing field reads "<name> is a required field", as the seeds' tables
do.

The body is read first as the sandbox reads all JSON (app.sandbox.strict_json), so what no server
can keep is refused with why even where the document allows any object.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from flask import request
from werkzeug.exceptions import BadRequest

from app.domain.errors import ErrorType
from app.sandbox.formats import FORMATS
from app.sandbox.strict_json import unreadable
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
    from openapi_core import Config, OpenAPI  # about a second to import: only when a sandbox serves

    formats = {name: _format_check(problem) for name, problem in FORMATS.items()}
    return OpenAPI.from_dict(_document(), config=Config(extra_format_validators=formats))


def _format_check(problem: Callable[[str], str | None]) -> Callable[[object], bool]:
    return lambda value: not isinstance(value, str) or problem(value) is None  # a wrong type: the type says so


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
            raise _refusal(ValueError(unreadable(exc))) from None
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
    first = _first_schema_error(error)
    rule = (first.schema.get("x-refusal") if first is not None else None) or _operation().get("x-refusal", {})
    error_type = ErrorType(rule.get("type", ErrorType.VALIDATION_ERROR.value))
    prefix = rule.get("prefix", "")
    return Refusal(prefix + _words(error, first), error_type, rule.get("status", 400))


def _operation() -> dict:
    """The document's operation for the request in hand (its path template is the route's)."""
    return _document()["paths"].get(path_template(request.url_rule.rule), {}).get(request.method.lower(), {})


def path_template(rule: str) -> str:
    """A route's rule as the document's path: ``/shipments/<except(list):external_id>`` → ``/shipments/{external_id}``."""
    return re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule)


def _first_schema_error(error: Exception):
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None) or []
    return next(iter(schema_errors), None)


def _words(error: Exception, first) -> str:
    """What is wrong: the first schema error, as the document words it, or openapi-core's own words."""
    if first is None:
        cause = error.__cause__
        return f"{error}{f': {cause}' if cause else ''}"
    words = first.schema.get(f"x-message-{first.validator}") or first.schema.get("x-message")
    if first.validator == "required":
        name = first.message.split("'")[1] if "'" in first.message else first.message
        field = first.schema.get("properties", {}).get(name) or {}
        return field.get("x-required-message") or words or f"{name} is a required field"
    name = ".".join(str(part) for part in first.absolute_path) or getattr(error, "name", "")  # a field or a parameter
    if first.validator == "format" and first.validator_value in FORMATS:
        words = words or FORMATS[first.validator_value](first.instance)
    if words:
        return words.replace("{name}", name)  # not str.format: a format's words may quote the value given
    return f"{name + ': ' if name else ''}{first.message}"
