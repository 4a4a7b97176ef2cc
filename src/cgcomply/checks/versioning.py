"""Versioning rules: /core/uri-version, /core/semver, /core/version-header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.checks.versions import ALL
from cgcomply.results import Level

# The official SemVer 2.0.0 regular expression (semver.org), as in the official ruleset's nlgov:semver.
SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
_MAJOR_SEGMENT = re.compile(r"^v(\d+)$")
_VARIABLE = re.compile(r"{([^{}]*)}")


def server_url(server: dict) -> str | None:
    """The server URL with each ``{variable}`` replaced by its default."""
    url = server.get("url")
    if not isinstance(url, str):
        return None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}

    def default(match: re.Match[str]) -> str:
        variable = variables.get(match.group(1))
        if isinstance(variable, dict) and variable.get("default") is not None:
            return str(variable["default"])
        return match.group(0)

    return _VARIABLE.sub(default, url)


@static_check(
    id="adr.uri-version",
    adr_rule="/core/uri-version",
    level=Level.MUST,
    adr_versions=ALL,
    title="Server URLs carry the major version only (/v1)",
    title_nl="Server-URL's bevatten alleen het hoofdversienummer (/v1)",
    what=(
        "Every `servers[].url` (variables replaced by their defaults) has a path segment `v<major>`, such "
        "as `/v1`, and no minor or patch version (`/v1.2` fails). For ADR 2.0.2 the major version must also "
        "equal the major version of `info.version` (its How to test, step 3)."
    ),
    why=(
        "ADR /core/uri-version: 'The URI of an API (base path) MUST include the major version number, "
        "prefixed by the letter v. [...] The minor and patch version numbers are not part of the URI'. "
        "How to test: 'confirm that a version number is present with prefix v and only contains the "
        "major version number.'"
    ),
    fix="Use base paths such as `https://api.example.org/v1`; keep minor and patch versions out of the URI.",
    explanation_nl=(
        "Het basispad van de API bevat het hoofdversienummer met een v ervoor (bijvoorbeeld /v1), en "
        "geen minor- of patchversie."
    ),
    spectral={"2.1.0": ("include-major-version-in-uri",), "2.2.0": ("nlgov:include-major-version-in-uri",)},
)
def uri_version(context: CheckContext) -> Iterator[Issue]:
    if not context.index.servers:
        raise NotApplicable("the document lists no servers (see adr.servers-present)")
    info = context.index.root.get("info")
    version = str(info.get("version", "")) if isinstance(info, dict) else ""
    for server in context.index.servers:
        if not isinstance(server.value, dict):
            continue
        url = server_url(server.value)
        if url is None:
            continue
        where = pointer_join(server.pointer, "url")
        path = urlsplit(url).path if "://" in url else url.split("?")[0]
        segments = [s for s in path.split("/") if s]
        majors = [m.group(1) for s in segments if (m := _MAJOR_SEGMENT.match(s))]
        minors = [s for s in segments if re.match(r"^v\d+[._-]\d+", s)]
        if minors:
            yield Issue(
                f"server URL {url!r} contains a minor version ({minors[0]}); use only the major version",
                where,
                server.file,
            )
        elif not majors:
            yield Issue(f"server URL {url!r} has no major version segment such as /v1", where, server.file)
        elif context.adr_version == "2.0.2" and SEMVER.match(version) and majors[-1] != version.split(".")[0]:
            yield Issue(
                f"server URL {url!r} has major version v{majors[-1]} but info.version is {version}",
                where,
                server.file,
            )


@static_check(
    id="adr.semver",
    adr_rule="/core/semver",
    level=Level.MUST,
    adr_versions=ALL,
    title="info.version follows Semantic Versioning",
    title_nl="info.version volgt Semantic Versioning",
    what="`info.version` is a SemVer 2.0.0 version such as `1.0.2` or `2.0.0-rc.1`.",
    why=(
        "ADR /core/semver: 'Semantic Versioning MUST be used for API versioning.' How to test: 'Parse the "
        "info.version field in the OpenAPI Description to confirm it adheres to the Semantic Versioning "
        "format.'"
    ),
    fix="Write the version as major.minor.patch, e.g. `1.3.0`.",
    explanation_nl="Het versienummer van de API (info.version) volgt Semantic Versioning: major.minor.patch.",
    spectral={"2.2.0": ("nlgov:semver",)},
)
def semver(context: CheckContext) -> Iterator[Issue]:
    info = context.index.root.get("info")
    if not isinstance(info, dict) or "version" not in info:
        yield Issue("`info.version` is missing", "/info" if isinstance(info, dict) else "")
        return
    version = info["version"]
    if not isinstance(version, str) or not SEMVER.match(version):
        yield Issue(f"version {version!r} is not in SemVer format (major.minor.patch)", "/info/version")


def _is_success(code: str) -> bool:
    return len(code) == 3 and code[0] in "23" and (code[1:].isdigit() or code[1:].upper() == "XX")


@static_check(
    id="adr.version-header",
    adr_rule="/core/version-header",
    level=Level.MUST,
    adr_versions=ALL,
    title="Responses declare the API-Version header",
    title_nl="Antwoorden beschrijven de API-Version-header",
    what=(
        "Every 2xx and 3xx response of every operation declares a header named `API-Version` (in any "
        "letter case, as the ADR says the name is case-insensitive)."
    ),
    why=(
        "ADR /core/version-header: 'The API-Version header MUST be returned in a response header in every "
        "response.' and 'The version number MUST be returned in an HTTP response header named API-Version "
        "(case-insensitive)'. The live probe probe.version-header checks the real responses."
    ),
    fix="Declare `API-Version` under `headers` of each success response (a shared components/headers entry helps).",
    explanation_nl=(
        "Elk antwoord van de API geeft het volledige versienummer terug in de header API-Version; het "
        "document moet die header bij de antwoorden beschrijven."
    ),
    spectral={
        "2.1.0": ("missing-version-header", "missing-header"),
        "2.2.0": ("nlgov:missing-version-header", "nlgov:missing-header"),
    },
)
def version_header(context: CheckContext) -> Iterator[Issue]:
    responses = [r for r in context.index.iter_responses() if _is_success(r.code)]
    if not responses:
        raise NotApplicable("the document declares no 2xx/3xx responses")
    for response in responses:
        headers = response.node.value.get("headers")
        where = f"response {response.code}"
        if response.node.file is None and response.node.pointer.startswith("/paths/"):
            where += f" of {response.operation.method.upper()} {response.operation.path}"
        if not headers:
            yield Issue(
                f"{where} declares no headers (API-Version expected)",
                response.node.pointer,
                response.node.file,
            )
        elif isinstance(headers, dict) and not any(str(n).lower() == "api-version" for n in headers):
            yield Issue(
                f"{where} does not declare the API-Version header",
                pointer_join(response.node.pointer, "headers"),
                response.node.file,
            )
