"""Validate examples and defaults against their schemas, the way Spectral's ``oas3-valid-*-example`` do.

OpenAPI 3.0 Schema Objects are not JSON Schema: ``nullable`` widens the type, and keywords such as
``example``, ``xml``, ``discriminator`` are annotations. Each schema an example needs is converted once
(references followed once and rewritten to local definitions, so cycles stay cycles) into one bundle,
registered with jsonschema-rs; every example then gets a tiny validator that points into the bundle.
OpenAPI 3.1 schemas are JSON Schema 2020-12 already and only their references are rewritten.
"""

from __future__ import annotations

from typing import Any

from cgcomply.checks.base import pointer_join
from cgcomply.checks.index import DocumentIndex, ExampleSite, Node
from cgcomply.checks.validation_text import describe
from cgcomply.i18n import Message

_BUNDLE_URI = "urn:cgcomply:bundle"
# An example that expands (through YAML aliases) to more values than this is not validated: the
# validator walks the expanded tree. Real examples have hundreds of values; the GitHub document's
# largest a few thousand.
MAX_EXAMPLE_VALUES = 200_000
MAX_TOTAL_VALUES = 2_000_000
_ANNOTATIONS_30 = frozenset(
    {"example", "xml", "discriminator", "externalDocs", "deprecated", "readOnly", "writeOnly", "nullable"}
)
# Annotations that do not change what is valid: left out of the bundle (and so never compiled).
_ANNOTATIONS = frozenset({"example", "examples", "default", "title", "description", "$comment"})
_ONE = (
    "items",
    "not",
    "additionalProperties",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
)
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAP = ("properties", "patternProperties", "dependentSchemas")


class ExampleValidator:
    """Converts the schemas that examples point at into one bundle and validates the examples; the
    messages are those of the check ``unit`` (its id)."""

    def __init__(self, index: DocumentIndex, unit: str) -> None:
        self.index = index
        self.unit = unit
        self.oas30 = index.kind == "openapi-3.0"
        self.defs_key = "definitions" if self.oas30 else "$defs"
        self.defs: dict[str, Any] = {}
        self._keys: dict[tuple[str | None, int], str] = {}
        self._shares: dict[str | None, bool] = {}

    def problems(self, sites: list[ExampleSite]) -> list[tuple[ExampleSite, Message]]:
        """(site, message) for every example or default that does not match its schema.

        All examples are checked in one pass: one validator for a tuple schema whose item *i* refers to
        the schema of example *i*, applied to the list of examples (compiling one validator per example
        costs more than the validation itself on large documents).
        """

        keyed: list[tuple[ExampleSite, str]] = []
        sizes: dict[int, int] = {}
        done: set[tuple[int, str]] = set()
        total = 0
        self.too_large: list[ExampleSite] = []
        self.not_judged: str | None = None
        for site in sites:
            if (
                site.kind == "schema-default"
                and site.value is None
                and site.schema.value.get("nullable") is True
            ):
                continue
            key = self._key(site.schema)
            if key is None:
                continue
            if isinstance(site.value, dict | list):
                if (id(site.value), key) in done:
                    continue  # the same example object (a YAML alias) against the same schema
                done.add((id(site.value), key))
                size = (
                    expanded_size(site.value, sizes, MAX_EXAMPLE_VALUES)
                    if self._may_share(site.where.file)
                    else tree_size(site.value, MAX_EXAMPLE_VALUES)
                )
                if size > MAX_EXAMPLE_VALUES or total + size > MAX_TOTAL_VALUES:
                    self.too_large.append(site)
                    continue
                total += size
            keyed.append((site, key))
        if not keyed:
            return []
        bundle = {self.defs_key: self.defs}
        refs = [{"$ref": f"{_BUNDLE_URI}#/{self.defs_key}/{key}"} for _, key in keyed]
        if self.oas30:
            schema = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "array", "items": refs}
        else:
            schema = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "array",
                "prefixItems": refs,
            }
        validator = self._compile(schema, bundle)
        if validator is None:
            self.not_judged = "the schemas of the examples could not be compiled"
            return []
        instances = [site.value for site, _ in keyed]
        try:
            errors = list(validator.iter_errors(instances))
        except UnicodeEncodeError:  # a lone surrogate; adr.oas-schema reports where
            from cgcomply.checks.oas_schemas import without_surrogates

            instances = without_surrogates(instances)[0]
            validator = self._compile(schema, bundle)
            if validator is None:
                self.not_judged = "the schemas of the examples could not be compiled"
                return []
            errors = list(validator.iter_errors(instances))
        first: dict[int, Message] = {}
        for error in errors:
            path = list(error.instance_path)
            if not path or not isinstance(path[0], int) or path[0] in first:
                continue
            site = keyed[path[0]][0]
            where = "#" + pointer_join(site.where.pointer, *path[1:])
            if site.where.file:
                where = site.where.file + where
            first[path[0]] = describe(error, path[1:], where, self.unit)
        return [(keyed[i][0], first[i]) for i in sorted(first)]

    def _may_share(self, file: str | None) -> bool:
        """Only YAML shares one object between places (aliases); JSON text never does."""
        if file not in self._shares:
            document = self.index.document
            syntax = document.file_syntax(file) if hasattr(document, "file_syntax") else None
            self._shares[file] = syntax != "json"
        return self._shares[file]

    def _compile(self, schema: dict[str, Any], bundle: dict[str, Any]) -> Any:
        """A validator for the bundle; a keyword the validator cannot compile (a schema that is itself
        invalid, which adr.oas-schema reports) is left out, so the examples under it are still judged on
        the rest. None when that does not help."""
        import jsonschema_rs

        cleaned = False
        for _ in range(100):
            try:
                registry = jsonschema_rs.Registry([(_BUNDLE_URI, bundle)])
                return jsonschema_rs.validator_for(
                    schema, registry=registry, validate_formats=True, ignore_unknown_formats=True
                )
            except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as error:
                if not cleaned and ("UTF-8" in str(error) or isinstance(error, UnicodeError)):
                    from cgcomply.checks.oas_schemas import without_surrogates

                    cleaned = True  # a lone surrogate in a schema; adr.oas-schema reports where
                    clean = without_surrogates(self.defs)[0]
                    self.defs.clear()
                    self.defs.update(clean)
                    continue
                if not self._drop_at(list(getattr(error, "instance_path", []) or [])):
                    return None
        return None

    def _drop_at(self, path: list[Any]) -> bool:
        """Remove the keyword at ``path`` (``[defs_key, key, ...]``) from the bundle; False if none."""
        if len(path) < 3 or path[0] != self.defs_key:
            if len(path) == 2 and path[0] == self.defs_key and path[1] in self.defs:
                self.defs[path[1]] = {}
                return True
            return False
        parent: Any = self.defs
        for token in path[1:-1]:
            try:
                parent = parent[token]
            except (KeyError, IndexError, TypeError):
                return False
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            del parent[last]
            return True
        if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
            parent[last] = {}
            return True
        return False

    # ------------------------------------------------------------------ conversion

    def _key(self, node: Node) -> str | None:
        target = self.index.deref(node)
        if target is None:
            return None
        where = target.key
        key = self._keys.get(where)
        if key is None:
            key = f"s{len(self._keys)}"
            self._keys[where] = key
            self.defs[key] = {}  # placeholder: a cycle back here refers to the key
            self.defs[key] = self._convert(target) if isinstance(target.value, dict | bool) else {}
        return key

    def _ref(self, node: Node) -> dict[str, Any]:
        key = self._key(node)
        if key is None:
            return {}  # an unresolvable reference is reported by adr.refs-resolve, not here
        return {"$ref": f"{_BUNDLE_URI}#/{self.defs_key}/{key}"}

    def _sub(self, node: Node) -> Any:
        value = node.value
        if isinstance(value, dict) and (
            isinstance(value.get("$ref"), str) or id(value) in self.index.shared_schemas
        ):
            return self._ref(node)  # a schema met at several places (YAML alias) is converted once
        if isinstance(value, dict):
            return self._convert(node)
        return value

    def _convert(self, node: Node) -> Any:
        value = node.value
        if not isinstance(value, dict):
            return value
        if isinstance(value.get("$ref"), str):
            return self._ref(node)
        out: dict[str, Any] = {}
        for keyword, item in value.items():
            if (
                not isinstance(keyword, str)
                or keyword.startswith("x-")
                or keyword in ("$id", "$schema", "id")
            ):
                continue
            if keyword in _ANNOTATIONS or (self.oas30 and keyword in _ANNOTATIONS_30):
                continue
            # a child node only for subschemas (most keywords are plain values: type, format, enum)
            if keyword in _ONE and isinstance(item, dict):
                out[keyword] = self._sub(node.at(keyword, item))
            elif (keyword in _LIST and isinstance(item, list)) or (
                keyword == "items" and isinstance(item, list)
            ):
                child = node.at(keyword, item)
                out[keyword] = [self._sub(child.at(i, sub)) for i, sub in enumerate(item)]
            elif keyword in _MAP and isinstance(item, dict):
                child = node.at(keyword, item)
                out[keyword] = {name: self._sub(child.at(name, sub)) for name, sub in item.items()}
            elif keyword in ("$defs", "definitions"):
                continue  # reached through $ref when used
            else:
                out[keyword] = item
        if self.oas30 and value.get("nullable") is True:
            if "type" in out and isinstance(out["type"], str):
                out["type"] = [out["type"], "null"]
            if "enum" in out and isinstance(out["enum"], list) and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
            if "type" not in out:
                return {"anyOf": [{"type": "null"}, out]}
        return out


def expanded_size(value: Any, memo: dict[int, int], limit: int) -> int:
    """How many values ``value`` has once YAML aliases are expanded (at most ``limit + 1``), in linear
    time: each shared object is counted once and its size remembered in ``memo``."""
    if not isinstance(value, dict | list):
        return 1
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        current, expanded = stack.pop()
        if id(current) in memo:
            continue
        children = list(current.values()) if isinstance(current, dict) else current
        if not expanded:
            stack.append((current, True))
            for child in children:
                if isinstance(child, dict | list) and id(child) not in memo:
                    stack.append((child, False))
            continue
        total = 1
        for child in children:
            total += memo.get(id(child), 1) if isinstance(child, dict | list) else 1
            if total > limit:
                total = limit + 1
                break
        memo[id(current)] = total
    return memo[id(value)]


def tree_size(value: Any, limit: int) -> int:
    """:func:`expanded_size` of a value that shares no object (JSON): the number of its values, at most
    ``limit + 1``, counted a container at a time."""
    if not isinstance(value, dict | list):
        return 1
    total = 1
    stack = [value]
    while stack:
        current = stack.pop()
        children = current.values() if isinstance(current, dict) else current
        total += len(children)
        if total > limit:
            return limit + 1
        stack.extend(child for child in children if isinstance(child, dict | list))
    return total
