"""JUnit XML: a test suite per kind of check (static, live) and one for the requirement verdicts.

Each check is a test case (classname = ADR rule id, name = check id): ``<failure>`` when it fails (the
findings as text), ``<error>`` when it could not run, ``<skipped>`` when it does not apply or a person must
judge it ("handmatig: ..."). With a profile, the suite ``requirements`` holds a case per requirement:
failure for "voldoet niet", error for "niet vastgesteld", skipped for "handmatig".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cgcomply.i18n import render as render_message
from cgcomply.report.base import (
    Renderer,
    acceptance_text,
    check_explanation,
    check_lang,
    check_title,
    finding_text,
    location,
    reason_text,
    request_line,
    requirement_reason,
    requirement_title,
    safe_evidence,
    severity_label,
    status_label,
    verdict_label,
)
from cgcomply.report.model import Report, RequirementVerdict, Verdict
from cgcomply.results import Acceptance, CheckResult, Kind, Status

#: Characters XML 1.0 cannot carry (control characters from a response body, for instance).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(tree: ET.Element) -> None:
    for element in tree.iter():
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("\ufffd", value))


def _findings_text(check: CheckResult, lang: str, document: str | None) -> str:
    lines = [f"{check.info.id} ({check.info.adr_rule}): {check_title(check.info, lang)}"]
    reason = reason_text(check, lang)
    if reason:
        lines.append(reason)
    accepted = acceptance_text(check.accepted, lang)
    if accepted:
        lines.append(accepted)
    for finding in check.findings:
        where = location(finding, document)
        lines.append(
            f"{where + ': ' if where else ''}{severity_label(finding.severity, lang)}: "
            f"{finding_text(check, finding, lang)}"
        )
        accepted = acceptance_text(finding.accepted, lang)
        if accepted:
            lines.append(f"  {accepted}")
        if finding.pointer:
            lines.append(f"  pointer: {finding.pointer}")
        if finding.evidence is not None:
            evidence = safe_evidence(finding.evidence)
            lines.append(f"  {request_line(evidence, lang)}")
            if evidence.note is not None:
                lines.append(f"  {render_message(evidence.note, lang)}")
            for name, value in evidence.headers.items():
                lines.append(f"  {name}: {value}")
            if evidence.body:
                lines.append("  body:")
                lines.extend(f"    {line}" for line in evidence.body.splitlines())
    explanation = check_explanation(check.info, lang)
    if explanation:
        lines.append(explanation)
    lines.append(check.info.adr_link)
    return "\n".join(lines)


def _accepted(check: CheckResult, lang: str) -> str:
    """What accepted an accepted check: the acceptance of its first failing finding (+ how many more)."""
    items: list[Acceptance | None] = [f.accepted for f in check.alerts() if f.accepted is not None]
    items = items or [check.accepted]
    first = acceptance_text(items[0], lang) or ""
    more = "meer" if lang == "nl" else "more"
    return first if len(items) <= 1 else f"{first} (+{len(items) - 1} {more})"


def _manual_label(lang: str) -> str:
    return "handmatig" if lang == "nl" else "handmatig (manual)"


def _check_case(check: CheckResult, lang: str, document: str | None) -> ET.Element:
    case = ET.Element("testcase", {"classname": check.info.adr_rule, "name": check.info.id, "time": "0"})
    reason = reason_text(check, lang)
    failing = [f for f in check.alerts() if not f.is_accepted] or check.findings
    first_message = (
        finding_text(check, failing[0], lang) if failing else (reason or check_title(check.info, lang))
    )
    if check.status is Status.ACCEPTED:
        ET.SubElement(
            case, "skipped", {"message": f"{status_label(check.status, lang)}: {_accepted(check, lang)}"}
        )
    elif check.status is Status.FAIL:
        count = len(failing)
        more = "meer" if lang == "nl" else "more"
        message = first_message if count <= 1 else f"{first_message} (+{count - 1} {more})"
        element = ET.SubElement(case, "failure", {"message": message, "type": check.info.level.value})
        element.text = _findings_text(check, lang, document)
    elif check.status is Status.ERROR:
        element = ET.SubElement(case, "error", {"message": reason or first_message, "type": "error"})
        element.text = _findings_text(check, lang, document)
    elif check.status is Status.MANUAL:
        reason = reason or check_explanation(check.info, lang)
        ET.SubElement(case, "skipped", {"message": f"{_manual_label(lang)}: {reason}"})
    elif check.status is Status.NOT_APPLICABLE:
        reason = reason or status_label(check.status, lang)
        ET.SubElement(case, "skipped", {"message": f"{status_label(check.status, lang)}: {reason}"})
    if check.findings and check.status is not Status.FAIL and check.status is not Status.ERROR:
        out = ET.SubElement(case, "system-out")
        out.text = _findings_text(check, lang, document)
    return case


def _requirement_case(requirement: RequirementVerdict, lang: str) -> ET.Element:
    title = requirement_title(requirement, lang)
    reasons = requirement_reason(requirement, lang)
    case = ET.Element("testcase", {"classname": "requirements", "name": requirement.id, "time": "0"})
    label = verdict_label(requirement.verdict, lang)
    message = f"{label}: {reasons}" if reasons else label
    body = "\n".join([f"{requirement.id}: {title}", message, "checks: " + ", ".join(requirement.checks)])
    if requirement.verdict is Verdict.FAIL:
        ET.SubElement(case, "failure", {"message": message, "type": "requirement"}).text = body
    elif requirement.verdict is Verdict.UNDETERMINED:
        ET.SubElement(case, "error", {"message": message, "type": "undetermined"}).text = body
    elif requirement.verdict is Verdict.MANUAL:
        reason = reasons or title
        ET.SubElement(case, "skipped", {"message": f"{_manual_label(lang)}: {reason}"})
    else:
        ET.SubElement(case, "system-out").text = body
    return case


def _suite(name: str, cases: list[ET.Element], report: Report) -> ET.Element:
    def count(tag: str) -> int:
        return sum(1 for case in cases if case.find(tag) is not None)

    suite = ET.Element(
        "testsuite",
        {
            "name": name,
            "tests": str(len(cases)),
            "failures": str(count("failure")),
            "errors": str(count("error")),
            "skipped": str(count("skipped")),
            "time": "0",
            "timestamp": report.generated_at,
        },
    )
    properties = ET.SubElement(suite, "properties")
    values = {
        "tool": f"{report.tool_name} {report.tool_version}",
        "adr_version": report.adr_version,
        "target.document": report.target.document,
        "target.url": report.target.url,
        "profile.id": report.profile.id if report.profile else None,
        "profile.sha256": report.profile.sha256 if report.profile else None,
    }
    for key, value in values.items():
        if value is not None:
            ET.SubElement(properties, "property", {"name": key, "value": value})
    suite.extend(cases)
    return suite


def report_to_junit(report: Report, lang: str = "en") -> ET.Element:
    check_lang(lang)
    root = ET.Element("testsuites", {"name": report.tool_name})
    for kind in Kind:
        cases = [_check_case(c, lang, report.target.document) for c in report.checks if c.info.kind is kind]
        if cases:
            root.append(_suite(kind.value, cases, report))
    if report.requirements:
        root.append(_suite("requirements", [_requirement_case(r, lang) for r in report.requirements], report))
    for attribute in ("tests", "failures", "errors", "skipped"):
        root.set(attribute, str(sum(int(suite.get(attribute, "0")) for suite in root)))
    return root


class JunitRenderer(Renderer):
    name = "junit"
    extension = "xml"

    def render(self, report: Report, lang: str = "en") -> str:
        root = report_to_junit(report, lang)
        _xml_safe(root)
        ET.indent(root)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
