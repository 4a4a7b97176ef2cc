"""The one Jinja2 environment of the packaged templates (``templates/``) and the one template-error locator.

``report/`` and ``tender/`` render their templates through :func:`render_template`, each with its own set of
filters (a family's filters are part of the environment's key, so two families never see each other's).
Templates named ``*.html`` or ``*.html.j2`` are autoescaped, every other one is not. Every failure to load or
render a template becomes a :class:`~cgcomply.errors.TemplateError` that names the template file (the one
that failed, also when it is included by another) and the line in it.

The clause texts of the catalogue (``catalog/clauses.py``) are user data and use a sandboxed environment of
their own; the web app's pages use Flask's environment.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from cgcomply.errors import TemplateError, display_path
from cgcomply.i18n import Text
from cgcomply.resources import templates_dir

#: A family's Jinja2 filters, as a hashable key of the environment: ``(("md_cell", md_cell), ...)``.
Filters = tuple[tuple[str, Callable[..., Any]], ...]

#: Python errors that a template's expressions can raise (a filter given the wrong type, a missing key).
_RENDER_ERRORS = (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError)


@cache
def environment(directory: str | None = None, filters: Filters = ()) -> jinja2.Environment:
    """The environment for ``directory`` (default: the packaged ``templates/``) with ``filters``.

    Cached per (folder, filters): templates are compiled once per process; Jinja2 reloads a template whose
    file changed on disk.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory or str(templates_dir())),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(dict(filters))
    return env


def render_template(
    name: str,
    context: Mapping[str, Any],
    *,
    directory: str | Path | None = None,
    filters: Filters = (),
) -> str:
    """Render ``directory/name`` with ``context``; any problem is a :class:`TemplateError` with file and line."""
    folder = str(directory) if directory is not None else None
    env = environment(folder, filters)
    root = Path(folder or templates_dir())
    try:
        template = env.get_template(name)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            Text(
                f"syntaxfout in het sjabloon: {error.message}",
                f"template syntax error: {error.message}",
            ),
            source=_template_source(root, error.filename or name),
            line=error.lineno,
        ) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(
            Text(
                f"sjabloon niet gevonden: {error.name}",
                f"template not found: {error.name}",
            ),
            source=display_path(root / name),
        ) from None
    try:
        return template.render(**context)
    except _RENDER_ERRORS as error:
        raise template_error(error, root, name) from None


def template_error(error: BaseException, root: Path, name: str) -> TemplateError:
    """``error`` raised while rendering ``root/name``, located at the innermost template frame."""
    source, line = _template_frame(error, root, name)
    if isinstance(error, jinja2.TemplateError):
        message = f"template error: {error.message or error}"
    else:
        message = f"template error: {type(error).__name__}: {error}"
    return TemplateError(message, source=source, line=line)


def _template_source(root: Path, filename: str) -> str:
    path = Path(filename)
    return display_path(path if path.is_absolute() else root / path)


def _template_frame(error: BaseException, root: Path, name: str) -> tuple[str, int | None]:
    """The innermost traceback frame that lies in a template file (Jinja2 rewrites frames to template lines)."""
    folder = root.resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and Path(frame.filename).resolve().is_relative_to(folder):
            return display_path(Path(frame.filename)), frame.lineno
    return display_path(root / name), None
