"""JUnit XML: parsed back with xml.etree; a case per check, a suite for requirements."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cgcomply.report import render
from fixtures.report.samples import lint_report, verify_report


def parse(report, lang="nl") -> ET.Element:
    return ET.fromstring(render(report, "junit", lang).encode("utf-8"))


def case(root: ET.Element, name: str) -> ET.Element:
    found = root.find(f".//testcase[@name='{name}']")
    assert found is not None, name
    return found


def test_lint_report_has_one_static_suite_with_a_case_per_check():
    root = parse(lint_report())
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["static"]
    cases = suites[0].findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("/core/version-header", "adr.version-header"),
        ("/core/doc-openapi-contact", "adr.contact"),
        ("/core/path-segments-kebab-case", "adr.path-kebab-case"),
        ("/core/naming-resources", "adr.naming-resources"),
        ("/core/publish-openapi", "adr.openapi-json-path"),
    ]
    assert (
        suites[0].get("tests") == "5" and suites[0].get("failures") == "2" and suites[0].get("skipped") == "2"
    )
    assert root.get("tests") == "5"


def test_failure_text_lists_every_finding_with_its_place():
    failure = case(parse(lint_report()), "adr.version-header").find("failure")
    assert failure is not None and failure.get("type") == "must"
    assert "(+1 meer)" in failure.get("message", "")
    assert "specs/zaken api/openapi.yaml:42:9" in failure.text
    assert "specs/zaken api/openapi.yaml:77:11" in failure.text


def test_manual_and_not_applicable_are_skipped_with_a_reason():
    root = parse(lint_report())
    manual = case(root, "adr.naming-resources").find("skipped")
    assert manual is not None
    assert (
        manual.get("message")
        == "handmatig: Beoordeel of de namen van resources zelfstandige naamwoorden zijn."
    )
    na = case(root, "adr.openapi-json-path").find("skipped")
    assert na is not None and "alleen onderdeel van ADR 2.1.0" in na.get("message", "")
    assert list(case(root, "adr.contact")) == []  # a pass is an empty test case


def test_verify_report_has_static_live_and_requirement_suites():
    root = parse(verify_report())
    assert [s.get("name") for s in root.findall("testsuite")] == ["static", "live", "requirements"]
    assert case(root, "probe.tls").find("error") is not None
    live_failure = case(root, "probe.version-header").find("failure")
    assert live_failure is not None
    assert "GET https://api.leverancier.example/zaken/v1/zaken → 200" in live_failure.text
    assert "topsecret" not in ET.tostring(root, encoding="unicode")
    requirements = root.find("testsuite[@name='requirements']")
    assert requirements is not None
    outcome = {}
    for testcase in requirements.findall("testcase"):
        child = next(iter(testcase), None)
        outcome[testcase.get("name")] = child.tag if child is not None else None
    assert outcome == {
        "CG-API-01": "system-out",
        "CG-API-03": "failure",
        "CG-API-05": "error",
        "CG-API-07": "skipped",
    }
    assert case(root, "CG-API-07").find("skipped").get("message", "").startswith("handmatig: ")
    assert case(root, "CG-API-03").find("failure").get("message", "").startswith("voldoet niet")
    props = {p.get("name"): p.get("value") for p in requirements.iter("property")}
    assert props["profile.id"] == "gemeente-voorbeeld-2026" and len(props["profile.sha256"]) == 64
    assert root.get("failures") == "5" and root.get("errors") == "2"


def test_control_characters_from_a_response_do_not_break_the_xml():
    report = verify_report()
    evidence = report.checks[4].findings[0].evidence
    assert evidence is not None
    evidence.body = "binary \x00\x1b[31m junk"
    root = parse(report)
    assert "junk" in case(root, "probe.version-header").find("failure").text
