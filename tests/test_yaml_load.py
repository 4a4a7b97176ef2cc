"""The one YAML loader (rapidyaml, YAML 1.2 core schema) on hostile and unusual input, for documents and
profiles alike: bounded expansion of aliases, huge integers, NUL bytes, UTF-16 without a BOM."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main
from cgcomply.errors import CatalogError, DocumentError
from cgcomply.oas import load_document_bytes
from cgcomply.oas.yaml_load import _js_number, load_yaml
from peak_memory import run_cli_measured


def _laughs(levels: int = 9, width: int = 9) -> str:
    """A "billion laughs" file: each level is a list of ``width`` aliases of the level before."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_a_small_profile_with_nested_aliases_ends_with_exit_2_quickly(tmp_path: Path) -> None:
    text = "id: gemeente-x\n" + _laughs()
    assert len(text.encode()) < 700  # the size of the hostile profile in the issue (661 bytes)
    path = tmp_path / "laughs.yaml"
    path.write_text(text, encoding="utf-8")
    # in a child of its own, whose peak memory is its own; the bound of the issue (10 s) is the hang guard
    run = run_cli_measured(["profile", "validate", str(path)], timeout=10)
    assert run.code == 2, run.stderr
    assert "laughs.yaml:" in run.stderr and "expands to more than" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert run.peak_mb < 500, f"{run.peak_mb:.0f} MiB"


def test_a_document_with_nested_aliases_is_refused_at_the_alias_that_crosses_the_budget() -> None:
    text = "openapi: 3.0.0\n" + _laughs(levels=12)
    with pytest.raises(DocumentError, match="expands to more than") as info:
        load_document_bytes(text.encode(), "laughs.yaml")
    assert info.value.line is not None and info.value.line > 2


def test_aliases_below_the_budget_stay_shared() -> None:
    data, _ = load_yaml(_laughs(levels=4), "x.yaml")  # type: ignore[misc]
    assert data["a3"][0] is data["a2"]  # type: ignore[index]


@pytest.mark.parametrize("kind", ["document", "profile"])
def test_integers_of_more_than_4300_digits_are_a_clear_error_with_a_line(tmp_path: Path, kind: str) -> None:
    digits = "9" * 5000
    if kind == "document":
        for name, body in [
            ("huge.yaml", f"openapi: 3.0.0\ninfo:\n  version: {digits}\n"),
            ("huge.json", f'{{"openapi": "3.0.0",\n "info": {{"version": {digits}}}}}'),
        ]:
            with pytest.raises(DocumentError, match="5000 digits") as info:
                load_document_bytes(body.encode(), name)
            assert info.value.line in (2, 3)
        return
    path = tmp_path / "huge.yaml"
    path.write_text(f"id: gemeente-x\nx: {digits}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["profile", "validate", str(path)])
    assert result.exit_code == 2 and "huge.yaml:2:" in result.stderr and "5000 digits" in result.stderr


def test_nul_bytes_give_a_line() -> None:
    with pytest.raises(DocumentError, match="NUL byte") as info:
        load_document_bytes(b"openapi: 3.0.0\ninfo:\n  title: a\x00b\n", "nul.yaml")
    assert (info.value.line, info.value.column) == (3, 11)
    with pytest.raises(CatalogError, match="NUL byte"):
        load_yaml("a: \x00\n", "p.yaml", error=CatalogError)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_json_without_a_bom_gets_an_honest_message(encoding: str) -> None:
    data = json.dumps({"openapi": "3.0.0", "paths": {}}).encode(encoding)
    with pytest.raises(DocumentError) as info:
        load_document_bytes(data, "api.json")
    assert "UTF-" in info.value.message and "byte order mark" in info.value.message
    assert "invalid YAML" not in info.value.message


def test_utf16_with_a_bom_is_read() -> None:
    data = "\ufeff".encode("utf-16-le") + json.dumps({"openapi": "3.0.0", "paths": {}}).encode("utf-16-le")
    assert load_document_bytes(data, "api.json").kind == "openapi-3.0"


def test_duplicate_keys_last_wins_in_documents_and_are_errors_in_profiles() -> None:
    data, _ = load_yaml("a: 1\nb: 2\na: 3\n", "d.yaml")  # type: ignore[misc]
    assert data == {"b": 2, "a": 3}
    with pytest.raises(CatalogError, match="duplicate key 'a'") as info:
        load_yaml("x:\n  a: 1\n  a: 2\n", "p.yaml", duplicate_keys="error", error=CatalogError)
    assert (info.value.line, info.value.field) == (3, "x.a")


def test_text_that_rapidyaml_refuses_but_libyaml_reads_is_loaded_the_same_way() -> None:
    # a double-quoted continuation line indented less than its key, as PyYAML's emitter writes it
    text = 'openapi: 3.0.0\nx:\n  y:\n    d: "a\n  \\ b"\n    n: 0612345678\n'
    data, locator = load_yaml(text, "f.yaml")  # type: ignore[misc]
    assert data == {"openapi": "3.0.0", "x": {"y": {"d": "a  b", "n": 612345678}}}
    assert type(locator).__name__ == "IndexedLocator"  # rapidyaml refused it; libyaml read it
    assert locator.locate(["x", "y", "n"]) == (6, 5)


def test_keys_that_are_not_strings_are_listed_with_their_place() -> None:
    _, locator = load_yaml("responses:\n  200: {}\n  '404': {}\n  default: {}\n", "r.yaml")  # type: ignore[misc]
    assert locator.nonstring_keys == [((2, 3), "200")]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (1e-6, "0.000001"),
    ],
)
def test_float_keys_are_written_as_javascript_writes_numbers(value: float, text: str) -> None:
    assert _js_number(value) == text


def test_positions_of_items_keys_blocks_and_empty_containers() -> None:
    text = "a:\n  - x\n  - 'q'\n  - >-\n    folded\n  - {}\n  - [1, {}]\nb: &anchor\n  c: 1\nd: *anchor\n"
    _, locator = load_yaml(text, "p.yaml")  # type: ignore[misc]
    assert locator.locate(["a", "0"]) == (2, 5)
    assert locator.locate(["a", "1"]) == (3, 5)  # at the quote
    assert locator.locate(["a", "2"]) == (4, 5)  # at the block indicator
    assert locator.locate(["a", "3"]) == (6, 5)
    assert locator.locate(["a", "4", "1"]) == (7, 9)
    assert locator.locate(["d", "c"]) == (9, 3)  # through the alias, where the anchor's content is
    assert locator.locate_value(["b"]) == (8, 4)  # the anchor starts the value


def test_locators_of_several_documents_work_side_by_side() -> None:
    first = load_yaml("a:\n  b: 1\n", "1.yaml")
    second = load_yaml("x: 1\ny:\n  - z\n", "2.yaml")
    assert first is not None and second is not None
    assert first[1].locate(["a", "b"]) == (2, 3)
    assert second[1].locate(["y", "0"]) == (3, 5)
    assert first[1].locate(["a"]) == (1, 1)


def test_a_locator_recorded_as_an_index_gives_the_same_positions() -> None:
    text = "a:\n  - x\n  - {b: 1, c: [2, 3]}\nd: &anchor {e: 1}\nf: *anchor\n'200': ok\n"
    loaded = load_yaml(text, "i.yaml")
    assert loaded is not None
    _, locator = loaded
    indexed = locator.to_index()
    for tokens in (["a"], ["a", "1"], ["a", "1", "c", "1"], ["d", "e"], ["f", "e"], ["200"], []):
        assert indexed.locate(tokens) == locator.locate(tokens), tokens


def test_parses_in_several_threads_keep_stderr_and_their_results() -> None:
    import os
    import threading

    before = os.fstat(2).st_ino
    results: list[object] = []

    def work(index: int) -> None:
        for _ in range(20):
            loaded = load_yaml(f"a: {index}\nb: [1, 2]\n", f"{index}.yaml")
            assert loaded is not None
            results.append(loaded[0])
            with pytest.raises(DocumentError):
                load_yaml("a: [1\n", "bad.yaml")

    threads = [threading.Thread(target=work, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80 and os.fstat(2).st_ino == before


def test_a_published_openapi_yaml_with_nested_aliases_is_refused_before_it_expands() -> None:
    from cgcomply.oas.yaml_load import published_as_json

    bomb = ("openapi: 3.0.0\n" + _laughs(levels=9)).encode()
    assert len(bomb) < 700  # the size of the hostile openapi.yaml in the issue (606 bytes)
    with pytest.raises(DocumentError, match="expands to more than"):
        published_as_json(bomb, "http://127.0.0.1/openapi.yaml", max_bytes=10 * 1024 * 1024)
    small = b"openapi: 3.0.0\ninfo: {title: x, version: '1'}\nx: &a {d: 2021-01-01}\ny: *a\n"
    assert published_as_json(small, "u", max_bytes=1024) == {
        "openapi": "3.0.0",
        "info": {"title": "x", "version": "1"},
        "x": {"d": "2021-01-01"},
        "y": {"d": "2021-01-01"},
    }
