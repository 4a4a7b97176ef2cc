"""Issue 9 item 7: baselines, the ignore file and ``x-cgcomply-ignore``; accepted findings in every format.

The round trip of the issue's "done when", with the real commands: lint a document (red), create a
baseline, lint again with it (green), add a regression (red, only the new finding fails), accept it in the
ignore file until a date to come (green), let that entry expire (red, and the report says it expired);
``x-cgcomply-ignore`` on an operation; and the same for ``verify`` against the bundled example API with a
live failure. Accepted findings are shown in text, JSON, HTML, Markdown, JUnit and SARIF with their reason,
counted separately, never dropped.
"""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from cgcomply import verify
from cgcomply.baseline import create_baseline, write_baseline
from cgcomply.cli import main
from cgcomply.demo.server import start_demo_server
from cgcomply.errors import DocumentError
from cgcomply.ignores import Acceptances, IgnoreRule, apply_acceptances, load_acceptances, load_ignore_file
from cgcomply.report import render
from cgcomply.report.model import Report
from cgcomply.results import Status

FUTURE = (date.today() + timedelta(days=400)).isoformat()
PAST = "2020-01-01"
REASON = "Bekend; opgelost in release 2.4 (ticket API-112)"


def _document() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Dieren", "version": "1.0.0"},
        "paths": {
            "/dieren": {
                "get": {
                    "operationId": "dierenList",
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            }
        },
        "components": {"responses": {"NotFound": {"description": "Niet gevonden"}}},
    }


def _with_regression(document: dict[str, Any]) -> dict[str, Any]:
    """A second operation whose 200 declares no API-Version header: a new adr.version-header finding."""
    changed = copy.deepcopy(document)
    changed["paths"]["/katten"] = {
        "get": {
            "operationId": "kattenList",
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
            },
        }
    }
    return changed


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _lint_json(document: Path, *options: str) -> tuple[int, dict[str, Any]]:
    result = _run("lint", str(document), "--format", "json", *options)
    assert result.exit_code in (0, 1, 3), result.output
    return result.exit_code, json.loads(result.stdout)


def _checks(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in data["checks"]}


def test_baseline_and_ignore_round_trip_with_the_real_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .cgcomply-ignore.yaml of the checkout is picked up
    document = _write(tmp_path / "openapi.yaml", _document())

    # 1. Red: the document fails MUST rules.
    code, first = _lint_json(document)
    assert code == 1
    failing = {c["id"] for c in first["checks"] if c["status"] == "fail"}
    assert {"adr.version-header", "adr.problem-details"} <= failing
    (tmp_path / "report.json").write_text(json.dumps(first), encoding="utf-8")

    # 2. Create the baseline.
    created = _run("baseline", "create", "report.json", "-o", "cgcomply-baseline.json")
    assert created.exit_code == 0, created.output

    # 3. Green: rerun with the baseline; every finding is accepted, none is dropped.
    code, green = _lint_json(document, "--baseline", "cgcomply-baseline.json")
    assert code == 0
    checks = _checks(green)
    for check_id in failing:
        assert checks[check_id]["status"] == "accepted"
        for finding in checks[check_id]["findings"]:
            if finding["severity"] in ("error", "warning"):
                assert finding["accepted"]["source"] == "baseline"
                assert finding["accepted"]["origin"] == "cgcomply-baseline.json"
    assert len(checks["adr.version-header"]["findings"]) == len(
        _checks(first)["adr.version-header"]["findings"]
    )
    assert green["summary"]["accepted"]["accepted"] >= len(failing)
    assert green["summary"]["checks"]["accepted"] == len(failing)

    # 4. A regression: a new operation without API-Version. Red again, and only the new finding fails.
    _write(document, _with_regression(_document()))
    code, red = _lint_json(document, "--baseline", "cgcomply-baseline.json")
    assert code == 1
    version = _checks(red)["adr.version-header"]
    assert version["status"] == "fail"
    new = [f for f in version["findings"] if "accepted" not in f]
    old = [f for f in version["findings"] if "accepted" in f]
    assert [f["pointer"] for f in new] == ["/paths/~1katten/get/responses/200"]
    assert old and all(f["accepted"]["source"] == "baseline" for f in old)
    assert _checks(red)["adr.problem-details"]["status"] == "accepted"

    # 5. Accept the new finding in the ignore file until a date to come: green.
    ignore = tmp_path / ".cgcomply-ignore.yaml"
    ignore.write_text(
        "# geaccepteerde bevindingen\n"
        "negeer:\n"
        "  - check: adr.version-header\n"
        "    pointer: /paths/~1katten*\n"
        f"    reden: {REASON}\n"
        f"    tot: {FUTURE}\n",
        encoding="utf-8",
    )
    code, accepted = _lint_json(document, "--baseline", "cgcomply-baseline.json")  # the default file
    assert code == 0
    katten = next(f for f in _checks(accepted)["adr.version-header"]["findings"] if "katten" in f["pointer"])
    assert katten["accepted"] == {
        "source": "ignore",
        "origin": ".cgcomply-ignore.yaml:3",
        "reason": REASON,
        "until": FUTURE,
        "expired": False,
    }

    # 6. The entry expires: red again, and the report says the acceptance expired.
    ignore.write_text(ignore.read_text(encoding="utf-8").replace(FUTURE, PAST), encoding="utf-8")
    code, expired = _lint_json(document, "--baseline", "cgcomply-baseline.json")
    assert code == 1
    katten = next(f for f in _checks(expired)["adr.version-header"]["findings"] if "katten" in f["pointer"])
    assert katten["accepted"]["expired"] is True
    assert expired["summary"]["accepted"]["expired"] == 1
    text = _run("lint", str(document), "--baseline", "cgcomply-baseline.json", "--lang", "nl")
    assert text.exit_code == 1
    assert f"acceptatie verlopen op {PAST}" in text.stdout and REASON in text.stdout
    english = _run("lint", str(document), "--baseline", "cgcomply-baseline.json", "--lang", "en")
    assert f"acceptance expired on {PAST}" in english.stdout

    # 7. Without the baseline (and the ignore file named explicitly) the old findings fail as before.
    code, _ = _lint_json(document, "--ignore", str(ignore))
    assert code == 1


def test_inline_x_cgcomply_ignore_on_an_operation_and_on_a_path_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = _with_regression(_document())
    data["paths"]["/katten"]["get"]["x-cgcomply-ignore"] = [
        {"check": "adr.version-header", "reden": "Katten krijgen de kop in versie 2", "tot": FUTURE}
    ]
    data["paths"]["/dieren"]["x-cgcomply-ignore"] = [{"check": ["adr.version-header"], "reden": "Oude route"}]
    document = _write(tmp_path / "openapi.yaml", data)
    code, report = _lint_json(document)
    version = _checks(report)["adr.version-header"]
    assert version["status"] == "accepted", version
    by_path = {f["pointer"].split("/")[2]: f["accepted"] for f in version["findings"]}
    assert by_path["~1katten"]["source"] == "inline"
    assert by_path["~1katten"]["origin"] == "/paths/~1katten/get/x-cgcomply-ignore/0"
    assert by_path["~1dieren"]["reason"] == "Oude route"
    # other checks of those paths are not covered: problem-details still fails
    assert _checks(report)["adr.problem-details"]["status"] == "fail" and code == 1
    # --no-inline-ignores: the verdict without the supplier's own acceptances
    code, strict = _lint_json(document, "--no-inline-ignores")
    assert _checks(strict)["adr.version-header"]["status"] == "fail" and code == 1
    # an unusable entry is a warning of the run, not silently used and not fatal
    data["paths"]["/katten"]["get"]["x-cgcomply-ignore"] = [{"check": "adr.version-header"}]
    _write(document, data)
    code, warned = _lint_json(document)
    assert any(w.get("id") == "accept:inline-no-reason" for w in warned["warnings"])
    katten = next(f for f in _checks(warned)["adr.version-header"]["findings"] if "katten" in f["pointer"])
    assert "accepted" not in katten


def _accepted_report(tmp_path: Path) -> Report:
    """A lint report with a finding accepted by the ignore file, one by x-cgcomply-ignore, one expired."""
    from cgcomply import lint

    data = _with_regression(_document())
    data["paths"]["/katten"]["get"]["x-cgcomply-ignore"] = [
        {"check": "adr.version-header", "reden": "Inline reden"}
    ]
    document = _write(tmp_path / "openapi.yaml", data)
    ignore = tmp_path / "ignore.yaml"
    ignore.write_text(
        "negeer:\n"
        "  - check: adr.version-header\n"
        "    pointer: /paths/~1dieren*\n"
        f"    reden: {REASON}\n"
        "  - check: adr.problem-details\n"
        "    reden: Verlopen reden\n"
        f"    tot: {PAST}\n",
        encoding="utf-8",
    )
    return lint(document, accept=load_acceptances(ignore=ignore))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_accepted_findings_show_in_every_format_with_their_reason(tmp_path: Path, lang: str) -> None:
    report = _accepted_report(tmp_path)
    word = "geaccepteerd" if lang == "nl" else "accepted"
    expired_word = "acceptatie verlopen" if lang == "nl" else "acceptance expired"
    for fmt in ("text", "md", "html"):
        out = render(report, fmt, lang)
        assert word in out and REASON in out and "Inline reden" in out, fmt
        assert expired_word in out and "Verlopen reden" in out, fmt
        count = "1 bevinding geaccepteerd" if lang == "nl" else "1 finding accepted"
        assert count.split(" ")[-1] in out
    assert "geaccepteerd" in render(report, "text", "nl") and "2 bevindingen geaccepteerd" in render(
        report, "text", "nl"
    )
    junit = ET.fromstring(render(report, "junit", lang))
    case = next(c for c in junit.iter("testcase") if c.get("name") == "adr.version-header")
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("message", "").startswith(word)
    failure = next(c for c in junit.iter("testcase") if c.get("name") == "adr.problem-details").find(
        "failure"
    )
    assert failure is not None and expired_word in (failure.text or "")
    sarif = json.loads(render(report, "sarif", lang))
    run = sarif["runs"][0]
    version = [r for r in run["results"] if r["ruleId"] == "adr.version-header"]
    assert len(version) == 2 and all(r["suppressions"][0]["status"] == "accepted" for r in version)
    kinds = {r["suppressions"][0]["kind"] for r in version}
    assert kinds == {"external", "inSource"}
    assert any(REASON in r["suppressions"][0]["justification"] for r in version)
    problem = [r for r in run["results"] if r["ruleId"] == "adr.problem-details"]
    assert problem and all("suppressions" not in r for r in problem)
    assert all(expired_word in r["message"]["text"] for r in problem)
    assert run["properties"]["accepted"] == {"accepted": 2, "expired": len(problem)}
    assert run["invocations"][0]["exitCode"] == 1
    data = report.to_dict()
    again = Report.from_dict(json.loads(json.dumps(data)))
    assert again.to_dict()["checks"] == data["checks"]


def test_sarif_with_accepted_findings_is_valid_sarif(tmp_path: Path) -> None:
    import jsonschema

    from test_report_sarif import official_sarif_schema  # the OASIS schema the SARIF tests use

    log = json.loads(render(_accepted_report(tmp_path), "sarif", "nl"))
    errors = list(jsonschema.Draft4Validator(official_sarif_schema()).iter_errors(log))
    assert errors == [], [e.message for e in errors]


def test_a_check_is_accepted_only_when_every_failing_finding_is(tmp_path: Path) -> None:
    from cgcomply import lint

    document = _write(tmp_path / "openapi.yaml", _with_regression(_document()))
    only_dieren = (
        IgnoreRule(reason="r", origin="t:1", check="adr.version-header", pointer="/paths/~1dieren*"),
    )
    report = lint(document, accept=Acceptances(rules=only_dieren, inline=False))
    version = next(c for c in report.checks if c.id == "adr.version-header")
    assert version.status is Status.FAIL and report.exit_code() == 1
    assert sorted(f.is_accepted for f in version.findings) == [False, True]


def test_an_entry_expires_on_its_date() -> None:
    rule = IgnoreRule(reason="r", origin="t:1", check="adr.*", until=date(2027, 3, 1))
    assert rule.acceptance(date(2027, 2, 28)).accepts
    assert not rule.acceptance(date(2027, 3, 1)).accepts
    assert rule.acceptance(date(2027, 3, 1)).expired


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("negeer:\n  - check: adr.x\n", 2, "reden"),
        ("negeer:\n  - reden: x\n", 2, "'id', 'check' of 'pointer'"),
        ("negeer:\n  - check: adr.x\n    reden: x\n    tot: morgen\n", 2, "JJJJ-MM-DD"),
        ("negeer:\n  - id: 123\n    reden: x\n", 2, "16"),
        ("negeer:\n  - check: adr.x\n    reden: x\n    wanneer: nu\n", 4, "wanneer"),
        ("iets: []\n", 1, "negeer"),
        ("negeer:\n  - check: [adr.x\n", 3, "YAML"),
    ],
)
def test_a_bad_ignore_file_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "ignore.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_ignore_file(path)
    rendered = caught.value.render("nl")  # the ignore file's words are Dutch ("reden", "tot")
    assert f"{path}:{line}" in rendered and words in rendered, rendered
    assert f"{path}:{line}" in caught.value.render("en")


def test_a_bad_ignore_file_on_the_command_line_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    document = _write(tmp_path / "openapi.yaml", _document())
    (tmp_path / "bad.yaml").write_text("negeer:\n  - check: adr.x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(document), "--ignore", "bad.yaml"])
    assert result.exit_code == 2 and "bad.yaml:2" in result.output
    missing = CliRunner().invoke(main, ["lint", str(document), "--baseline", "nope.json"])
    assert missing.exit_code == 2 and "nope.json" in missing.output


def test_verify_with_a_baseline_accepts_live_findings_and_the_verdict_follows(tmp_path: Path) -> None:
    """Against the example API with a live failure: the baseline makes the requirement of that check no
    longer fail, and the exit code follows (1 → 3: the knock-out requirements that wait for a person)."""
    with start_demo_server(breaks=["no-version-header"]) as server:
        before = verify("cg-basis", url=server.base_url, cacert=server.ca_path)
        assert before.exit_code() == 1
        live = next(c for c in before.checks if c.id == "probe.version-header")
        assert live.status is Status.FAIL and live.findings
        path = tmp_path / "cgcomply-baseline.json"
        write_baseline(create_baseline(before), str(path))
        after = verify(
            "cg-basis", url=server.base_url, cacert=server.ca_path, accept=load_acceptances(baseline=path)
        )
    assert after.exit_code() == 3
    live = next(c for c in after.checks if c.id == "probe.version-header")
    assert live.status is Status.ACCEPTED and all(f.is_accepted for f in live.alerts())
    failed_before = {r.id for r in before.requirements if r.verdict.value == "fail"}
    after_by_id = {r.id: r for r in after.requirements}
    assert failed_before and all(after_by_id[r].verdict.value != "fail" for r in failed_before)
    from cgcomply.i18n import render as render_text

    reasons = " ".join(
        render_text(reason, "nl") for r in after.requirements if r.id in failed_before for reason in r.reasons
    )
    assert "geaccepteerd" in reasons


def test_apply_acceptances_is_a_no_op_without_sources() -> None:
    from fixtures.report.samples import lint_report

    report = lint_report()
    before = report.to_dict()
    apply_acceptances(report.checks, Acceptances(inline=False))
    apply_acceptances(report.checks, None)
    after = report.to_dict()
    for data in (before, after):
        data.pop("run")
    assert after == before
