"""Text for the terminal (rich): requirements first, then findings grouped by ADR rule, then a summary line.

Colour only when asked for (``color=True``: the caller decided that stdout is a terminal and NO_COLOR is
not set); otherwise plain text that reads the same in a CI log or a file.
"""

from __future__ import annotations

import io
import shutil

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cgcomply.i18n import render as render_message
from cgcomply.report.base import (
    STATUS_ICON,
    Renderer,
    acceptance_text,
    catalog_label,
    check_lang,
    check_title,
    checks_by_rule,
    finding_text,
    format_date,
    labels,
    location,
    reason_text,
    request_line,
    requirement_label,
    requirement_reason,
    requirement_title,
    safe_evidence,
    severity_label,
    status_label,
    summary_line,
    verdict_label,
    warning_text,
)
from cgcomply.report.model import Report, Verdict
from cgcomply.results import CheckResult, Severity, Status

STATUS_STYLE: dict[Status, str] = {
    Status.PASS: "green",
    Status.FAIL: "bold red",
    Status.ERROR: "bold yellow",
    Status.NOT_APPLICABLE: "dim",
    Status.MANUAL: "cyan",
    Status.ACCEPTED: "magenta",
}
VERDICT_STYLE: dict[Verdict, str] = {
    Verdict.PASS: "bold green",
    Verdict.FAIL: "bold red",
    Verdict.UNDETERMINED: "bold yellow",
    Verdict.MANUAL: "bold cyan",
}
SEVERITY_STYLE: dict[Severity, str] = {
    Severity.ERROR: "red",
    Severity.WARNING: "yellow",
    Severity.INFO: "blue",
    Severity.HINT: "dim",
}
STATUS_MARK: dict[Status, str] = STATUS_ICON  # the same icons as HTML and Markdown
#: Width used when the output is not a terminal (files, pipes, CI logs).
PLAIN_WIDTH = 110
#: A requirement's reason is shortened to this in the table; the check lines below give the details.
REASON_CHARS = 240


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _checks_cell(check_ids: list[str], statuses: dict[str, Status], lang: str) -> Text:
    """The checks that did not pass, with their status; the passing ones only counted."""
    cell = Text()
    passed = 0
    for check_id in check_ids:
        status = statuses.get(check_id)
        if status is Status.PASS:
            passed += 1
            continue
        if cell:
            cell.append("\n")
        cell.append(check_id)
        if status is not None:
            cell.append(f" ({status_label(status, lang)})", style=STATUS_STYLE[status])
    if passed:
        if cell:
            cell.append("\n")
        word = (
            ("geslaagd" if lang == "nl" else "passed")
            if passed < len(check_ids)
            else ("alle geslaagd" if lang == "nl" else "all passed")
        )
        cell.append(f"{passed} {word}" if passed < len(check_ids) else f"{word} ({passed})", style="green")
    return cell


class TextRenderer(Renderer):
    name = "text"
    extension = "txt"

    def __init__(self, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width

    def _console(self, buffer: io.StringIO) -> Console:
        return Console(
            file=buffer,
            width=self.width
            or (shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if self.color else PLAIN_WIDTH),
            force_terminal=self.color,
            no_color=not self.color,
            color_system="standard" if self.color else None,
            highlight=False,
            emoji=False,
            markup=False,
            legacy_windows=False,
        )

    def render(self, report: Report, lang: str = "en") -> str:
        check_lang(lang)
        buffer = io.StringIO()
        console = self._console(buffer)
        words = labels(lang)
        self._header(console, report, lang)
        if report.requirements:
            console.print()
            console.print(self._requirements_table(report, lang))
        for rule, checks in checks_by_rule(report.checks):
            console.print()
            console.print(Text(f"{words['adr_rule']} {rule}", style="bold underline"))
            for check in checks:
                self._check(console, check, lang, report.target.document)
        if report.warnings:
            console.print()
            console.print(Text(words["warnings"], style="bold yellow"))
            for warning in report.warnings:
                console.print(Text(f"  - {warning_text(warning, lang)}", style="yellow"), soft_wrap=True)
        console.print()
        code = report.exit_code()
        style = "bold green" if code == 0 else ("bold red" if code == 1 else "bold yellow")
        console.print(Text(summary_line(report, lang), style=style), soft_wrap=True)
        text = buffer.getvalue()
        if not self.color:  # rich pads table titles to the table's width; plain text needs no padding
            text = "\n".join(line.rstrip() for line in text.split("\n"))
        return text

    def _header(self, console: Console, report: Report, lang: str) -> None:
        words = labels(lang)
        title = words["title"] if report.requirements or report.profile else words["title_lint"]
        console.print(Text(title, style="bold"))
        lines: list[tuple[str, str]] = []
        if report.profile is not None:
            name = report.profile.id + (f" ({report.profile.title})" if report.profile.title else "")
            lines.append((words["profile"], f"{name} sha256:{report.profile.sha256}"))
            catalog = catalog_label(report)
            if catalog:
                lines.append((words["catalog"], catalog))
        if report.target.url:
            lines.append((words["url"], report.target.url))
        if report.target.document:
            lines.append((words["document"], report.target.document))
        lines.append((words["adr_version"], report.adr_version))
        lines.append((words["tool"], f"{report.tool_name} {report.tool_version}"))
        lines.append((words["generated_at"], format_date(report.generated_at, lang)))
        for key, value in lines:
            console.print(Text.assemble((f"{key}: ", "dim"), value), soft_wrap=True)

    def _requirements_table(self, report: Report, lang: str) -> Table:
        words = labels(lang)
        table = Table(title=words["verdicts_heading"], title_justify="left", expand=False, show_lines=False)
        table.add_column(words["requirement"], no_wrap=True)
        table.add_column(words["verdict"], no_wrap=True)
        table.add_column(words["reason"], overflow="fold")
        table.add_column(words["checks"], overflow="fold")
        statuses = {check.info.id: check.status for check in report.checks}
        for requirement in report.requirements:
            explanation = Text(requirement_title(requirement, lang), style="bold")
            reason = requirement_reason(requirement, lang)
            if reason:
                explanation.append("\n" + shorten(reason, REASON_CHARS))
            table.add_row(
                Text(requirement_label(requirement, lang), style="bold"),
                Text(verdict_label(requirement.verdict, lang), style=VERDICT_STYLE[requirement.verdict]),
                explanation,
                _checks_cell(requirement.checks, statuses, lang),
            )
        return table

    def _check(self, console: Console, check: CheckResult, lang: str, document: str | None) -> None:
        """The check's line, its reason and its findings, printed at once (one rich call per check)."""
        info = check.info
        words = labels(lang)
        block = Text.assemble(
            "  ",
            (
                f"{STATUS_MARK[check.status]} {status_label(check.status, lang):<8}",
                STATUS_STYLE[check.status],
            ),
            " ",
            (info.id, "bold"),
            f"  {check_title(info, lang)}",
            (f"  [{words[info.level.value]}, {words[info.kind.value]}]", "dim"),
        )
        reason = reason_text(check, lang)
        if reason:
            block.append(f"\n      {reason}", style="italic")
        accepted = acceptance_text(check.accepted, lang)
        if accepted:
            block.append(f"\n      {accepted}", style="magenta")
        for finding in check.findings:
            where = location(finding, document) if finding.evidence is None or finding.file else ""
            block.append("\n      ")
            if where:
                block.append(where + ": ", style="bold")
            block.append(severity_label(finding.severity, lang), style=SEVERITY_STYLE[finding.severity])
            block.append(": " + finding_text(check, finding, lang))
            accepted = acceptance_text(finding.accepted, lang)
            if accepted:
                block.append(f"\n        {accepted}", style="magenta")
            if finding.evidence is not None:
                evidence = safe_evidence(finding.evidence)
                block.append(f"\n        {request_line(evidence, lang)}", style="dim")
                if evidence.note is not None:
                    block.append(f"\n        {render_message(evidence.note, lang)}", style="dim")
        if self.color:
            console.print(block, soft_wrap=True)
        else:  # same text without styles; rich's per-span rendering is the slow part on big reports
            console.file.write(block.plain + "\n")
