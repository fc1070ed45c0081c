"""The sandbox's OpenAPI document (resources/openapi.yaml) as a checker of real responses."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT = Path(__file__).resolve().parents[2] / "resources" / "openapi.yaml"
METHODS = {"get", "put", "post", "delete"}


@cache
def document() -> dict:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    return Registry().with_resource("urn:openapi", Resource.from_contents(document(), default_specification=DRAFT202012))


@cache
def _templates() -> list[tuple[re.Pattern, str]]:
    patterns = []
    for template in document()["paths"]:
        regex = re.escape(template)
        regex = re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", regex)
        patterns.append((re.compile(regex + "$"), template))
    return patterns


def operations() -> set[tuple[str, str]]:
    """(METHOD, path template) of every documented operation."""
    return {(method.upper(), path) for path, item in document()["paths"].items() for method in item if method in METHODS}


def template_for(path: str) -> str | None:
    for regex, template in _templates():
        if regex.match(path):
            return template
    return None


def _pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def check(method: str, path: str, status: int, content_type: str, body: bytes) -> str | None:
    """Raise AssertionError if a response does not match the document; the operation's template, or None."""
    template = template_for(path)
    if template is None:
        return None
    operation = document()["paths"][template].get(method.lower())
    assert operation is not None, f"{method} {template} is not documented"
    key = str(status) if str(status) in operation["responses"] else "default"
    assert key in operation["responses"], f"{method} {template} does not document status {status}"
    response = operation["responses"][key]
    location = ["paths", template, method.lower(), "responses", key]
    if "$ref" in response:
        location = response["$ref"].lstrip("#/").split("/")
        response = document()["components"]["responses"][location[-1]]
    if "content" not in response:
        assert not body, f"{method} {template} {status} has a body the document does not describe"
        return template
    media = next(iter(response["content"]))
    assert content_type.split(";")[0] == media, f"{method} {template} {status}: {content_type}, not {media}"
    if media == "application/json":
        schema = {"$ref": "urn:openapi#" + _pointer(*location, "content", media, "schema")}
        errors = list(Draft202012Validator(schema, registry=_registry()).iter_errors(json.loads(body)))
        assert not errors, f"{method} {template} {status}: {errors[0].message} at {list(errors[0].absolute_path)}"
    return template
