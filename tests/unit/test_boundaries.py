"""The layers' rules of the road, checked on the source: one table of which part may import which.

docs/architecture.md says why each line is as it is; change both together.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Shared by every layer, importing nothing of ours: a worker thread's frame, the backoff rule, and
# the status the workers report and the screens show.
COMMON = {"app.worker", "app.backoff", "app.status"}
ANYTHING = {"*"}

# Each part of the program, and the parts of ours it may import besides itself and COMMON.
MAY_IMPORT: dict[str, set[str]] = {
    "app": set(),  # the package itself, and any module of app/ not named below
    "app.domain": set(),
    "printers": set(),
    "scanners.events": set(),  # ScanEvent: what every scanner, the keyboard wedge included, hands on
    "scanners": {"scanners.events"},
    "resources": set(),
    "app.store": {"app.domain"},
    "app.central": {"app.domain", "app.store"},
    "app.settings": {"app.domain", "printers", "scanners", "scanners.events"},
    "app.services": {"app.domain", "app.store", "app.central", "app.bus", "app.settings", "printers", "scanners",
                     "scanners.events"},
    "app.ui": {"app.services", "app.domain", "app.settings", "scanners.events", "resources"},
    "app.sandbox": {"app.domain", "printers", "resources"},
    "app.bus": {"app.domain", "app.store"},
    "app.compose": ANYTHING,
    "app.main": ANYTHING,
    **{common: set() for common in COMMON},
}
NO_QT = [part for part, allowed in MAY_IMPORT.items() if part != "app.ui" and allowed is not ANYTHING]


def part_of(module: str) -> str | None:
    """The part of the table a module belongs to (the longest name that is a prefix), None if not ours."""
    parts = [p for p in MAY_IMPORT if module == p or module.startswith(p + ".")]
    return max(parts, key=len) if parts else None


def source_files() -> dict[str, Path]:
    """Every module of ours by dotted name."""
    found = {}
    for top in ("app", "printers", "scanners", "resources"):
        for path in (ROOT / top).rglob("*.py"):
            found[".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")] = path
    return found


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations() -> list[str]:
    found = []
    for module, path in sorted(source_files().items()):
        own = part_of(module)
        allowed = MAY_IMPORT[own]
        for name in sorted(imports_of(path)):
            target = part_of(name)
            if target in (None, own) or target in COMMON or target in allowed or allowed is ANYTHING:
                continue
            found.append(f"{module} imports {name} ({own} may import {sorted(allowed) or 'nothing of ours'})")
    return found


def test_each_part_imports_only_what_the_table_allows():
    assert violations() == []


@pytest.mark.parametrize("part", NO_QT)
def test_no_qt_below_the_ui(part):
    for module, path in source_files().items():
        if part_of(module) == part:
            assert not any(n.startswith("PySide6") for n in imports_of(path)), module
