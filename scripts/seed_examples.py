"""Make tests/data/seed_examples.json again from the partner documents (the seeds).

    python scripts/seed_examples.py path/to/seeds          # write the file
    python scripts/seed_examples.py path/to/seeds --check  # exit 1 when the file differs

The tests read only the JSON file; this is for when a partner document changes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers.seed_documents import read_facts  # noqa: E402
from tests.helpers.seeds import SEED_EXAMPLES  # noqa: E402


def rendered(seeds: Path) -> str:
    intro = "Facts of the partner documents the tests check; made by scripts/seed_examples.py."
    return json.dumps({"about": intro, "facts": read_facts(seeds)}, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", type=Path, help="the folder holding the seed documents")
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    text = rendered(args.seeds)
    if args.check:
        same = SEED_EXAMPLES.exists() and SEED_EXAMPLES.read_text(encoding="utf-8") == text
        print(f"{SEED_EXAMPLES}: {'up to date' if same else 'differs from the documents'}")
        return 0 if same else 1
    SEED_EXAMPLES.write_text(text, encoding="utf-8")
    print(f"wrote {SEED_EXAMPLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
