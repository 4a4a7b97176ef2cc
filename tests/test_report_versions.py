"""Issue 9 item 1 (reports): every report of ``verify`` lists the version of each requirement record it
applied and the requirement catalogue (id and version), in the stored JSON, text, HTML and Markdown."""

from __future__ import annotations

import json
from pathlib import Path

from cgcomply import load_profile, verify
from cgcomply.demo.document import demo_document
from cgcomply.report import render


def test_verify_reports_name_requirement_versions_and_the_catalogue(tmp_path: Path) -> None:
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(demo_document("https://127.0.0.1:1/api/v1")), encoding="utf-8")
    profile = load_profile("cg-basis")
    report = verify(profile, oas=document)
    stored = report.to_dict()
    assert {r["id"]: r["version"] for r in stored["requirements"]} == profile.requirement_versions
    assert stored["profile"]["catalog"] == {"id": profile.catalog_id, "version": profile.catalog_version}
    assert stored["profile"]["version"] == profile.version
    catalog = f"{profile.catalog_id} {profile.catalog_version}"
    some_id, some_version = next(iter(profile.requirement_versions.items()))
    for fmt in ("text", "html", "md"):
        nl, en = render(report, fmt, "nl"), render(report, fmt, "en")
        assert catalog in nl and catalog in en, fmt
        assert f"versie {some_version}" in nl and f"version {some_version}" in en, fmt
        assert ("Eisencatalogus" in nl) and ("Requirement catalogue" in en), fmt
    sarif = json.loads(render(report, "sarif", "nl"))["runs"][0]["properties"]
    assert sarif["profile"]["catalog_version"] == profile.catalog_version
    assert {r["id"]: r["version"] for r in sarif["requirements"]}[some_id] == some_version
