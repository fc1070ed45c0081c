"""The seeds' facts kept as test data are what the partner documents say, where the documents are at hand."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.seed_documents import read_facts
from tests.helpers.seeds import SEED_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
# The documents live beside the project in the team's workspace (and in its CI); a clone alone has none.
SEEDS = Path(os.environ.get("COUNTERPOS_SEEDS", ROOT.parent / "shared" / "seeds"))


def test_every_fact_names_its_document_and_where_in_it():
    facts = json.loads(SEED_EXAMPLES.read_text(encoding="utf-8"))["facts"]
    assert facts and all(f["document"].endswith(".txt") and f["where"] and f["value"] for f in facts.values())


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the partner documents are not at {SEEDS}")
def test_the_kept_facts_are_what_the_documents_say():
    kept = json.loads(SEED_EXAMPLES.read_text(encoding="utf-8"))["facts"]
    assert kept == read_facts(SEEDS), "run: python scripts/seed_examples.py SEEDS_FOLDER"
