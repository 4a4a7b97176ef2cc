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
from cgcomply.checks.validation_text import describe, not_allowed
from cgcomply.i18n import Message

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


def has_shared(root: Any) -> bool:
    """Whether some mapping or list occurs twice in the tree (a YAML alias). A walk without copying:
    a fifth of what :func:`unshared` costs, so trees without aliases are validated as they are."""
    if not isinstance(root, dict | list):
        return False
    seen = {id(root)}
    stack = [root]
    while stack:
        value = stack.pop()
        for child in value.values() if value.__class__ is dict or isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                if id(child) in seen:
                    return True
                seen.add(id(child))
                stack.append(child)
    return False


def _link_pointer(path: _Link) -> str:
    tokens: list[object] = []
    while path is not None:
        tokens.append(path[0])
        path = path[1]
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


@cache
def regex_problem(pattern: str) -> str | None:
    """None when ``pattern`` compiles as the validator compiles it, else why not: ``"engine"`` (the regex
    engine cannot read it), ``"nul"`` (a NUL character), ``"unicode"`` (not valid Unicode)."""
    import jsonschema_rs

    if "\x00" in pattern:
        return "nul"
    try:
        jsonschema_rs.validator_for({"pattern": pattern})
    except jsonschema_rs.ValidationError:
        return "engine"
    except (ValueError, UnicodeEncodeError):
        return "unicode"
    return None


def without_surrogates(value: Any) -> tuple[Any, list[str]]:
    """A copy of a tree (no shared nodes) with lone surrogates replaced by U+FFFD, and the pointers of the
    strings (or member names) that had them."""
    found: list[str] = []

    def clean(text: str, pointer: str) -> str:
        if text.isascii():
            return text
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            found.append(pointer)
            return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return text

    def walk(node: Any, pointer: str) -> Any:
        stack: list[tuple[Any, Any, str]] = []
        top: Any = {} if isinstance(node, dict) else []
        if not isinstance(node, dict | list):
            return clean(node, pointer) if isinstance(node, str) else node
        stack.append((node, top, pointer))
        while stack:
            source, target, here = stack.pop()
            items = source.items() if isinstance(source, dict) else enumerate(source)
            for key, item in items:
                where = pointer_join(here, key)
                if isinstance(item, dict | list):
                    copy: Any = {} if isinstance(item, dict) else []
                    stack.append((item, copy, where))
                else:
                    copy = clean(item, where) if isinstance(item, str) else item
                if isinstance(target, dict):
                    target[clean(key, where) if isinstance(key, str) else key] = copy
                else:
                    target.append(copy)
        return top

    return walk(value, ""), found


def explain(errors: Iterator[Any], base: str = "", *, unit: str) -> Iterator[tuple[str, Message]]:
    """(JSON pointer, message of the check ``unit``) for each validation error, narrowed through
    ``oneOf``/``anyOf``."""
    for error in errors:
        yield from _leaves(error, base, unit)


def _leaves(error: Any, base: str, unit: str) -> Iterator[tuple[str, Message]]:
    kind_name = type(error.kind).__name__
    context = getattr(error.kind, "context", None) if kind_name in ("OneOfNotValid", "AnyOf") else None
    if context:
        here = list(error.instance_path)
        branches = [branch for branch in context if branch and not _only_missing_ref(branch, here)]
        if len(branches) >= 1:
            best = max(branches, key=lambda branch: (_depth(branch), -len(branch)))
            for sub in best:
                yield from _leaves(sub, base, unit)
            return
    path = list(error.instance_path)
    if kind_name == "AdditionalProperties":
        # one finding per unexpected member, at the member itself (its line, like Spectral reports it)
        unexpected = getattr(error.kind, "unexpected", None) or []
        for name in unexpected:
            yield pointer_join(base, *path, name), not_allowed(unit, [*path, name])
        if unexpected:
            return
    where = pointer_join(base, *path)
    yield where, describe(error, path, "#" + where, unit)


def _only_missing_ref(branch: list[Any], here: list[Any]) -> bool:
    return all(
        type(e.kind).__name__ == "Required" and "$ref" in e.message and list(e.instance_path) == here
        for e in branch
    )


def _depth(branch: list[Any]) -> int:
    return max(len(list(e.instance_path)) for e in branch)
