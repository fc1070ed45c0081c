"""Fail any test during which an unexpected WARNING or ERROR log record is written.

A test that expects one says so: ``@pytest.mark.expect_log(r"regex", logger="app.central")`` allows
records whose message matches the regex (and whose logger name starts with `logger`, if given).
"""

from __future__ import annotations

import logging
import re

import pytest


class Collector(logging.Handler):
    """Keeps every WARNING-or-worse record, from any thread, while a test runs."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _allowed(record: logging.LogRecord, markers: list[pytest.Mark]) -> bool:
    message = record.getMessage()
    return any(re.search(m.args[0], message) and record.name.startswith(m.kwargs.get("logger", "")) for m in markers)


def _shown(record: logging.LogRecord) -> str:
    return f"{record.levelname} {record.name}: {record.getMessage()[:300]}"


@pytest.fixture(autouse=True)
def fail_on_unexpected_log(request):
    collector = Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    yield collector
    root.removeHandler(collector)
    markers = list(request.node.iter_markers("expect_log"))
    unexpected = [_shown(r) for r in collector.records if not _allowed(r, markers)]
    if unexpected:
        pytest.fail("unexpected log records (declare expected ones with @pytest.mark.expect_log):\n  "
                    + "\n  ".join(unexpected), pytrace=False)
