"""Stable finding ids: check id + location, independent of line numbers, message text and the host."""

from __future__ import annotations

import copy

from cgcomply.i18n import Message
from cgcomply.report.model import Report
from cgcomply.results import Evidence, Finding, Severity
from fixtures.report.samples import lint_report, verify_report


def _static(**changes) -> Finding:
    base = dict(
        severity=Severity.ERROR,
        message=Message("adr.version-header:missing", {"status": "200"}),
        pointer="/paths/~1zaken/get/responses/200",
        file="specs/openapi.yaml",
        line=42,
        column=9,
    )
    base.update(changes)
    return Finding(**base)


def test_the_id_ignores_line_column_message_and_checkout_folder():
    first = _static().stable_id("adr.version-header")
    assert len(first) == 16 and int(first, 16) >= 0
    assert _static(line=99, column=1).stable_id("adr.version-header") == first
    assert (
        _static(message=Message("adr.version-header:missing", {"status": "201"})).stable_id(
            "adr.version-header"
        )
        == first
    )
    assert _static(file="/home/ci/checkout/specs/openapi.yaml").stable_id("adr.version-header") == first


def test_the_id_changes_with_the_check_and_the_pointer():
    first = _static().stable_id("adr.version-header")
    assert _static().stable_id("adr.contact") != first
    assert _static(pointer="/paths/~1zaken/post/responses/201").stable_id("adr.version-header") != first


def _live(url: str, key: str = "missing") -> Finding:
    return Finding(
        Severity.ERROR,
        Message(f"probe.version-header:{key}", {}),
        evidence=Evidence(method="GET", url=url, status=200),
    )


def test_live_ids_use_method_path_and_sub_test_not_the_host():
    test_env = _live("https://test.leverancier.example/zaken/v1/zaken?page=2")
    production = _live("https://127.0.0.1:8443/api/zaken/v1/zaken")
    assert test_env.stable_id("probe.version-header", "https://test.leverancier.example/") == (
        production.stable_id("probe.version-header", "https://127.0.0.1:8443/api")
    )
    other_path = _live("https://test.leverancier.example/zaken/v1/statussen")
    assert other_path.stable_id("probe.version-header") != test_env.stable_id("probe.version-header")
    other_test = _live("https://test.leverancier.example/zaken/v1/zaken", "not-semver")
    assert other_test.stable_id("probe.version-header") != test_env.stable_id("probe.version-header")
    assert test_env.location_key() == "GET /zaken/v1/zaken [probe.version-header:missing]"


def test_the_stored_report_carries_the_ids_and_reads_back_with_the_same():
    for report in (lint_report(), verify_report()):
        data = report.to_dict()
        stored = [f["id"] for check in data["checks"] for f in check["findings"]]
        computed = [i for check in report.checks for i in check.finding_ids(report.target.url)]
        assert stored == computed and all(len(i) == 16 for i in stored)
        again = Report.from_dict(copy.deepcopy(data)).to_dict()
        assert [f["id"] for c in again["checks"] for f in c["findings"]] == stored
