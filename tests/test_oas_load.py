"""Loading documents: formats, normalised keys, line numbers, and a clear error for every bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cgcomply.errors import DocumentError, UsageError
from cgcomply.oas import LoadOptions, load_document, load_document_bytes, parse_ref_map

FIXTURES = Path(__file__).parent / "fixtures" / "oas"

CRLF_JSON = (
    b'{\r\n  "openapi": "3.1.0",\r\n  "info": {"title": "CRLF", "version": "1"},\r\n'
    b'  "paths": {\r\n    "/a": {\r\n      "get": {\r\n        "responses": {\r\n'
    b'          "200": {"description": "ok \\"quoted\\" {not a brace} [nor this]"}\r\n'
    b"        }\r\n      }\r\n    }\r\n  },\r\n"
    b'  "x-list": [1, {"b": [2, 3]}, "c"],\r\n  "x-\\u00e9": {"k/e~y": true}\r\n}\r\n'
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_yaml_keys_are_strings_and_dates_stay_strings():
    doc = load_document(FIXTURES / "petstore.yaml")
    assert doc.kind == "openapi-3.0"
    assert doc.version == "3.0.3"
    assert doc.syntax == "yaml"
    responses = doc.data["paths"]["/dieren"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert doc.data["info"]["x-released"] == "2021-01-01"
    flags = doc.data["components"]["schemas"]["Flags"]
    assert list(flags["properties"]) == ["on", "yes"]
    assert flags["example"] == {"on": True, "geboren": "2020-02-29"}
    json.dumps(doc.data)  # JSON-compatible


def test_yaml_merge_keys_and_aliases():
    doc = load_document(FIXTURES / "petstore.yaml")
    schemas = doc.data["components"]["schemas"]
    dier = schemas["Dier"]
    assert dier["type"] == "object"  # merged from Basis
    assert dier["description"] == "Een dier"
    assert list(dier["properties"]) == ["naam", "ouder"]  # explicit key wins over the merged one


def test_yaml_locate_keys_items_and_merged_keys():
    doc = load_document(FIXTURES / "petstore.yaml")
    assert doc.locate("") == (1, 1)
    assert doc.locate("/info/title") == (3, 3)
    assert doc.locate("/paths/~1dieren/get/responses/200") == (11, 9)
    assert doc.locate("/paths/~1dieren/get/responses/404/$ref") == (18, 11)
    assert doc.locate("/components/schemas/Dier/type") == (25, 7)  # where the merged key is written
    assert doc.locate("/components/schemas/Flags/properties/on") == (40, 9)
    assert doc.locate("#/paths/~1dieren/get/responses/200") == (11, 9)  # URI fragment form
    assert doc.locate("#/components/schemas/Flags/properties/%6Fn") == (40, 9)
    assert doc.locate("/paths/~1nope") is None
    assert doc.locate("/info/title/deeper") is None


def test_json_locate_with_crlf_escapes_and_arrays(tmp_path):
    doc = load_document(write(tmp_path, "crlf.json", CRLF_JSON))
    assert doc.kind == "openapi-3.1"
    assert doc.syntax == "json"
    assert doc.locate("") == (1, 1)
    assert doc.locate("/openapi") == (2, 3)
    assert doc.locate("/info/version") == (3, 29)
    assert doc.locate("/paths/~1a/get/responses/200/description") == (8, 19)
    assert doc.locate("/x-list/1/b/1") == (13, 27)
    assert doc.locate("/x-list/2") == (13, 32)
    assert doc.locate("/x-é/k~1e~0y") == (14, 16)
    assert doc.locate("/x-list/3") is None
    assert doc.locate("/x-list/a") is None
    assert doc.locate("/missing") is None


def test_bom_and_crlf_yaml(tmp_path):
    data = b'\xef\xbb\xbfopenapi: 3.0.0\r\ninfo:\r\n  title: BOM en CRLF\r\n  version: "1"\r\npaths: {}\r\n'
    doc = load_document(write(tmp_path, "bom.yaml", data))
    assert doc.data["info"]["title"] == "BOM en CRLF"
    assert doc.locate("/info/version") == (4, 3)


def test_bom_json_and_utf16(tmp_path):
    text = '{"openapi": "3.0.0", "info": {"title": "é", "version": "1"}, "paths": {}}'
    assert (
        load_document(write(tmp_path, "a.json", b"\xef\xbb\xbf" + text.encode())).data["info"]["title"] == "é"
    )
    assert load_document(write(tmp_path, "b.json", text.encode("utf-16"))).version == "3.0.0"


def test_swagger_2_loads_with_its_kind():
    doc = load_document_bytes(b'{"swagger": "2.0", "info": {}, "paths": {}}', "s.json")
    assert (doc.kind, doc.version) == ("swagger-2.0", "2.0")


def test_missing_openapi_key_with_paths_loads_as_unknown():
    doc = load_document_bytes(b"info:\n  title: x\npaths: {}\n", "x.yaml")
    assert (doc.kind, doc.version) == ("unknown", "")


def test_unknown_openapi_version_and_unquoted_version():
    assert load_document_bytes(b"openapi: 4.0.0\npaths: {}\n", "x.yaml").kind == "unknown"
    doc = load_document_bytes(b"openapi: 3.0\npaths: {}\n", "x.yaml")
    assert (doc.kind, doc.version, doc.data["openapi"]) == ("openapi-3.0", "3.0", 3.0)


def test_yaml_that_looks_like_json_falls_back_to_yaml():
    doc = load_document_bytes(b"{openapi: 3.1.0, paths: {}}  # flow style\n", "flow.yaml")
    assert doc.kind == "openapi-3.1"


@pytest.mark.parametrize(
    ("name", "data", "message", "line"),
    [
        ("empty.yaml", b"", "the file is empty", None),
        ("blank.json", b"  \r\n\n", "the file is empty", None),
        ("comments.yaml", b"# only a comment\n", "no YAML document", None),
        ("bad.json", b'{\n  "openapi": "3.0.0",\n  "info": }\n', "invalid JSON", 3),
        ("bad.yaml", b"openapi: 3.0.0\ninfo: [\n  title: x\n", "invalid YAML", None),
        ("tabs.yaml", b'openapi: 3.0.0\ninfo:\n\ttitle: tabs\n  version: "1"\n', "tab", 3),
        ("list.yaml", b"- openapi: 3.0.0\n", "the top level is a list, not a mapping", 1),
        ("scalar.yaml", b"just text\n", "the top level is a string", 1),
        (
            "schema.json",
            b'{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}',
            "JSON Schema",
            1,
        ),
        (
            "other.yaml",
            b"name: x\nsteps: []\n",
            "no `openapi` or `swagger` key (top-level keys: name, steps)",
            1,
        ),
        ("latin1.yaml", "openapi: 3.0.0\ninfo:\n  title: caf\xe9\n".encode("latin-1"), "not UTF-8", 3),
        ("recursive.yaml", b"openapi: 3.0.0\nx: &a\n  - *a\n", "recursive YAML alias", 3),
        ("unknown-alias.yaml", b"openapi: 3.0.0\nx: *a\n", "refers to no anchor &a", 2),
        ("complex-key.yaml", b"openapi: 3.0.0\n? [a, b]\n: c\n", "plain value", 2),
        ("two-docs.yaml", b"openapi: 3.0.0\n---\nopenapi: 3.1.0\n", "single document", None),
    ],
)
def test_bad_inputs_give_a_clear_document_error(tmp_path, name, data, message, line):
    path = write(tmp_path, name, data)
    with pytest.raises(DocumentError) as info:
        load_document(path)
    error = info.value
    assert error.source == str(path)
    assert message in error.message
    if line is not None:
        assert error.line == line
    assert str(path) in error.render()


def test_file_not_found_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="file not found"):
        load_document(tmp_path / "nope.yaml")
    with pytest.raises(DocumentError, match="folder"):
        load_document(tmp_path)


def test_size_cap_is_checked_before_reading(tmp_path):
    path = write(tmp_path, "big.json", b'{"openapi": "3.0.0", "x": "' + b"a" * 5000 + b'"}')
    with pytest.raises(DocumentError, match="over the size limit") as info:
        load_document(path, LoadOptions(max_bytes=1000))
    assert "--max-size" in info.value.message
    with pytest.raises(DocumentError, match="over the size limit"):
        load_document_bytes(path.read_bytes(), "big.json", LoadOptions(max_bytes=1000))
    assert load_document(path, LoadOptions(max_bytes=10_000)).kind == "openapi-3.0"


def test_deeply_nested_json_is_an_error_not_a_crash():
    data = b'{"openapi": "3.0.0", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(DocumentError, match="nested too deeply"):
        load_document_bytes(data, "deep.json")


def test_parse_ref_map_and_from_cli(tmp_path):
    prefix, folder = parse_ref_map(f"https://raw.githubusercontent.com/={tmp_path}")
    assert (prefix, folder) == ("https://raw.githubusercontent.com/", tmp_path)
    for bad in ["nothing", f"ftp://x/={tmp_path}", "https://x/=/does/not/exist", "=dir"]:
        with pytest.raises(UsageError, match="--ref-map"):
            parse_ref_map(bad)
    options = LoadOptions.from_cli(
        allow_ref_hosts=("Raw.GitHubUserContent.com",), ref_maps=(f"http://a/={tmp_path}",), max_size_mb=1
    )
    assert options.allow_ref_hosts == frozenset({"raw.githubusercontent.com"})
    assert options.ref_maps == (("http://a/", tmp_path),)
    assert options.max_bytes == 1024 * 1024
    with pytest.raises(UsageError, match="--max-size"):
        LoadOptions.from_cli(max_size_mb=0)
    with pytest.raises(UsageError, match="--allow-ref-host"):
        LoadOptions.from_cli(allow_ref_hosts=("https://x/",))


def test_yaml_merge_list_first_source_wins_and_aliases_share_positions():
    text = (
        b"openapi: 3.0.0\n"  # 1
        b"x-a: &a\n"  # 2
        b"  kleur: rood\n"  # 3
        b"  maat: 1\n"  # 4
        b"x-b: &b\n"  # 5
        b"  kleur: blauw\n"  # 6
        b"  vorm: rond\n"  # 7
        b"x-c:\n"  # 8
        b"  <<: [*a, *b]\n"  # 9
        b"  maat: 2\n"  # 10
        b"x-lijst: &l\n"  # 11
        b"  - een\n"  # 12
        b"  - twee\n"  # 13
        b"x-weer: *l\n"  # 14
    )
    doc = load_document_bytes(text, "merge.yaml")
    assert doc.data["x-c"] == {"kleur": "rood", "maat": 2, "vorm": "rond"}
    assert doc.locate("/x-c/kleur") == (3, 3)  # from the first merge source
    assert doc.locate("/x-c/vorm") == (7, 3)
    assert doc.locate("/x-c/maat") == (10, 3)  # the explicit key wins
    assert doc.data["x-weer"] is doc.data["x-lijst"]
    assert doc.locate("/x-weer/1") == (13, 5)  # an alias points at the anchored node
    assert doc.locate("/x-weer/2") is None


def test_yaml_scalars_follow_the_yaml_1_2_core_schema_as_the_official_linter_reads_them():
    """Spectral's parser (@stoplight/yaml) types plain scalars by YAML 1.2's core schema; so do we."""
    text = (
        b"openapi: 3.0.0\nx:\n  a: yes\n  b: 0x1F\n  c: 1_000\n  d: ~\n  e: 1.5\n  f: '200'\n"
        b"  g: 0612345678\n  h: 1e3\n  i: 0o17\n  j: True\n  k: off\n  l: 2021-01-01\n  m: 1:30\n"
        b"  n: !!str 12\n  1.0: k\n  null: k\n  200: ok\n"
    )
    x = load_document_bytes(text, "s.yaml").data["x"]
    assert x == {
        "a": "yes",
        "b": 31,
        "c": "1_000",
        "d": None,
        "e": 1.5,
        "f": "200",
        "g": 612345678,
        "h": 1000.0,
        "i": 15,
        "j": True,
        "k": "off",
        "l": "2021-01-01",
        "m": "1:30",
        "n": "12",
        "1": "k",  # keys are made as JavaScript's String(value) makes them
        "null": "k",
        "200": "ok",
    }


def test_yaml_anchors_may_be_redefined_and_aliases_stay_shared():
    doc = load_document_bytes(b"openapi: 3.0.0\na: &x {v: 1}\nb: *x\nc: &x {v: 2}\nd: *x\n", "a.yaml")
    assert doc.data["b"] is doc.data["a"] and doc.data["d"] is doc.data["c"]
    assert doc.data["d"] == {"v": 2}
    assert doc.locate("/d/v") == (4, 8)  # at the anchor's own text


def _json_with_offsets(value, rng, path, offsets):
    """Serialise ``value`` as JSON with random whitespace, recording where each member key / item starts."""
    space = lambda: rng.choice(["", " ", "\n", "  ", "\r\n\t", "\n    "])  # noqa: E731
    if isinstance(value, dict):
        parts = ["{", space()]
        for i, (key, item) in enumerate(value.items()):
            if i:
                parts += [",", space()]
            offsets[(*path, key)] = sum(map(len, parts)) + offsets["base"]
            text = json.dumps(key)
            parts += [text, space(), ":", space()]
            base = offsets["base"]
            offsets["base"] = base + sum(map(len, parts))
            parts.append(_json_with_offsets(item, rng, (*path, key), offsets))
            offsets["base"] = base
        parts += [space(), "}"]
        return "".join(parts)
    if isinstance(value, list):
        parts = ["[", space()]
        for i, item in enumerate(value):
            if i:
                parts += [",", space()]
            offsets[(*path, str(i))] = sum(map(len, parts)) + offsets["base"]
            base = offsets["base"]
            offsets["base"] = base + sum(map(len, parts))
            parts.append(_json_with_offsets(item, rng, (*path, str(i)), offsets))
            offsets["base"] = base
        parts += [space(), "]"]
        return "".join(parts)
    return json.dumps(value, ensure_ascii=rng.random() < 0.5)


def test_json_locate_finds_every_member_and_item_at_any_depth(tmp_path):
    """The locator indexes containers near the root member by member and skips deeper values with the C
    scanner: every key and item, at every depth, is where the text has it (random whitespace, escapes,
    braces inside strings, empty containers)."""
    import random

    from cgcomply.oas import pointer as jp
    from cgcomply.oas.text import LineIndex

    rng = random.Random(7)

    def make(depth):
        if depth == 0 or rng.random() < 0.2:
            return rng.choice([1, -2.5e3, 'a{b}[c]"', "é ☃", None, True, {}, []])
        if rng.random() < 0.5:
            return [make(depth - 1) for _ in range(rng.randint(0, 4))]
        return {
            rng.choice(["k", "a/b", "t~0", "{", "ü", "$ref"]) + str(i): make(depth - 1)
            for i in range(rng.randint(0, 4))
        }

    for round_no in range(30):
        value = {"openapi": "3.0.3", "paths": make(6), "components": {"schemas": make(6)}}
        offsets = {"base": 0}
        text = _json_with_offsets(value, rng, (), offsets)
        assert json.loads(text) == value
        doc = load_document(write(tmp_path, f"doc{round_no}.json", text.encode("utf-8")))
        lines = LineIndex(text)
        for tokens, offset in offsets.items():
            if tokens == "base":
                continue
            assert doc.locate(jp.join(tokens)) == lines.position(offset), tokens
        assert doc.locate("/paths/no such member") is None
