"""The tender's templates (``templates/tender/``), their filters and the prose of ``texts.yaml``.

They render through the one environment of :mod:`cgcomply.templating`; every template problem becomes a
:class:`TemplateError` that names the template file and line (the prose's: the line in ``texts.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2 import TemplateError as JinjaTemplateError
from markupsafe import Markup, escape

from cgcomply import templating
from cgcomply.catalog.yamlnodes import YamlDocument, load_yaml
from cgcomply.errors import CatalogError, TemplateError
from cgcomply.i18n import Text
from cgcomply.resources import templates_dir
from cgcomply.templating import Filters
from cgcomply.tender.inline import split_marks

_HTML_MARKS = {"code": Markup("<code>{}</code>"), "bold": Markup("<strong>{}</strong>")}


def inline_html(text: str) -> Markup:
    """Escape ``text`` and show `code` as ``<code>`` and **bold** as ``<strong>``."""
    parts = [_HTML_MARKS[mark].format(part) if mark else escape(part) for part, mark in split_marks(text)]
    return Markup("").join(parts)


def md_text(text: Any) -> str:
    """Text for Markdown with raw HTML and links disarmed: ``&``, ``<`` and ``>`` become entities (outside
    `code` spans, where Markdown shows them as they are) and ``](`` cannot open a link. Profile values reach the
    Markdown through every text, so every text goes through here."""
    parts = []
    for part, mark in split_marks(str(text)):
        if mark == "code":
            parts.append(f"`{part}`")
            continue
        escaped = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("](", "]\\(")
        parts.append(f"**{escaped}**" if mark == "bold" else escaped)
    return "".join(parts)


def md_cell(text: Any) -> str:
    """A value that is safe inside a Markdown table cell."""
    return md_text(text).replace("|", "\\|").replace("\n", " ")


FILTERS: Filters = (("inline_html", inline_html), ("md_cell", md_cell), ("md_text", md_text))


def environment(directory: str | None = None) -> Environment:
    """The tender's environment (the one of :mod:`cgcomply.templating`, with the tender's filters)."""
    return templating.environment(directory, FILTERS)


def render_template(name: str, directory: str | None = None, **context: Any) -> str:
    """Render ``templates/<name>``; errors name the template file and line."""
    return templating.render_template(name, context, directory=directory, filters=FILTERS)


# --------------------------------------------------------------------------- prose (texts.yaml)


def render_prose(lang: str, context: dict[str, Any], directory: str | None = None) -> dict[str, Any]:
    """The intro, award and annex texts of ``templates/tender/texts.yaml`` for ``lang``, filled in."""
    path = Path(directory or templates_dir()) / "tender" / "texts.yaml"
    try:
        document = load_yaml(path)
    except CatalogError as error:
        raise TemplateError(
            error.message, source=error.source, line=error.line, column=error.column
        ) from None
    env = environment(directory)
    data = document.data if isinstance(document.data, dict) else {}
    section = data.get(lang)
    if not isinstance(section, dict):
        raise TemplateError(
            Text(
                f"geen teksten voor taal {lang!r}",
                f"no texts for language {lang!r}",
            ),
            source=document.source,
        )

    def fill(value: Any, where: tuple[str | int, ...]) -> str:
        if not isinstance(value, str):
            raise _prose_error(document, where, "expected a text")
        try:
            return " ".join(env.from_string(value).render(**context).split())
        except JinjaTemplateError as error:
            raise _prose_error(
                document, where, f"template error: {getattr(error, 'message', None) or error}"
            ) from None

    def fill_tree(value: Any, where: tuple[str | int, ...]) -> Any:
        if isinstance(value, list):
            return [fill_tree(child, (*where, index)) for index, child in enumerate(value)]
        if isinstance(value, dict):
            return {key: fill_tree(child, (*where, key)) for key, child in value.items()}
        return fill(value, where)

    missing = [key for key in ("intro", "award", "declaration", "annex") if key not in section]
    if missing:
        raise TemplateError(
            Text(
                f"de teksten voor {lang!r} missen het deel {missing[0]!r}",
                f"texts for {lang!r} lack the part {missing[0]!r}",
            ),
            source=document.source,
        )
    context = dict(context)
    if not context.get("assessors"):
        default = section["award"].get("default_assessors") if isinstance(section["award"], dict) else None
        context["assessors"] = fill(default, (lang, "award", "default_assessors"))
    result: dict[str, Any] = {
        key: fill_tree(section[key], (lang, key)) for key in ("intro", "award", "declaration")
    }
    annex = []
    for index, block in enumerate(section["annex"]):
        if not isinstance(block, dict) or "text" not in block:
            raise _prose_error(document, (lang, "annex", index), "expected a mapping with text (and command)")
        text = fill(block["text"], (lang, "annex", index, "text"))
        if not text:
            continue
        annex.append(
            {
                "text": text,
                "command": fill(block["command"], (lang, "annex", index, "command"))
                if "command" in block
                else None,
            }
        )
    result["annex"] = annex
    return result


def _prose_error(document: YamlDocument, where: tuple[str | int, ...], message: str) -> TemplateError:
    error = document.error(message, where)
    return TemplateError(
        error.message, source=error.source, line=error.line, column=error.column, field=error.field
    )
