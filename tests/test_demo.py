"""``cgcomply demo``: the README's first command, end to end on a real example API on 127.0.0.1."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cgcomply.cli import main


@pytest.mark.slow
def test_demo_writes_tender_documents_and_reports_and_passes(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output

    tender = out / "aanbesteding"
    for name in ("md", "html", "docx", "xlsx", "json"):
        assert (tender / f"programma-van-eisen.{name}").stat().st_size > 0
    assert zipfile.is_zipfile(tender / "programma-van-eisen.docx")
    resolved = json.loads((tender / "programma-van-eisen.json").read_text(encoding="utf-8"))

    report = json.loads((out / "rapport" / "rapport.json").read_text(encoding="utf-8"))
    assert report["profile"]["id"] == "cg-basis"
    # The tender documents and the report name the same profile, by the same hash.
    assert report["profile"]["sha256"] in json.dumps(resolved)
    assert report["profile"]["sha256"] in (tender / "programma-van-eisen.md").read_text(encoding="utf-8")
    verdicts = {r["id"]: r["verdict"] for r in report["requirements"]}
    assert set(verdicts.values()) <= {"pass", "manual"}
    assert verdicts["CG-API-01"] == "pass"

    html = (out / "rapport" / "rapport.html").read_text(encoding="utf-8")
    assert "voldoet" in html
    for name in ("rapport.sarif", "rapport.xml", "rapport.md", "rapport.txt"):
        assert (out / "rapport" / name).stat().st_size > 0
