"""Naming and URI rules: trailing slashes, kebab-case paths, camelCase query keys, HTTP methods."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cgcomply.checks.base import (
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.checks.versions import ALL, ONLY_2_2
from cgcomply.results import Level

# The regular expressions the ADR 2.2 text gives in its "How to test" blocks.
KEBAB_PATH = re.compile(
    r"^(\/|(\/_[a-z0-9]+|\/(([a-z0-9\-]+|{[^}]+})(\/([a-z0-9\-\.]+|{[^}]+}))*)(\/_[a-z]+)?)\/?)$"
)
CAMEL_QUERY_KEY = re.compile(r"^\$?[a-z][a-z\d]*([A-Z][a-z\d]*)*$")
STANDARD_METHODS = ("get", "post", "put", "patch", "delete")
OTHER_METHODS = ("head", "options", "trace", "query")
_PUBLICATION_FILES = ("openapi.json", "openapi.yaml")


@static_check(
    id="adr.no-trailing-slash",
    adr_rule="/core/no-trailing-slash",
    level=Level.MUST,
    adr_versions=ALL,
    title="Paths do not end with a slash",
    title_nl="Paden eindigen niet op een slash",
    what="No path key ends with `/`, except the root path `/` itself.",
    why=(
        "ADR /core/no-trailing-slash: 'A URI MUST NOT contain a trailing slash.' How to test: 'Analyse all "
        "resource paths (except the root resource path) in the OpenAPI Description to confirm no resource "
        "paths end with a forward slash'. The live probe probe.no-trailing-slash checks the 404."
    ),
    fix="Remove the trailing slash from the path (and make the API answer 404 on the slashed URI).",
    explanation_nl="Een URI eindigt niet op een slash (behalve de root); met slash hoort de API 404 te geven.",
    spectral={
        "2.1.0": ("path-keys-no-trailing-slash", "paths-no-trailing-slash"),
        "2.2.0": ("path-keys-no-trailing-slash", "nlgov:paths-no-trailing-slash"),
    },
)
def no_trailing_slash(context: CheckContext) -> Iterator[Issue]:
    if not context.index.paths:
        raise NotApplicable("the document has no paths")
    for path, _ in context.index.paths:
        if len(path) > 1 and path.endswith("/"):
            yield Issue(f"path {path!r} ends with a slash", pointer_join("/paths", path))


@static_check(
    id="adr.path-kebab-case",
    adr_rule="/core/path-segments-kebab-case",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title="Path segments are kebab-case",
    title_nl="Padsegmenten zijn kebab-case",
    what=(
        "Every path matches the regular expression the ADR gives: lowercase letters, digits and hyphens "
        "per segment, `{variables}` allowed, the last segment may start with `_` (operations such as "
        "`/_zoek`). The publication paths `/openapi.json` and `/openapi.yaml` are exempt."
    ),
    why=(
        "ADR /core/path-segments-kebab-case: 'Path segments of a URI MUST only contain lowercase letters, "
        "digits or hyphens.' and 'file extensions MUST NOT be used'."
    ),
    fix="Rename path segments to kebab-case, e.g. `/financiele-claims` instead of `/financieleClaims`.",
    explanation_nl="Padsegmenten bestaan alleen uit kleine letters, cijfers en koppeltekens (kebab-case).",
    spectral={"2.2.0": ("nlgov:paths-kebab-case",)},
)
def path_kebab_case(context: CheckContext) -> Iterator[Issue]:
    if not context.index.paths:
        raise NotApplicable("the document has no paths")
    for path, _ in context.index.paths:
        if path.rsplit("/", 1)[-1] in _PUBLICATION_FILES:
            continue
        if not KEBAB_PATH.match(path):
            yield Issue(f"path {path!r} is not kebab-case", pointer_join("/paths", path))


@static_check(
    id="adr.query-camel-case",
    adr_rule="/core/query-keys-camel-case",
    level=Level.MUST,
    adr_versions=ONLY_2_2,
    title="Query keys are lower camelCase",
    title_nl="Querykeys zijn lower camelCase",
    what=(
        "The name of every query parameter (declared on the operation or on its path item, also through "
        "`$ref`) and of every API key security scheme `in: query` matches the ADR's regular expression "
        "`^\\$?[a-z][a-z\\d]*([A-Z][a-z\\d]*)*$`."
    ),
    why=(
        "ADR /core/query-keys-camel-case: 'Query keys in a URI MUST only contain letters and digits, where "
        "the first letter of each word is capitalized, except for the first letter (MUST NOT be a digit)'. "
        "How to test: 'Loop all resource paths [...] and check that all query keys use letters, digits "
        "in camelCase'."
    ),
    fix="Rename query keys to lower camelCase, e.g. `typeGebouw` instead of `type-gebouw` or `type_gebouw`.",
    explanation_nl="Namen van queryparameters zijn lower camelCase: alleen letters en cijfers, zoals typeGebouw.",
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
                    f"query key {name!r} is not lower camelCase",
                    pointer_join(parameter.pointer, "name"),
                    parameter.file,
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
                        f"query key {name!r} (security scheme {key}) is not lower camelCase",
                        pointer_join("/components/securitySchemes", key, "name"),
                    )
    if unknown and not failed:
        raise Undetermined(
            "cannot check every query key, because these parameter $refs do not resolve (see "
            f"adr.refs-resolve): {', '.join(sorted(unknown))}"
        )
    if not found:
        raise NotApplicable("the document declares no query parameters")


@static_check(
    id="adr.http-methods",
    adr_rule="/core/http-methods",
    level=Level.MUST,
    adr_versions=ALL,
    title="Only standard HTTP methods (GET, POST, PUT, PATCH, DELETE)",
    title_nl="Alleen standaard HTTP-methoden (GET, POST, PUT, PATCH, DELETE)",
    what=(
        "Every operation uses one of get, post, put, patch, delete; HEAD, OPTIONS and TRACE operations are "
        "reported. In ADR 2.2 the rule became functional (follow RFC 9110 semantics): the same findings are "
        "then hints and a person judges the rule."
    ),
    why=(
        "ADR 2.0.2/2.1.0 /core/http-methods: 'Resources MUST be retrieved or manipulated using standard HTTP "
        "methods (GET/POST/PUT/PATCH/DELETE).' How to test: 'confirm all supported methods are either post, "
        "put, get, delete, or patch.'"
    ),
    fix="Model the operation with one of the five standard methods (a HEAD is served by the GET anyway).",
    explanation_nl="Gebruik alleen de standaard HTTP-methoden GET, POST, PUT, PATCH en DELETE.",
    variants={
        "2.2.0": {
            "technical": False,
            "title": "HTTP methods follow RFC 9110 semantics (functional)",
            "title_nl": "HTTP-methoden volgen de semantiek van RFC 9110 (functioneel)",
            "why": (
                "ADR 2.2 /core/http-methods (functional): 'An API MUST adhere to the HTTP method semantics "
                "defined in RFC 9110.' Its How to test still lists the five standard methods; operations "
                "with other methods are shown as hints."
            ),
        }
    },
    spectral={"2.1.0": ("http-methods",), "2.2.0": ("nlgov:http-methods",)},
    manual_reason=(
        "ADR 2.2 made /core/http-methods functional: check that every operation follows the RFC 9110 "
        "semantics of its method (GET reads, PUT replaces, PATCH updates partly, DELETE removes)."
    ),
)
def http_methods(context: CheckContext) -> Iterator[Issue]:
    if not context.index.operations:
        raise NotApplicable("the document has no operations")
    for operation in context.index.operations:
        if operation.method in OTHER_METHODS:
            yield Issue(
                f"{operation.method.upper()} {operation.path} uses a method outside GET, POST, PUT, PATCH, DELETE",
                operation.node.pointer,
                operation.node.file,
            )
