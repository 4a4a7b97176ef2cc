"""Read a YAML file once with libyaml and keep, for every value, where it stands in the file.

The data is built from the composed node tree (not with the constructor), so that every path
(``("requirements", 2, "form")``) maps to the line and column of its value and of its key. Timestamps
stay strings (``2027-01-15``), so the data is plain JSON and hashes the same on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from cgcomply.errors import CatalogError

Path_ = tuple[str | int, ...]

_CONSTRUCTOR = SafeConstructor()
_TAG = "tag:yaml.org,2002:"


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class YamlDocument:
    """Parsed YAML data plus the position of every value (``marks``) and mapping key (``key_marks``)."""

    source: str
    data: Any
    marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)

    def mark(self, path: Path_, *, key: bool = False) -> Mark | None:
        """The mark of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        if key and path in self.key_marks:
            return self.key_marks[path]
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            path = path[:-1]

    def error(
        self, message: str, path: Path_, *, key: bool = False, field_name: str | None = None
    ) -> CatalogError:
        """A :class:`CatalogError` for the value at ``path`` (file, line, column and field path)."""
        mark = self.mark(path, key=key)
        return CatalogError(
            message,
            source=self.source,
            line=mark.line if mark else None,
            column=mark.column if mark else None,
            field=field_name if field_name is not None else (format_path(path) or None),
        )


def format_path(path: Path_) -> str:
    """``requirements[2].form``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_yaml(path: Path, source: str | None = None) -> YamlDocument:
    """Parse ``path``; every problem becomes a :class:`CatalogError` with file and line."""
    source = source or display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise CatalogError("file not found", source=source) from None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a YAML file", source=source) from None
    except UnicodeDecodeError as error:
        raise CatalogError(f"not UTF-8 text ({error.reason} at byte {error.start})", source=source) from None
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", source=source) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or "invalid YAML"
        if error.context:
            started = error.context_mark
            where = f" (started at line {started.line + 1}, column {started.column + 1})" if started else ""
            problem = f"{error.context}{where}: {problem}"
        raise CatalogError(
            f"YAML error: {problem}",
            source=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise CatalogError(f"YAML error: {error}", source=source) from None
    document = YamlDocument(source=source, data=None)
    if node is None:
        return document
    document.data = _build(node, (), document, set())
    return document


def _mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _build(node: yaml.Node, path: Path_, document: YamlDocument, active: set[int]) -> Any:
    document.marks[path] = _mark_of(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, path, document)
    if id(node) in active:
        raise document.error("YAML error: an alias refers to itself (recursive structure)", path)
    active.add(id(node))
    try:
        if isinstance(node, yaml.SequenceNode):
            return [_build(item, (*path, index), document, active) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    document.marks[(*path, "?")] = _mark_of(key_node)
                    raise document.error("YAML error: a mapping key must be a plain value", (*path, "?"))
                key = str(key_node.value)
                child = (*path, key)
                document.key_marks[child] = _mark_of(key_node)
                if key in result:
                    raise document.error(f"duplicate key {key!r}", child, key=True)
                result[key] = _build(value_node, child, document, active)
            return result
    finally:
        active.discard(id(node))
    raise document.error(f"YAML error: unsupported node {node.id}", path)  # type: ignore[attr-defined]  # pragma: no cover


def _scalar(node: yaml.ScalarNode, path: Path_, document: YamlDocument) -> Any:
    tag = node.tag
    if tag == _TAG + "str" or tag == _TAG + "timestamp":
        return node.value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == _TAG + "int":
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag == _TAG + "float":
        value = _CONSTRUCTOR.construct_yaml_float(node)
        if value != value or value in (float("inf"), float("-inf")):
            raise document.error(f"YAML error: {node.value!r} is not a finite number", path)
        return value
    raise document.error(f"YAML error: unsupported tag {tag!r}", path)
