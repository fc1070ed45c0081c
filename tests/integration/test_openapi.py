"""The sandbox's OpenAPI document: valid, complete, and (with the fixture in conftest.py) true."""

from __future__ import annotations

from openapi_spec_validator import validate

from app.sandbox.contract import path_template
from tests.helpers import openapi


def test_the_document_is_valid_openapi():
    validate(openapi.document())


def test_every_route_served_is_documented_and_every_documented_route_served(sandbox):
    served = set()
    for rule in sandbox.app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = path_template(rule.rule)
        served |= {(method, path) for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served == openapi.operations()
