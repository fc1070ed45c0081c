"""Text from outside (the central system, a merchant, a web shop) kept to a size the counter can
store and show: a 2,000,000-character item description froze the window for seconds and then
crashed it. Stored fields are cut where they come in; screens cut further and show the whole
(stored) text on demand.
"""

from __future__ import annotations

import re

MORE = "…"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # keeps tab and newline out of the way of nothing else


def bounded(value: object, limit: int) -> str:
    """`value` as text of at most `limit` characters (cut ones end in …), without control characters."""
    text = _CONTROL.sub("", value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + MORE


def bounded_strings(value: object, limit: int) -> object:
    """A JSON value with every string in it (keys too) `bounded` to `limit`."""
    if isinstance(value, str):
        return bounded(value, limit)
    if isinstance(value, list):
        return [bounded_strings(item, limit) for item in value]
    if isinstance(value, dict):
        return {bounded(key, limit): bounded_strings(inner, limit) for key, inner in value.items()}
    return value
