"""YAML parsed once with libyaml: the node tree gives line numbers, our builder gives JSON-like data.

``yaml.compose(..., Loader=CSafeLoader)`` parses in C and keeps a mark on every node. We build the
data from that tree ourselves instead of using PyYAML's constructor, because the data must be
JSON-compatible (it is validated against JSON Schemas later):

- mapping keys are the scalar text as written: ``200:`` gives ``"200"``, ``on:``/``yes:`` give ``"on"``/
  ``"yes"`` (not YAML 1.1 booleans), ``1.0:`` gives ``"1.0"``;
- timestamps (``2021-01-01``) and ``!!binary`` stay the strings they are written as;
- ints, floats, booleans and nulls as values follow YAML 1.1 like PyYAML's safe loader;
- anchors/aliases give the same Python object (no copies, no blow-up), merge keys ``<<`` are honoured,
  a recursive alias is an error.

The tree is kept so that :class:`YamlLocator` can map a JSON pointer to a line without parsing again.
"""

from __future__ import annotations

from cgcomply.errors import DocumentError

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


def compose(text: str, source: str):  # -> yaml.Node | None
    """Parse YAML text into a node tree with libyaml; errors become :class:`DocumentError`."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(error, text, source) from None
    except yaml.YAMLError as error:
        raise DocumentError(f"invalid YAML: {error}", source=source) from None
    except RecursionError:
        raise DocumentError("invalid YAML: nested too deeply", source=source) from None


def _yaml_error(error, text: str, source: str) -> DocumentError:
    mark = error.problem_mark or error.context_mark
    problem = error.problem or "cannot be parsed"
    if error.context:
        problem = f"{error.context}: {problem}"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    hint = ""
    if "\\t" in problem or "'\\t'" in problem or "\t" in problem:
        hint = " (a tab character; YAML does not allow tabs for indentation, use spaces)"
    elif line is not None:
        lines = text.splitlines()
        if 0 < line <= len(lines) and "\t" in lines[line - 1][: (column or 1)]:
            hint = " (the line contains a tab; YAML does not allow tabs for indentation, use spaces)"
    return DocumentError(f"invalid YAML: {problem}{hint}", source=source, line=line, column=column)


def build(root, source: str) -> object:
    """JSON-compatible data from a composed node tree (see the module docstring)."""
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor

    scalar_node = yaml.ScalarNode
    sequence_node = yaml.SequenceNode
    constructor = SafeConstructor()
    memo: dict[int, object] = {}
    in_progress: set[int] = set()

    def error_at(node, message: str) -> DocumentError:
        mark = node.start_mark
        return DocumentError(message, source=source, line=mark.line + 1, column=mark.column + 1)

    def scalar(node) -> object:
        tag = node.tag
        value = node.value
        if tag == _STR:
            return value
        try:
            if tag == _INT:
                try:
                    return int(value)
                except ValueError:
                    return constructor.construct_yaml_int(node)
            if tag == _NULL:
                return None
            if tag == _BOOL:
                return constructor.construct_yaml_bool(node)
            if tag == _FLOAT:
                return constructor.construct_yaml_float(node)
        except (ValueError, ConstructorError):
            return value
        return value

    def key_of(node) -> str:
        if node.__class__ is not scalar_node:
            raise error_at(node, "a mapping key must be a plain value, not a list or mapping")
        return node.value

    def container(node) -> object:
        ident = id(node)
        if ident in memo:
            return memo[ident]
        if ident in in_progress:
            raise error_at(node, "recursive YAML alias (an anchor that contains itself)")
        in_progress.add(ident)
        if node.__class__ is sequence_node:
            result: object = [value(item) for item in node.value]
        else:
            mapping: dict[str, object] = {}
            explicit: list[tuple[str, object]] = []
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    merge_into(mapping, value_node)
                else:
                    explicit.append((key_of(key_node), value(value_node)))
            mapping.update(explicit)
            result = mapping
        in_progress.discard(ident)
        memo[ident] = result
        return result

    def merge_into(mapping: dict[str, object], node) -> None:
        sources = node.value if node.__class__ is sequence_node else [node]
        merged: dict[str, object] = {}
        for source_node in reversed(sources):
            data = value(source_node)
            if not isinstance(data, dict):
                raise error_at(source_node, "a merge key (<<) needs a mapping or a list of mappings")
            merged.update(data)
        mapping.update(merged)

    def value(node) -> object:
        if node.__class__ is scalar_node:
            return scalar(node)
        return container(node)

    try:
        return value(root)
    except RecursionError:
        raise DocumentError("YAML is nested too deeply", source=source) from None


class YamlLocator:
    """1-based (line, column) of a JSON pointer's target in a composed YAML node tree."""

    def __init__(self, root) -> None:
        self._root = root
        self._keys: dict[int, dict[str, object]] = {}

    def locate(self, tokens: list[str]) -> tuple[int, int] | None:
        import yaml

        node = self._root
        mark = node.start_mark
        for token in tokens:
            if isinstance(node, yaml.MappingNode):
                found = self._key_index(node).get(token)
                if found is None:
                    return None
                key_node, node = found  # type: ignore[misc]
                mark = key_node.start_mark
            elif isinstance(node, yaml.SequenceNode):
                if not token.isdigit() or int(token) >= len(node.value):
                    return None
                node = node.value[int(token)]
                mark = node.start_mark
            else:
                return None
        return mark.line + 1, mark.column + 1

    def _key_index(self, node) -> dict[str, object]:
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            explicit = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    sources = value_node.value if value_node.id == "sequence" else [value_node]
                    for source_node in reversed(sources):
                        if source_node.id == "mapping":
                            index.update(self._key_index(source_node))
                elif key_node.id == "scalar":
                    explicit[key_node.value] = (key_node, value_node)
            index.update(explicit)
            self._keys[id(node)] = index
        return index
