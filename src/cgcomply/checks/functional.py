"""Functional ADR rules: a person judges them, so they are always reported as ``manual`` (handmatig).

Where the document offers a clue, a small heuristic adds *hints* (severity ``hint``): verbs in path
segments, parameter names that suggest sensitive data in URIs, descriptions that look English rather than
Dutch. A hint is never a verdict; no hint is no pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cgcomply.checks.base import CheckContext, Issue, StaticCheck, pointer_join, static_check
from cgcomply.checks.index import DocumentIndex
from cgcomply.checks.versions import ALL, FROM_2_1, ONLY_2_2
from cgcomply.results import Level

_VERBS = frozenset(
    [
        "get",
        "create",
        "update",
        "delete",
        "add",
        "remove",
        "insert",
        "fetch",
        "list",
        "send",
        "execute",
        "run",
        "calculate",
        "validate",
        "process",
        "submit",
        "cancel",
        "approve",
        "reject",
        "reserve",
        "generate",
        "download",
        "upload",
        "haal",
        "maak",
        "wijzig",
        "verwijder",
        "voegtoe",
        "zoek",
        "zoeken",
        "bereken",
        "valideer",
        "verstuur",
        "verzend",
        "annuleer",
        "reserveer",
        "reserveren",
        "genereer",
        "aanmaken",
        "bijwerken",
        "ophalen",
        "opvragen",
        "toevoegen",
        "verwijderen",
        "wijzigen",
        "versturen",
        "verzenden",
        "berekenen",
    ]
)
_SENSITIVE = re.compile(
    r"(^|[_\-.]|(?<=[a-z])(?=[A-Z]))(bsn|burgerservicenummer|wachtwoord|password|passwd|secret|token|"
    r"api[_\-]?key|apikey|iban|creditcard|pincode)",
    re.IGNORECASE,
)
_IMPLEMENTATION = re.compile(
    r"(\.(php|aspx?|jsp|cgi|do|action)$)|^(cgi-bin|servlet|django|rails|wp-json|odata)$", re.IGNORECASE
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "is",
        "for",
        "with",
        "this",
        "that",
        "are",
        "be",
        "by",
        "from",
        "which",
        "an",
        "or",
    ]
)
_DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "is",
        "voor",
        "met",
        "dit",
        "die",
        "zijn",
        "wordt",
        "door",
        "naar",
        "bij",
        "of",
        "te",
    ]
)
_LANGUAGE_SAMPLE = 20000  # words; enough to tell the language of a document
_GEO = frozenset(
    {
        "geometry",
        "geometrie",
        "coordinates",
        "coordinaten",
        "bbox",
        "crs",
        "geojson",
        "latitude",
        "longitude",
        "point",
        "polygon",
        "multipolygon",
    }
)


def _segments(index: DocumentIndex) -> Iterator[tuple[str, str]]:
    for path, _ in index.paths:
        for segment in path.split("/"):
            if segment and not segment.startswith("{"):
                yield path, segment


def _words(text: str) -> list[str]:
    return re.findall(r"[a-zA-Z\u00C0-\u017F]+", text.lower())


def _descriptions(index: DocumentIndex) -> Iterator[str]:
    info = index.root.get("info")
    if isinstance(info, dict):
        for key in ("title", "description"):
            if isinstance(info.get(key), str):
                yield info[key]
    for operation in index.operations:
        for key in ("summary", "description"):
            value = operation.node.value.get(key)
            if isinstance(value, str):
                yield value
    for schema in index.schemas:
        value = schema.value.get("description")
        if isinstance(value, str):
            yield value


def _language_hint(index: DocumentIndex, what: str) -> Iterator[Issue]:
    english = dutch = seen = 0
    for text in _descriptions(index):
        words = _words(text)
        english += sum(word in _ENGLISH for word in words)
        dutch += sum(word in _DUTCH for word in words)
        seen += len(words)
        if seen > _LANGUAGE_SAMPLE:
            break
    if english > 2 * max(dutch, 1) and english >= 20:
        yield Issue(f"hint: the {what} look English ({english} common English words, {dutch} Dutch)", "/info")


def _verb_hints(context: CheckContext) -> Iterator[Issue]:
    for path, segment in _segments(context.index):
        if segment.startswith("_"):
            continue  # an operation resource (/_zoek), as /core/resource-operations allows
        first = re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", segment)[0].lower()
        if first in _VERBS or segment.lower() in _VERBS:
            yield Issue(
                f"hint: path segment {segment!r} of {path} looks like a verb", pointer_join("/paths", path)
            )


def _sensitive_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        for parameter in operation.parameters:
            name = parameter.value.get("name")
            where = parameter.value.get("in")
            if where in ("query", "path") and isinstance(name, str) and _SENSITIVE.search(name):
                yield Issue(
                    f"hint: {where} parameter {name!r} of {operation.path} may carry sensitive data in the URI",
                    pointer_join(parameter.pointer, "name"),
                    parameter.file,
                )
    for key, pointer in _security_schemes_in(context, "query"):
        yield Issue(f"hint: security scheme {key!r} sends a credential in the query string", pointer)


def _security_schemes_in(context: CheckContext, location: str) -> Iterator[tuple[str, str]]:
    """(name, pointer) of the API-key security schemes sent in ``location`` (query, header, cookie)."""
    components = context.index.root.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if isinstance(schemes, dict):
        for key, scheme in schemes.items():
            if isinstance(scheme, dict) and scheme.get("in") == location:
                yield key, pointer_join("/components/securitySchemes", key)


def _implementation_hints(context: CheckContext) -> Iterator[Issue]:
    for path, segment in _segments(context.index):
        if _IMPLEMENTATION.search(segment):
            yield Issue(
                f"hint: path segment {segment!r} of {path} reveals an implementation detail",
                pointer_join("/paths", path),
            )


def _safety_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        if operation.method in ("get", "head", "delete") and operation.request_body is not None:
            yield Issue(
                f"hint: {operation.method.upper()} {operation.path} takes a request body",
                pointer_join(operation.node.pointer, "requestBody"),
                operation.node.file,
            )


def _response_code_hints(context: CheckContext) -> Iterator[Issue]:
    for response in context.index.iter_responses():
        if response.code == "422":
            yield Issue(
                f"hint: {response.operation.method.upper()} {response.operation.path} declares 422; "
                "the ADR asks for 400 on invalid input",
                response.node.pointer,
                response.node.file,
            )


def _stateless_hints(context: CheckContext) -> Iterator[Issue]:
    for parameter in context.index.parameters:
        if parameter.value.get("in") == "cookie":
            yield Issue(
                f"hint: cookie parameter {parameter.value.get('name')!r} may carry session state",
                parameter.pointer,
                parameter.file,
            )
    for key, pointer in _security_schemes_in(context, "cookie"):
        yield Issue(f"hint: security scheme {key!r} uses a cookie (session state?)", pointer)


def _geo_hints(context: CheckContext) -> Iterator[Issue]:
    for prop in context.index.properties:
        if prop.name.lower() in _GEO:
            yield Issue(
                f"hint: property {prop.name!r} suggests geospatial data; the geospatial module applies",
                prop.node.pointer,
                prop.node.file,
            )
            return
    for media_type, node in context.index.media_types:
        if "geo+json" in media_type:
            yield Issue(
                "hint: the API serves application/geo+json; the geospatial module applies",
                node.pointer,
                node.file,
            )
            return


def _jose_hints(context: CheckContext) -> Iterator[Issue]:
    for media_type, node in context.index.media_types:
        if "jose" in media_type:
            yield Issue(
                f"hint: media type {media_type} suggests signed or encrypted payloads",
                node.pointer,
                node.file,
            )
            return


def _deprecation_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        if operation.node.value.get("deprecated") is True:
            yield Issue(
                f"hint: {operation.method.upper()} {operation.path} is deprecated; "
                "is its deprecation schedule published?",
                operation.node.pointer,
                operation.node.file,
            )


def _interface_language_hints(context: CheckContext) -> Iterator[Issue]:
    yield from _language_hint(context.index, "names and descriptions")


def _doc_language_hints(context: CheckContext) -> Iterator[Issue]:
    yield from _language_hint(context.index, "descriptions")


def _nothing(context: CheckContext) -> Iterator[Issue]:
    return iter(())


def _manual(
    rule: str,
    level: Level,
    versions: tuple[str, ...],
    title: str,
    title_nl: str,
    statement: str,
    look_at: str,
    explanation_nl: str,
    hints: Callable[[CheckContext], Iterator[Issue]] = _nothing,
    hint_text: str = "",
    variants: dict | None = None,
    check_id: str | None = None,
) -> StaticCheck:
    return static_check(
        id=check_id or "adr." + rule.rstrip("/").rsplit("/", 1)[-1],
        adr_rule=rule,
        level=level,
        adr_versions=versions,
        title=title,
        title_nl=title_nl,
        what=f"Functional rule: a person judges it. {hint_text}".strip(),
        why=f"ADR {rule}: '{statement}'",
        fix=look_at,
        explanation_nl=explanation_nl,
        technical=False,
        variants=variants,
        manual_reason=look_at,
    )(hints)


NAMING_RESOURCES = _manual(
    "/core/naming-resources",
    Level.MUST,
    ALL,
    "Resources are named with nouns",
    "Resources hebben zelfstandige naamwoorden als naam",
    "Resources MUST be referred to using nouns (instead of verbs) that represent entities meaningful to the API "
    "consumer.",
    "Check that resource names are nouns meaningful to the consumer, not verbs (RPC style).",
    "Resources worden aangeduid met zelfstandige naamwoorden, niet met werkwoorden.",
    _verb_hints,
    "Hints: path segments that look like verbs.",
)
NAMING_COLLECTIONS = _manual(
    "/core/naming-collections",
    Level.MUST,
    ALL,
    "Collections use plural nouns",
    "Collecties hebben een meervoudsvorm als naam",
    "Collection resources MUST be referred to using plural nouns.",
    "Check that collection resources have plural names and single resources singular ones.",
    "Collecties worden aangeduid met een zelfstandig naamwoord in het meervoud.",
)
INTERFACE_LANGUAGE = _manual(
    "/core/interface-language",
    Level.SHOULD,
    ALL,
    "Resources and attributes are defined in Dutch",
    "Resources en attributen zijn in het Nederlands gedefinieerd",
    "Resources and the underlying attributes SHOULD be defined in the Dutch language unless there is an "
    "official English glossary available.",
    "Check that resource and attribute names are Dutch (or come from an official English glossary).",
    "Resources en attributen hebben Nederlandse namen, tenzij er een officiële Engelse begrippenlijst is.",
    _interface_language_hints,
    "Hints: texts that look English.",
)
HIDE_IMPLEMENTATION = _manual(
    "/core/hide-implementation",
    Level.SHOULD,
    ALL,
    "Implementation details are hidden",
    "Implementatiedetails blijven verborgen",
    "An API SHOULD NOT expose implementation details of the underlying application, development "
    "platforms/frameworks or database systems/persistence models.",
    "Check that paths, names and errors do not reveal frameworks, databases or the persistence model.",
    "De API toont geen details van de onderliggende applicatie, frameworks of database.",
    _implementation_hints,
    "Hints: file extensions and framework names in paths.",
)
HTTP_SAFETY = _manual(
    "/core/http-safety",
    Level.MUST,
    ALL,
    "Methods are safe and idempotent as HTTP defines",
    "Methoden zijn veilig en idempotent zoals HTTP voorschrijft",
    "The following table describes which HTTP methods MUST behave as safe and/or idempotent.",
    "Check that GET/HEAD/OPTIONS change nothing and that PUT and DELETE are idempotent.",
    "GET, HEAD en OPTIONS wijzigen niets; PUT en DELETE zijn idempotent.",
    _safety_hints,
    "Hints: GET/HEAD/DELETE operations with a request body.",
)
HTTP_RESPONSE_CODE = _manual(
    "/core/http-response-code",
    Level.MUST,
    FROM_2_1,
    "Status codes are semantically right",
    "Statuscodes zijn semantisch juist",
    "An API MUST use the semantically appropriate HTTP status code (RFC 9110) for the response.",
    "Check that each response uses the status code RFC 9110 defines for that situation.",
    "De API gebruikt de HTTP-statuscode die bij de situatie past (RFC 9110).",
    _response_code_hints,
    "Hints: 422 responses (the ADR asks for 400 on invalid input).",
)
STATELESS = _manual(
    "/core/stateless",
    Level.MUST,
    ALL,
    "The API is stateless",
    "De API is stateless",
    "In the context of REST APIs, the server MUST NOT maintain or require any notion of the functionality of "
    "the client application and the corresponding end user interactions.",
    "Check that the server keeps no session state between requests.",
    "De server houdt geen sessietoestand van de client bij.",
    _stateless_hints,
    "Hints: cookies used as parameters or for authentication.",
)
NESTED_CHILD = _manual(
    "/core/nested-child",
    Level.SHOULD,
    ALL,
    "Child resources are nested",
    "Kind-resources zijn genest",
    "When having a child resource which can only exist in the context of a parent resource, the URI SHOULD be "
    "nested.",
    "Check that resources that only exist within a parent are nested under it.",
    "Een resource die alleen binnen een ouder bestaat, staat genest onder die ouder in de URI.",
)
RESOURCE_OPERATIONS = _manual(
    "/core/resource-operations",
    Level.MUST,
    ALL,
    "Operations are sub-resources or dedicated resources",
    "Operaties zijn sub-resources of aparte resources",
    "Resource operations MUST be modelled as a sub-resource or dedicated resource.",
    "Check that non-CRUD operations are modelled as a (sub-)resource such as /_zoek.",
    "Acties die niet in CRUD passen, zijn gemodelleerd als (sub-)resource, zoals /_zoek.",
)
DOC_LANGUAGE = _manual(
    "/core/doc-language",
    Level.SHOULD,
    ALL,
    "The document is written in Dutch",
    "Het document is in het Nederlands",
    "You SHOULD write the OAS document in Dutch.",
    "Check that descriptions and examples are in Dutch (references to English documentation are allowed).",
    "De beschrijvingen in het OpenAPI-document zijn in het Nederlands.",
    _doc_language_hints,
    "Hints: descriptions that look English.",
)
DEPRECATION_SCHEDULE = _manual(
    "/core/deprecation-schedule",
    Level.SHOULD,
    ALL,
    "Deprecation schedules are published",
    "Uitfaseerschema's worden gepubliceerd",
    "The API owner SHOULD implement well-documented deprecation schedules that are communicated in a timely "
    "fashion.",
    "Check that a deprecation schedule is published and communicated to active clients.",
    "Er is een gepubliceerd en tijdig gecommuniceerd uitfaseerschema.",
    _deprecation_hints,
    "Hints: operations marked deprecated.",
)
TRANSITION_PERIOD = _manual(
    "/core/transition-period",
    Level.MUST,
    ALL,
    "Old major versions stay available for a fixed period",
    "Oude hoofdversies blijven een vaste periode beschikbaar",
    "Old versions MUST remain available for a limited and fixed deprecation period.",
    "Check the published transition period and that at most two major versions run at once.",
    "Een oude hoofdversie blijft een vaste overgangsperiode beschikbaar; maximaal twee tegelijk.",
)
CHANGELOG = _manual(
    "/core/changelog",
    Level.MUST,
    ALL,
    "A changelog is published",
    "Er is een changelog",
    "A changelog MUST be published for every API version.",
    "Check that a public changelog lists the changes of every version.",
    "Voor elke versie is een openbare changelog gepubliceerd.",
)
NO_SENSITIVE_URIS = _manual(
    "/core/transport/no-sensitive-uris",
    Level.MUST,
    FROM_2_1,
    "No sensitive data in URIs",
    "Geen gevoelige gegevens in URI's",
    "Sensitive information MUST NOT be part of URIs.",
    "Check that no personal or secret data (BSN, credentials, tokens) travels in paths or query strings.",
    "Gevoelige gegevens (zoals BSN, wachtwoorden, tokens) staan niet in de URI of querystring.",
    _sensitive_hints,
    "Hints: query and path parameters named like BSN, passwords, tokens or keys.",
)
GEOSPATIAL = _manual(
    "/core/modules/geospatial",
    Level.MUST,
    ALL,
    "The geospatial module is applied to geo data",
    "De geo-module wordt toegepast op geodata",
    "The ADR-GEO version 1.0.x MUST be applied when providing geospatial data or functionality.",
    "If the API serves geospatial data, check it against the geospatial module (GeoJSON, CRS, bbox).",
    "Als de API geodata levert, volgt hij de module Geospatial van de API Design Rules.",
    _geo_hints,
    "Hints: geometry-like properties or GeoJSON media types.",
    variants={"2.0.2": {"adr_rule": "/core/geospatial"}, "2.1.0": {"adr_rule": "/core/geospatial"}},
    check_id="adr.geospatial",
)
TIMEZONE = _manual(
    "/core/date-time/timezone",
    Level.MUST,
    ONLY_2_2,
    "Any offset accepted, UTC in responses",
    "Elke tijdzone-offset geaccepteerd, UTC in antwoorden",
    "APIs MUST accept any timezone offset in fields in requests containing a datetime. Fields in responses "
    "containing a datetime SHOULD be in UTC.",
    "Check that requests accept any offset and responses use UTC (Z); keep an original offset in its own field.",
    "Verzoeken accepteren elke tijdzone-offset; antwoorden gebruiken UTC (Z).",
)
ALL_ERRORS = _manual(
    "/core/error-handling/all-errors",
    Level.SHOULD,
    ONLY_2_2,
    "A 400 lists all validation errors",
    "Een 400-antwoord noemt alle validatiefouten",
    "API requests with HTTP status code 400 (Bad Request) SHOULD include all applicable schema validation errors.",
    "Send a request with several invalid fields and check that the 400 response lists them all.",
    "Een 400-antwoord bevat alle validatiefouten tegelijk.",
)
SIGNING = _manual(
    "/core/modules/signing",
    Level.MUST,
    ONLY_2_2,
    "The signing module is applied to signed payloads",
    "De signing-module wordt toegepast op ondertekende berichten",
    "The ADR-signing version 1.0.x MUST be applied when signing payloads.",
    "If payloads are signed, check them against the signing module (JAdES, PS256).",
    "Als berichten ondertekend worden, volgt dat de module Signing.",
    _jose_hints,
    "Hints: JOSE media types.",
)
ENCRYPTION = _manual(
    "/core/modules/encryption",
    Level.MUST,
    ONLY_2_2,
    "The encryption module is applied to encrypted payloads",
    "De encryptie-module wordt toegepast op versleutelde berichten",
    "The ADR-encryption version 1.0.x MUST be applied when encrypting payloads.",
    "If payloads are encrypted, check them against the encryption module (JWE, application/jose+json).",
    "Als berichten versleuteld worden, volgt dat de module Encryption.",
    _jose_hints,
    "Hints: JOSE media types.",
)
