"""Documentation rules: /core/doc-openapi, /core/doc-openapi-contact, and 2.1.0's /openapi.json path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from cgcomply.checks.adr_versions import ALL, FROM_2_1, ONLY_2_1
from cgcomply.checks.base import (
    NOT_FETCHED_KINDS,
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.checks.index import HTTP_METHODS
from cgcomply.i18n import Text
from cgcomply.results import Level

_OAS3 = re.compile(r"^3\.\d+(\.\d+)?$")
_OAS30 = re.compile(r"^3\.0(\.\d+)?$")
_DOC_OPENAPI_WHY_NL = (
    "ADR /core/doc-openapi: 'API documentation MUST be provided in the form of an OpenAPI definition "
    "document which conforms to the OpenAPI Specification (from v3 onwards).' De documentatie van een API "
    "is dus een OpenAPI-document volgens de OpenAPI-specificatie, versie 3 of hoger."
)
_DOC_OPENAPI_WHY_EN = (
    "ADR /core/doc-openapi: 'API documentation MUST be provided in the form of an OpenAPI definition "
    "document which conforms to the OpenAPI Specification (from v3 onwards).'"
)


@static_check(
    id="adr.openapi-version",
    adr_rule="/core/doc-openapi",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Het document is een OpenAPI 3-document", "The document is an OpenAPI 3 document"),
    what=Text(
        "De root heeft een veld `openapi` met een versienummer 3 (3.0.x, 3.1.x). Voor ADR 2.1.0 geldt "
        "alleen 3.0.x, zoals in de officiële linter van 2.1.0 (het Forum Standaardisatie noemt OAS 3.0). "
        "Swagger 2.0-documenten falen.",
        "The root has an `openapi` field with a version 3 number (3.0.x, 3.1.x). For ADR 2.1.0 only "
        "3.0.x is accepted, as in the official 2.1.0 linter (the Forum Standaardisatie lists OAS 3.0). "
        "Swagger 2.0 documents fail.",
    ),
    why=Text(_DOC_OPENAPI_WHY_NL, _DOC_OPENAPI_WHY_EN),
    fix=Text(
        "Beschrijf de API in OpenAPI 3 (zet Swagger 2.0 om met een converter zoals swagger2openapi).",
        "Describe the API in OpenAPI 3 (convert Swagger 2.0 with a converter such as swagger2openapi).",
    ),
    explanation=Text(
        "De API moet beschreven zijn in een OpenAPI 3-document (OAS 3), de standaard op de "
        "'pas toe of leg uit'-lijst van het Forum Standaardisatie.",
        "The API must be described in an OpenAPI 3 document (OAS 3), the standard on the Forum "
        "Standaardisatie's 'comply or explain' list.",
    ),
    messages={
        "swagger": Text(
            "dit is een Swagger 2.0-document; de ADR vraagt OpenAPI 3",
            "this is a Swagger 2.0 document; the ADR requires OpenAPI 3",
        ),
        "no-openapi": Text(
            "de root van het document heeft geen veld `openapi`",
            "the root of the document has no `openapi` field",
        ),
        "wrong-version": Text(
            "`openapi: {version}` is geen OpenAPI-versie {wanted}",
            "`openapi: {version}` is not an OpenAPI {wanted} version",
        ),
    },
    spectral={"2.1.0": ("openapi3",), "2.2.0": ("nlgov:openapi3", "nlgov:openapi-root-exists")},
)
def openapi_version(context: CheckContext) -> Iterator[Issue]:
    root = context.index.root
    if "openapi" not in root:
        if "swagger" in root:
            yield Issue("swagger", "/swagger")
        else:
            yield Issue("no-openapi", "")
        return
    version = str(root["openapi"]).strip()
    pattern = _OAS30 if context.adr_version == "2.1.0" else _OAS3
    if not pattern.match(version):
        wanted = "3.0.x (ADR 2.1.0)" if context.adr_version == "2.1.0" else "3.x"
        yield Issue("wrong-version", "/openapi", params={"version": version, "wanted": wanted})


@static_check(
    id="adr.refs-resolve",
    adr_rule="/core/doc-openapi",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Elke $ref is te volgen", "Every $ref resolves"),
    what=Text(
        "Volgt elke `$ref` die vanuit het document bereikbaar is (lokale pointers, relatieve bestanden, "
        "URL's via mappen van --ref-map of hosts van --allow-ref-host) en meldt de verwijzingen die "
        "nergens heen leiden. Wat een verwijzing mag lezen hangt af van waar het bestand vandaan komt "
        "waarin ze staat: een document van een URL bereikt alleen http(s)-URL's (de eigen origin, "
        "toegestane hosts, gekoppelde prefixen), nooit lokale bestanden; een lokaal document mag lokale "
        "bestanden noemen, maar alleen gewone bestanden buiten /proc, /sys en /dev. Een geweigerde "
        "verwijzing wordt gemeld met de reden en nooit geopend.",
        "Follows every `$ref` reachable from the document (local pointers, relative files, URLs through "
        "--ref-map folders or --allow-ref-host hosts) and reports the ones that do not resolve. What a "
        "reference may read depends on where the file it is written in came from: a document read from "
        "a URL reaches only http(s) URLs (its own origin, allowed hosts, mapped prefixes), never local "
        "files; a local document may name local files, but only regular files outside /proc, /sys and "
        "/dev. A refused reference is reported with the reason and is never opened.",
    ),
    why=Text(
        _DOC_OPENAPI_WHY_NL + " Zo te testen: 'confirm all $refs are resolvable and paths are defined'.",
        _DOC_OPENAPI_WHY_EN + " How to test: 'confirm all $refs are resolvable and paths are defined'.",
    ),
    fix=Text(
        "Verbeter de verwijzing, of publiceer het bestand waarnaar verwezen wordt op de openbare URL die "
        "de verwijzing noemt.",
        "Correct the reference, or publish the referenced file at a public URL that the reference names.",
    ),
    explanation=Text(
        "Alle verwijzingen ($ref) in het document moeten naar een bestaand onderdeel wijzen.",
        "Every reference ($ref) in the document must point to a part that exists.",
    ),
    messages={
        "broken": Text("$ref {ref!r} is niet te volgen: {reason}", "$ref {ref!r} does not resolve: {reason}"),
        "refused": Text("$ref {ref!r} is geweigerd: {reason}", "$ref {ref!r} is refused: {reason}"),
        "unreachable": Text(
            "{unreachable} $refs konden niet worden opgehaald ({refs})",
            "{unreachable} $refs could not be fetched ({refs})",
        ),
        "not-fetched-and-unreachable": Text(
            "{count} externe $refs zijn niet opgehaald (hosts: {hosts}); sta ze toe met --allow-ref-host "
            "HOST of koppel ze aan een map met --ref-map PREFIX=MAP; {unreachable} $refs konden niet worden "
            "opgehaald ({refs})",
            "{count} remote $refs were not fetched (hosts: {hosts}); allow them with --allow-ref-host HOST "
            "or map them to a folder with --ref-map PREFIX=DIR; {unreachable} $refs could not be fetched "
            "({refs})",
        ),
        "not-fetched": Text(
            "{count} externe $refs zijn niet opgehaald (hosts: {hosts}); sta ze toe met --allow-ref-host "
            "HOST of koppel ze aan een map met --ref-map PREFIX=MAP",
            "{count} remote $refs were not fetched (hosts: {hosts}); allow them with --allow-ref-host HOST "
            "or map them to a folder with --ref-map PREFIX=DIR",
        ),
    },
    spectral={"2.1.0": ("invalid-ref",), "2.2.0": ("invalid-ref",)},
)
def refs_resolve(context: CheckContext) -> Iterator[Issue]:
    document = context.document
    not_allowed: list[str] = []
    unreachable: list[str] = []
    broken = 0
    for problem in document.ref_problems():
        kind = getattr(problem, "kind", "missing")
        if kind in NOT_FETCHED_KINDS:
            (not_allowed if kind == "remote-not-allowed" else unreachable).append(problem.ref)
            continue
        broken += 1
        file = None if problem.file == document.source else problem.file
        key = "refused" if kind == "refused" else "broken"
        reason = getattr(problem, "text", None) or problem.reason  # bilingual where the resolver has it
        yield Issue(key, problem.pointer, file, {"ref": problem.ref, "reason": reason})
    if (not_allowed or unreachable) and not broken:
        hosts = ", ".join(sorted({urlsplit(ref).hostname or ref for ref in not_allowed}))
        distinct = sorted(set(unreachable))
        refs = ", ".join(distinct[:5]) + (f" (+{len(distinct) - 5})" if len(distinct) > 5 else "")
        if not_allowed and unreachable:
            raise Undetermined(
                "not-fetched-and-unreachable",
                count=len(not_allowed),
                hosts=hosts,
                unreachable=len(unreachable),
                refs=refs,
            )
        if not_allowed:
            raise Undetermined("not-fetched", count=len(not_allowed), hosts=hosts)
        raise Undetermined("unreachable", unreachable=len(unreachable), refs=refs)


@static_check(
    id="adr.contact",
    adr_rule="/core/doc-openapi-contact",
    level=Level.SHOULD,
    adr_versions=FROM_2_1,
    title=Text(
        "Het document noemt een contactpunt (naam, url, e-mail)",
        "The document names a contact (name, url, email)",
    ),
    what=Text(
        "`info.contact` is aanwezig en heeft `name`, `url` en `email`, zoals de officiële linter vraagt "
        "(het voorbeeldcontact van de ADR heeft precies deze drie velden).",
        "`info.contact` is present and has `name`, `url` and `email`, as the official linter requires "
        "(the ADR's example contact has exactly these three fields).",
    ),
    why=Text(
        "ADR /core/doc-openapi-contact: een OpenAPI-document van een openbare API hoort het object "
        "info.contact te bevatten, en dat is geen algemeen contactadres van de hele organisatie "
        "('SHOULD include the info.contact object for publicly available APIs').",
        "ADR /core/doc-openapi-contact: 'OpenAPI definition document SHOULD include the info.contact "
        "object for publicly available APIs. Contact information SHOULD NOT be a generic contact address "
        "for the whole organisation.'",
    ),
    fix=Text(
        "Voeg `info.contact` toe met de naam, url (bijvoorbeeld de issuetracker) en e-mail van het team "
        "dat de API beheert.",
        "Add `info.contact` with the name, url (e.g. issue tracker) and email of the team that runs the API.",
    ),
    explanation=Text(
        "Het document hoort een contactpunt te noemen (naam, url en e-mail) van het team dat de API "
        "beheert, niet een algemeen adres van de organisatie.",
        "The document should name a contact (name, url and email) of the team that runs the API, not a "
        "general address of the organisation.",
    ),
    messages={
        "no-info": Text("het document heeft geen object `info`", "the document has no `info` object"),
        "no-contact": Text("`info` heeft geen object `contact`", "`info` has no `contact` object"),
        "not-object": Text("`info.contact` moet een object zijn", "`info.contact` must be an object"),
        "lacks": Text(
            "`info.contact` mist {missing} (naam, url en e-mail worden verwacht)",
            "`info.contact` lacks {missing} (name, url and email are expected)",
        ),
    },
    spectral={
        "2.1.0": ("info-contact", "info-contact-fields-exist"),
        "2.2.0": ("info-contact", "nlgov:info-contact-fields-exist"),
    },
)
def contact(context: CheckContext) -> Iterator[Issue]:
    info = context.index.root.get("info")
    if not isinstance(info, dict):
        yield Issue("no-info", "")
        return
    value = info.get("contact")
    if not value:
        yield Issue("no-contact", "/info")
        return
    if not isinstance(value, dict):
        yield Issue("not-object", "/info/contact")
        return
    missing = [name for name in ("name", "url", "email") if name not in value]
    if missing:
        yield Issue("lacks", "/info/contact", params={"missing": ", ".join(missing)})


@static_check(
    id="adr.openapi-json-path",
    adr_rule="/core/publish-openapi",
    level=Level.MUST,
    adr_versions=ONLY_2_1,
    title=Text(
        "Het document beschrijft GET /openapi.json met CORS (linter ADR 2.1.0)",
        "The document describes GET /openapi.json with CORS (ADR 2.1.0 linter)",
    ),
    what=Text(
        "Zoals de officiële linter van 2.1.0 vraagt: er is een pad `/openapi.json` met een GET-operatie "
        "en geen andere methoden, en de 2xx/3xx-antwoorden ervan beschrijven de header "
        "`Access-Control-Allow-Origin`.",
        "As the official 2.1.0 linter requires: a path `/openapi.json` exists, has a GET operation and no "
        "other methods, and its 2xx/3xx responses declare the `Access-Control-Allow-Origin` header.",
    ),
    why=Text(
        "ADR 2.1.0 /core/publish-openapi: het OAS-document MOET als `openapi.json` in het basispad staan, "
        "zonder authenticatie, en 'the CORS policy for this URI MUST allow external domains to read the "
        "documentation'. De linter van 2.1.0 controleert dat in het document zelf; ADR 2.2 liet dat vallen "
        "(de live controle probe.publish-openapi kijkt naar de echte URL).",
        "ADR 2.1.0 /core/publish-openapi: the OAS document MUST be published as `openapi.json` in the "
        "base path, without authentication, and 'the CORS policy for this URI MUST allow external "
        "domains to read the documentation'. The 2.1.0 linter checks this in the document itself; ADR 2.2 "
        "dropped that (the live probe probe.publish-openapi checks the real URL).",
    ),
    fix=Text(
        "Beschrijf `GET /openapi.json` (alleen GET) met een 200-antwoord dat de header "
        "`Access-Control-Allow-Origin` noemt.",
        "Describe `GET /openapi.json` (only GET) with a 200 response that declares the "
        "`Access-Control-Allow-Origin` header.",
    ),
    explanation=Text(
        "Voor ADR 2.1.0 moet het document zelf het pad GET /openapi.json beschrijven, met de CORS-header "
        "Access-Control-Allow-Origin in het antwoord.",
        "For ADR 2.1.0 the document itself must describe the path GET /openapi.json, with the CORS header "
        "Access-Control-Allow-Origin in its response.",
    ),
    messages={
        "no-paths": Text("het document heeft geen paths", "the document has no paths"),
        "no-path": Text(
            "er is geen pad `/openapi.json` dat het OpenAPI-document teruggeeft",
            "there is no path `/openapi.json` that returns the OpenAPI document",
        ),
        "other-method": Text(
            "`/openapi.json` mag alleen GET hebben, niet {method}",
            "`/openapi.json` must only have GET, not {method}",
        ),
        "no-get": Text("`/openapi.json` heeft geen GET-operatie", "`/openapi.json` has no GET operation"),
        "no-cors": Text(
            "antwoord {code} van GET /openapi.json noemt de header Access-Control-Allow-Origin niet",
            "response {code} of GET /openapi.json does not declare the Access-Control-Allow-Origin header",
        ),
    },
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
        raise NotApplicable("no-paths")
    item = dict(context.index.paths).get("/openapi.json")
    if item is None:
        yield Issue("no-path", "/paths")
        return
    value = item.value
    others = [key for key in value if key in HTTP_METHODS and key != "get"]
    for method in others:
        yield Issue("other-method", pointer_join(item.pointer, method), item.file, {"method": method.upper()})
    if "get" not in value:
        if not others:
            yield Issue("no-get", item.pointer, item.file)
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
                    "no-cors",
                    pointer_join(response.node.pointer, "headers")
                    if headers is not None
                    else response.node.pointer,
                    response.node.file,
                    {"code": response.code},
                )


def _is_success(code: str) -> bool:
    return len(code) == 3 and code[0] in "23" and (code[1:].isdigit() or code[1:].upper() == "XX")


@static_check(
    id="adr.paths-defined",
    adr_rule="/core/doc-openapi",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Het document beschrijft operaties", "The document describes operations"),
    what=Text(
        "Het document heeft `paths`, en daaronder ten minste één operatie (een methode zoals `get` of "
        "`post`). Een leeg path item op zich wordt niet gemeld (OpenAPI staat dat toe, bijvoorbeeld door "
        "toegangsbeperkingen); webhooks (OpenAPI 3.1) en extensies (`x-...`) zijn geen paden van deze API. "
        "Is een path item niet te lezen (een `$ref` die niet te volgen is, zie adr.refs-resolve) en is er "
        "verder geen operatie, dan is de controle niet vastgesteld.",
        "The document has `paths`, with at least one operation under it (a method such as `get` or "
        "`post`). An empty path item on its own is not reported (OpenAPI allows it, for example because of "
        "access control); webhooks (OpenAPI 3.1) and extensions (`x-...`) are no paths of this API. When a "
        "path item cannot be read (a `$ref` that does not resolve, see adr.refs-resolve) and there is no "
        "other operation, the check is not decided.",
    ),
    why=Text(
        _DOC_OPENAPI_WHY_NL + " Zo te testen: 'confirm all $refs are resolvable and paths are defined'. Een "
        "document zonder paden is geldig volgens OpenAPI 3.1 (`components` of `webhooks` volstaan daar), "
        "maar documenteert de API niet.",
        _DOC_OPENAPI_WHY_EN + " How to test: 'confirm all $refs are resolvable and paths are defined'. A "
        "document without paths is valid OpenAPI 3.1 (`components` or `webhooks` suffice there), but it "
        "does not document the API.",
    ),
    fix=Text(
        "Beschrijf de paden van de API onder `paths`, met hun operaties.",
        "Describe the API's paths under `paths`, with their operations.",
    ),
    explanation=Text(
        "Het OpenAPI-document moet de paden en operaties van de API beschrijven; zonder paden documenteert "
        "het niets wat een afnemer kan aanroepen.",
        "The OpenAPI document must describe the API's paths and operations; without paths it documents "
        "nothing a consumer can call.",
    ),
    messages={
        "not-an-api": Text(
            "het document is geen OpenAPI- of Swagger-document",
            "the document is no OpenAPI or Swagger document",
        ),
        "no-paths": Text(
            "het document definieert geen paden (`paths`)", "the document defines no paths (`paths`)"
        ),
        "no-operations": Text(
            "`paths` beschrijft geen enkele operatie ({count} paden)",
            "`paths` describes no operation at all ({count} paths)",
        ),
        "unreadable": Text(
            "geen operatie gevonden, en {count} path items zijn niet te lezen (de eerste: {first}; zie "
            "adr.refs-resolve)",
            "no operation found, and {count} path items cannot be read (the first: {first}; see "
            "adr.refs-resolve)",
        ),
    },
)
def paths_defined(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    if index.kind not in ("openapi-3.0", "openapi-3.1", "swagger-2.0"):
        raise NotApplicable("not-an-api")
    paths = index.root.get("paths")
    if not isinstance(paths, dict):
        yield Issue("no-paths", "")
        return
    if index.operations:
        return
    keys = [str(key) for key in paths if not str(key).startswith("x-")]  # x-: an extension, no path
    readable = {path for path, _ in index.paths}
    unreadable = [key for key in keys if key not in readable]
    if unreadable:  # what the unreadable path items hold is unknown (adr.refs-resolve says why)
        raise Undetermined("unreadable", count=len(unreadable), first=unreadable[0])
    yield Issue("no-operations", "/paths", params={"count": len(keys)})
