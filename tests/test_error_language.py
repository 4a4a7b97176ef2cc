"""Error lines in the command's language (issue 9 item 5): ``fout: ...`` in Dutch by default, ``error: ...``
with ``--lang en`` or ``CGCOMPLY_LANG=en``, file, line and URL kept.

Each error path of the CLI runs in nl and in en, and the line must equal the error's rendered text of that
language (its message is a :class:`~cgcomply.i18n.Text` or a :class:`~cgcomply.i18n.Message`, both texts
declared), carry words of that language and none of the other (the marker words of
``test_report_language``). An AST walk over ``src/`` keeps it so: every ``raise SomeError("...")`` of a
:class:`~cgcomply.errors.CgcomplyError` with a bare string literal (or f-string) fails the test.
"""

from __future__ import annotations

import ast
import importlib
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import cgcomply
from cgcomply.errors import CgcomplyError

SRC = Path(cgcomply.__file__).parent

#: Helpers that make one of our errors from their first argument: the YAML loader's error factory and
#: ``errors.at``, the monitor catalogue's ``problem``.
HELPERS = frozenset({"factory", "at", "problem", "error_at"})


def _error_classes() -> frozenset[str]:
    """The names of CgcomplyError and every subclass in cgcomply (every module imported)."""
    for module in pkgutil.walk_packages(cgcomply.__path__, "cgcomply."):
        if module.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(module.name)
        except ImportError:  # an optional part that is not installed cannot raise either
            continue
    names: set[str] = set()
    stack = [CgcomplyError]
    while stack:
        cls = stack.pop()
        names.add(cls.__name__)
        stack.extend(cls.__subclasses__())
    return frozenset(names)


def _bare_strings(tree: ast.AST, names: frozenset[str]) -> list[tuple[int, str]]:
    """Every ``SomeError("...")`` (raised, or made to be raised later) whose message is a bare string."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if (name not in names and name not in HELPERS) or not node.args:
            continue
        first = (
            node.args[1]
            if name == "error_at"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.JoinedStr | ast.Constant)
            else node.args[0]
        )
        if isinstance(first, ast.JoinedStr | ast.BinOp) or (
            isinstance(first, ast.Constant) and isinstance(first.value, str)
        ):
            found.append((node.lineno, name))
    return found


def test_every_raise_of_our_errors_gives_a_bilingual_message() -> None:
    names = _error_classes()
    assert {"DocumentError", "MonitorError", "CatalogError", "UsageError", "TargetError"} <= names
    problems = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        problems.extend(
            f"{path.relative_to(SRC)}:{line}: {name}" for line, name in _bare_strings(tree, names)
        )
    assert problems == [], f"{len(problems)} raises with an English-only string:\n" + "\n".join(problems)


def test_the_walk_finds_a_bare_string() -> None:
    names = frozenset({"DocumentError"})
    tree = ast.parse(
        'raise DocumentError("bad")\nraise DocumentError(f"bad {x}")\nraise DocumentError(Text("a", "b"))\n'
        'error = DocumentError("later")\nraise DocumentError(message)'
    )
    assert sorted(line for line, _ in _bare_strings(tree, names)) == [1, 2, 4]


# --------------------------------------------------------------------------- the CLI's error lines


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _cases(tmp: Path) -> list[tuple[str, list[str], str]]:
    """(name, arguments, what the line must name: the file, URL or option) of each error path."""
    bad_yaml = tmp / "kapot.yaml"
    bad_yaml.write_text(
        'openapi: 3.0.3\ninfo:\n  title: x\n  version: "1"\npaths:\n  /a: [\n', encoding="utf-8"
    )
    no_openapi = tmp / "geen-openapi.yaml"
    no_openapi.write_text("title: x\n", encoding="utf-8")
    profile = tmp / "profiel.yaml"
    profile.write_text("id: x\ntitle: y\nbogus: 1\n", encoding="utf-8")
    market = tmp / "markt.yaml"
    market.write_text("suppliers:\n  - id: a\n    name: A\n    bogus: 1\n", encoding="utf-8")
    not_a_report = tmp / "geen-rapport.json"
    not_a_report.write_text("[]", encoding="utf-8")
    port = _closed_port()
    return [
        ("bad profile file", ["profile", "validate", str(profile)], "profiel.yaml:3"),
        ("bad OpenAPI document, with its line", ["lint", str(bad_yaml)], "kapot.yaml:7:1"),
        ("not an OpenAPI document", ["lint", str(no_openapi)], "geen-openapi.yaml"),
        ("missing file", ["lint", str(tmp / "weg.yaml")], "weg.yaml"),
        ("unreachable URL", ["lint", f"http://127.0.0.1:{port}/openapi.yaml"], f"127.0.0.1:{port}"),
        ("bad market catalogue", ["monitor", "validate", str(market)], "markt.yaml:4"),
        (
            "monitor database in a missing folder",
            ["monitor", "runs", "--db", str(tmp / "x" / "m.sqlite")],
            "m.sqlite",
        ),
        (
            "unusable monitor database URL",
            ["monitor", "runs", "--db", "postgresql://u:p@127.0.0.1:1/db"],
            "127.0.0.1:1",
        ),
        (
            "not a report",
            ["baseline", "create", str(not_a_report), "-o", str(tmp / "b.json")],
            "geen-rapport.json",
        ),
        ("unknown option value", ["lint", "--format", "xml", str(bad_yaml)], "--format"),
        ("unknown option", ["lint", "--bogus", str(bad_yaml)], "--bogus"),
        ("bad --max-size", ["lint", "--max-size", "-3", str(bad_yaml)], "--max-size"),
    ]


def _run(arguments: list[str], lang: str | None, env_lang: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CGCOMPLY_LANG"}
    if env_lang is not None:
        env["CGCOMPLY_LANG"] = env_lang
    if lang is not None:
        arguments = [
            arguments[0],
            *(arguments[1:2] if arguments[0] in ("monitor", "profile", "baseline") else []),
            "--lang",
            lang,
            *arguments[(2 if arguments[0] in ("monitor", "profile", "baseline") else 1) :],
        ]
    return subprocess.run(
        [sys.executable, "-m", "cgcomply.cli", *arguments],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_every_error_line_of_the_cli_is_in_the_command_language(tmp_path: Path) -> None:
    """Dutch by default, English with CGCOMPLY_LANG=en; the same error differs between the two, each names
    its file, line or URL, and none has a line of the other language."""
    from test_report_language import DUTCH, ENGLISH, _foreign_lines

    problems = []
    for name, arguments, named in _cases(tmp_path):
        dutch = _run(arguments, None, None)
        english = _run(arguments, None, "en")
        for lang, result, words, prefix in (
            ("nl", dutch, ENGLISH, "fout: "),
            ("en", english, DUTCH, "error: "),
        ):
            err = result.stderr
            if result.returncode != 2:
                problems.append(f"{name} ({lang}): exit {result.returncode}: {err.strip()[:300]}")
                continue
            if "Traceback" in err:
                problems.append(f"{name} ({lang}): a traceback")
            lines = [line for line in err.splitlines() if line.strip()]
            first = next((line for line in lines if line.lower().startswith(prefix.strip())), None)
            if lang == "en" and first is None:  # click's own: "Error: ..."
                first = next((line for line in lines if line.startswith("Error: ")), None)
            if first is None:
                problems.append(f"{name} ({lang}): no line starts with {prefix!r}: {err.strip()[:300]}")
            if named not in err:
                problems.append(f"{name} ({lang}): {named!r} is not named: {err.strip()[:300]}")
            # what is quoted (a parser's or a database driver's own words) is not ours to translate
            unquoted = re.sub(r'"[^"\n]*"', " ", err)
            problems.extend(f"{name} ({lang}): {line}" for line in _foreign_lines(unquoted, words))
        if dutch.stderr == english.stderr:
            problems.append(f"{name}: the same text in nl and en: {dutch.stderr.strip()[:200]}")
    assert problems == [], "\n".join(problems)


def test_lang_option_and_environment_choose_the_language_of_the_error_line(tmp_path: Path) -> None:
    """``--lang en`` gives English whatever CGCOMPLY_LANG says, ``--lang nl`` Dutch; the line is exactly the
    error's text in that language (its message has both texts)."""
    from cgcomply.monitor.store import open_store

    database = tmp_path / "weg" / "m.sqlite"
    try:
        open_store(str(database))
    except CgcomplyError as error:
        expected = {lang: error.line_in(lang) for lang in ("nl", "en")}
    else:  # pragma: no cover - the folder does not exist
        raise AssertionError("open_store made a database in a missing folder")
    assert expected["nl"].startswith("fout: ") and expected["en"].startswith("error: ")
    assert expected["nl"] != expected["en"] and str(database) in expected["nl"]
    for lang, env_lang in (("en", "nl"), ("nl", "en"), ("en", None)):
        result = _run(["monitor", "runs", "--db", str(database)], lang, env_lang)
        assert result.returncode == 2
        assert result.stderr.strip() == expected[lang], (lang, env_lang, result.stderr)
    dutch_default = _run(["monitor", "runs", "--db", str(database)], None, None)
    assert dutch_default.stderr.strip() == expected["nl"]
    lint = _run(["lint", "--format", "xml", "x.yaml"], "en", "nl")
    assert "Error: Invalid value for '--format'" in lint.stderr
    lint = _run(["lint", "--format", "xml", "x.yaml"], "nl", "en")
    assert "fout: Ongeldige waarde voor '--format': 'xml' is niet een van" in lint.stderr


def test_a_third_party_plain_string_still_works() -> None:
    error = CgcomplyError("plain words", source="x.yaml", line=3)
    assert error.render("nl") == error.render("en") == "x.yaml:3: plain words"
    assert error.message == "plain words" and error.text is None
    assert str(error) == "x.yaml:3: plain words"
