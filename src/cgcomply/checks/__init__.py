"""Static checks of the NL GOV API Design Rules on an OpenAPI document (``adr.*``).

One module per ADR chapter (``documentation``, ``validity``, ``naming``, ``versioning``, ``errors``,
``date_time``, ``transport``, ``functional``); each check is a small unit carrying its documentation record.
``registry.STATIC_CHECKS`` lists them; :func:`run_static_checks` runs those of one ADR version over one
index of the document, each inside a guard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.i18n import Translatable
    from cgcomply.results import CheckResult


def run_static_checks(
    document: object, adr_version: str, warnings: list[Translatable] | None = None
) -> list[CheckResult]:
    """Build the document index once and run every static check of ``adr_version`` on it.

    Parts of the document that could not be indexed (shapes no check foresaw) are appended to ``warnings``.
    """
    from cgcomply.checks.base import CheckContext, run_check
    from cgcomply.checks.index import DocumentIndex
    from cgcomply.checks.registry import all_static_checks
    from cgcomply.i18n import Message
    from cgcomply.oas.text import gc_paused
    from cgcomply.results import CheckResult, Status

    checks = all_static_checks(adr_version)
    # The checks make hundreds of thousands of small objects (index nodes, converted schemas) and no
    # cycles of note; without the pause the collector walks the whole parsed document again and again
    # (GitHub's 13 MB: a fifth of the checks' time). It runs again when the checks are done.
    with gc_paused():
        try:
            index = DocumentIndex(document)
        except Exception as error:  # never expected: the index guards each part; still, no traceback
            reason = Message("check:document-not-indexed", {"error": f"{type(error).__name__}: {error}"})
            return [CheckResult(check.info_for(adr_version), Status.ERROR, reason=reason) for check in checks]
        if warnings is not None:
            warnings.extend(Message("check:part-skipped", {"problem": problem}) for problem in index.problems)
        context = CheckContext(document=document, index=index, adr_version=adr_version)
        results = [run_check(check, context) for check in checks]
    for result in results:
        result.findings.sort(key=_position)  # stable: findings at one place keep the check's order
    return results


def _position(finding: object) -> tuple[bool, str, int, int]:
    """Where a finding is: the root document first, then each file; by line and column; unplaced last."""
    file = getattr(finding, "file", None)
    line = getattr(finding, "line", None)
    column = getattr(finding, "column", None)
    return (file is not None, file or "", line if line is not None else 1 << 30, column or 0)


__all__ = ["run_static_checks"]
