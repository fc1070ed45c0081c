"""Every answer the sandbox gives in these tests is checked against its OpenAPI document, except in a
test marked beyond_the_document: one that plants data a newer central system might send."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
import requests

from tests.helpers import openapi

SEEN: set[tuple[str, str]] = set()  # operations the tests exercised, for the coverage check


@pytest.fixture(autouse=True)
def answers_match_the_document(monkeypatch, request):
    if "sandbox" not in request.fixturenames or request.node.get_closest_marker("beyond_the_document"):
        yield
        return
    sandbox = request.getfixturevalue("sandbox")
    send = requests.Session.send

    def checked_send(session, prepared, **kwargs):
        response = send(session, prepared, **kwargs)
        url = urlparse(prepared.url)
        if url.port == sandbox.port:
            template = openapi.check(prepared.method, url.path, response.status_code,
                                     response.headers.get("Content-Type", ""), response.content)
            if template:
                SEEN.add((prepared.method, template))
        return response

    monkeypatch.setattr(requests.Session, "send", checked_send)
    yield


def pytest_terminal_summary(terminalreporter):
    """Say which documented operations no test exercised (and so no answer of theirs was checked)."""
    missing = sorted(openapi.operations() - SEEN)
    if SEEN and missing:
        terminalreporter.write_line(f"OpenAPI operations not exercised: {missing}")
