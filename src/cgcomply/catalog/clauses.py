"""Fill the Jinja2 placeholders in catalogue texts (clauses, evidence, ...) from a profile's parameters.

The environment is sandboxed and strict: a placeholder that is not defined is an error that names the
requirement file and field, never an empty string in a tender document.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

if TYPE_CHECKING:
    from jinja2 import Template

    from cgcomply.catalog.yamlnodes import Path_, YamlDocument
    from cgcomply.errors import CatalogError

# Names every catalogue text may use; a requirement adds its own ``parameters``.
PROFILE_NAMES: frozenset[str] = frozenset({"adr_version", "base_url", "municipality", "tender_name"})

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


def is_template(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


def check_text(text: str, allowed: frozenset[str], document: YamlDocument, path: Path_) -> None:
    """Raise when ``text`` is not a valid template or uses a placeholder outside ``allowed``."""
    if not is_template(text):
        return
    try:
        tree = _ENV.parse(text)
    except TemplateSyntaxError as error:
        raise document.error(
            f"placeholder error: {error.message} (line {error.lineno} of the text)", path
        ) from None
    unknown = sorted(meta.find_undeclared_variables(tree) - allowed)
    if unknown:
        names = ", ".join(sorted(allowed))
        raise document.error(f"unknown placeholder {{{{ {unknown[0]} }}}}; available: {names}", path)


@lru_cache(maxsize=2048)
def _compiled(text: str) -> Template:
    return _ENV.from_string(text)


def render_text(text: str, context: dict[str, Any], document: YamlDocument, path: Path_) -> str:
    """``text`` with its placeholders filled; errors name the catalogue file, line and field."""
    if not is_template(text):
        return text
    try:
        return _compiled(text).render(context).strip()
    except JinjaTemplateError as error:
        raise _render_error(error, document, path) from None


def _render_error(error: JinjaTemplateError, document: YamlDocument, path: Path_) -> CatalogError:
    return document.error(f"placeholder error: {error.message or error}", path)
