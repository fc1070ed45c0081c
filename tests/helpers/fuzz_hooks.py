"""What the fuzzer is told beyond the document's schemas; schemathesis imports this module
(SCHEMATHESIS_HOOKS). Values in the sandbox's own formats (app.sandbox.formats) are drawn from these
strategies, so requests the document allows reach the handlers instead of random text; and no body
breaking the rule the document states for every body (JSON a server can keep: integers within 64
bits, and so on) is sent as one the document allows."""

from __future__ import annotations

import json
from datetime import datetime

import schemathesis
from hypothesis import strategies as st

from app.domain.checkdigit import damm_digit
from app.domain.codes import group
from app.domain.weborders import ean13_check_digit
from app.sandbox import strict_json
from app.sandbox.formats import FORMATS, SEED_DATE_TIME


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=count, max_size=count)


def _with_check_digit(first: st.SearchStrategy[str], check) -> st.SearchStrategy[str]:
    return first.map(lambda digits: digits + check(digits))


_codes = _with_check_digit(st.tuples(st.sampled_from("981"), _digits(10)).map("".join), damm_digit)
STRATEGIES = {
    "counter-code": st.one_of(_codes, _codes.map(group), _with_check_digit(_digits(16), damm_digit)),
    "seed-date-time": st.datetimes(min_value=datetime(2000, 1, 1)).map(
        lambda moment: moment.strftime(SEED_DATE_TIME)),
    "ean-13": _with_check_digit(_digits(12), ean13_check_digit),
}
assert set(STRATEGIES) == set(FORMATS), "a format of the document with no values for the fuzzer"

for name, strategy in STRATEGIES.items():
    schemathesis.openapi.format(name, strategy)


@schemathesis.hook
def filter_body(context, body) -> bool:
    """A JSON body the sandbox can read (app.sandbox.strict_json); any other body is left as it is."""
    try:
        text = json.dumps(body)
    except (TypeError, ValueError):
        return True  # not JSON (a form, bytes): the document's own checks refuse it
    try:
        strict_json.loads(text)
    except ValueError:
        return False
    return True
