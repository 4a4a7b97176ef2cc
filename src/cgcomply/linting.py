"""``cgcomply lint``: load an OpenAPI document and run the static ADR checks of one ADR version on it.

Imports are lazy so that ``cgcomply lint --help`` stays fast; a small document is checked in well under a
second, whole process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.i18n import Translatable
    from cgcomply.ignores import Acceptances
    from cgcomply.oas import LoadOptions, OasDocument
    from cgcomply.report.model import Report
    from cgcomply.results import CheckResult


@dataclass(slots=True)
class LintOptions:
    """How the document is loaded (size cap, remote ``$ref`` hosts, offline URL maps), and which failing
    findings are accepted (``--baseline``, ``--ignore``, ``x-cgcomply-ignore``; :mod:`cgcomply.ignores`)."""

    load: LoadOptions = field(default_factory=lambda: _default_load_options())
    acceptances: Acceptances | None = None


def _default_load_options() -> LoadOptions:
    from cgcomply.oas import LoadOptions

    return LoadOptions()


def lint_loaded(
    document: OasDocument, adr_version: str, warnings: list[Translatable] | None = None
) -> list[CheckResult]:
    """Run every static check of ``adr_version`` on a loaded document (the live verifier reuses this).

    Problems with the run itself (parts of a strange document that could not be read) go to ``warnings``.
    """
    from cgcomply.checks import run_static_checks

    return run_static_checks(document, adr_version, warnings)


def lint_document(source: str, adr_version: str, options: LintOptions | None = None) -> Report:
    """Load ``source`` (file or URL) and return the report of the static checks.

    A document that cannot be loaded raises :class:`~cgcomply.errors.DocumentError` (exit code 2).
    """
    import time

    from cgcomply.http import Redactor
    from cgcomply.http.redaction import current_redactor
    from cgcomply.oas import load_document
    from cgcomply.report.model import Report, Target, now_iso
    from cgcomply.results import normalise_adr_version

    started_at, clock = now_iso(), time.monotonic()
    version = normalise_adr_version(adr_version)
    options = options or LintOptions()
    redactor = current_redactor() or Redactor()
    redactor.add_url(str(source))  # a password in the URL never shows in the report
    document = load_document(source, options.load)
    report = Report(adr_version=version, target=Target(document=str(source)))
    report.checks = lint_loaded(document, version, report.warnings)
    if options.acceptances is not None:
        from cgcomply.ignores import apply_acceptances

        apply_acceptances(
            report.checks, options.acceptances, document=_data(document), warnings=report.warnings
        )
    return redactor.redact_object(report.finish(started_at, clock))


def _data(document: OasDocument) -> dict[str, object] | None:
    """The root document's data, when it is a mapping (for its ``x-cgcomply-ignore``)."""
    data = document.data
    return data if isinstance(data, dict) else None
