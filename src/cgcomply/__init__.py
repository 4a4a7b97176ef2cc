"""cgcomply: Common Ground tender requirements and NL GOV API Design Rules verification.

The library API (``docs/library.md``)::

    import cgcomply

    report = cgcomply.verify("cg-basis", url="https://api.example.nl/zaken/v1")
    data = report.to_dict()                         # language-neutral; store it as JSON
    again = cgcomply.Report.from_dict(data)          # read it back
    print(cgcomply.render(again, "text", "en"))      # render in Dutch ("nl") or English ("en")

Names are imported on first use, so that ``import cgcomply`` (and the CLI's ``--help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cgcomply.api import lint, load_profile, probe, verify
    from cgcomply.catalog.model import Profile
    from cgcomply.catalog.profiles import ProfileErrors
    from cgcomply.errors import (
        CatalogError,
        CgcomplyError,
        DocumentError,
        TargetError,
        TemplateError,
        UsageError,
    )
    from cgcomply.http import Session
    from cgcomply.i18n import Message, Text
    from cgcomply.oas.options import LoadOptions
    from cgcomply.probes.options import ProbeOptions
    from cgcomply.report import render, write_report
    from cgcomply.report.model import Report, RequirementVerdict, Target, Verdict
    from cgcomply.results import CheckInfo, CheckResult, Evidence, Finding, Level, Severity, Status

#: Public name → module that defines it.
_EXPORTS: dict[str, str] = {
    "load_profile": "cgcomply.api",
    "lint": "cgcomply.api",
    "probe": "cgcomply.api",
    "verify": "cgcomply.api",
    "Profile": "cgcomply.catalog.model",
    "ProfileErrors": "cgcomply.catalog.profiles",
    "CgcomplyError": "cgcomply.errors",
    "CatalogError": "cgcomply.errors",
    "DocumentError": "cgcomply.errors",
    "TargetError": "cgcomply.errors",
    "TemplateError": "cgcomply.errors",
    "UsageError": "cgcomply.errors",
    "Session": "cgcomply.http",
    "Message": "cgcomply.i18n",
    "Text": "cgcomply.i18n",
    "LoadOptions": "cgcomply.oas.options",
    "ProbeOptions": "cgcomply.probes.options",
    "render": "cgcomply.report",
    "write_report": "cgcomply.report",
    "Report": "cgcomply.report.model",
    "RequirementVerdict": "cgcomply.report.model",
    "Target": "cgcomply.report.model",
    "Verdict": "cgcomply.report.model",
    "CheckInfo": "cgcomply.results",
    "CheckResult": "cgcomply.results",
    "Evidence": "cgcomply.results",
    "Finding": "cgcomply.results",
    "Level": "cgcomply.results",
    "Severity": "cgcomply.results",
    "Status": "cgcomply.results",
}

__all__ = [
    "CatalogError",
    "CgcomplyError",
    "CheckInfo",
    "CheckResult",
    "DocumentError",
    "Evidence",
    "Finding",
    "Level",
    "LoadOptions",
    "Message",
    "ProbeOptions",
    "Profile",
    "ProfileErrors",
    "Report",
    "RequirementVerdict",
    "Session",
    "Severity",
    "Status",
    "Target",
    "TargetError",
    "TemplateError",
    "Text",
    "UsageError",
    "Verdict",
    "__version__",
    "lint",
    "load_profile",
    "probe",
    "render",
    "verify",
    "write_report",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cgcomply' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
