"""The sandbox against a fuzzer that reads its OpenAPI document (schemathesis), over real HTTP, with
every check on (tests/integration/schemathesis.toml: a fixed seed, a bounded number of cases per
operation): no request makes it answer 500, every answer has a status, a content type, headers and
a body the document allows, every request the document refuses is refused, and none it allows is
refused as malformed. The controls under /sandbox/ are left out: they inject faults (500s on
purpose) and change how the sandbox behaves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "resources" / "openapi.yaml"
CONFIG = Path(__file__).with_name("schemathesis.toml")


@pytest.mark.timeout(600)
def test_a_fuzzer_finds_no_answer_and_no_refusal_outside_the_document(sandbox, tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SCHEMATHESIS_HOOKS": "tests.helpers.fuzz_hooks"}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "st"), "--config-file", str(CONFIG), "run", str(DOCUMENT),
         "--url", sandbox.url, "-H", f"Authorization: Bearer {TOKEN}", "--exclude-path-regex", "^/sandbox/",
         "--no-color"],
        capture_output=True, text=True, timeout=540, cwd=tmp_path, env=environment)
    report = run.stdout[-8000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    summary = report.split("SUMMARY")[-1]
    assert " generated, " in summary and " passed" in summary and "failures" not in summary, report
    assert "Stateful" in summary and "Fuzzing" in summary, report  # every phase ran
