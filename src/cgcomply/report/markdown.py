"""Markdown: headings, a requirements table, a checks table and findings lists; fits a CI job summary.

The layout is the Jinja2 template ``templates/report/report.md.j2`` (no autoescaping: table cells go
through the ``md_cell`` filter and code through ``md_code``).
"""

from __future__ import annotations

from pathlib import Path

from cgcomply.report.base import Renderer, check_lang
from cgcomply.report.model import Report
from cgcomply.report.templating import render_template
from cgcomply.report.view import build_context

TEMPLATE = "report.md.j2"
#: Findings listed per check; a CI job summary has a size limit (1 MiB on GitHub), the JSON report has all.
MAX_FINDINGS_PER_CHECK = 50


class MarkdownRenderer(Renderer):
    name = "md"
    extension = "md"

    def __init__(self, template_dir: Path | None = None, max_findings: int = MAX_FINDINGS_PER_CHECK) -> None:
        self.template_dir = template_dir
        self.max_findings = max_findings

    def render(self, report: Report, lang: str = "en") -> str:
        context = build_context(report, check_lang(lang))
        context["max_findings"] = self.max_findings
        return render_template(TEMPLATE, context, directory=self.template_dir)
