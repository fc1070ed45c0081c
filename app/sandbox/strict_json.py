"""The JSON the sandbox reads from a request: standard JSON a server can keep and answer with.

Refused, each as a ValueError naming why (a VALIDATION_ERROR for the client): NaN and Infinity
(not JSON), a number too large for a float or beyond 64-bit integers (SQLite keeps no more), a
lone surrogate (it cannot be written as UTF-8, so not stored either), and nesting deeper than
DEEPEST levels (no request of these APIs has more than a handful; Python's parser would recurse
until it fails).
"""

from __future__ import annotations

import json
import math

from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest

DEEPEST = 32
LARGEST_INT = 2**63 - 1


def loads(text: str | bytes) -> object:
    try:
        value = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {DEEPEST} levels") from None
    _check(value, 1)
    return value


def _constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:40]} is too large a number")
    return value


def _int(text: str) -> int:
    value = int(text)
    if abs(value) > LARGEST_INT:
        raise ValueError(f"{text[:40]}… is beyond a 64-bit integer")
    return value


def _check(value: object, depth: int) -> None:
    if depth > DEEPEST:
        raise ValueError(f"JSON nested deeper than {DEEPEST} levels")
    if isinstance(value, str):
        _text(value)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _text(key)
            _check(item, depth + 1)


def _text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a text holds a lone surrogate (\\ud800-\\udfff): not a character") from None


def unreadable(error: BadRequest) -> str:
    """Why Flask could not read a request's body as JSON (outside debug, Flask hides it in the cause)."""
    detail = error.__cause__ if isinstance(error.__cause__, BadRequest) else error
    return f"the body is not JSON we can read: {detail.description.removeprefix('Failed to decode JSON object: ')}"


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON, reading requests with `loads` above."""

    def loads(self, s: str | bytes, **kwargs) -> object:
        return loads(s)
