"""Reads the facts the tests use out of the partner documents (the seeds), for tests/data/seed_examples.json.

The tests never read the documents: they read that file (tests/helpers/seeds.py). This module
makes it again where the documents are at hand (scripts/seed_examples.py), and a test compares
the two when they are.

The seeds' examples are not always valid JSON: ``# in kg`` comments, missing commas between
fields, a trailing comma, ``"referenceId""3031…"`` and ``"timestamp"::``. `meant_json` repairs
exactly those slips and nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED_000 = "000_3baa8af16185a103.txt"  # parcel pickup, pay & claim, returns platform, drop-off
SEED_001 = "001_a12b811add14d3bf.txt"  # returns
SEED_002 = "002_39a0c313dd341662.txt"  # tracking
SEED_004 = "004_c72ccc947ad72caf.txt"  # Shipping Order API


def _read(seeds: Path, seed_file: str) -> str:
    return (seeds / seed_file).read_text(encoding="utf-8")


@dataclass
class Example:
    method: str
    url: str
    label: str  # e.g. "Request (if deliver to door)"
    body: dict


def meant_json(text: str) -> dict:
    text = re.sub(r"\s#[^\n]*", "", text)  # comments
    text = re.sub(r'"\s*::\s*', '": ', text)  # "timestamp"::"…"
    text = re.sub(r'("[A-Za-z_]+")("[^"]*")', r"\1: \2", text)  # "referenceId""3031…"
    text = re.sub(r'("|\d|true|false|null)\s*\n(\s*")', r"\1,\n\2", text)  # missing commas
    text = re.sub(r",(\s*[}\]])", r"\1", text)  # trailing commas
    return json.loads(text)


def _objects(block: str) -> list[tuple[str, str]]:
    """(label, JSON text) for each top-level object in a code block, labelled by the line before it."""
    found, depth, start, label = [], 0, 0, ""
    for index, ch in enumerate(block):
        if ch == "{":
            if depth == 0:
                start = index
                preceding = [line.strip() for line in block[:index].splitlines() if line.strip()]
                label = preceding[-1] if preceding else ""
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                found.append((label, block[start : index + 1]))
    return found


def examples(text: str) -> list[Example]:
    """Every request example in a seed text, with the request line above it."""
    result = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        request_line = re.search(r"^(POST|GET|PUT|DELETE)\s+(\S+)", block, flags=re.M)
        if not request_line:
            continue
        for label, body in _objects(block):
            if label.startswith("Request"):
                result.append(Example(request_line.group(1), request_line.group(2), label, meant_json(body)))
    return result


def responses(text: str) -> list[dict]:
    """Every response example in a seed text."""
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        found += [meant_json(body) for label, body in _objects(block) if label.startswith("Response")]
    return found


def json_after(text: str, marker: str, nth: int = 0) -> dict:
    """The first fenced block holding JSON after the `nth` occurrence of `marker` (seed 002 puts URL
    blocks and payload blocks apart)."""
    position = -1
    for _ in range(nth + 1):
        position = text.index(marker, position + 1)
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text[position:], flags=re.S)
    return meant_json(next(b for b in blocks if b.lstrip().startswith("{")))


def bulleted_json(text: str, marker: str, nth: int = 0, opener: str = "{") -> object:
    """The `nth` JSON value (object, or list with opener "[") after `marker` in seed 004's bulleted
    rendering, where each member is prefixed by ``- `` (``{- "a": 1,\\n- "b": 2}``)."""
    position = text.index(marker)
    for _ in range(nth + 1):
        start = text.index(opener, position)
        depth, index = 0, start
        for index in range(start, len(text)):
            if text[index] in "{[":
                depth += 1
            elif text[index] in "}]":
                depth -= 1
                if depth == 0:
                    break
        position = index + 1
    value = re.sub(r"(^|[{\[,]\s*)- ", r"\1", text[start:position], flags=re.M)
    return meant_json(value) if opener == "{" else json.loads(re.sub(r",(\s*[}\]])", r"\1", value))


def _request(text: str, path: str, label: str = "Request") -> dict:
    found = [e.body for e in examples(text) if e.url.endswith(path) and e.label == label]
    if len(found) != 1:
        raise ValueError(f"{len(found)} examples labelled {label!r} for {path}")
    return found[0]


def _table_rows(text: str, header: str) -> list[list[str]]:
    """The cells of each row of the pipe table whose header line starts with `header`."""
    lines = text[text.index(header):].splitlines()[2:]  # past the header and its ---- line
    rows = []
    for line in lines:
        if "|" not in line:
            break
        rows.append([cell.strip().strip('"') for cell in line.strip().strip("|").split("|")])
    return rows


def returns_flow(text: str) -> list[dict]:
    """Seed 001's returns status flow, in its order: status, trigger, description."""
    return [{"status": status, "trigger": trigger, "description": description}
            for status, trigger, description in _table_rows(text, "**Status**|**Trigger**|**Description**")]


def buckets(text: str) -> dict[str, dict]:
    """Seed 002's status buckets: number → meaning and the status codes it holds."""
    return {number: {"meaning": meaning, "codes": json.loads(codes)}
            for number, meaning, codes in _table_rows(text, "clickpost_status_bucket | Meaning")}


def ndr_codes(text: str) -> dict[str, str]:
    """Seed 002's NDR status codes: code → description."""
    return dict(_table_rows(text, "ndr_status_code | ndr_status_description"))


def error_rows(text: str) -> list[dict]:
    """Seed 004's error tables, one row a type an endpoint answers. Above each table is its method,
    and above that its path unless it is the previous table's (DELETE and PUT follow GET's)."""
    lines, rows, path = text.splitlines(), [], "/shipments"
    for index, line in enumerate(lines):
        if line.startswith("| Type | HTTP Code | Severity | Description |"):
            if lines[index - 2].startswith("/"):
                path = lines[index - 2].strip()
            endpoint = f"{lines[index - 1].strip()} {path}"
            for type_name, http_code, severity, description in _table_rows("\n".join(lines[index:]), "| Type"):
                rows.append({"endpoint": endpoint, "type": type_name, "httpCode": int(http_code),
                             "severity": severity, "description": description})
    return rows


# Each fact: the document it comes from, where in it, and how it is read.
FACTS: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "shipment request": (SEED_000, "POST /ecms/api/v1/shipments, Request",
                         lambda t: _request(t, "/ecms/api/v1/shipments")),
    "shipment response": (SEED_000, "the first Response", lambda t: responses(t)[0]),
    "dropoff request to a store": (SEED_000, "POST /ecms/api/v1/dropoff, Request (if deliver to another store)",
                                   lambda t: _request(t, "/ecms/api/v1/dropoff",
                                                      "Request (if deliver to another store)")),
    "dropoff request to a door": (SEED_000, "POST /ecms/api/v1/dropoff, Request (if deliver to door)",
                                  lambda t: _request(t, "/ecms/api/v1/dropoff", "Request (if deliver to door)")),
    "merchant notification": (SEED_000, "the notification example (the last request)",
                              lambda t: examples(t)[-1].body),
    "return request": (SEED_001, "POST /ecms/api/v1/returns, Request", lambda t: _request(t, "/ecms/api/v1/returns")),
    "return response": (SEED_001, "the first Response", lambda t: responses(t)[0]),
    "returns status flow": (SEED_001, "#### Returns Status Flow", returns_flow),
    "tracking register service": (SEED_002, "##Register for Tracking Service",
                                  lambda t: json_after(t, "##Register for Tracking Service")),
    "tracking awb register": (SEED_002, "the first >__Sample Payload__",
                              lambda t: json_after(t, ">__Sample Payload__", 0)),
    "tracking awb unregister": (SEED_002, "the second >__Sample Payload__",
                                lambda t: json_after(t, ">__Sample Payload__", 1)),
    "tracking polling response": (SEED_002, "##Tracking AWB Using Polling",
                                  lambda t: json_after(t, "##Tracking AWB Using Polling")),
    "tracking webhook payload": (SEED_002, ">__Webhook Payload__", lambda t: json_after(t, ">__Webhook Payload__")),
    "tracking ndr webhook payload": (SEED_002, ">__NDR(Non delivery report) details in Webhook",
                                     lambda t: json_after(t, ">__NDR(Non delivery report) details in Webhook")),
    "tracking test webhook": (SEED_002, ">__Test Webhook Payload__",
                              lambda t: json_after(t, ">__Test Webhook Payload__")),
    "tracking buckets": (SEED_002, "the clickpost_status_bucket table", buckets),
    "tracking ndr codes": (SEED_002, "###NDR Status Codes", ndr_codes),
    "shipping create request": (SEED_004, "Create Shipping, the request", lambda t: bulleted_json(t, "Create Shipping")),
    "shipping create response": (SEED_004, "Create Shipping, the response",
                                 lambda t: bulleted_json(t, "Create Shipping", 1)),
    "shipping edit request": (SEED_004, "Edit Shipment, the request",
                              lambda t: bulleted_json(t, "Edit Shipment\nUse this API")),
    "shipping status history": (SEED_004, "Get Shipment Status, the response",
                                lambda t: bulleted_json(t, "Get Shipment Status", 0, "[")),
    "shipping list request": (SEED_004, "List Shipments, the request", lambda t: bulleted_json(t, "List Shipments")),
    "shipping error types": (SEED_004, "every endpoint's error table", error_rows),
}


def read_facts(seeds: Path) -> dict[str, dict]:
    """Every fact, read from the documents in `seeds`, as tests/data/seed_examples.json holds it."""
    texts: dict[str, str] = {}
    facts = {}
    for name, (document, where, read) in FACTS.items():
        text = texts.setdefault(document, _read(seeds, document))
        facts[name] = {"document": document, "where": where, "value": read(text)}
    return facts
