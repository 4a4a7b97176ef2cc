"""Per-run state that is not HTTP: the garbage-collector pause and the debug flag (issue 8 item 3)."""

from __future__ import annotations

import gc
import re
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from cgcomply.oas.text import gc_paused
from cgcomply.probes.options import ProbeOptions
from cgcomply.probes.runner import _run_one
from cgcomply.probes.version_header import CHECK
from cgcomply.results import Status

SRC = Path(__file__).resolve().parents[1] / "src" / "cgcomply"


def test_parsers_in_two_threads_share_one_gc_pause_and_the_collector_comes_back() -> None:
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with gc_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first left": False}  # still paused: the second parser is not done
    assert gc.isenabled()  # the last one out restored it


def test_a_pause_restores_a_collector_the_caller_had_switched_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _raise(ctx: object) -> None:
    raise RuntimeError("boom")


_crash = SimpleNamespace(run=_raise)  # a probe unit whose function crashes


def test_the_debug_flag_is_an_option_not_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CGCOMPLY_DEBUG", "1")  # library code must not read it
    result = _run_one(_crash, CHECK, SimpleNamespace(options=ProbeOptions()))
    assert result.status is Status.ERROR and "boom" in str(result.reason)
    with pytest.raises(RuntimeError):
        _run_one(_crash, CHECK, SimpleNamespace(options=ProbeOptions(debug=True)))


# Files that read the environment. The CLI may; the others are named with why (or whose they are).
ENVIRONMENT_READERS = {
    "cli.py": "the command line reads CGCOMPLY_LANG, CGCOMPLY_DEBUG and the --header-env variables",
    "probes/cli_options.py": "builds ProbeOptions for the CLI from --header-env NAME=ENVVAR",
    "report/__init__.py": "write_report (the CLI's output) honours NO_COLOR on a terminal",
    "http/options.py": "trust_env=True (asked for) reads SSL_CERT_FILE as httpx would",
    "standards/store.py": "the cache folder's location (CGCOMPLY_CACHE_DIR, like XDG_CACHE_HOME that "
    "platformdirs reads): where files go, not run state; DocumentStore(cache=...) overrides it",
    "monitor/cli.py": "m-core: monitor run passes os.environ for the credentials a catalogue names by variable",
}


def test_only_the_named_files_read_the_environment() -> None:
    readers = set()
    for path in SRC.rglob("*.py"):
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text("utf-8")):
            readers.add(path.relative_to(SRC).as_posix())
    assert readers == set(ENVIRONMENT_READERS), (
        sorted(readers - set(ENVIRONMENT_READERS)),
        sorted(set(ENVIRONMENT_READERS) - readers),
    )


def test_lint_many_raises_a_crash_only_when_the_caller_asks_for_debugging(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``lint_many(debug=)`` is the option; ``CGCOMPLY_DEBUG`` is read by the CLI only."""
    import cgcomply.linting
    from cgcomply.lint_many import lint_many

    def crash(*args: object, **kwargs: object) -> None:  # no real document makes our linter crash on purpose
        raise RuntimeError("boom")

    monkeypatch.setattr(cgcomply.linting, "lint_document", crash)
    monkeypatch.setenv("CGCOMPLY_DEBUG", "1")  # library code must not read it
    run = lint_many(["a.yaml", "b.yaml"], "2.2.0")
    assert [document.exit_code for document in run.documents] == [4, 4]
    assert "internal error: RuntimeError: boom" in (run.documents[0].error or "")
    monkeypatch.delenv("CGCOMPLY_DEBUG")
    with pytest.raises(RuntimeError, match="boom"):
        lint_many(["a.yaml"], "2.2.0", debug=True)


# Module-level mutable containers that code changes after import, and ``global`` rebinding: each is named
# here with why it is not the state of a run. Anything else fails the test below.
MODULE_STATE = {
    ("oas/text.py", "_gc_pauses"): "the garbage collector is process-wide: parsers in several threads share "
    "one pause, counted under a lock (test above)",
    ("oas/text.py", "_gc_was_enabled"): "what the first parser in found, restored by the last one out",
    ("oas/yaml_load.py", "_RYML"): "the rapidyaml module's constants, looked up once: read-only afterwards",
    ("oas/yaml_load.py", "_BUFFER_API"): "ctypes prototypes, made once per process: read-only afterwards",
    ("standards/rules/base.py", "RULES"): "the conformance rules' registry, filled by rule() while the rule "
    "modules are imported; never changed by a run",
}

_MUTABLE_CALLS = frozenset(
    [
        "dict",
        "list",
        "set",
        "defaultdict",
        "OrderedDict",
        "Counter",
        "deque",
        "WeakKeyDictionary",
        "WeakValueDictionary",
        "WeakSet",
        "bytearray",
    ]
)
_MUTATORS = frozenset(
    [
        "append",
        "add",
        "update",
        "setdefault",
        "pop",
        "popitem",
        "clear",
        "extend",
        "insert",
        "remove",
        "discard",
        "appendleft",
        "move_to_end",
        "__setitem__",
        "__delitem__",
    ]
)


def _module_state(path: Path) -> dict[str, int]:
    """Names of ``path`` that are rebound with ``global``, or module-level mutable containers that a
    function changes (changes made by the module's own top-level statements build a table at import, and
    are not state), with the line of the first such change."""
    import ast

    tree = ast.parse(path.read_text("utf-8"))
    containers: set[str] = set()
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if value is None:
            continue
        call = value.func if isinstance(value, ast.Call) else None
        name = (
            call.id if isinstance(call, ast.Name) else call.attr if isinstance(call, ast.Attribute) else None
        )
        if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp) or (
            name in _MUTABLE_CALLS
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            containers.update(target.id for target in targets if isinstance(target, ast.Name))
    found: dict[str, int] = {}
    functions = [
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
    ]
    for function in functions:
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                for name in node.names:
                    found.setdefault(name, node.lineno)
            changed: list[ast.expr] = []
            if isinstance(node, ast.Assign | ast.Delete):
                changed = [t.value for t in node.targets if isinstance(t, ast.Subscript)]
            elif isinstance(node, ast.AugAssign):
                changed = [node.target.value if isinstance(node.target, ast.Subscript) else node.target]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _MUTATORS
            ):
                changed = [node.func.value]
            for target in changed:
                if isinstance(target, ast.Name) and target.id in containers:
                    found.setdefault(target.id, node.lineno)
    return found


def test_no_module_level_mutable_state_but_the_named_few() -> None:
    """No run's state in a module: every module-level container that code changes after import is named in
    MODULE_STATE with its reason, and every name there is still used that way (the list stays exact)."""
    found = {
        (path.relative_to(SRC).as_posix(), name): line
        for path in SRC.rglob("*.py")
        for name, line in _module_state(path).items()
    }
    unnamed = sorted(
        f"{file}:{line} {name}" for (file, name), line in found.items() if (file, name) not in MODULE_STATE
    )
    assert not unnamed, unnamed
    assert set(MODULE_STATE) == set(found), sorted(set(MODULE_STATE) - set(found))


def test_the_state_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "SEEN = set()\nTABLE = {'a': 1}\nTABLE['b'] = 2\nCOUNT = 0\n"
        "def note(x):\n    SEEN.add(x)\n\n"
        "def bump():\n    global COUNT\n    COUNT += 1\n\n"
        "def read():\n    local = {}\n    local['x'] = TABLE['a']\n    return local\n",
        "utf-8",
    )
    assert _module_state(module) == {"SEEN": 6, "COUNT": 9}
