"""The facts the tests take from the partner documents (the seeds), kept in the project as test data.

tests/data/seed_examples.json holds each fact with the document it comes from and where in it;
`python scripts/seed_examples.py SEEDS_FOLDER` makes it again from the documents.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

SEED_EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "seed_examples.json"


@cache
def _facts() -> dict[str, dict]:
    return json.loads(SEED_EXAMPLES.read_text(encoding="utf-8"))["facts"]


def seed_fact(name: str):
    """A fact of the seeds (a request or response example, a table), a copy the caller may change."""
    return copy.deepcopy(_facts()[name]["value"])
