"""The layers' rules of the road, checked on the source: no Qt below app/ui, domain imports nothing of ours."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NO_QT = ["app/domain", "app/store", "app/central", "app/services", "app/sandbox", "printers", "scanners"]


def imports_of(folder: str) -> dict[Path, set[str]]:
    found = {}
    for path in (ROOT / folder).rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[path] = names
    return found


@pytest.mark.parametrize("folder", NO_QT)
def test_no_qt_below_the_ui(folder):
    for path, names in imports_of(folder).items():
        assert not any(n.startswith("PySide6") for n in names), path


def test_the_domain_imports_nothing_of_ours_but_itself():
    for path, names in imports_of("app/domain").items():
        ours = {n for n in names if n.split(".")[0] in {"app", "printers", "scanners", "resources"}}
        assert all(n.startswith("app.domain") for n in ours), path


def test_the_sandbox_never_uses_the_counters_store_or_client():
    for path, names in imports_of("app/sandbox").items():
        assert not any(n.startswith(("app.store", "app.central", "app.services", "app.ui")) for n in names), path
