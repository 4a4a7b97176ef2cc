"""Reports: the :class:`Report` model and its renderers (text, json, sarif, junit, md, html).

``render(report, fmt, lang)`` returns the report as a string; ``write_report`` puts it on stdout or in a
file. Only the report goes to stdout; anything else (where the file went, the run's warnings) goes to
stderr. This package knows nothing of HTTP, and touches no file except the one it writes.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cgcomply.errors import UsageError
from cgcomply.i18n import Text
from cgcomply.i18n import render as render_text
from cgcomply.report.base import Renderer, check_lang
from cgcomply.report.model import Report, RequirementVerdict, Target, Verdict

#: Format name → (module, class). Imported on first use, so that a run pays only for its own format.
RENDERERS: dict[str, tuple[str, str]] = {
    "text": ("cgcomply.report.text", "TextRenderer"),
    "json": ("cgcomply.report.json", "JsonRenderer"),
    "sarif": ("cgcomply.report.sarif", "SarifRenderer"),
    "junit": ("cgcomply.report.junit", "JunitRenderer"),
    "md": ("cgcomply.report.markdown", "MarkdownRenderer"),
    "html": ("cgcomply.report.html", "HtmlRenderer"),
}
FORMATS: tuple[str, ...] = tuple(RENDERERS)


def get_renderer(fmt: str, *, color: bool = False, sarif: SarifOptions | None = None) -> Renderer:
    if fmt not in RENDERERS:
        raise UsageError(
            Text(
                f"onbekend rapportformaat {fmt!r}; kies uit {', '.join(FORMATS)}",
                f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}",
            ),
            field="--format",
        )
    module_name, class_name = RENDERERS[fmt]
    renderer_class: Callable[..., Renderer] = getattr(importlib.import_module(module_name), class_name)
    if fmt == "text":
        return renderer_class(color=color)
    if fmt == "sarif" and sarif is not None:
        return renderer_class(evidence=sarif.evidence, document_path=sarif.document_path)
    return renderer_class()


@dataclass(frozen=True, slots=True)
class SarifOptions:
    """What ``--evidence`` and ``--document-path`` ask of a SARIF report (other formats ignore them)."""

    evidence: str = "trimmed"  # none | trimmed | full
    document_path: str | None = None  # repository-relative path of the OpenAPI document


def render(
    report: Report,
    fmt: str,
    lang: str = "en",
    *,
    color: bool = False,
    sarif: SarifOptions | None = None,
) -> str:
    """The whole report as text in format ``fmt`` (one of :data:`FORMATS`), in language ``lang``."""
    return get_renderer(fmt, color=color, sarif=sarif).render(report, check_lang(lang))


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def write_report(
    report: Report,
    fmt: str,
    output: str | None = None,
    lang: str = "en",
    *,
    quiet: bool = False,
    sarif: SarifOptions | None = None,
) -> None:
    """Write the report to stdout (``output`` None or ``-``) or to the file ``output``.

    With a file, stdout stays empty: one line saying where the report went goes to stderr. The run's
    warnings go to stderr too, unless the text report on stdout already shows them. ``quiet`` leaves
    stderr alone (for callers that write several formats and report on them themselves).
    """
    to_stdout = output in (None, "-")
    color = to_stdout and fmt == "text" and use_color(sys.stdout)
    text = render(report, fmt, lang, color=color, sarif=sarif)
    if to_stdout:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        path = Path(str(output))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise UsageError(
                Text(
                    f"kan het rapport niet schrijven: {error.strerror or error}",
                    f"cannot write the report: {error.strerror or error}",
                ),
                source=str(path),
            ) from None
    if quiet:
        return
    if not (to_stdout and fmt == "text"):
        word = "waarschuwing" if lang == "nl" else "warning"
        for warning in report.warnings:
            print(f"{word}: {render_text(warning, lang)}", file=sys.stderr)
    if not to_stdout:
        print(f"{fmt} report written to {output}", file=sys.stderr)


__all__ = [
    "FORMATS",
    "RENDERERS",
    "Renderer",
    "Report",
    "RequirementVerdict",
    "SarifOptions",
    "Target",
    "Verdict",
    "get_renderer",
    "render",
    "write_report",
]
