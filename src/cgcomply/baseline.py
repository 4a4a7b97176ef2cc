"""Baselines: the findings a supplier has accepted as they are today, by stable finding id.

``cgcomply baseline create REPORT.json -o cgcomply-baseline.json`` records the id of every alert of a
stored report (the error and warning findings of failed checks, as in SARIF; a failed check without
findings by its check id alone). The ids are :meth:`cgcomply.results.Finding.stable_id`: they survive
line shifts, reworded messages and another test environment's host. The file is JSON::

    {"cgcomply_baseline": 1, "created_at": "...", "tool": {...}, "report_run": "...",
     "findings": [{"id": "0123456789abcdef", "check": "adr.version-header", "location": "#/paths/..."}]}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cgcomply.errors import DocumentError, UsageError
from cgcomply.i18n import Text
from cgcomply.report.model import Report, now_iso
from cgcomply.results import CheckResult, Finding, Status, finding_id

if TYPE_CHECKING:
    from cgcomply.ignores import Baseline

BASELINE_FORMAT = 1


def alerts(report: Report) -> Iterator[tuple[CheckResult, Finding | None, str]]:
    """Each alert of ``report`` (what SARIF makes a result): check, finding (None for a failed check
    without findings) and its stable id; accepted findings are alerts too (SARIF suppresses them)."""
    for check in report.checks:
        if check.status not in (Status.FAIL, Status.ACCEPTED):
            continue
        found = check.alerts()
        for finding in found:
            yield check, finding, finding.stable_id(check.info.id, report.target.url)
        if not found:
            yield check, None, finding_id(check.info.id, "")


def read_report(path: Path) -> Report:
    """A stored JSON report (``--format json``); anything else is a :class:`DocumentError` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DocumentError(
            Text(
                f"kan het rapport niet lezen: {error.strerror or error}",
                f"cannot read the report: {error.strerror or error}",
            ),
            source=str(path),
        ) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", None)
        raise DocumentError(
            Text(
                f"geen JSON: {error}",
                f"not JSON: {error}",
            ),
            source=str(path),
            line=line,
        ) from None
    try:
        return Report.from_dict(data)
    except DocumentError as error:
        raise DocumentError(error.text or error.message, source=str(path)) from None


def create_baseline(report: Report) -> dict[str, Any]:
    """The baseline of ``report``: every alert's stable id, its check and location, sorted and unique."""
    entries: dict[str, dict[str, str]] = {}
    for check, finding, stable_id in alerts(report):
        location = finding.location_key(report.target.url) if finding is not None else ""
        entries.setdefault(stable_id, {"id": stable_id, "check": check.info.id, "location": location})
    return {
        "cgcomply_baseline": BASELINE_FORMAT,
        "created_at": now_iso(),
        "tool": {"name": report.tool_name, "version": report.tool_version},
        "report_run": report.run_id,
        "findings": sorted(entries.values(), key=lambda e: (e["check"], e["location"], e["id"])),
    }


def write_baseline(baseline: dict[str, Any], output: str) -> None:
    """Write ``baseline`` as JSON to the file ``output`` (``-``: stdout)."""
    import sys

    text = json.dumps(baseline, ensure_ascii=False, indent=2) + "\n"
    if output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(
            Text(
                f"kan de baseline niet schrijven: {error.strerror or error}",
                f"cannot write the baseline: {error.strerror or error}",
            ),
            source=output,
        ) from None


def load_baseline(path: Path) -> frozenset[str]:
    """The finding ids of a baseline file written by :func:`write_baseline`."""
    return load_baseline_file(path).ids


def load_baseline_file(path: Path) -> Baseline:
    """A baseline file written by :func:`write_baseline` (``--baseline FILE``): its ids and origin."""
    from cgcomply.ignores import Baseline

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DocumentError(
            Text(
                f"kan de baseline niet lezen: {error.strerror or error}",
                f"cannot read the baseline: {error.strerror or error}",
            ),
            source=str(path),
        ) from None
    except ValueError as error:
        raise DocumentError(
            Text(
                f"geen JSON: {error}",
                f"not JSON: {error}",
            ),
            source=str(path),
            line=getattr(error, "lineno", None),
        ) from None
    if not isinstance(data, dict) or data.get("cgcomply_baseline") != BASELINE_FORMAT:
        raise DocumentError(
            Text(
                f"geen cgcomply-baseline (formaat {BASELINE_FORMAT}); maak er een met 'cgcomply baseline create'",
                f"not a cgcomply baseline (format {BASELINE_FORMAT}); make one with 'cgcomply baseline create'",
            ),
            source=str(path),
        )
    findings = data.get("findings")
    if not isinstance(findings, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in findings
    ):
        raise DocumentError(
            Text(
                "'findings' moet een lijst van objecten met een 'id' zijn",
                "'findings' must be a list of objects with an 'id'",
            ),
            source=str(path),
        )
    created = data.get("created_at")
    return Baseline(
        ids=frozenset(item["id"] for item in findings),
        origin=str(path),
        created_at=str(created) if created is not None else None,
    )
