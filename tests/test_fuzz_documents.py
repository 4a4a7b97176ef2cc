"""Issue 7 item 7: a bounded fuzz test over structural mutations of corpus documents.

Each case takes a corpus document (parsed once), applies one to four structural mutations with a fixed
seed (a node replaced by a value of another shape or a hostile one, a member removed, a keyword added to
an object, a subtree copied elsewhere), serialises it as JSON and lints it with every static check. A
case fails when an exception escapes, when a check "could not run" (an internal error; a check that
cannot decide says so in the document's own terms instead) or when part of the document could not be
indexed. A document the loader refuses (exit 2) is a user error and fine. The cases are deterministic;
``CGCOMPLY_FUZZ_CASES`` and ``CGCOMPLY_FUZZ_SEED`` run more or other ones.
"""

from __future__ import annotations

import copy
import json
import os
import random
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import corpus_path

from cgcomply.errors import DocumentError
from cgcomply.linting import lint_loaded
from cgcomply.oas import load_document, load_document_bytes
from cgcomply.results import Status

CASES = int(os.environ.get("CGCOMPLY_FUZZ_CASES", "800"))
SEED = int(os.environ.get("CGCOMPLY_FUZZ_SEED", "20261201"))
BATCHES = 8
DOCUMENTS = (
    "oas/MinBZK__moza-profiel-service__email_verificatie.json",
    "oas/VNG-Realisatie__gemma-zaken__nrc-consumer-api-openapi.yaml",
    "oas/JohanBoer__Waterkwaliteit__openapi.yaml",
    "oas/VNG-Realisatie__Softwarecatalogus__api-openapi.yaml",
    "oas/maykinmedia__objecttypes-api__objecttypes-v2-openapi.yaml",
    "oas/VNG-Realisatie__autorisaties-api__ac-swagger2.0.json",
    "oas/developer-overheid-nl__don-api-register__openapi.json",
    "adr-tests/2.2/cor-api/openapi.json",
)
# Values a hostile or careless author might put anywhere: wrong shapes, broken references, bad
# patterns and types, text that is not Unicode, numbers JSON cannot hold, templates in odd places.
VALUES: tuple[Any, ...] = (
    None,
    0,
    -1,
    1.5,
    10**30,
    True,
    "",
    "\ud800",
    "x\x00y",
    [],
    {},
    [1, [2]],
    {"$ref": 5},
    {"$ref": "#/nope"},
    {"$ref": "#"},
    {"$ref": "#/paths"},
    {"$ref": ["a"]},
    {"$ref": "http://h:99999/x"},
    {"$ref": "http://[::1/x"},
    {"$ref": "file:///dev/zero"},
    {"$ref": "other.yaml#/x"},
    {"type": "DateTime"},
    {"pattern": "["},
    {"pattern": "(?<=a)b"},
    {"enum": []},
    {"required": 5},
    {"type": ["string", 5]},
    {"format": 5},
    {"items": [True]},
    {"properties": []},
    {"allOf": {}},
    {"type": "string", "pattern": "[", "example": "a"},
    {"type": "string", "example": "\ud800x"},
    {"type": "integer", "example": 1e308},
    {"type": "object", "properties": {"$ref": {"$ref": 5}}, "example": {"$ref": 7}},
    "{x}",
    "/a/{b}/",
    {"in": "path", "name": 5},
    {"in": 5},
    {"name": "x", "in": "query", "schema": {"$ref": "#/x"}},
)
KEYWORDS = (
    "$ref",
    "type",
    "format",
    "pattern",
    "enum",
    "properties",
    "items",
    "allOf",
    "parameters",
    "responses",
    "in",
    "name",
    "example",
    "required",
    "nullable",
    "default",
)
NEW_KEYS = ("200", "x-a", "$ref", "{id}", "/x/", "get", "parameters", "content", "application/json")


@cache
def _parsed(document: str) -> Any:
    return load_document(str(corpus_path(document))).data


def _places(data: Any) -> list[tuple[Any, tuple[Any, ...]]]:
    found: list[tuple[Any, tuple[Any, ...]]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        found.append((value, path))
        if isinstance(value, dict):
            stack.extend((child, (*path, key)) for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, (*path, i)) for i, child in enumerate(value))
    return found


def mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 4)):
        places = _places(data)
        value, path = rng.choice(places)
        if not path:
            continue
        parent = data
        for token in path[:-1]:
            parent = parent[token]
        key = path[-1]
        roll = rng.random()
        if roll < 0.45:
            parent[key] = copy.deepcopy(rng.choice(VALUES))
        elif roll < 0.6:
            del parent[key]
        elif roll < 0.75 and isinstance(value, dict):
            value[rng.choice(KEYWORDS)] = copy.deepcopy(rng.choice(VALUES))
        elif roll < 0.85 and isinstance(parent, dict):
            parent[rng.choice(NEW_KEYS)] = copy.deepcopy(value)
        else:
            parent[key] = copy.deepcopy(rng.choice(places)[0])
    return data


def _problems(case: int, rng: random.Random, folder: Path) -> list[str]:
    document = DOCUMENTS[case % len(DOCUMENTS)]
    mutated = mutate(_parsed(document), rng)
    text = json.dumps(mutated, ensure_ascii=True)
    try:
        loaded = load_document_bytes(text.encode(), str(folder / "openapi.json"))
    except DocumentError:
        return []  # refused as bad input: exit 2 with a message, a user error
    version = "2.1.0" if case % 3 == 0 else "2.2.0"
    warnings: list[str] = []
    label = f"case {case} ({document}, ADR {version}, seed {SEED})"
    try:
        results = lint_loaded(loaded, version, warnings)
    except Exception as error:
        return [f"{label}: {type(error).__name__}: {error}"]
    problems = [f"{label}: {warning}" for warning in warnings]
    for result in results:
        reason = result.reason
        crashed = getattr(reason, "id", "") in ("check:crashed", "check:document-not-indexed")
        if result.status is Status.ERROR and (crashed or "could not run" in str(reason or "")):
            problems.append(f"{label}: {result.id}: {reason}")
    return problems


@pytest.mark.parametrize("batch", range(BATCHES))
def test_mutated_corpus_documents_never_crash_a_check(batch: int, tmp_path: Path) -> None:
    corpus_path("oas")
    rng = random.Random(SEED * 1000 + batch)
    problems: list[str] = []
    for case in range(batch, CASES, BATCHES):
        problems += _problems(case, rng, tmp_path)
    assert problems == []
