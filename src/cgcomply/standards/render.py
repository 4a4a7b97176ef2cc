"""Render a :class:`~cgcomply.standards.conform.ConformReport` as text (terminal) or JSON."""

from __future__ import annotations

import json

from cgcomply.i18n import Text
from cgcomply.standards.conform import VERDICTS, ConformReport, StandardVerdict

SEVERITY = {
    "error": Text("fout", "error"),
    "warning": Text("waarschuwing", "warning"),
    "info": Text("info", "info"),
}


def render_json(report: ConformReport, lang: str) -> str:
    return json.dumps(report.to_dict(lang), indent=2, ensure_ascii=False) + "\n"


def render_text(report: ConformReport, lang: str, limit: int | None = None) -> str:
    nl = lang == "nl"
    std = report.standard
    lines = [
        f"{'Standaard' if nl else 'Standard'}: {std.id} ({std.title}, {std.status}), variant {report.variant}",
        f"  document: {report.document_url}",
        f"  sha256:   {report.document_sha256}",
        f"{'Implementatie' if nl else 'Implementation'}: {report.implementation}"
        + (f" (info.version {report.implementation_version})" if report.implementation_version else ""),
        f"{'Operaties vergeleken' if nl else 'Operations compared'}: {report.operations_compared} "
        f"{'van' if nl else 'of'} {report.operations_in_standard}",
    ]
    counts = report.counts()
    lines.append(
        f"{'Oordeel' if nl else 'Verdict'}: {VERDICTS[report.verdict].render(lang)}  "
        + ", ".join(f"{counts[key]} {SEVERITY[key].render(lang)}" for key in ("error", "warning", "info"))
    )
    lines.append("")
    shown = report.differences if limit is None else report.differences[:limit]
    for d in shown:
        std_at = f"{d.std.pointer}" + (f" (r{d.std_line})" if d.std_line else "") if d.std else "-"
        impl_at = f"{d.impl.pointer}" + (f" (r{d.impl_line})" if d.impl_line else "") if d.impl else "-"
        if not nl:
            std_at = std_at.replace("(r", "(line ")
            impl_at = impl_at.replace("(r", "(line ")
        lines.append(f"{SEVERITY[d.severity].render(lang):>12}  {d.code}  {d.text(lang)}")
        lines.append(f"{'':>14}{'standaard' if nl else 'standard'}: {std_at}")
        lines.append(f"{'':>14}{'implementatie' if nl else 'implementation'}: {impl_at}")
    if limit is not None and len(report.differences) > limit:
        rest = len(report.differences) - limit
        lines.append(f"... {rest} {'meer' if nl else 'more'}")
    return "\n".join(lines) + "\n"


def render_verdict_json(result: StandardVerdict, lang: str) -> str:
    return json.dumps(result.to_dict(lang), indent=2, ensure_ascii=False) + "\n"


def render_verdict_text(result: StandardVerdict, lang: str) -> str:
    nl = lang == "nl"
    lines = [f"{result.standard.id}: {VERDICTS[result.verdict].render(lang)}"]
    for problem in result.problems:
        lines.append(f"  {'niet vastgesteld' if nl else 'not determined'}: {problem}")
    if result.static is not None:
        lines.append("")
        lines.append("== " + ("Statisch (document)" if nl else "Static (document)"))
        lines.append(render_text(result.static, lang, limit=40).rstrip())
    if result.live is not None:
        live = result.live
        lines.append("")
        lines.append(
            f"== {'Live' if not nl else 'Live (alleen-lezen)'}: {live.base_url} — {VERDICTS[live.verdict].render(lang)}"
            f" ({live.requests} {'verzoeken' if nl else 'requests'}, {live.seconds:.1f} s)"
        )
        for check in live.results:
            lines.append(f"  {VERDICTS[check.status].render(lang):>16}  {check.id}  {check.detail(lang)}")
            for line in check.evidence_in(lang)[:3]:
                lines.append(f"{'':>20}{line}")
    return "\n".join(lines) + "\n"
