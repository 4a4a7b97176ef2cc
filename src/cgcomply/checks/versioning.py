"""Versioning rules: /core/uri-version, /core/semver, /core/version-header."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.adr_versions import ALL
from cgcomply.checks.base import CheckContext, Issue, NotApplicable, pointer_join, static_check
from cgcomply.i18n import Text
from cgcomply.results import Level
from cgcomply.semver import SEMVER

_MAJOR_SEGMENT = re.compile(r"^v(\d+)$")
_VARIABLE = re.compile(r"{([^{}]*)}")


def server_url(server: dict) -> str | None:
    """The server URL with each ``{variable}`` replaced by its default."""
    url = server.get("url")
    if not isinstance(url, str):
        return None
    declared = server.get("variables")
    variables: dict[str, object] = declared if isinstance(declared, dict) else {}

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
    title=Text(
        "Server-URL's bevatten alleen het hoofdversienummer (/v1)",
        "Server URLs carry the major version only (/v1)",
    ),
    what=Text(
        "Elke `servers[].url` (variabelen vervangen door hun standaardwaarde) heeft een padsegment "
        "`v<major>`, zoals `/v1`, en geen minor- of patchversie (`/v1.2` faalt). Voor ADR 2.0.2 moet het "
        "hoofdversienummer ook gelijk zijn aan dat van `info.version` (stap 3 van 'How to test').",
        "Every `servers[].url` (variables replaced by their defaults) has a path segment `v<major>`, such "
        "as `/v1`, and no minor or patch version (`/v1.2` fails). For ADR 2.0.2 the major version must also "
        "equal the major version of `info.version` (its How to test, step 3).",
    ),
    why=Text(
        "ADR /core/uri-version: de URI (het basispad) van een API bevat het hoofdversienummer met de letter "
        "v ervoor; minor- en patchversie horen niet in de URI. Zo te testen: er is een versienummer met "
        "voorvoegsel v, en het bevat alleen het hoofdversienummer.",
        "ADR /core/uri-version: 'The URI of an API (base path) MUST include the major version number, "
        "prefixed by the letter v. [...] The minor and patch version numbers are not part of the URI'. "
        "How to test: 'confirm that a version number is present with prefix v and only contains the "
        "major version number.'",
    ),
    fix=Text(
        "Gebruik basispaden zoals `https://api.example.org/v1`; houd minor- en patchversies uit de URI.",
        "Use base paths such as `https://api.example.org/v1`; keep minor and patch versions out of the URI.",
    ),
    explanation=Text(
        "Het basispad van de API bevat het hoofdversienummer met een v ervoor (bijvoorbeeld /v1), en "
        "geen minor- of patchversie.",
        "The API's base path carries the major version prefixed with v (for example /v1), and no minor or "
        "patch version.",
    ),
    messages={
        "no-servers": Text(
            "het document noemt geen servers (zie adr.servers-present)",
            "the document lists no servers (see adr.servers-present)",
        ),
        "minor": Text(
            "server-URL {url!r} bevat een minorversie ({segment}); gebruik alleen het hoofdversienummer",
            "server URL {url!r} contains a minor version ({segment}); use only the major version",
        ),
        "no-major": Text(
            "server-URL {url!r} heeft geen segment met het hoofdversienummer, zoals /v1",
            "server URL {url!r} has no major version segment such as /v1",
        ),
        "major-differs": Text(
            "server-URL {url!r} heeft hoofdversie v{major}, maar info.version is {version}",
            "server URL {url!r} has major version v{major} but info.version is {version}",
        ),
    },
    spectral={"2.1.0": ("include-major-version-in-uri",), "2.2.0": ("nlgov:include-major-version-in-uri",)},
)
def uri_version(context: CheckContext) -> Iterator[Issue]:
    if not context.index.servers:
        raise NotApplicable("no-servers")
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
            yield Issue("minor", where, server.file, {"url": url, "segment": minors[0]})
        elif not majors:
            yield Issue("no-major", where, server.file, {"url": url})
        elif context.adr_version == "2.0.2" and SEMVER.match(version) and majors[-1] != version.split(".")[0]:
            yield Issue(
                "major-differs", where, server.file, {"url": url, "major": majors[-1], "version": version}
            )


@static_check(
    id="adr.semver",
    adr_rule="/core/semver",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("info.version volgt Semantic Versioning", "info.version follows Semantic Versioning"),
    what=Text(
        "`info.version` is een SemVer 2.0.0-versie zoals `1.0.2` of `2.0.0-rc.1`.",
        "`info.version` is a SemVer 2.0.0 version such as `1.0.2` or `2.0.0-rc.1`.",
    ),
    why=Text(
        "ADR /core/semver: voor het versiebeheer van API's wordt Semantic Versioning gebruikt ('Semantic "
        "Versioning MUST be used for API versioning'). Zo te testen: het veld info.version van de "
        "OpenAPI-beschrijving volgt het formaat van Semantic Versioning.",
        "ADR /core/semver: 'Semantic Versioning MUST be used for API versioning.' How to test: 'Parse the "
        "info.version field in the OpenAPI Description to confirm it adheres to the Semantic Versioning "
        "format.'",
    ),
    fix=Text(
        "Schrijf de versie als major.minor.patch, bijvoorbeeld `1.3.0`.",
        "Write the version as major.minor.patch, e.g. `1.3.0`.",
    ),
    explanation=Text(
        "Het versienummer van de API (info.version) volgt Semantic Versioning: major.minor.patch.",
        "The API's version number (info.version) follows Semantic Versioning: major.minor.patch.",
    ),
    messages={
        "missing": Text("`info.version` ontbreekt", "`info.version` is missing"),
        "not-semver": Text(
            "versie {version!r} is niet in SemVer-formaat (major.minor.patch)",
            "version {version!r} is not in SemVer format (major.minor.patch)",
        ),
    },
    spectral={"2.2.0": ("nlgov:semver",)},
)
def semver(context: CheckContext) -> Iterator[Issue]:
    info = context.index.root.get("info")
    if not isinstance(info, dict) or "version" not in info:
        yield Issue("missing", "/info" if isinstance(info, dict) else "")
        return
    version = info["version"]
    if not isinstance(version, str) or not SEMVER.match(version):
        yield Issue("not-semver", "/info/version", params={"version": version})


def _is_success(code: str) -> bool:
    return len(code) == 3 and code[0] in "23" and (code[1:].isdigit() or code[1:].upper() == "XX")


@static_check(
    id="adr.version-header",
    adr_rule="/core/version-header",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Antwoorden beschrijven de API-Version-header", "Responses declare the API-Version header"),
    what=Text(
        "Elk 2xx- en 3xx-antwoord van elke operatie noemt een header `API-Version` (in elke schrijfwijze "
        "van hoofd- en kleine letters: volgens de ADR is de naam niet hoofdlettergevoelig).",
        "Every 2xx and 3xx response of every operation declares a header named `API-Version` (in any "
        "letter case, as the ADR says the name is case-insensitive).",
    ),
    why=Text(
        "ADR /core/version-header: elk antwoord bevat de header API-Version ('MUST be returned in a "
        "response header in every response'), met het versienummer in een HTTP-header API-Version (niet "
        "hoofdlettergevoelig). De live controle probe.version-header kijkt naar de echte antwoorden.",
        "ADR /core/version-header: 'The API-Version header MUST be returned in a response header in every "
        "response.' and 'The version number MUST be returned in an HTTP response header named API-Version "
        "(case-insensitive)'. The live probe probe.version-header checks the real responses.",
    ),
    fix=Text(
        "Noem `API-Version` onder `headers` van elk succesantwoord (een gedeelde header in "
        "components/headers helpt).",
        "Declare `API-Version` under `headers` of each success response (a shared components/headers entry "
        "helps).",
    ),
    explanation=Text(
        "Elk antwoord van de API geeft het volledige versienummer terug in de header API-Version; het "
        "document moet die header bij de antwoorden beschrijven.",
        "Every response of the API returns the full version number in the API-Version header; the document "
        "must declare that header on its responses.",
    ),
    messages={
        "no-responses": Text(
            "het document beschrijft geen 2xx/3xx-antwoorden", "the document declares no 2xx/3xx responses"
        ),
        "no-headers": Text(
            "antwoord {code} beschrijft geen headers (API-Version verwacht)",
            "response {code} declares no headers (API-Version expected)",
        ),
        "no-headers-op": Text(
            "antwoord {code} van {method} {path} beschrijft geen headers (API-Version verwacht)",
            "response {code} of {method} {path} declares no headers (API-Version expected)",
        ),
        "no-version-header": Text(
            "antwoord {code} beschrijft de header API-Version niet",
            "response {code} does not declare the API-Version header",
        ),
        "no-version-header-op": Text(
            "antwoord {code} van {method} {path} beschrijft de header API-Version niet",
            "response {code} of {method} {path} does not declare the API-Version header",
        ),
    },
    spectral={
        "2.1.0": ("missing-version-header", "missing-header"),
        "2.2.0": ("nlgov:missing-version-header", "nlgov:missing-header"),
    },
)
def version_header(context: CheckContext) -> Iterator[Issue]:
    responses = [r for r in context.index.iter_responses() if _is_success(r.code)]
    if not responses:
        raise NotApplicable("no-responses")
    for response in responses:
        headers = response.node.value.get("headers")
        params: dict[str, str] = {"code": response.code}
        suffix = ""
        if response.node.file is None and response.node.pointer.startswith("/paths/"):
            params.update(method=response.operation.method.upper(), path=response.operation.path)
            suffix = "-op"
        if not headers:
            yield Issue("no-headers" + suffix, response.node.pointer, response.node.file, params)
        elif isinstance(headers, dict) and not any(str(n).lower() == "api-version" for n in headers):
            yield Issue(
                "no-version-header" + suffix,
                pointer_join(response.node.pointer, "headers"),
                response.node.file,
                params,
            )
