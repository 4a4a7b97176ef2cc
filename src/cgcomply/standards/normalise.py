"""Both documents put into the same shape before they are compared.

- **Paths**: the server's base path is joined and then the longest common prefix that best aligns the two
  documents is stripped (``/api/v1/zaken`` and ``/zaken/api/v1/zaken`` both become ``/zaken``); path
  parameter names are ignored (``/zaken/{uuid}`` matches ``/zaken/{zaak_uuid}``).
- **Parameters**: path-level and operation-level parameters merged; ``Accept``, ``Content-Type`` and
  ``Authorization`` headers ignored (OAS says they SHALL be ignored); header names compared without case.
- **Schemas**: ``$ref``s followed through the project's loader (pinned documents of the standard),
  ``allOf`` flattened into one set of properties, ``nullable``/``type: [.., "null"]`` unified; schemas
  are matched by where they are used (operation, status, media type, property path), never by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cgcomply.oas import OasDocument, RefError
from cgcomply.standards.rules.base import Loc

METHODS = ("get", "head", "options", "post", "put", "patch", "delete", "trace")
TRANSPORT_HEADERS = frozenset({"accept", "content-type", "authorization"})
_PARAM = re.compile(r"\{[^}/]*\}")


@dataclass(slots=True)
class Node:
    """A value in a document and where it is."""

    value: Any
    loc: Loc


@dataclass(slots=True)
class Operation:
    method: str
    path: str  # as written in the document
    key: str  # "GET /zaken/{}" after normalising
    node: Node
    params: dict[tuple[str, str], Node]  # (in, name lower-cased for headers) -> parameter object
    path_params: list[Node]  # in the order they appear in the path

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(slots=True)
class Flat:
    """A schema with ``$ref``s followed and ``allOf`` merged."""

    loc: Loc
    type: str | None = None
    nullable: bool = False
    keywords: dict[str, tuple[Any, Loc]] = field(default_factory=dict)  # format, enum, maxLength, ...
    properties: dict[str, Node] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: Node | None = None
    additional: Node | None = None
    variants: dict[str, list[Node]] = field(default_factory=dict)  # oneOf / anyOf
    read_only: bool = False
    write_only: bool = False
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (ref, reason)


_CONSTRAINTS = (
    "format",
    "enum",
    "maxLength",
    "minLength",
    "maximum",
    "minimum",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxItems",
    "minItems",
    "pattern",
)


class Side:
    """One document (standard or implementation), indexed for comparison."""

    def __init__(self, document: OasDocument, name: str) -> None:
        self.document = document
        self.name = name
        self.data: dict[str, Any] = document.data if isinstance(document.data, dict) else {}
        self._flat: dict[tuple[str, str], Flat] = {}
        self.base_path = _server_path(self.data)
        self.operations: dict[str, Operation] = {}
        self.global_security = self.data.get("security")
        self.root = Loc(document.source, "")

    # ------------------------------------------------------------------ refs

    def deref(self, node: Node) -> Node:
        """Follow ``$ref`` chains; raises :class:`RefError` when one does not resolve."""
        value = node.value
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return node
        target = self.document.deref(value, node.loc.file)
        return Node(target.value, Loc(target.file, target.pointer or ""))

    def locate(self, loc: Loc) -> int | None:
        try:
            where = self.document.locate(loc.pointer, loc.file)
        except Exception:  # a line number is a courtesy
            return None
        return where[0] if where else None

    # ------------------------------------------------------------------ operations

    def index_operations(self, strip: int) -> None:
        """Build ``operations`` keyed by normalised method + path, stripping ``strip`` leading segments."""
        self.operations = {}
        paths = self.data.get("paths")
        if not isinstance(paths, dict):
            return
        root = Loc(self.document.source, "")
        for path, item in paths.items():
            if not isinstance(path, str):
                continue
            item_node = Node(item, root.child("paths", path))
            try:
                item_node = self.deref(item_node)
            except RefError:
                continue
            if not isinstance(item_node.value, dict):
                continue
            segments = full_segments(self.base_path, path)[strip:]
            key_path = "/" + "/".join("{}" if _PARAM.fullmatch(s) else s for s in segments)
            shared = self._params(item_node)
            for method in METHODS:
                op = item_node.value.get(method)
                if not isinstance(op, dict):
                    continue
                op_node = Node(op, item_node.loc.child(method))
                params = dict(shared)
                params.update(self._params(op_node))
                order = [s[1:-1] for s in path.split("/") if _PARAM.fullmatch(s)]
                path_params = [params.pop(("path", name)) for name in order if ("path", name) in params]
                for extra in [k for k in params if k[0] == "path"]:
                    path_params.append(params.pop(extra))
                key = f"{method.upper()} {key_path}"
                self.operations[key] = Operation(method, path, key, op_node, params, path_params)

    def _params(self, holder: Node) -> dict[tuple[str, str], Node]:
        found: dict[tuple[str, str], Node] = {}
        params = holder.value.get("parameters")
        if not isinstance(params, list):
            return found
        for index, param in enumerate(params):
            try:
                node = self.deref(Node(param, holder.loc.child("parameters", index)))
            except RefError:
                continue
            value = node.value
            if not isinstance(value, dict) or not isinstance(value.get("name"), str):
                continue
            where = str(value.get("in", ""))
            name = value["name"]
            if where == "header":
                name = name.lower()
                if name in TRANSPORT_HEADERS:
                    continue
            found[(where, name)] = node
        return found

    # ------------------------------------------------------------------ schemas

    def flatten(self, node: Node) -> Flat:
        """The schema at ``node`` with refs followed and allOf merged (cached per place)."""
        try:
            node = self.deref(node)
        except RefError as error:
            flat = Flat(node.loc)
            flat.unresolved.append((str(node.value.get("$ref")), error.reason))
            return flat
        cache_key = (node.loc.file, node.loc.pointer)
        cached = self._flat.get(cache_key)
        if cached is not None:
            return cached
        flat = Flat(node.loc)
        self._flat[cache_key] = flat  # before merging: a schema that contains itself stops here
        self._merge(flat, node, depth=0)
        if flat.type is None:
            if flat.properties:
                flat.type = "object"
            elif flat.items is not None:
                flat.type = "array"
        return flat

    def _merge(self, flat: Flat, node: Node, depth: int) -> None:
        schema = node.value
        if not isinstance(schema, dict) or depth > 32:
            return
        kind = schema.get("type")
        if isinstance(kind, list):
            names = [k for k in kind if k != "null"]
            if "null" in kind:
                flat.nullable = True
            kind = names[0] if len(names) == 1 else None
        if isinstance(kind, str) and kind != "null" and flat.type is None:
            flat.type = kind
        if schema.get("nullable") is True:
            flat.nullable = True
        if schema.get("readOnly") is True:
            flat.read_only = True
        if schema.get("writeOnly") is True:
            flat.write_only = True
        for keyword in _CONSTRAINTS:
            if keyword in schema and keyword not in flat.keywords:
                flat.keywords[keyword] = (schema[keyword], node.loc.child(keyword))
        props = schema.get("properties")
        if isinstance(props, dict):
            for name, value in props.items():
                flat.properties.setdefault(str(name), Node(value, node.loc.child("properties", name)))
        required = schema.get("required")
        if isinstance(required, list):
            flat.required.update(str(name) for name in required)
        if "items" in schema and flat.items is None:
            flat.items = Node(schema["items"], node.loc.child("items"))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra and flat.additional is None:  # {} is "anything"
            flat.additional = Node(extra, node.loc.child("additionalProperties"))
        for combiner in ("oneOf", "anyOf"):
            members = schema.get(combiner)
            if isinstance(members, list) and combiner not in flat.variants:
                flat.variants[combiner] = [
                    Node(member, node.loc.child(combiner, index)) for index, member in enumerate(members)
                ]
        members = schema.get("allOf")
        if isinstance(members, list):
            for index, member in enumerate(members):
                member_node = Node(member, node.loc.child("allOf", index))
                try:
                    member_node = self.deref(member_node)
                except RefError as error:
                    flat.unresolved.append((str(member.get("$ref")), error.reason))
                    continue
                self._merge(flat, member_node, depth + 1)
        if "$ref" in schema and isinstance(schema["$ref"], str) and len(schema) > 1:
            # OAS 3.1 allows siblings next to $ref: the target is merged like an allOf member
            try:
                target = self.deref(Node({"$ref": schema["$ref"]}, node.loc))
            except RefError as error:
                flat.unresolved.append((schema["$ref"], error.reason))
            else:
                self._merge(flat, target, depth + 1)


def _server_path(data: dict[str, Any]) -> str:
    servers = data.get("servers")
    if isinstance(servers, list) and servers and isinstance(servers[0], dict):
        url = servers[0].get("url")
        if isinstance(url, str):
            return urlsplit(url).path.rstrip("/") if "://" in url else url.split("?")[0].rstrip("/")
    return ""


def full_segments(base: str, path: str) -> list[str]:
    return [segment for segment in (base + "/" + path).split("/") if segment]


def fixed_prefix(side_paths: list[list[str]]) -> int:
    """How many leading segments every path shares (no templates), leaving one segment at least."""
    if not side_paths:
        return 0
    count = 0
    shortest = min(len(p) for p in side_paths)
    while count < shortest - 1:
        token = side_paths[0][count]
        if _PARAM.fullmatch(token) or any(p[count] != token for p in side_paths):
            break
        count += 1
    return count


def align(std: Side, impl: Side) -> tuple[int, int]:
    """How many leading segments to strip on each side so that most operations line up."""
    paths_std = [full_segments(std.base_path, p) for p in (std.data.get("paths") or {}) if isinstance(p, str)]
    paths_impl = [
        full_segments(impl.base_path, p) for p in (impl.data.get("paths") or {}) if isinstance(p, str)
    ]

    def keys(paths: list[list[str]], strip: int) -> set[str]:
        return {"/".join("{}" if _PARAM.fullmatch(s) else s for s in p[strip:]) for p in paths}

    best = (-1, 0, 0)
    for s in range(fixed_prefix(paths_std) + 1):
        std_keys = keys(paths_std, s)
        for i in range(fixed_prefix(paths_impl) + 1):
            score = len(std_keys & keys(paths_impl, i))
            if score > best[0]:
                best = (score, s, i)
    return best[1], best[2]


def scopes_of(requirements: Any) -> set[str] | None:
    """Every scope named in a list of security requirements (expressions like ``(a | b)`` split)."""
    if not isinstance(requirements, list):
        return None
    scopes: set[str] = set()
    for requirement in requirements:
        if not isinstance(requirement, dict):
            continue
        for values in requirement.values():
            if isinstance(values, list):
                for value in values:
                    if isinstance(value, str):
                        scopes.update(t for t in re.split(r"[\s|&()]+", value) if t)
    return scopes


def experimental(node: Node) -> bool:
    value = node.value
    return isinstance(value, dict) and bool(value.get("x-experimental"))
