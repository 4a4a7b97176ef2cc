"""HTML: one self-contained page (inline CSS, no scripts, fonts or other assets) a procurement officer reads.

At the top: what was verified (profile and its hash, target, ADR and tool version, date), then a verdict
per requirement, then per check the explanation and the evidence. The layout is the Jinja2 template
``templates/report/report.html.j2``; autoescaping is on, so nothing from a document or a response can
inject markup.
"""

from __future__ import annotations

from pathlib import Path

from cgcomply.report.base import Renderer, check_lang
from cgcomply.report.model import Report
from cgcomply.report.templating import render_template
from cgcomply.report.view import build_context

TEMPLATE = "report.html.j2"
#: Findings shown per check before the rest is folded away (a lint of a large API has thousands).
SHOWN_FINDINGS_PER_CHECK = 25


class HtmlRenderer(Renderer):
    name = "html"
    extension = "html"

    def __init__(
        self, template_dir: Path | None = None, shown_findings: int = SHOWN_FINDINGS_PER_CHECK
    ) -> None:
        self.template_dir = template_dir
        self.shown_findings = shown_findings

    def render(self, report: Report, lang: str = "en") -> str:
        context = build_context(report, check_lang(lang))
        context["shown_findings"] = self.shown_findings
        return render_template(TEMPLATE, context, directory=self.template_dir)
