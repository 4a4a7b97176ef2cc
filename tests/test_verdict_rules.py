"""Verdicts never overstate (issue 9, parts 2, 3 and 10).

The verdict per requirement and the overall verdict are computed from check results; these tests build the
check results by hand (with the real catalogue and the real check units) so that every rule is pinned on
its own, and run ``cgcomply lint`` on documents whose MUST checks cannot be decided.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.catalog.loader import load_catalog
from cgcomply.checks.registry import all_static_checks
from cgcomply.cli import main
from cgcomply.report.base import exit_meaning, overall_label, requirement_reason
from cgcomply.report.model import Report, RequirementVerdict, Target, Verdict
from cgcomply.results import CheckResult, Status
from cgcomply.verification import _verdict

ADR = "2.2.0"


def _results(status: Status = Status.PASS, *, live: bool = False, **overrides: Status) -> list[CheckResult]:
    """A result for every static check of ADR 2.2.0 (and, with ``live``, every default live probe),
    ``status`` unless overridden by id (``_`` for ``-`` and ``__`` for ``.``)."""
    from cgcomply.probes.options import ProbeOptions
    from cgcomply.probes.registry import all_probes

    chosen = {key.replace("__", ".").replace("_", "-"): value for key, value in overrides.items()}
    units = [check.info_for(ADR) for check in all_static_checks(ADR)]
    if live:
        units += [p.info_for(ADR) for p in all_probes() if p.applies_to(ADR) and p.enabled(ProbeOptions())]
    results = []
    for info in units:
        wanted = chosen.get(info.id, status)
        if not info.technical:
            wanted = Status.MANUAL
        results.append(CheckResult(info=info, status=wanted))
    return results


def _requirement(requirement_id: str):
    return load_catalog().get(requirement_id)


def test_a_functional_must_check_makes_the_requirement_manual_not_pass() -> None:
    # CG-API-02 names adr.http-methods, a functional rule in ADR 2.2: a person must judge it.
    verdict = _verdict(
        _requirement("CG-API-02"), _results(live=True), has_url=True, adr_version=ADR, form="eis"
    )
    assert verdict.verdict is Verdict.MANUAL
    reason = requirement_reason(verdict, "nl") or ""
    assert "adr.http-methods" in reason and "functionele regel" in reason


def test_an_opt_in_probe_that_did_not_run_is_undetermined_and_names_its_option() -> None:
    # CG-API-14 is verified by probe.conformance, which runs only with --conformance.
    verdict = _verdict(
        _requirement("CG-API-14"), _results(live=True), has_url=True, adr_version=ADR, form="wens"
    )
    assert verdict.verdict is Verdict.UNDETERMINED
    assert "--conformance" in (requirement_reason(verdict, "nl") or "")
    assert "--conformance" in (requirement_reason(verdict, "en") or "")
    assert "geslaagd" not in (requirement_reason(verdict, "nl") or "")


def test_live_checks_without_a_url_are_undetermined_with_the_reason() -> None:
    verdict = _verdict(_requirement("CG-API-03"), _results(), has_url=False, adr_version=ADR, form="eis")
    assert verdict.verdict is Verdict.UNDETERMINED
    assert "geen --url" in (requirement_reason(verdict, "nl") or "")


def test_a_requirement_none_of_whose_checks_ran_is_never_a_pass() -> None:
    # No results at all and no URL: nothing was decided.
    verdict = _verdict(_requirement("CG-API-01"), [], has_url=False, adr_version=ADR, form="eis")
    assert verdict.verdict is Verdict.UNDETERMINED


def _report(*verdicts: tuple[str, Verdict]) -> Report:
    return Report(
        adr_version=ADR,
        target=Target(url="https://example.test/api/v1"),
        requirements=[
            RequirementVerdict(id=f"R-{i}", title=_requirement("CG-API-01").title, verdict=v, form=form)
            for i, (form, v) in enumerate(verdicts)
        ],
    )


@pytest.mark.parametrize(
    ("verdicts", "code"),
    [
        ((("eis", Verdict.PASS), ("eis", Verdict.PASS)), 0),
        ((("eis", Verdict.PASS), ("eis", Verdict.MANUAL)), 3),  # a knock-out eis waits for a person
        ((("eis", Verdict.PASS), ("uitvoeringsvoorwaarde", Verdict.UNDETERMINED)), 3),
        ((("eis", Verdict.MANUAL), ("eis", Verdict.FAIL)), 1),  # a failure outweighs an open one
        ((("eis", Verdict.PASS), ("wens", Verdict.MANUAL), ("kwaliteitsvraag", Verdict.MANUAL)), 0),
        ((("eis", Verdict.PASS), ("wens", Verdict.FAIL)), 0),  # a wish scores; it does not disqualify
        (((None, Verdict.MANUAL),), 3),  # without a form every requirement binds
    ],
)
def test_exit_code_follows_the_binding_requirements(verdicts, code: int) -> None:
    report = _report(*verdicts)
    assert report.exit_code() == code
    label_nl, label_en = overall_label(report, "nl"), overall_label(report, "en")
    if code == 0:
        assert label_nl == "voldoet" and label_en != "voldoet"
    elif code == 1:
        assert label_nl == "voldoet niet"
    else:
        assert label_nl.startswith("nog niet vastgesteld")
        assert label_en.startswith("not yet determined")
    assert exit_meaning(report, "nl", code) and exit_meaning(report, "en", code)


def test_overall_label_counts_what_is_still_open() -> None:
    report = _report(("eis", Verdict.MANUAL), ("eis", Verdict.UNDETERMINED), ("eis", Verdict.UNDETERMINED))
    assert overall_label(report, "nl") == (
        "nog niet vastgesteld: 1 eis wacht op handmatige beoordeling, 2 eisen niet vastgesteld"
    )
    assert overall_label(report, "en") == (
        "not yet determined: 1 requirement awaiting manual review, 2 requirements not determined"
    )


# --------------------------------------------------------------------------- lint: undecided MUST -> 3

REMOTE_REFS = """\
openapi: 3.0.3
info: {title: Remote refs, version: 1.0.0, contact: {name: x, url: "https://example.test", email: a@b.nl}}
servers: [{url: "https://api.example.test/v1"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          headers:
            API-Version: {schema: {type: string}}
        default:
          $ref: "https://elsewhere.example.test/responses.yaml#/Problem"
"""


def test_lint_exits_3_when_a_must_check_could_not_be_decided(tmp_path: Path) -> None:
    document = tmp_path / "openapi.yaml"
    document.write_text(REMOTE_REFS, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["lint", str(document), "--format", "json", "-o", str(tmp_path / "r.json")]
    )
    import json

    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    checks = {c["id"]: c for c in data["checks"]}
    assert checks["adr.refs-resolve"]["status"] == "error"
    # a check that found nothing to judge says it could not decide, not "not applicable", while refs are open
    assert all(c["status"] != "not_applicable" for c in checks.values() if c.get("technical", True)), [
        (c["id"], c["status"]) for c in checks.values() if c["status"] == "not_applicable"
    ]
    failing = [c["id"] for c in checks.values() if c["status"] == "fail" and c["level"] == "must"]
    assert result.exit_code == (1 if failing else 3), (result.exit_code, failing)


def test_report_without_requirements_exits_3_on_an_undecided_must_check() -> None:
    results = _results(Status.PASS, adr__refs_resolve=Status.ERROR)
    report = Report(adr_version=ADR, target=Target(document="x.yaml"), checks=results)
    assert report.exit_code() == 3
    results = _results(Status.PASS, adr__refs_resolve=Status.ERROR, adr__version_header=Status.FAIL)
    report = Report(adr_version=ADR, target=Target(document="x.yaml"), checks=results)
    assert report.exit_code() == 1
