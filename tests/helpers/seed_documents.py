"""The request and response examples of the seed documents, as the JSON their authors meant.

The seeds' examples are not always valid JSON: ``# in kg`` comments, missing commas between
fields, a trailing comma, ``"referenceId""3031…"`` and ``"timestamp"::``. `meant_json` repairs
exactly those slips and nothing else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _read(seed_file: str) -> str:
    path = SEEDS / seed_file
    if not path.exists():
        raise FileNotFoundError(f"the seed documents are read from shared/seeds beside the project: {path} is missing")
    return path.read_text(encoding="utf-8")


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


def examples(seed_file: str) -> list[Example]:
    """Every request example in a seed file, with the request line above it."""
    text = _read(seed_file)
    result = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        request_line = re.search(r"^(POST|GET|PUT|DELETE)\s+(\S+)", block, flags=re.M)
        if not request_line:
            continue
        for label, body in _objects(block):
            if label.startswith("Request"):
                result.append(Example(request_line.group(1), request_line.group(2), label, meant_json(body)))
    return result


def responses(seed_file: str) -> list[dict]:
    text = _read(seed_file)
    found = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S):
        found += [meant_json(body) for label, body in _objects(block) if label.startswith("Response")]
    return found


def json_after(seed_file: str, marker: str, nth: int = 0) -> dict:
    """The first fenced block holding JSON after the `nth` occurrence of `marker` (seed 002 puts URL
    blocks and payload blocks apart)."""
    text = _read(seed_file)
    position = -1
    for _ in range(nth + 1):
        position = text.index(marker, position + 1)
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text[position:], flags=re.S)
    return meant_json(next(b for b in blocks if b.lstrip().startswith("{")))


def bulleted_json(seed_file: str, marker: str, nth: int = 0, opener: str = "{") -> object:
    """The `nth` JSON value (object, or list with opener "[") after `marker` in seed 004's bulleted
    rendering, where each member is prefixed by ``- `` (``{- "a": 1,\\n- "b": 2}``)."""
    text = _read(seed_file)
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
