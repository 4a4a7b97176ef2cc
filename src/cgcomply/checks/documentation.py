"""Documentation rules: /core/doc-openapi, /core/doc-openapi-contact, and 2.1.0's /openapi.json path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.base import CheckContext, Issue, NotApplicable, Undetermined, pointer_join, static_check
from cgcomply.checks.index import HTTP_METHODS
from cgcomply.checks.versions import ALL, FROM_2_1, ONLY_2_1
from cgcomply.results import Level

_OAS3 = re.compile(r"^3\.\d+(\.\d+)?$")
_OAS30 = re.compile(r"^3\.0(\.\d+)?$")
_NOT_CHECKED = ("remote-not-allowed", "unreachable")  # RefProblem kinds: not fetched, so not judged
_DOC_OPENAPI_WHY = (
    "ADR /core/doc-openapi: 'API documentation MUST be provided in the form of an OpenAPI definition "
    "document which conforms to the OpenAPI Specification (from v3 onwards).'"
)


@static_check(
    id="adr.openapi-version",
    adr_rule="/core/doc-openapi",
    level=Level.MUST,
    adr_versions=ALL,
    title="The document is an OpenAPI 3 document",
    title_nl="Het document is een OpenAPI 3-document",
    what=(
        "The root has an `openapi` field with a version 3 number (3.0.x, 3.1.x). For ADR 2.1.0 only "
        "3.0.x is accepted, as in the official 2.1.0 linter (the Forum Standaardisatie lists OAS 3.0). "
        "Swagger 2.0 documents fail."
    ),
    why=_DOC_OPENAPI_WHY,
    fix="Describe the API in OpenAPI 3 (convert Swagger 2.0 with a converter such as swagger2openapi).",
    explanation_nl=(
        "De API moet beschreven zijn in een OpenAPI 3-document (OAS 3), de standaard op de "
        "'pas toe of leg uit'-lijst van het Forum Standaardisatie."
    ),
    spectral={"2.1.0": ("openapi3",), "2.2.0": ("nlgov:openapi3", "nlgov:openapi-root-exists")},
)
def openapi_version(context: CheckContext) -> Iterator[Issue]:
    root = context.index.root
    if "openapi" not in root:
        if "swagger" in root:
            yield Issue("this is a Swagger 2.0 document; the ADR requires OpenAPI 3", "/swagger")
        else:
            yield Issue("the root of the document has no `openapi` field", "")
        return
    version = str(root["openapi"]).strip()
    pattern = _OAS30 if context.adr_version == "2.1.0" else _OAS3
    if not pattern.match(version):
        wanted = "3.0.x (ADR 2.1.0)" if context.adr_version == "2.1.0" else "3.x"
        yield Issue(f"`openapi: {version}` is not an OpenAPI {wanted} version", "/openapi")


@static_check(
    id="adr.refs-resolve",
    adr_rule="/core/doc-openapi",
    level=Level.MUST,
    adr_versions=ALL,
    title="Every $ref resolves",
    title_nl="Elke $ref is te volgen",
    what=(
        "Follows every `$ref` reachable from the document (local pointers, relative files, URLs through "
        "--ref-map folders or --allow-ref-host hosts) and reports the ones that do not resolve. What a "
        "reference may read depends on where the file it is written in came from: a document read from "
        "a URL reaches only http(s) URLs (its own origin, allowed hosts, mapped prefixes), never local "
        "files; a local document may name local files, but only regular files outside /proc, /sys and "
        "/dev. A refused reference is reported with the reason and is never opened."
    ),
    why=_DOC_OPENAPI_WHY + " How to test: 'confirm all $refs are resolvable and paths are defined'.",
    fix="Correct the reference, or publish the referenced file at a public URL that the reference names.",
    explanation_nl="Alle verwijzingen ($ref) in het document moeten naar een bestaand onderdeel wijzen.",
    spectral={"2.1.0": ("invalid-ref",), "2.2.0": ("invalid-ref",)},
)
def refs_resolve(context: CheckContext) -> Iterator[Issue]:
    document = context.document
    not_allowed: list[str] = []
    unreachable: list[str] = []
    broken = 0
    for problem in document.ref_problems():
        kind = getattr(problem, "kind", "missing")
        if kind in _NOT_CHECKED:
            (not_allowed if kind == "remote-not-allowed" else unreachable).append(problem.ref)
            continue
        broken += 1
        file = None if problem.file == document.source else problem.file
        verb = "is refused" if kind == "refused" else "does not resolve"
        yield Issue(f"$ref {problem.ref!r} {verb}: {problem.reason}", problem.pointer, file)
    if (not_allowed or unreachable) and not broken:
        parts = []
        if not_allowed:
            hosts = sorted({urlsplit(ref).hostname or ref for ref in not_allowed})
            parts.append(
                f"{len(not_allowed)} remote $refs were not fetched (hosts: {', '.join(hosts)}); allow them "
                "with --allow-ref-host HOST or map them to a folder with --ref-map PREFIX=DIR"
            )
        if unreachable:
            shown = ", ".join(sorted(set(unreachable))[:5])
            more = f" and {len(set(unreachable)) - 5} more" if len(set(unreachable)) > 5 else ""
            parts.append(f"{len(unreachable)} $refs could not be fetched ({shown}{more})")
        raise Undetermined("; ".join(parts))


@static_check(
    id="adr.contact",
    adr_rule="/core/doc-openapi-contact",
    level=Level.SHOULD,
    adr_versions=FROM_2_1,
    title="The document names a contact (name, url, email)",
    title_nl="Het document noemt een contactpunt (naam, url, e-mail)",
    what=(
        "`info.contact` is present and has `name`, `url` and `email`, as the official linter requires "
        "(the ADR's example contact has exactly these three fields)."
    ),
    why=(
        "ADR /core/doc-openapi-contact: 'OpenAPI definition document SHOULD include the info.contact "
        "object for publicly available APIs. Contact information SHOULD NOT be a generic contact address "
        "for the whole organisation.'"
    ),
    fix="Add `info.contact` with the name, url (e.g. issue tracker) and email of the team that runs the API.",
    explanation_nl=(
        "Het document hoort een contactpunt te noemen (naam, url en e-mail) van het team dat de API "
        "beheert, niet een algemeen adres van de organisatie."
    ),
    spectral={
        "2.1.0": ("info-contact", "info-contact-fields-exist"),
        "2.2.0": ("info-contact", "nlgov:info-contact-fields-exist"),
    },
)
def contact(context: CheckContext) -> Iterator[Issue]:
    info = context.index.root.get("info")
    if not isinstance(info, dict):
        yield Issue("the document has no `info` object", "")
        return
    value = info.get("contact")
    if not value:
        yield Issue("`info` has no `contact` object", "/info")
        return
    if not isinstance(value, dict):
        yield Issue("`info.contact` must be an object", "/info/contact")
        return
    missing = [name for name in ("name", "url", "email") if name not in value]
    if missing:
        yield Issue(
            f"`info.contact` lacks {', '.join(missing)} (name, url and email are expected)", "/info/contact"
        )


@static_check(
    id="adr.openapi-json-path",
    adr_rule="/core/publish-openapi",
    level=Level.MUST,
    adr_versions=ONLY_2_1,
    title="The document describes GET /openapi.json with CORS (ADR 2.1.0 linter)",
    title_nl="Het document beschrijft GET /openapi.json met CORS (linter ADR 2.1.0)",
    what=(
        "As the official 2.1.0 linter requires: a path `/openapi.json` exists, has a GET operation and no "
        "other methods, and its 2xx/3xx responses declare the `Access-Control-Allow-Origin` header."
    ),
    why=(
        "ADR 2.1.0 /core/publish-openapi: the OAS document MUST be published as `openapi.json` in the "
        "base path, without authentication, and 'the CORS policy for this URI MUST allow external "
        "domains to read the documentation'. The 2.1.0 linter checks this in the document itself; ADR 2.2 "
        "dropped that (the live probe probe.publish-openapi checks the real URL)."
    ),
    fix=(
        "Describe `GET /openapi.json` (only GET) with a 200 response that declares the "
        "`Access-Control-Allow-Origin` header."
    ),
    explanation_nl=(
        "Voor ADR 2.1.0 moet het document zelf het pad GET /openapi.json beschrijven, met de CORS-header "
        "Access-Control-Allow-Origin in het antwoord."
    ),
    spectral={
        "2.1.0": (
            "paths-open-api-json-resource-exists",
            "paths-open-api-json-resource-has-get",
            "paths-open-api-json-specify-cors-header",
        )
    },
)
def openapi_json_path(context: CheckContext) -> Iterator[Issue]:
    paths = context.index.root.get("paths")
    if not isinstance(paths, dict):
        raise NotApplicable("the document has no paths")
    item = dict(context.index.paths).get("/openapi.json")
    if item is None:
        yield Issue("there is no path `/openapi.json` that returns the OpenAPI document", "/paths")
        return
    value = item.value
    others = [key for key in value if key in HTTP_METHODS and key != "get"]
    for method in others:
        yield Issue(
            f"`/openapi.json` must only have GET, not {method.upper()}",
            pointer_join(item.pointer, method),
            item.file,
        )
    if "get" not in value:
        if not others:
            yield Issue("`/openapi.json` has no GET operation", item.pointer, item.file)
        return
    for operation in context.index.operations:
        if operation.path != "/openapi.json" or operation.method != "get":
            continue
        for response in operation.responses:
            if not _is_success(response.code):
                continue
            headers = response.node.value.get("headers")
            names = {str(name).lower() for name in headers} if isinstance(headers, dict) else set()
            if "access-control-allow-origin" not in names:
                yield Issue(
                    f"response {response.code} of GET /openapi.json does not declare the "
                    "Access-Control-Allow-Origin header",
                    pointer_join(response.node.pointer, "headers")
                    if headers is not None
                    else response.node.pointer,
                    response.node.file,
                )


def _is_success(code: str) -> bool:
    return len(code) == 3 and code[0] in "23" and (code[1:].isdigit() or code[1:].upper() == "XX")
