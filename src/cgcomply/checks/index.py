"""One walk over the document that every check reads from.

The index is built once per lint run: servers, path items, operations with their effective parameters
(path level plus operation level, dereferenced), responses with their headers and content, media types,
every Schema Object reachable from the document (following ``$ref`` once, cycle-safe, never walking into
``example``/``examples``/``default``/``enum`` values) and the properties of those schemas with their
names. Nodes keep the file and JSON pointer where they live, so a finding can be located on demand; a
node reached through a ``$ref`` is recorded at its target, once, the way Spectral reports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from cgcomply.checks.base import pointer_join

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")

# Keywords whose value is one subschema, a list of subschemas, or a map of name -> subschema.
_SCHEMA_ONE = (
    "items",
    "not",
    "additionalProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "additionalItems",
    "contentSchema",
)
_SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_KEYWORDS = frozenset(_SCHEMA_ONE + _SCHEMA_LIST + _SCHEMA_MAP)
_MAX_REF_HOPS = 32


class Node:
    """A value in the document and where it lives (``file`` None: the root document).

    The JSON pointer is built only when asked for (most nodes of a large document are never reported):
    a node made with ``parent``/``token`` computes it from its parent's the first time.
    """

    __slots__ = ("_parent", "_pointer", "_token", "file", "value")

    def __init__(
        self,
        value: Any,
        pointer: str | None = None,
        file: str | None = None,
        *,
        parent: Node | None = None,
        token: object = None,
    ) -> None:
        self.value = value
        self.file = file
        self._pointer = pointer
        self._parent = parent
        self._token = token

    @property
    def pointer(self) -> str:
        if self._pointer is None:
            parent = self._parent
            self._pointer = pointer_join(parent.pointer if parent is not None else "", self._token)
            self._parent = None
        return self._pointer

    @property
    def key(self) -> tuple[str | None, int]:
        """Identity of the value in its file (the same object reached twice, e.g. through $ref)."""
        return (self.file, id(self.value))

    def at(self, token: object, value: Any) -> Node:
        """A child node whose pointer is built lazily."""
        return Node(value, None, self.file, parent=self, token=token)

    def child(self, *tokens: object) -> Node | None:
        value = self.value
        for token in tokens:
            if isinstance(value, dict) and token in value:
                value = value[token]
                continue
            if isinstance(value, list) and isinstance(token, int) and 0 <= token < len(value):
                value = value[token]
                continue
            return None
        if len(tokens) == 1:  # the pointer is built only if asked for, as for :meth:`at`
            return Node(value, None, self.file, parent=self, token=tokens[0])
        return Node(value, pointer_join(self.pointer, *tokens), self.file)

    def __repr__(self) -> str:
        return f"Node({self.file or ''}#{self.pointer})"


class UnknownParameter(Node):
    """A parameter whose ``$ref`` does not resolve: still a parameter, of unknown name and location.

    ``value`` is the reference object itself and ``ref`` its ``$ref`` string; checks that would need
    the parameter's location say that they cannot decide, naming ``ref`` (unless another parameter
    already decides them).
    """

    __slots__ = ("ref",)

    def __init__(self, value: Any, pointer: str, file: str | None, ref: str) -> None:
        super().__init__(value, pointer, file)
        self.ref = ref

    def __repr__(self) -> str:
        return f"UnknownParameter({self.ref!r} at {self.file or ''}#{self.pointer})"


@dataclass(slots=True)
class Response:
    code: str
    node: Node  # the Response Object, dereferenced
    operation: Operation


@dataclass(slots=True)
class Operation:
    path: str
    method: str
    node: Node
    path_item: Node
    # effective: path level + operation level, deref'd; a $ref that does not resolve is an UnknownParameter
    parameters: list[Node] = field(default_factory=list)
    operation_parameters: list[Node] = field(default_factory=list)  # the operation's own, deref'd
    request_body: Node | None = None  # dereferenced
    responses: list[Response] = field(default_factory=list)

    def query_parameters(self) -> list[Node]:
        return [p for p in self.known_parameters() if p.value.get("in") == "query"]

    def known_parameters(self) -> list[Node]:
        """The parameters whose definition could be read (their ``$ref``, if any, resolved)."""
        return [p for p in self.parameters if not isinstance(p, UnknownParameter)]

    def unknown_parameters(self) -> list[UnknownParameter]:
        """The parameters whose ``$ref`` does not resolve: name and location unknown."""
        return [p for p in self.parameters if isinstance(p, UnknownParameter)]


@dataclass(slots=True)
class Property:
    name: str
    node: Node  # the property's schema, dereferenced
    parent: Node  # the schema that declares it


@dataclass(slots=True)
class ExampleSite:
    """A value that must be valid against a schema: a schema's ``example``/``default``, a media example."""

    value: Any
    schema: Node
    where: Node  # the example value's own place (for the finding)
    kind: str  # "schema-example", "schema-default", "media-example"


class DocumentIndex:
    """Everything the checks look at, collected in one pass."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.root: Any = document.data
        self.kind: str = getattr(document, "kind", "unknown")
        self.is_openapi3 = self.kind.startswith("openapi-3")
        self.paths: list[tuple[str, Node]] = []
        self.operations: list[Operation] = []
        self.servers: list[Node] = []  # root servers
        self.all_servers: list[Node] = []  # root, path and operation servers
        self.schemas: list[Node] = []
        self.top_schemas: list[Node] = []  # schema roots: met directly or as a $ref target, once
        self.properties: list[Property] = []
        self.media_types: list[tuple[str, Node]] = []
        self.parameters: list[Node] = []  # every distinct Parameter Object, deref'd
        self.headers: list[tuple[str, Node]] = []  # every distinct Header Object, deref'd
        self.examples: list[ExampleSite] = []
        self.unresolved: list[Node] = []  # $ref nodes that could not be followed
        self.problems: list[str] = []  # parts that could not be indexed (strange shapes)
        self.shared_schemas: set[int] = set()  # ids of schema objects met at more than one place inline
        self._seen_schemas: set[tuple[str | None, int]] = set()
        self._seen_objects: set[tuple[str, str | None, str]] = set()
        if isinstance(self.root, dict):
            self._build()

    # ------------------------------------------------------------------ dereferencing

    def deref(self, node: Node) -> Node | None:
        """Follow ``$ref`` (chains too) to the target; None when it cannot be resolved."""
        current = node
        for _ in range(_MAX_REF_HOPS):
            value = current.value
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                return current
            try:
                resolved = self.document.deref(value, current.file)
            except Exception:
                resolved = None
            if resolved is None or getattr(resolved, "pointer", None) is None:
                self.unresolved.append(current)
                return None
            target = Node(resolved.value, resolved.pointer or "", _file_or_none(self.document, resolved.file))
            if target.pointer == current.pointer and target.file == current.file:
                return None
            current = target
        return None

    def _first_visit(self, kind: str, node: Node) -> bool:
        key = (kind, node.file, node.pointer)
        if key in self._seen_objects:
            return False
        self._seen_objects.add(key)
        return True

    # ------------------------------------------------------------------ the walk

    def _build(self) -> None:
        root = Node(self.root, "")
        servers = root.child("servers")
        if servers is not None and isinstance(servers.value, list):
            for i in range(len(servers.value)):
                server = servers.child(i)
                if server is not None:
                    self.servers.append(server)
                    self.all_servers.append(server)
        paths = root.child("paths")
        if paths is not None and isinstance(paths.value, dict):
            for key in paths.value:
                item = paths.child(key)
                if item is None:
                    continue
                item = self.deref(item)
                if item is None or not isinstance(item.value, dict):
                    continue
                self.paths.append((str(key), item))
                self._guarded(self._walk_path_item, str(key), item)
        webhooks = root.child("webhooks")  # OAS 3.1: their schemas count, they are no paths of this API
        if webhooks is not None and isinstance(webhooks.value, dict):
            for key in webhooks.value:
                item = webhooks.child(key)
                item = self.deref(item) if item is not None else None
                if item is not None and isinstance(item.value, dict):
                    self._guarded(self._walk_path_item, str(key), item, record=False)
        components = root.child("components")
        if self.kind == "swagger-2.0":
            components = root
        if components is not None and isinstance(components.value, dict):
            self._guarded(self._walk_components, components)

    def _guarded(self, walk, *args: Any, **kwargs: Any) -> None:
        """Walk one part; a part with a shape nobody foresaw is noted and skipped, the rest is indexed."""
        try:
            walk(*args, **kwargs)
        except Exception as error:
            self.problems.append(f"{type(error).__name__}: {error} (while indexing {args[0]!s:.80})")

    def _walk_path_item(self, path: str, item: Node, *, record: bool = True) -> None:
        self._collect_servers(item)
        path_parameters = self._parameter_list(item.child("parameters"))
        for method in HTTP_METHODS:
            operation_node = item.child(method)
            if operation_node is None or not isinstance(operation_node.value, dict):
                continue
            self._collect_servers(operation_node)
            own = self._parameter_list(operation_node.child("parameters"))
            operation = Operation(path, method, operation_node, item, operation_parameters=own)
            operation.parameters = _effective_parameters(path_parameters, own)
            body = operation_node.child("requestBody")
            if body is not None:
                body = self.deref(body)
                if body is not None and isinstance(body.value, dict):
                    operation.request_body = body
                    self._walk_content(body.child("content"))
            responses = operation_node.child("responses")
            if responses is not None and isinstance(responses.value, dict):
                for code in responses.value:
                    response = responses.child(code)
                    response = self.deref(response) if response is not None else None
                    if response is None or not isinstance(response.value, dict):
                        continue
                    operation.responses.append(Response(str(code), response, operation))
                    self._walk_response(response)
            if record:
                self.operations.append(operation)

    def _collect_servers(self, owner: Node) -> None:
        if owner.value is self.root:
            return
        servers = owner.child("servers")
        if servers is not None and isinstance(servers.value, list):
            for i in range(len(servers.value)):
                server = servers.child(i)
                if server is not None:
                    self.all_servers.append(server)

    def _parameter_list(self, node: Node | None) -> list[Node]:
        if node is None or not isinstance(node.value, list):
            return []
        result: list[Node] = []
        for i in range(len(node.value)):
            written = node.child(i)
            parameter = self.deref(written) if written is not None else None
            if parameter is None and written is not None and isinstance(written.value, dict):
                ref = written.value.get("$ref")
                if isinstance(ref, str):
                    result.append(UnknownParameter(written.value, written.pointer, written.file, ref))
                continue
            if parameter is None or not isinstance(parameter.value, dict):
                continue
            result.append(parameter)
            if self._first_visit("parameter", parameter):
                self.parameters.append(parameter)
                self._walk_parameter_like(parameter)
        return result

    def _walk_parameter_like(self, node: Node) -> None:
        """Parameter and Header Objects: a schema, or content; examples against the schema."""
        schema = node.child("schema")
        if schema is not None:
            self._walk_schema(schema)
            self._media_examples(node, schema)
        self._walk_content(node.child("content"))

    def _walk_response(self, response: Node) -> None:
        if not self._first_visit("response", response):
            return
        headers = response.child("headers")
        if headers is not None and isinstance(headers.value, dict):
            for name in headers.value:
                header = headers.child(name)
                header = self.deref(header) if header is not None else None
                if header is None or not isinstance(header.value, dict):
                    continue
                if self._first_visit("header", header):
                    self.headers.append((str(name), header))
                    self._walk_parameter_like(header)
        self._walk_content(response.child("content"))
        schema = response.child("schema")  # Swagger 2.0
        if schema is not None:
            self._walk_schema(schema)

    def _walk_content(self, content: Node | None) -> None:
        if content is None or not isinstance(content.value, dict):
            return
        for media_type in content.value:
            media = content.child(media_type)
            if media is None or not isinstance(media.value, dict):
                continue
            if not self._first_visit("media", media):
                continue
            self.media_types.append((str(media_type), media))
            schema = media.child("schema")
            if schema is not None:
                self._walk_schema(schema)
                self._media_examples(media, schema)

    def _media_examples(self, owner: Node, schema: Node) -> None:
        example = owner.child("example")
        if example is not None:
            self.examples.append(ExampleSite(example.value, schema, example, "media-example"))
        examples = owner.child("examples")
        if examples is not None and isinstance(examples.value, dict):
            for name in examples.value:
                item = examples.child(name)
                item = self.deref(item) if item is not None else None
                if item is None or not isinstance(item.value, dict) or "value" not in item.value:
                    continue
                value = item.child("value")
                if value is not None:
                    self.examples.append(ExampleSite(value.value, schema, value, "media-example"))

    def _walk_components(self, components: Node) -> None:
        sections = {
            "schemas": "schema",
            "definitions": "schema",
            "parameters": "parameter",
            "headers": "header",
            "requestBodies": "body",
            "responses": "response",
        }
        for section, kind in sections.items():
            group = components.child(section)
            if group is None or not isinstance(group.value, dict):
                continue
            for name in group.value:
                node = group.child(name)
                if node is None:
                    continue
                if kind == "schema":
                    self._walk_schema(node)
                    continue
                node = self.deref(node)
                if node is None or not isinstance(node.value, dict):
                    continue
                if kind == "parameter" and self._first_visit("parameter", node):
                    self.parameters.append(node)
                    self._walk_parameter_like(node)
                elif kind == "header" and self._first_visit("header", node):
                    self.headers.append((str(name), node))
                    self._walk_parameter_like(node)
                elif kind == "body":
                    self._walk_content(node.child("content"))
                elif kind == "response":
                    self._walk_response(node)

    def _walk_schema(self, start: Node) -> None:
        """Every schema reachable from ``start``, each recorded once (iterative, cycle-safe).

        Stack entries are (node, is top-level, property name or None, declaring schema or None); a
        property is recorded each time it is met (two properties may share one schema through $ref), its
        schema only once.
        """
        stack: list[tuple[Node, bool, str | None, Node | None]] = [(start, True, None, None)]
        seen = self._seen_schemas
        while stack:
            node, top, name, parent = stack.pop()
            value = node.value
            target = self.deref(node) if isinstance(value, dict) and "$ref" in value else node
            if target is None or not isinstance(target.value, dict):
                continue
            if parent is not None:
                self.properties.append(Property(name or "", target, parent))
            key = (target.file, id(target.value))
            if key in seen:
                if target is node:
                    self.shared_schemas.add(id(target.value))  # the same object twice: a YAML alias
                continue
            seen.add(key)
            self.schemas.append(target)
            if top or target is not node:  # a $ref target is a schema root too (meta-schemas stop at $ref)
                self.top_schemas.append(target)
            value = target.value
            if "example" in value or "default" in value:
                self._schema_examples(target)
            if _SCHEMA_KEYWORDS.isdisjoint(value):
                continue  # a leaf (most schemas: `type: string`): no subschema to walk
            for keyword, sub in value.items():
                if keyword not in _SCHEMA_KEYWORDS:
                    continue
                if keyword in _SCHEMA_MAP:
                    if isinstance(sub, dict):
                        group = target.at(keyword, sub)
                        is_property = keyword == "properties"
                        for member, member_schema in sub.items():
                            child = group.at(member, member_schema)
                            if is_property:
                                stack.append((child, False, str(member), target))
                            else:
                                stack.append((child, False, None, None))
                elif isinstance(sub, dict):
                    stack.append((target.at(keyword, sub), False, None, None))
                elif isinstance(sub, list) and (keyword in _SCHEMA_LIST or keyword == "items"):
                    group = target.at(keyword, sub)
                    for i, item in enumerate(sub):
                        stack.append((group.at(i, item), False, None, None))

    def _schema_examples(self, schema: Node) -> None:
        value = schema.value
        if not any(k in value for k in ("enum", "type", "format", "$ref", "properties", "items")):
            return
        for keyword, kind in (("example", "schema-example"), ("default", "schema-default")):
            if keyword in value:
                where = schema.at(keyword, value[keyword])
                self.examples.append(ExampleSite(value[keyword], schema, where, kind))

    # ------------------------------------------------------------------ helpers for checks

    def iter_responses(self) -> Iterator[Response]:
        for operation in self.operations:
            yield from operation.responses

    def schema_properties(self, schema: Node) -> dict[str, Node]:
        """Property names of a schema, including those from ``allOf`` members (deref'd, cycle-safe)."""
        result: dict[str, Node] = {}
        seen: set[tuple[str | None, str]] = set()
        stack = [schema]
        while stack:
            node = self.deref(stack.pop())
            if node is None or not isinstance(node.value, dict):
                continue
            if (node.file, node.pointer) in seen:
                continue
            seen.add((node.file, node.pointer))
            properties = node.value.get("properties")
            if isinstance(properties, dict):
                for name in properties:
                    child = node.child("properties", name)
                    if child is not None:
                        result.setdefault(str(name), child)
            all_of = node.value.get("allOf")
            if isinstance(all_of, list):
                stack.extend(
                    child for i in range(len(all_of)) if (child := node.child("allOf", i)) is not None
                )
        return result


def _effective_parameters(path_level: list[Node], operation_level: list[Node]) -> list[Node]:
    """Operation parameters override path-level ones with the same name and location."""
    own = {_parameter_key(p) for p in operation_level}
    inherited = [p for p in path_level if _parameter_key(p) not in own]
    return inherited + operation_level


def _parameter_key(parameter: Node) -> tuple[str, str]:
    if isinstance(parameter, UnknownParameter):
        return ("$ref", parameter.ref)
    return (repr(parameter.value.get("name")), repr(parameter.value.get("in")))


def _file_or_none(document: Any, file: Any) -> str | None:
    """The root document's file is recorded as None so that root pointers compare equal."""
    if file is None:
        return None
    root = getattr(document, "root_file", None) or getattr(document, "source", None)
    return None if str(file) == str(root) else str(file)
