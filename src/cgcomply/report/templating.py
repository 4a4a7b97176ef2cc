"""Jinja2 for the HTML and Markdown reports: templates in ``templates/report/``, errors as TemplateError.

HTML templates are autoescaped; Markdown templates are not, and escape table cells with the ``md_cell``
filter. Any failure to load or render a template becomes a :class:`~cgcomply.errors.TemplateError` that
names the template file and the line in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from cgcomply.errors import TemplateError
from cgcomply.resources import templates_dir

REPORT_TEMPLATE_SUBDIR = "report"


def report_templates_dir() -> Path:
    return templates_dir() / REPORT_TEMPLATE_SUBDIR


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>#])")


def md_cell(value: object) -> str:
    """Plain text made inert for Markdown (also inside a table cell): one line, markup characters escaped."""
    if value is None:
        return ""
    text = re.sub(r"\s*\n\s*", " ", str(value)).strip()
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: object) -> str:
    """Inline code span that survives backticks in the value."""
    text = "" if value is None else str(value).replace("\n", " ")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _environment(directory: Path, html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(directory)),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = md_cell
    env.filters["md_code"] = md_code
    return env


def _template_line(traceback: TracebackType | None, filename: str) -> int | None:
    """The deepest traceback line that belongs to the template file (Jinja2 rewrites frames to it)."""
    line = None
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == filename:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def render_template(name: str, context: dict[str, Any], *, html: bool, directory: Path | None = None) -> str:
    """Render ``directory/name`` (default ``templates/report/``) with ``context``."""
    folder = directory if directory is not None else report_templates_dir()
    path = folder / name
    env = _environment(folder, html)
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"template syntax error: {error.message}", source=error.filename or str(path), line=error.lineno
        ) from None
    except jinja2.TemplateNotFound:
        raise TemplateError("report template not found", source=str(path)) from None
    try:
        return template.render(**context)
    except jinja2.TemplateError as error:
        line = _template_line(error.__traceback__, template.filename or str(path))
        raise TemplateError(f"template error: {error}", source=str(path), line=line) from None
    except (TypeError, ValueError, AttributeError, KeyError) as error:
        line = _template_line(error.__traceback__, template.filename or str(path))
        raise TemplateError(
            f"template error: {type(error).__name__}: {error}", source=str(path), line=line
        ) from None
