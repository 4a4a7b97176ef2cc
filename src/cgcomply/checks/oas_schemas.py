"""The OpenAPI JSON Schemas of openapi-spec-validator, checked with jsonschema-rs.

openapi-spec-validator validates a document against the official OAS 3.0 / 3.1 JSON Schemas and then walks
it for semantic rules; on large documents its Python validator is slow (5 s on Stripe, 33 s on GitHub).
We load the *same* schema files from the installed package and validate with jsonschema-rs (milliseconds),
and implement its semantic rules ourselves in the checks of ``validity.py``. Errors under ``oneOf``/
``anyOf`` are narrowed to the branch that explains them (not the "or a Reference Object" branch), so a
message says what is wrong where, like Spectral's ``oas3-schema`` does.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from cgcomply.checks.base import pointer_join

_SCHEMA_FILES = {"openapi-3.0": "v3.0", "openapi-3.1": "v3.1", "swagger-2.0": "v2.0"}


@cache
def document_validator(kind: str) -> Any:
    """A jsonschema-rs validator for the whole document of this kind (cached per process)."""
    import jsonschema_rs

    folder = _SCHEMA_FILES[kind]
    path = _package_dir("openapi_spec_validator") / "resources" / "schemas" / folder / "schema.json"
    return jsonschema_rs.validator_for(json.loads(path.read_text("utf-8")), validate_formats=False)


def _package_dir(name: str) -> Path:
    """The folder of an installed package, found without importing it (importing openapi_spec_validator
    pulls in jsonschema and costs a third of a second)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def meta_validator(kind: str) -> Any:
    """The meta-schema openapi-spec-validator checks each Schema Object against (draft 4 / 2020-12)."""
    import jsonschema_rs

    # the meta-schema files of jsonschema-specifications (what openapi-spec-validator uses), read directly
    folder = "draft4" if kind == "openapi-3.0" else "draft202012"
    path = _package_dir("jsonschema_specifications") / "schemas" / folder / "metaschema.json"
    return jsonschema_rs.validator_for(json.loads(path.read_text("utf-8")), validate_formats=False)


_Link = tuple[object, "_Link"] | None  # a path as a linked list, innermost token first


def unshared(root: Any, seen: set[int]) -> tuple[Any, set[str]]:
    """A copy of ``root`` in which every mapping and list occurs once, and the pointers of the rest.

    YAML aliases make one object appear at many places; a validator walks the expanded tree, so a few
    hundred bytes of nested aliases cost minutes. Here an object met again (also one met in an earlier
    call with the same ``seen``) is replaced by ``None``; its pointer is returned so that errors at or
    under it can be dropped: the object is validated where it was met first. Keys become strings.
    Iterative, so deeply nested documents do not exhaust the stack.
    """
    placeholders: set[str] = set()
    if not isinstance(root, dict | list):
        return root, placeholders
    if id(root) in seen:
        placeholders.add("")
        return None, placeholders
    seen.add(id(root))
    top: Any = {} if isinstance(root, dict) else []
    stack: list[tuple[Any, Any, _Link]] = [(root, top, None)]
    while stack:
        source, target, path = stack.pop()
        items = source.items() if source.__class__ is dict or isinstance(source, dict) else enumerate(source)
        is_dict = isinstance(target, dict)
        for key, value in items:
            if isinstance(value, dict | list):
                if id(value) in seen:
                    copy: Any = None
                    placeholders.add(_link_pointer((key, path)))
                else:
                    seen.add(id(value))
                    copy = {} if isinstance(value, dict) else []
                    stack.append((value, copy, (key, path)))
            else:
                copy = value
            if is_dict:
                target[key if isinstance(key, str) else str(key)] = copy
            else:
                target.append(copy)
    return top, placeholders


def _link_pointer(path: _Link) -> str:
    tokens: list[object] = []
    while path is not None:
        tokens.append(path[0])
        path = path[1]  # type: ignore[assignment]
    return pointer_join("", *reversed(tokens))


def under_placeholder(pointer: str, placeholders: set[str]) -> bool:
    """``pointer`` is a placeholder of :func:`unshared` or lies under one."""
    if not placeholders:
        return False
    probe = pointer
    while True:
        if probe in placeholders:
            return True
        if not probe:
            return False
        probe = probe.rpartition("/")[0]


def explain(errors: Iterator[Any], base: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, message) for each validation error, narrowed through ``oneOf``/``anyOf``."""
    for error in errors:
        yield from _leaves(error, base)


def _leaves(error: Any, base: str) -> Iterator[tuple[str, str]]:
    kind_name = type(error.kind).__name__
    context = getattr(error.kind, "context", None) if kind_name in ("OneOfNotValid", "AnyOf") else None
    if context:
        here = list(error.instance_path)
        branches = [branch for branch in context if branch and not _only_missing_ref(branch, here)]
        if len(branches) >= 1:
            best = max(branches, key=lambda branch: (_depth(branch), -len(branch)))
            for sub in best:
                yield from _leaves(sub, base)
            return
    if kind_name == "AdditionalProperties":
        # one finding per unexpected member, at the member itself (its line, like Spectral reports it)
        unexpected = getattr(error.kind, "unexpected", None) or []
        for name in unexpected:
            yield pointer_join(base, *error.instance_path, name), f'property "{name}" is not allowed here'
        if unexpected:
            return
    yield pointer_join(base, *error.instance_path), _message(error)


def _only_missing_ref(branch: list[Any], here: list[Any]) -> bool:
    return all(
        type(e.kind).__name__ == "Required" and "$ref" in e.message and list(e.instance_path) == here
        for e in branch
    )


def _depth(branch: list[Any]) -> int:
    return max(len(list(e.instance_path)) for e in branch)


def _message(error: Any) -> str:
    message = error.message
    return message if len(message) <= 300 else message[:297] + "..."
