"""probe.uri-version: the live base path carries ``/v<major>`` matching the document's major version.

ADR ``/core/uri-version`` (2.0.2, 2.1.0, 2.2.0; MUST): "Include the major version number in the URI":
the base path contains only the major version, prefixed with ``v`` (``/v1``), no minor or patch. The
static check looks at ``servers`` in the document; this probe looks at the URL the API actually answers
on, and compares the number with the major part of ``info.version``.
"""

from __future__ import annotations

import re

from cgcomply.i18n import Text
from cgcomply.probes.base import Probe
from cgcomply.probes.common import could_not_run, finding, judged
from cgcomply.probes.context import ProbeContext
from cgcomply.results import ADR_VERSIONS, CheckInfo, CheckResult, Kind, Level, Severity

CHECK = CheckInfo(
    id="probe.uri-version",
    adr_rule="/core/uri-version",
    kind=Kind.LIVE,
    level=Level.MUST,
    adr_versions=ADR_VERSIONS,
    title=Text(
        "Het basispad van de draaiende API bevat /v<major> van de documentversie",
        "The base path of the live API carries /v<major> of the document's version",
    ),
    what=Text(
        "Het pad van de basis-URL heeft een segment v<major> (bijvoorbeeld /zaken/api/v1), zonder "
        "minorversie, en <major> is gelijk aan het hoofdversienummer van info.version.",
        "The base URL's path has a segment v<major> (e.g. /zaken/api/v1), without minor version, and "
        "<major> equals the major part of info.version.",
    ),
    why=Text(
        "Een nieuwe hoofdversie (breaking change) krijgt een nieuwe basis-URL, zodat afnemers tijdens de "
        "overgangsperiode op de oude kunnen blijven werken.",
        "A new major version (breaking change) gets a new base URL, so that clients keep working on the "
        "old one during the transition period.",
    ),
    fix=Text(
        "Lever de API onder een basispad met alleen het hoofdversienummer, bijvoorbeeld /zaken/api/v1, en "
        "houd info.version (1.x.y) daarmee in de pas.",
        "Serve the API under a base path with only the major version, e.g. /zaken/api/v1, and keep "
        "info.version (1.x.y) in step with it.",
    ),
    explanation=Text(
        "Het hoofdversienummer hoort in het basispad (bijvoorbeeld /v1), en alleen dat; het moet "
        "overeenkomen met de versie in het OpenAPI-document.",
        "The major version belongs in the base path (for example /v1), and only that; it must match the "
        "version in the OpenAPI document.",
    ),
)

MAJOR_SEGMENT = re.compile(r"v(\d+)")
EVIDENCE = ("content-type", "api-version")  # the published document (when fetched) shows info.version
VERSION_LIKE = re.compile(r"[vV]\d+([._-]\d+)*")


def run(ctx: ProbeContext) -> CheckResult:
    segments = [segment for segment in ctx.base_path.split("/") if segment]
    majors = [int(m[1]) for s in segments if (m := MAJOR_SEGMENT.fullmatch(s))]
    minor_like = [s for s in segments if VERSION_LIKE.fullmatch(s) and not MAJOR_SEGMENT.fullmatch(s)]
    if minor_like:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    f"the base path {ctx.base_path or '/'} carries '{minor_like[0]}': only the major version "
                    "(e.g. v1) belongs in the URI",
                )
            ],
        )
    if not majors:
        return judged(
            CHECK,
            [finding(Severity.ERROR, f"the base path {ctx.base_path or '/'} carries no /v<major> segment")],
        )
    major = majors[-1]
    version = ctx.document_version
    if version is None:
        return could_not_run(
            CHECK,
            f"the base path carries v{major}, but there is no OpenAPI document (info.version) to compare it with",
        )
    expected = version.strip().lstrip("vV").split(".", 1)[0]
    if not expected.isdigit():
        return could_not_run(CHECK, f"info.version '{version}' has no numeric major version to compare with")
    if int(expected) != major:
        return judged(
            CHECK,
            [
                finding(
                    Severity.ERROR,
                    f"the base path carries v{major} but info.version is {version} (major {int(expected)})",
                    ctx.document_exchange,
                    headers=EVIDENCE,
                )
            ],
        )
    return judged(
        CHECK,
        [
            finding(
                Severity.INFO,
                f"the base path {ctx.base_path} carries v{major}; info.version is {version}",
                ctx.document_exchange,
                headers=EVIDENCE,
            )
        ],
    )


PROBE = Probe(info=CHECK, run=run, order=40)
