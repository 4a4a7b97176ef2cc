"""Functional ADR rules: a person judges them, so they are always reported as ``manual`` (handmatig).

Where the document offers a clue, a small heuristic adds *hints* (severity ``hint``): verbs in path
segments, parameter names that suggest sensitive data in URIs, descriptions that look English rather than
Dutch. A hint is never a verdict; no hint is no pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from cgcomply.checks.adr_versions import ALL, FROM_2_1, ONLY_2_2
from cgcomply.checks.base import CheckContext, Issue, StaticCheck, pointer_join, static_check
from cgcomply.checks.index import DocumentIndex
from cgcomply.i18n import Text
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
        yield Issue(what, "/info", params={"english": english, "dutch": dutch})


def _verb_hints(context: CheckContext) -> Iterator[Issue]:
    for path, segment in _segments(context.index):
        if segment.startswith("_"):
            continue  # an operation resource (/_zoek), as /core/resource-operations allows
        first = re.split(r"[-_]|(?<=[a-z])(?=[A-Z])", segment)[0].lower()
        if first in _VERBS or segment.lower() in _VERBS:
            yield Issue("verb", pointer_join("/paths", path), params={"segment": segment, "path": path})


def _sensitive_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        for parameter in operation.parameters:
            name = parameter.value.get("name")
            where = parameter.value.get("in")
            if where in ("query", "path") and isinstance(name, str) and _SENSITIVE.search(name):
                yield Issue(
                    f"sensitive-{where}",
                    pointer_join(parameter.pointer, "name"),
                    parameter.file,
                    {"name": name, "path": operation.path},
                )
    for key, pointer in _security_schemes_in(context, "query"):
        yield Issue("credential-in-query", pointer, params={"scheme": key})


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
                "implementation", pointer_join("/paths", path), params={"segment": segment, "path": path}
            )


def _safety_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        if operation.method in ("get", "head", "delete") and operation.request_body is not None:
            yield Issue(
                "body-on-safe",
                pointer_join(operation.node.pointer, "requestBody"),
                operation.node.file,
                {"method": operation.method.upper(), "path": operation.path},
            )


def _response_code_hints(context: CheckContext) -> Iterator[Issue]:
    for response in context.index.iter_responses():
        if response.code == "422":
            yield Issue(
                "status-422",
                response.node.pointer,
                response.node.file,
                {"method": response.operation.method.upper(), "path": response.operation.path},
            )


def _stateless_hints(context: CheckContext) -> Iterator[Issue]:
    for parameter in context.index.parameters:
        if parameter.value.get("in") == "cookie":
            yield Issue(
                "cookie-parameter",
                parameter.pointer,
                parameter.file,
                {"name": str(parameter.value.get("name"))},
            )
    for key, pointer in _security_schemes_in(context, "cookie"):
        yield Issue("cookie-scheme", pointer, params={"scheme": key})


def _geo_hints(context: CheckContext) -> Iterator[Issue]:
    for prop in context.index.properties:
        if prop.name.lower() in _GEO:
            yield Issue("geo-property", prop.node.pointer, prop.node.file, {"name": prop.name})
            return
    for media_type, node in context.index.media_types:
        if "geo+json" in media_type:
            yield Issue("geo-json", node.pointer, node.file)
            return


def _jose_hints(context: CheckContext) -> Iterator[Issue]:
    for media_type, node in context.index.media_types:
        if "jose" in media_type:
            yield Issue("jose", node.pointer, node.file, {"media_type": media_type})
            return


def _deprecation_hints(context: CheckContext) -> Iterator[Issue]:
    for operation in context.index.operations:
        if operation.node.value.get("deprecated") is True:
            yield Issue(
                "deprecated",
                operation.node.pointer,
                operation.node.file,
                {"method": operation.method.upper(), "path": operation.path},
            )


def _interface_language_hints(context: CheckContext) -> Iterator[Issue]:
    yield from _language_hint(context.index, "english-names")


def _doc_language_hints(context: CheckContext) -> Iterator[Issue]:
    yield from _language_hint(context.index, "english-descriptions")


def _nothing(context: CheckContext) -> Iterator[Issue]:
    return iter(())


#: The texts of every hint (a hint is never a verdict), shared by the functional checks.
_HINTS: dict[str, Text] = {
    "english-descriptions": Text(
        "hint: de beschrijvingen lijken Engels ({english} veelvoorkomende Engelse woorden, {dutch} Nederlandse)",
        "hint: the descriptions look English ({english} common English words, {dutch} Dutch)",
    ),
    "english-names": Text(
        "hint: de namen en beschrijvingen lijken Engels ({english} veelvoorkomende Engelse woorden, {dutch} "
        "Nederlandse)",
        "hint: the names and descriptions look English ({english} common English words, {dutch} Dutch)",
    ),
    "verb": Text(
        "hint: padsegment {segment!r} van {path} lijkt een werkwoord",
        "hint: path segment {segment!r} of {path} looks like a verb",
    ),
    "sensitive-query": Text(
        "hint: queryparameter {name!r} van {path} kan gevoelige gegevens in de URI zetten",
        "hint: query parameter {name!r} of {path} may carry sensitive data in the URI",
    ),
    "sensitive-path": Text(
        "hint: padparameter {name!r} van {path} kan gevoelige gegevens in de URI zetten",
        "hint: path parameter {name!r} of {path} may carry sensitive data in the URI",
    ),
    "credential-in-query": Text(
        "hint: securityschema {scheme!r} stuurt een inloggegeven in de querystring",
        "hint: security scheme {scheme!r} sends a credential in the query string",
    ),
    "implementation": Text(
        "hint: padsegment {segment!r} van {path} verraadt een implementatiedetail",
        "hint: path segment {segment!r} of {path} reveals an implementation detail",
    ),
    "body-on-safe": Text(
        "hint: {method} {path} accepteert een request body", "hint: {method} {path} takes a request body"
    ),
    "status-422": Text(
        "hint: {method} {path} beschrijft 422; de ADR vraagt 400 bij ongeldige invoer",
        "hint: {method} {path} declares 422; the ADR asks for 400 on invalid input",
    ),
    "cookie-parameter": Text(
        "hint: cookieparameter {name!r} kan sessietoestand bevatten",
        "hint: cookie parameter {name!r} may carry session state",
    ),
    "cookie-scheme": Text(
        "hint: securityschema {scheme!r} gebruikt een cookie (sessietoestand?)",
        "hint: security scheme {scheme!r} uses a cookie (session state?)",
    ),
    "geo-property": Text(
        "hint: eigenschap {name!r} wijst op geodata; de module Geospatial is van toepassing",
        "hint: property {name!r} suggests geospatial data; the geospatial module applies",
    ),
    "geo-json": Text(
        "hint: de API levert application/geo+json; de module Geospatial is van toepassing",
        "hint: the API serves application/geo+json; the geospatial module applies",
    ),
    "jose": Text(
        "hint: mediatype {media_type} wijst op ondertekende of versleutelde berichten",
        "hint: media type {media_type} suggests signed or encrypted payloads",
    ),
    "deprecated": Text(
        "hint: {method} {path} is deprecated; is het uitfaseerschema gepubliceerd?",
        "hint: {method} {path} is deprecated; is its deprecation schedule published?",
    ),
}


_NO_HINTS = Text("", "")


def _manual(
    rule: str,
    level: Level,
    versions: tuple[str, ...],
    title: Text,
    statement: str,
    look_at: Text,
    explanation: Text,
    hints: Callable[[CheckContext], Iterator[Issue]] = _nothing,
    hint_text: Text = _NO_HINTS,
    variants: dict | None = None,
    check_id: str | None = None,
) -> StaticCheck:
    """A functional rule: always ``manual``; ``look_at`` says what a person checks, ``hints`` add clues."""
    return static_check(
        id=check_id or "adr." + rule.rstrip("/").rsplit("/", 1)[-1],
        adr_rule=rule,
        level=level,
        adr_versions=versions,
        title=title,
        what=Text(
            f"Functionele regel: een persoon beoordeelt hem. {hint_text.nl}".strip(),
            f"Functional rule: a person judges it. {hint_text.en}".strip(),
        ),
        why=Text(f"ADR {rule} (functionele regel): '{statement}'", f"ADR {rule}: '{statement}'"),
        fix=look_at,
        explanation=explanation,
        messages={**_HINTS, "manual": look_at},
        technical=False,
        variants=variants,
        manual_reason="manual",
    )(hints)


NAMING_RESOURCES = _manual(
    "/core/naming-resources",
    Level.MUST,
    ALL,
    Text("Resources hebben zelfstandige naamwoorden als naam", "Resources are named with nouns"),
    "Resources MUST be referred to using nouns (instead of verbs) that represent entities meaningful to the API "
    "consumer.",
    Text(
        "Ga na dat namen van resources zelfstandige naamwoorden zijn die voor de afnemer betekenis hebben, "
        "geen werkwoorden (RPC-stijl).",
        "Check that resource names are nouns meaningful to the consumer, not verbs (RPC style).",
    ),
    Text(
        "Resources worden aangeduid met zelfstandige naamwoorden, niet met werkwoorden.",
        "Resources are named with nouns, not verbs.",
    ),
    _verb_hints,
    Text("Hints: padsegmenten die op werkwoorden lijken.", "Hints: path segments that look like verbs."),
)
NAMING_COLLECTIONS = _manual(
    "/core/naming-collections",
    Level.MUST,
    ALL,
    Text("Collecties hebben een meervoudsvorm als naam", "Collections use plural nouns"),
    "Collection resources MUST be referred to using plural nouns.",
    Text(
        "Ga na dat collecties een naam in het meervoud hebben en losse resources een naam in het enkelvoud.",
        "Check that collection resources have plural names and single resources singular ones.",
    ),
    Text(
        "Collecties worden aangeduid met een zelfstandig naamwoord in het meervoud.",
        "Collections are named with a plural noun.",
    ),
)
INTERFACE_LANGUAGE = _manual(
    "/core/interface-language",
    Level.SHOULD,
    ALL,
    Text(
        "Resources en attributen zijn in het Nederlands gedefinieerd",
        "Resources and attributes are defined in Dutch",
    ),
    "Resources and the underlying attributes SHOULD be defined in the Dutch language unless there is an "
    "official English glossary available.",
    Text(
        "Ga na dat namen van resources en attributen Nederlands zijn (of uit een officiële Engelse "
        "begrippenlijst komen).",
        "Check that resource and attribute names are Dutch (or come from an official English glossary).",
    ),
    Text(
        "Resources en attributen hebben Nederlandse namen, tenzij er een officiële Engelse begrippenlijst is.",
        "Resources and attributes have Dutch names, unless there is an official English glossary.",
    ),
    _interface_language_hints,
    Text("Hints: teksten die Engels lijken.", "Hints: texts that look English."),
)
HIDE_IMPLEMENTATION = _manual(
    "/core/hide-implementation",
    Level.SHOULD,
    ALL,
    Text("Implementatiedetails blijven verborgen", "Implementation details are hidden"),
    "An API SHOULD NOT expose implementation details of the underlying application, development "
    "platforms/frameworks or database systems/persistence models.",
    Text(
        "Ga na dat paden, namen en foutmeldingen geen frameworks, databases of het persistentiemodel "
        "verraden.",
        "Check that paths, names and errors do not reveal frameworks, databases or the persistence model.",
    ),
    Text(
        "De API toont geen details van de onderliggende applicatie, frameworks of database.",
        "The API shows no details of the underlying application, frameworks or database.",
    ),
    _implementation_hints,
    Text(
        "Hints: bestandsextensies en namen van frameworks in paden.",
        "Hints: file extensions and framework names in paths.",
    ),
)
HTTP_SAFETY = _manual(
    "/core/http-safety",
    Level.MUST,
    ALL,
    Text(
        "Methoden zijn veilig en idempotent zoals HTTP voorschrijft",
        "Methods are safe and idempotent as HTTP defines",
    ),
    "The following table describes which HTTP methods MUST behave as safe and/or idempotent.",
    Text(
        "Ga na dat GET/HEAD/OPTIONS niets wijzigen en dat PUT en DELETE idempotent zijn.",
        "Check that GET/HEAD/OPTIONS change nothing and that PUT and DELETE are idempotent.",
    ),
    Text(
        "GET, HEAD en OPTIONS wijzigen niets; PUT en DELETE zijn idempotent.",
        "GET, HEAD and OPTIONS change nothing; PUT and DELETE are idempotent.",
    ),
    _safety_hints,
    Text(
        "Hints: GET-, HEAD- en DELETE-operaties met een request body.",
        "Hints: GET/HEAD/DELETE operations with a request body.",
    ),
)
HTTP_RESPONSE_CODE = _manual(
    "/core/http-response-code",
    Level.MUST,
    FROM_2_1,
    Text("Statuscodes zijn semantisch juist", "Status codes are semantically right"),
    "An API MUST use the semantically appropriate HTTP status code (RFC 9110) for the response.",
    Text(
        "Ga na dat elk antwoord de statuscode gebruikt die RFC 9110 voor die situatie vastlegt.",
        "Check that each response uses the status code RFC 9110 defines for that situation.",
    ),
    Text(
        "De API gebruikt de HTTP-statuscode die bij de situatie past (RFC 9110).",
        "The API uses the HTTP status code that fits the situation (RFC 9110).",
    ),
    _response_code_hints,
    Text(
        "Hints: 422-antwoorden (de ADR vraagt 400 bij ongeldige invoer).",
        "Hints: 422 responses (the ADR asks for 400 on invalid input).",
    ),
)
STATELESS = _manual(
    "/core/stateless",
    Level.MUST,
    ALL,
    Text("De API is stateless", "The API is stateless"),
    "In the context of REST APIs, the server MUST NOT maintain or require any notion of the functionality of "
    "the client application and the corresponding end user interactions.",
    Text(
        "Ga na dat de server tussen verzoeken geen sessietoestand bijhoudt.",
        "Check that the server keeps no session state between requests.",
    ),
    Text(
        "De server houdt geen sessietoestand van de client bij.",
        "The server keeps no session state of the client.",
    ),
    _stateless_hints,
    Text(
        "Hints: cookies als parameter of voor authenticatie.",
        "Hints: cookies used as parameters or for authentication.",
    ),
)
NESTED_CHILD = _manual(
    "/core/nested-child",
    Level.SHOULD,
    ALL,
    Text("Kind-resources zijn genest", "Child resources are nested"),
    "When having a child resource which can only exist in the context of a parent resource, the URI SHOULD be "
    "nested.",
    Text(
        "Ga na dat resources die alleen binnen een ouder bestaan daaronder genest zijn.",
        "Check that resources that only exist within a parent are nested under it.",
    ),
    Text(
        "Een resource die alleen binnen een ouder bestaat, staat genest onder die ouder in de URI.",
        "A resource that only exists within a parent is nested under that parent in the URI.",
    ),
)
RESOURCE_OPERATIONS = _manual(
    "/core/resource-operations",
    Level.MUST,
    ALL,
    Text(
        "Operaties zijn sub-resources of aparte resources",
        "Operations are sub-resources or dedicated resources",
    ),
    "Resource operations MUST be modelled as a sub-resource or dedicated resource.",
    Text(
        "Ga na dat operaties die niet in CRUD passen als (sub-)resource gemodelleerd zijn, zoals /_zoek.",
        "Check that non-CRUD operations are modelled as a (sub-)resource such as /_zoek.",
    ),
    Text(
        "Acties die niet in CRUD passen, zijn gemodelleerd als (sub-)resource, zoals /_zoek.",
        "Actions that do not fit CRUD are modelled as a (sub-)resource, such as /_zoek.",
    ),
)
DOC_LANGUAGE = _manual(
    "/core/doc-language",
    Level.SHOULD,
    ALL,
    Text("Het document is in het Nederlands", "The document is written in Dutch"),
    "You SHOULD write the OAS document in Dutch.",
    Text(
        "Ga na dat beschrijvingen en voorbeelden in het Nederlands zijn (verwijzingen naar Engelse "
        "documentatie mogen).",
        "Check that descriptions and examples are in Dutch (references to English documentation are allowed).",
    ),
    Text(
        "De beschrijvingen in het OpenAPI-document zijn in het Nederlands.",
        "The descriptions in the OpenAPI document are in Dutch.",
    ),
    _doc_language_hints,
    Text("Hints: beschrijvingen die Engels lijken.", "Hints: descriptions that look English."),
)
DEPRECATION_SCHEDULE = _manual(
    "/core/deprecation-schedule",
    Level.SHOULD,
    ALL,
    Text("Uitfaseerschema's worden gepubliceerd", "Deprecation schedules are published"),
    "The API owner SHOULD implement well-documented deprecation schedules that are communicated in a timely "
    "fashion.",
    Text(
        "Ga na dat er een uitfaseerschema is gepubliceerd en aan actieve afnemers is gemeld.",
        "Check that a deprecation schedule is published and communicated to active clients.",
    ),
    Text(
        "Er is een gepubliceerd en tijdig gecommuniceerd uitfaseerschema.",
        "A deprecation schedule is published and communicated in time.",
    ),
    _deprecation_hints,
    Text("Hints: operaties gemarkeerd als deprecated.", "Hints: operations marked deprecated."),
)
TRANSITION_PERIOD = _manual(
    "/core/transition-period",
    Level.MUST,
    ALL,
    Text(
        "Oude hoofdversies blijven een vaste periode beschikbaar",
        "Old major versions stay available for a fixed period",
    ),
    "Old versions MUST remain available for a limited and fixed deprecation period.",
    Text(
        "Ga na wat de gepubliceerde overgangsperiode is en dat er hoogstens twee hoofdversies tegelijk draaien.",
        "Check the published transition period and that at most two major versions run at once.",
    ),
    Text(
        "Een oude hoofdversie blijft een vaste overgangsperiode beschikbaar; maximaal twee tegelijk.",
        "An old major version stays available for a fixed transition period; at most two at once.",
    ),
)
CHANGELOG = _manual(
    "/core/changelog",
    Level.MUST,
    ALL,
    Text("Er is een changelog", "A changelog is published"),
    "A changelog MUST be published for every API version.",
    Text(
        "Ga na dat een openbare changelog de wijzigingen van elke versie noemt.",
        "Check that a public changelog lists the changes of every version.",
    ),
    Text(
        "Voor elke versie is een openbare changelog gepubliceerd.",
        "A public changelog is published for every version.",
    ),
)
NO_SENSITIVE_URIS = _manual(
    "/core/transport/no-sensitive-uris",
    Level.MUST,
    FROM_2_1,
    Text("Geen gevoelige gegevens in URI's", "No sensitive data in URIs"),
    "Sensitive information MUST NOT be part of URIs.",
    Text(
        "Ga na dat geen persoonlijke of geheime gegevens (BSN, inloggegevens, tokens) in paden of "
        "querystrings staan.",
        "Check that no personal or secret data (BSN, credentials, tokens) travels in paths or query strings.",
    ),
    Text(
        "Gevoelige gegevens (zoals BSN, wachtwoorden, tokens) staan niet in de URI of querystring.",
        "Sensitive data (such as BSN, passwords, tokens) is not in the URI or query string.",
    ),
    _sensitive_hints,
    Text(
        "Hints: query- en padparameters met namen als BSN, wachtwoord, token of sleutel.",
        "Hints: query and path parameters named like BSN, passwords, tokens or keys.",
    ),
)
GEOSPATIAL = _manual(
    "/core/modules/geospatial",
    Level.MUST,
    ALL,
    Text("De geo-module wordt toegepast op geodata", "The geospatial module is applied to geo data"),
    "The ADR-GEO version 1.0.x MUST be applied when providing geospatial data or functionality.",
    Text(
        "Levert de API geodata, toets die dan aan de module Geospatial (GeoJSON, CRS, bbox).",
        "If the API serves geospatial data, check it against the geospatial module (GeoJSON, CRS, bbox).",
    ),
    Text(
        "Als de API geodata levert, volgt hij de module Geospatial van de API Design Rules.",
        "If the API serves geospatial data, it follows the Geospatial module of the API Design Rules.",
    ),
    _geo_hints,
    Text(
        "Hints: eigenschappen die op geometrie lijken of GeoJSON-mediatypes.",
        "Hints: geometry-like properties or GeoJSON media types.",
    ),
    variants={"2.0.2": {"adr_rule": "/core/geospatial"}, "2.1.0": {"adr_rule": "/core/geospatial"}},
    check_id="adr.geospatial",
)
TIMEZONE = _manual(
    "/core/date-time/timezone",
    Level.MUST,
    ONLY_2_2,
    Text("Elke tijdzone-offset geaccepteerd, UTC in antwoorden", "Any offset accepted, UTC in responses"),
    "APIs MUST accept any timezone offset in fields in requests containing a datetime. Fields in responses "
    "containing a datetime SHOULD be in UTC.",
    Text(
        "Ga na dat verzoeken elke offset accepteren en antwoorden UTC (Z) gebruiken; bewaar een "
        "oorspronkelijke offset in een eigen veld.",
        "Check that requests accept any offset and responses use UTC (Z); keep an original offset in its own field.",
    ),
    Text(
        "Verzoeken accepteren elke tijdzone-offset; antwoorden gebruiken UTC (Z).",
        "Requests accept any timezone offset; responses use UTC (Z).",
    ),
)
ALL_ERRORS = _manual(
    "/core/error-handling/all-errors",
    Level.SHOULD,
    ONLY_2_2,
    Text("Een 400-antwoord noemt alle validatiefouten", "A 400 lists all validation errors"),
    "API requests with HTTP status code 400 (Bad Request) SHOULD include all applicable schema validation errors.",
    Text(
        "Stuur een verzoek met meerdere ongeldige velden en ga na dat het 400-antwoord ze allemaal noemt.",
        "Send a request with several invalid fields and check that the 400 response lists them all.",
    ),
    Text(
        "Een 400-antwoord bevat alle validatiefouten tegelijk.",
        "A 400 response lists all validation errors at once.",
    ),
)
SIGNING = _manual(
    "/core/modules/signing",
    Level.MUST,
    ONLY_2_2,
    Text(
        "De signing-module wordt toegepast op ondertekende berichten",
        "The signing module is applied to signed payloads",
    ),
    "The ADR-signing version 1.0.x MUST be applied when signing payloads.",
    Text(
        "Worden berichten ondertekend, toets ze dan aan de module Signing (JAdES, PS256).",
        "If payloads are signed, check them against the signing module (JAdES, PS256).",
    ),
    Text(
        "Als berichten ondertekend worden, volgt dat de module Signing.",
        "If payloads are signed, the signing follows the Signing module.",
    ),
    _jose_hints,
    Text("Hints: JOSE-mediatypes.", "Hints: JOSE media types."),
)
ENCRYPTION = _manual(
    "/core/modules/encryption",
    Level.MUST,
    ONLY_2_2,
    Text(
        "De encryptie-module wordt toegepast op versleutelde berichten",
        "The encryption module is applied to encrypted payloads",
    ),
    "The ADR-encryption version 1.0.x MUST be applied when encrypting payloads.",
    Text(
        "Worden berichten versleuteld, toets ze dan aan de module Encryption (JWE, application/jose+json).",
        "If payloads are encrypted, check them against the encryption module (JWE, application/jose+json).",
    ),
    Text(
        "Als berichten versleuteld worden, volgt dat de module Encryption.",
        "If payloads are encrypted, the encryption follows the Encryption module.",
    ),
    _jose_hints,
    Text("Hints: JOSE-mediatypes.", "Hints: JOSE media types."),
)
