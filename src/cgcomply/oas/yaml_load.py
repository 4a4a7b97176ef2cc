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

While building, the position of every mapping key and sequence item is recorded in a compact index
keyed by the built container, and the node tree is dropped. Keeping the tree instead would leave
about 600,000 extra objects (nodes and marks) for Stripe's 4 MB YAML, and every full run of the
garbage collector would then spend about 0.6 s walking them while the checks run.
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
        context = error.context
        first = error.context_mark
        if first is not None and mark is not None and first.line != mark.line:
            context = f"{context} (line {first.line + 1})"
        problem = f"{context}: {problem}"
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


Position = tuple[int, int]


def build(root, source: str) -> tuple[object, YamlLocator]:
    """JSON-compatible data from a composed node tree, and a locator for it (see the module docstring)."""
    import yaml
    from yaml.constructor import ConstructorError, SafeConstructor

    scalar_node = yaml.ScalarNode
    sequence_node = yaml.SequenceNode
    constructor = SafeConstructor()
    memo: dict[int, object] = {}
    in_progress: set[int] = set()
    # id(built dict) -> {key: position of the key}; id(built list) -> [position of each item]
    positions: dict[int, dict[str, Position] | list[Position]] = {}
    keep: list[object] = []  # keeps every indexed container alive, so that ids stay unique

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

    def container(node) -> object:
        ident = id(node)
        if ident in memo:
            return memo[ident]
        if ident in in_progress:
            raise error_at(node, "recursive YAML alias (an anchor that contains itself)")
        in_progress.add(ident)
        result: object
        if node.__class__ is sequence_node:
            items = node.value
            result = [value(item) for item in items]
            where: dict[str, Position] | list[Position] = [
                (item.start_mark.line + 1, item.start_mark.column + 1) for item in items
            ]
        else:
            mapping: dict[str, object] = {}
            where = {}
            explicit: list[tuple[str, object]] = []
            explicit_where: dict[str, Position] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    merge_into(mapping, where, value_node)
                    continue
                if key_node.__class__ is not scalar_node:
                    raise error_at(key_node, "a mapping key must be a plain value, not a list or mapping")
                key = key_node.value
                explicit.append((key, value(value_node)))
                mark = key_node.start_mark
                explicit_where[key] = (mark.line + 1, mark.column + 1)
            mapping.update(explicit)
            where.update(explicit_where)
            result = mapping
        in_progress.discard(ident)
        memo[ident] = result
        positions[id(result)] = where
        keep.append(result)
        return result

    def merge_into(mapping: dict[str, object], where: dict[str, Position], node) -> None:
        sources = node.value if node.__class__ is sequence_node else [node]
        merged: dict[str, object] = {}
        merged_where: dict[str, Position] = {}
        for source_node in reversed(sources):  # the first source wins
            data = value(source_node)
            if not isinstance(data, dict):
                raise error_at(source_node, "a merge key (<<) needs a mapping or a list of mappings")
            merged.update(data)
            merged_where.update(positions[id(data)])  # type: ignore[arg-type]
        mapping.update(merged)
        where.update(merged_where)

    def value(node) -> object:
        if node.__class__ is scalar_node:
            return scalar(node)
        return container(node)

    try:
        data = value(root)
    except RecursionError:
        raise DocumentError("YAML is nested too deeply", source=source) from None
    start = root.start_mark
    return data, YamlLocator(data, positions, (start.line + 1, start.column + 1), keep)


class YamlLocator:
    """1-based (line, column) of a JSON pointer's target, from the index that :func:`build` recorded.

    Object members are located at their key (a merged key at the place it is written), array items at
    the item. The walk follows the built data, so it sees the document as loaded.
    """

    def __init__(
        self,
        data: object,
        positions: dict[int, dict[str, Position] | list[Position]],
        root: Position,
        containers: list[object],
    ) -> None:
        self._data = data
        self._containers = containers  # holds the indexed containers, so their ids are never reused
        self._positions = positions
        self._root = root

    def locate(self, tokens: list[str]) -> Position | None:
        current = self._data
        where = self._root
        for token in tokens:
            index = self._positions.get(id(current))
            if index is None:
                return None
            if isinstance(current, dict) and isinstance(index, dict):
                if token not in current or token not in index:
                    return None
                where = index[token]
                current = current[token]
            elif isinstance(current, list) and isinstance(index, list):
                if not token.isdigit() or int(token) >= len(current) or int(token) >= len(index):
                    return None
                where = index[int(token)]
                current = current[int(token)]
            else:
                return None
        return where
