"""Naming and URI rules: trailing slashes, kebab-case paths, camelCase query keys, HTTP methods."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cgcomply.checks.adr_versions import ALL, ONLY_2_2
from cgcomply.checks.base import (
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.i18n import Text
from cgcomply.results import Level

# The regular expressions the ADR 2.2 text gives in its "How to test" blocks.
KEBAB_PATH = re.compile(
    r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$"
)
CAMEL_QUERY_KEY = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
STANDARD_METHODS = ("get", "post", "put", "patch", "delete")
OTHER_METHODS = ("head", "options", "trace", "query")
_PUBLICATION_FILES = ("openapi.json", "openapi.yaml")
_NO_PATHS = {"no-paths": Text("het document heeft geen paths", "the document has no paths")}


@static_check(
    id="adr.no-trailing-slash",
    adr_rule="/core/no-trailing-slash",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Paden eindigen niet op een slash", "Paths do not end with a slash"),
    what=Text(
        "Geen pad eindigt op `/`, behalve het rootpad `/` zelf.",
        "No path key ends with `/`, except the root path `/` itself.",
    ),
    why=Text(
        "ADR /core/no-trailing-slash: 'A URI MUST NOT contain a trailing slash.' Zo te testen: alle paden "
        "(behalve het rootpad) in de OpenAPI-beschrijving nagaan; geen pad eindigt op een slash. De live "
        "controle probe.no-trailing-slash kijkt naar de 404.",
        "ADR /core/no-trailing-slash: 'A URI MUST NOT contain a trailing slash.' How to test: 'Analyse all "
        "resource paths (except the root resource path) in the OpenAPI Description to confirm no resource "
        "paths end with a forward slash'. The live probe probe.no-trailing-slash checks the 404.",
    ),
    fix=Text(
        "Haal de slash aan het eind van het pad weg (en laat de API 404 geven op de URI met slash).",
        "Remove the trailing slash from the path (and make the API answer 404 on the slashed URI).",
    ),
    explanation=Text(
        "Een URI eindigt niet op een slash (behalve de root); met slash hoort de API 404 te geven.",
        "A URI does not end with a slash (except the root); with a slash the API should answer 404.",
    ),
    messages={
        **_NO_PATHS,
        "trailing-slash": Text("pad {path!r} eindigt op een slash", "path {path!r} ends with a slash"),
    },
    spectral={
        "2.1.0": ("path-keys-no-trailing-slash", "paths-no-trailing-slash"),
        "2.2.0": ("path-keys-no-trailing-slash", "nlgov:paths-no-trailing-slash"),
    },
)
def no_trailing_slash(context: CheckContext) -> Iterator[Issue]:
    if not context.index.paths:
        raise NotApplicable("no-paths")
    for path, _ in context.index.paths:
        if len(path) > 1 and path.endswith("/"):
            yield Issue("trailing-slash", pointer_join("/paths", path), params={"path": path})


@static_check(
    id="adr.path-kebab-case",
    adr_rule="/core/path-segments-kebab-case",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text("Padsegmenten zijn kebab-case", "Path segments are kebab-case"),
    what=Text(
        "Elk pad past bij de reguliere expressie uit de ADR: kleine letters, cijfers en koppeltekens per "
        "segment, `{{variabelen}}` toegestaan, het laatste segment mag met `_` beginnen (operaties zoals "
        "`/_zoek`). De publicatiepaden `/openapi.json` en `/openapi.yaml` zijn uitgezonderd.",
        "Every path matches the regular expression the ADR gives: lowercase letters, digits and hyphens "
        "per segment, `{{variables}}` allowed, the last segment may start with `_` (operations such as "
        "`/_zoek`). The publication paths `/openapi.json` and `/openapi.yaml` are exempt.",
    ),
    why=Text(
        "ADR /core/path-segments-kebab-case: padsegmenten van een URI bevatten alleen kleine letters, "
        "cijfers of koppeltekens ('MUST only contain lowercase letters, digits or hyphens'), en "
        "bestandsextensies worden niet gebruikt ('file extensions MUST NOT be used').",
        "ADR /core/path-segments-kebab-case: 'Path segments of a URI MUST only contain lowercase letters, "
        "digits or hyphens.' and 'file extensions MUST NOT be used'.",
    ),
    fix=Text(
        "Hernoem padsegmenten naar kebab-case, bijvoorbeeld `/financiele-claims` in plaats van "
        "`/financieleClaims`.",
        "Rename path segments to kebab-case, e.g. `/financiele-claims` instead of `/financieleClaims`.",
    ),
    explanation=Text(
        "Padsegmenten bestaan alleen uit kleine letters, cijfers en koppeltekens (kebab-case).",
        "Path segments consist of lowercase letters, digits and hyphens only (kebab-case).",
    ),
    messages={
        **_NO_PATHS,
        "not-kebab": Text("pad {path!r} is geen kebab-case", "path {path!r} is not kebab-case"),
    },
    spectral={"2.2.0": ("nlgov:paths-kebab-case",)},
)
def path_kebab_case(context: CheckContext) -> Iterator[Issue]:
    if not context.index.paths:
        raise NotApplicable("no-paths")
    for path, _ in context.index.paths:
        if path.rsplit("/", 1)[-1] in _PUBLICATION_FILES:
            continue
        if not KEBAB_PATH.match(path):
            yield Issue("not-kebab", pointer_join("/paths", path), params={"path": path})


@static_check(
    id="adr.query-camel-case",
    adr_rule="/core/query-keys-camel-case",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title=Text("Querykeys zijn lower camelCase", "Query keys are lower camelCase"),
    what=Text(
        "De naam van elke queryparameter (bij de operatie of haar path item, ook via `$ref`) en van elk "
        "API key-securityschema `in: query` past bij de reguliere expressie van de ADR "
        "`^\\$?[a-z][a-z\\d]*([A-Z][a-z\\d]*)*$`.",
        "The name of every query parameter (declared on the operation or on its path item, also through "
        "`$ref`) and of every API key security scheme `in: query` matches the ADR's regular expression "
        "`^\\$?[a-z][a-z\\d]*([A-Z][a-z\\d]*)*$`.",
    ),
    why=Text(
        "ADR /core/query-keys-camel-case: querykeys in een URI bevatten alleen letters en cijfers, elk "
        "woord begint met een hoofdletter behalve het eerste, en het eerste teken is geen cijfer. Zo te "
        "testen: 'Loop all resource paths [...] and check that all query keys use letters, digits in "
        "camelCase'.",
        "ADR /core/query-keys-camel-case: 'Query keys in a URI MUST only contain letters and digits, where "
        "the first letter of each word is capitalized, except for the first letter (MUST NOT be a digit)'. "
        "How to test: 'Loop all resource paths [...] and check that all query keys use letters, digits "
        "in camelCase'.",
    ),
    fix=Text(
        "Hernoem querykeys naar lower camelCase, bijvoorbeeld `typeGebouw` in plaats van `type-gebouw` of "
        "`type_gebouw`.",
        "Rename query keys to lower camelCase, e.g. `typeGebouw` instead of `type-gebouw` or `type_gebouw`.",
    ),
    explanation=Text(
        "Namen van queryparameters zijn lower camelCase: alleen letters en cijfers, zoals typeGebouw.",
        "Names of query parameters are lower camelCase: letters and digits only, such as typeGebouw.",
    ),
    messages={
        "not-camel": Text(
            "querykey {name!r} is geen lower camelCase", "query key {name!r} is not lower camelCase"
        ),
        "scheme-not-camel": Text(
            "querykey {name!r} (securityschema {scheme}) is geen lower camelCase",
            "query key {name!r} (security scheme {scheme}) is not lower camelCase",
        ),
        "none": Text(
            "het document declareert geen queryparameters", "the document declares no query parameters"
        ),
        "undecided": Text(
            "niet elke querykey is te controleren, omdat deze $refs van parameters niet te volgen zijn (zie "
            "adr.refs-resolve): {refs}",
            "cannot check every query key, because these parameter $refs do not resolve (see "
            "adr.refs-resolve): {refs}",
        ),
    },
    spectral={"2.2.0": ("nlgov:query-keys-camel-case",)},
)
def query_camel_case(context: CheckContext) -> Iterator[Issue]:
    index = context.index
    found = failed = False
    unknown: set[str] = set()
    seen: set[tuple[str | None, str]] = set()
    for operation in index.operations:
        unknown.update(p.ref for p in operation.unknown_parameters())
        for parameter in operation.query_parameters():
            found = True
            if (parameter.file, parameter.pointer) in seen:
                continue
            seen.add((parameter.file, parameter.pointer))
            name = parameter.value.get("name")
            if isinstance(name, str) and not CAMEL_QUERY_KEY.match(name):
                failed = True
                yield Issue(
                    "not-camel", pointer_join(parameter.pointer, "name"), parameter.file, {"name": name}
                )
    components = index.root.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if isinstance(schemes, dict):
        for key, scheme in schemes.items():
            if isinstance(scheme, dict) and scheme.get("in") == "query":
                found = True
                name = scheme.get("name")
                if isinstance(name, str) and not CAMEL_QUERY_KEY.match(name):
                    failed = True
                    yield Issue(
                        "scheme-not-camel",
                        pointer_join("/components/securitySchemes", key, "name"),
                        params={"name": name, "scheme": key},
                    )
    if unknown and not failed:
        raise Undetermined("undecided", refs=", ".join(sorted(unknown)))
    if not found:
        raise NotApplicable("none")


@static_check(
    id="adr.http-methods",
    adr_rule="/core/http-methods",
    level=Level.MUST,
    adr_versions=ALL,
    title=Text(
        "Alleen standaard HTTP-methoden (GET, POST, PUT, PATCH, DELETE)",
        "Only standard HTTP methods (GET, POST, PUT, PATCH, DELETE)",
    ),
    what=Text(
        "Elke operatie gebruikt get, post, put, patch of delete; operaties met HEAD, OPTIONS en TRACE "
        "worden gemeld. In ADR 2.2 werd de regel functioneel (volg de semantiek van RFC 9110): dezelfde "
        "bevindingen zijn dan hints en een persoon beoordeelt de regel.",
        "Every operation uses one of get, post, put, patch, delete; HEAD, OPTIONS and TRACE operations are "
        "reported. In ADR 2.2 the rule became functional (follow RFC 9110 semantics): the same findings are "
        "then hints and a person judges the rule.",
    ),
    why=Text(
        "ADR 2.0.2/2.1.0 /core/http-methods: resources worden opgehaald of gewijzigd met de standaard "
        "HTTP-methoden ('MUST be retrieved or manipulated using standard HTTP methods "
        "(GET/POST/PUT/PATCH/DELETE)'). Zo te testen: alle methoden zijn post, put, get, delete of patch.",
        "ADR 2.0.2/2.1.0 /core/http-methods: 'Resources MUST be retrieved or manipulated using standard HTTP "
        "methods (GET/POST/PUT/PATCH/DELETE).' How to test: 'confirm all supported methods are either post, "
        "put, get, delete, or patch.'",
    ),
    fix=Text(
        "Modelleer de operatie met een van de vijf standaardmethoden (een HEAD wordt toch al door de GET "
        "bediend).",
        "Model the operation with one of the five standard methods (a HEAD is served by the GET anyway).",
    ),
    explanation=Text(
        "Gebruik alleen de standaard HTTP-methoden GET, POST, PUT, PATCH en DELETE.",
        "Use only the standard HTTP methods GET, POST, PUT, PATCH and DELETE.",
    ),
    messages={
        "no-operations": Text("het document heeft geen operaties", "the document has no operations"),
        "other-method": Text(
            "{method} {path} gebruikt een methode buiten GET, POST, PUT, PATCH, DELETE",
            "{method} {path} uses a method outside GET, POST, PUT, PATCH, DELETE",
        ),
        "manual": Text(
            "ADR 2.2 maakte /core/http-methods functioneel: ga na dat elke operatie de semantiek van RFC "
            "9110 van haar methode volgt (GET leest, PUT vervangt, PATCH wijzigt een deel, DELETE "
            "verwijdert).",
            "ADR 2.2 made /core/http-methods functional: check that every operation follows the RFC 9110 "
            "semantics of its method (GET reads, PUT replaces, PATCH updates partly, DELETE removes).",
        ),
    },
    variants={
        "2.2.0": {
            "technical": False,
            "title": Text(
                "HTTP-methoden volgen de semantiek van RFC 9110 (functioneel)",
                "HTTP methods follow RFC 9110 semantics (functional)",
            ),
            "why": Text(
                "ADR 2.2 /core/http-methods (functioneel): een API volgt de semantiek van de HTTP-methoden "
                "uit RFC 9110 ('MUST adhere to the HTTP method semantics defined in RFC 9110'). Het 'How "
                "to test' noemt nog steeds de vijf standaardmethoden; operaties met andere methoden "
                "verschijnen als hints.",
                "ADR 2.2 /core/http-methods (functional): 'An API MUST adhere to the HTTP method semantics "
                "defined in RFC 9110.' Its How to test still lists the five standard methods; operations "
                "with other methods are shown as hints.",
            ),
        }
    },
    spectral={"2.1.0": ("http-methods",), "2.2.0": ("nlgov:http-methods",)},
    manual_reason="manual",
)
def http_methods(context: CheckContext) -> Iterator[Issue]:
    if not context.index.operations:
        raise NotApplicable("no-operations")
    for operation in context.index.operations:
        if operation.method in OTHER_METHODS:
            yield Issue(
                "other-method",
                operation.node.pointer,
                operation.node.file,
                {"method": operation.method.upper(), "path": operation.path},
            )
