"""The sandbox against a fuzzer that reads its OpenAPI document (schemathesis), over real HTTP: with a
fixed seed and a bounded number of cases per operation, no request makes it answer 500, and every
answer has a status, a content type and a body the document allows. The controls under /sandbox/
are left out: they inject faults (500s on purpose) and change how the sandbox behaves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TOKEN

DOCUMENT = Path(__file__).resolve().parents[2] / "resources" / "openapi.yaml"
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
# One worker: with two threads, CPython 3.11 at times fails compiling a generated case ("AST
# constructor recursion depth mismatch"), an error of the interpreter, not of the sandbox.
WORKERS = "1"


@pytest.mark.timeout(600)
def test_a_fuzzer_finds_no_server_error_and_no_answer_outside_the_document(sandbox, tmp_path):
    run = subprocess.run(
        [str(Path(sys.executable).parent / "st"), "run", str(DOCUMENT), "--url", sandbox.url,
         "-H", f"Authorization: Bearer {TOKEN}", "--checks", CHECKS, "--seed", "1", "--max-examples", "12",
         "--workers", WORKERS, "--exclude-path-regex", "^/sandbox/", "--no-color"],
        capture_output=True, text=True, timeout=540, cwd=tmp_path)
    report = run.stdout[-8000:] + run.stderr[-2000:]
    assert run.returncode == 0, report
    assert " generated, " in report and " passed" in report and "failures" not in report.split("SUMMARY")[-1], report
