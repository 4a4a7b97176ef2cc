"""The HTML and Markdown reports' templates (``templates/report/``) and their filters.

They render through the one environment of :mod:`cgcomply.templating`: ``*.html.j2`` is autoescaped, the
Markdown template is not and escapes table cells with the ``md_cell`` filter; a failure to load or render a
template is a :class:`~cgcomply.errors.TemplateError` that names the template file and the line in it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from cgcomply import templating
from cgcomply.resources import templates_dir
from cgcomply.templating import Filters

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


FILTERS: Filters = (("md_cell", md_cell), ("md_code", md_code))


def render_template(name: str, context: dict[str, Any], *, directory: Path | None = None) -> str:
    """Render ``directory/name`` (default ``templates/report/``) with ``context``."""
    folder = directory if directory is not None else report_templates_dir()
    return templating.render_template(name, context, directory=folder, filters=FILTERS)
