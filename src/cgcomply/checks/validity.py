"""Is the document a valid OpenAPI description? (``/core/publish-openapi`` step 1 in the official ruleset)

The official 2.2.0 ruleset files eight Spectral rules under ``/core/publish-openapi`` ("these error rules
validate whether the OAS is valid"): the OAS JSON Schema, unique operationIds, declared path parameters,
unique tags, valid examples, server variables and servers present. ``adr.oas-schema`` uses
openapi-spec-validator's schema files and semantics (see ``oas_schemas.py``); the others are our own code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from cgcomply.checks.adr_versions import ALL
from cgcomply.checks.base import (
    CheckContext,
    Issue,
    NotApplicable,
    Undetermined,
    pointer_join,
    static_check,
)
from cgcomply.checks.index import Node
from cgcomply.checks.validation_text import TEXTS as VALIDATION_TEXTS
from cgcomply.i18n import Text
from cgcomply.results import Level

_PUBLISH = "/core/publish-openapi"
_WHY_NL = (
    "/core/publish-openapi (en /core/doc-openapi) van de ADR vragen een OpenAPI-beschrijving die tools "
    "kunnen lezen: 'an OAS file is publicly available, parsable, all $refs are resolvable and paths are "
    "defined'. De officiële linter behandelt deze geldigheidsregels als fouten."
)
_WHY_EN = (
    "The ADR's /core/publish-openapi (and /core/doc-openapi) ask for an OpenAPI description that tools "
    "can read: 'an OAS file is publicly available, parsable, all $refs are resolvable and paths are "
    "defined'. The official linter treats these validity rules as errors."
)
_WHY = Text(_WHY_NL, _WHY_EN)
#: The reasons of :func:`_require_oas3` and :func:`_require_api`, part of every check here that uses them.
_NOT_OAS = {
    "not-oas3": Text(
        "het document is geen OpenAPI 3 ({kind}); zie adr.openapi-version",
        "the document is not OpenAPI 3 ({kind}); see adr.openapi-version",
    ),
    "not-api": Text(
        "het document is geen bekende OpenAPI-versie; zie adr.openapi-version",
        "the document is not a recognised OpenAPI version; see adr.openapi-version",
    ),
}


def _require_oas3(context: CheckContext) -> None:
    if not context.index.is_openapi3:
        raise NotApplicable("not-oas3", kind=context.index.kind)


def _require_api(context: CheckContext) -> None:
    if context.index.kind not in ("openapi-3.0", "openapi-3.1", "swagger-2.0"):
        raise NotApplicable("not-api")


@static_check(
    id="adr.oas-schema",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text(
        "Het document is geldig volgens het OpenAPI JSON Schema",
        "The document is valid against the OpenAPI JSON Schema",
    ),
    what=Text(
        "Valideert het document tegen het officiële JSON Schema van OpenAPI 3.0 of 3.1 (de bestanden van "
        "openapi-spec-validator), controleert elk Schema Object tegen zijn JSON Schema-metaschema "
        "(draft 4 voor 3.0, 2020-12 voor 3.1) en past de extra regels van openapi-spec-validator toe: geen "
        "dubbele parameters (zelfde naam en plaats) in één lijst, en namen in `required` die bestaan als "
        "een schema `allOf` gebruikt. Verder: elk `pattern` is een leesbare reguliere expressie, en tekst "
        "met een losse surrogaat (`\\ud800`) wordt gemeld waar die staat. Een onderdeel dat via YAML-"
        "aliassen op meer plaatsen voorkomt, wordt één keer gevalideerd, op de eerste plaats. Responscodes "
        "die in YAML als getal staan (`200:` zonder aanhalingstekens; OpenAPI eist `'200'`) worden één keer "
        "per document gemeld, bij de eerste.",
        "Validates the document against the official OpenAPI 3.0 or 3.1 JSON Schema (the files that "
        "openapi-spec-validator ships), checks every Schema Object against its JSON Schema meta-schema "
        "(draft 4 for 3.0, 2020-12 for 3.1), and applies openapi-spec-validator's extra rules: no "
        "duplicate parameters (same name and location) in one list, and `required` names that exist "
        "when a schema uses `allOf`. Also: every `pattern` is a regular expression the engine can read, and "
        "text with a lone surrogate (`\\ud800`) is reported where it is. A part that occurs at several "
        "places through YAML aliases is validated once, where it is met first. Response codes written as "
        "numbers in YAML (`200:` unquoted; OpenAPI requires `'200'`) are reported once per document, at "
        "the first one.",
    ),
    why=_WHY,
    fix=Text(
        "Verbeter de gemelde velden; een OpenAPI-editor of openapi-spec-validator toont dezelfde fouten.",
        "Correct the reported fields; an OpenAPI editor or openapi-spec-validator shows the same errors.",
    ),
    explanation=Text(
        "Het OpenAPI-document moet geldig zijn volgens de OpenAPI-specificatie, anders kunnen tools "
        "(documentatie, codegeneratoren, testtools) het niet betrouwbaar lezen.",
        "The OpenAPI document must be valid against the OpenAPI Specification, or tools (documentation, "
        "code generators, test tools) cannot read it reliably.",
    ),
    messages={
        **_NOT_OAS,
        **VALIDATION_TEXTS,
        "invalid": Text(
            "ongeldig volgens het OpenAPI-schema: {detail}", "invalid against the OpenAPI schema: {detail}"
        ),
        "invalid-schema": Text("ongeldig schema: {detail}", "invalid schema: {detail}"),
        "required-undefined": Text(
            "`required` noemt eigenschappen die geen schema definieert: {names}",
            "`required` lists properties that no schema defines: {names}",
        ),
        "duplicate-parameter": Text(
            "dubbele parameter {name} in {location}", "duplicate parameter {name} in {location}"
        ),
        "invalid-pattern": Text(
            "`{keyword}` {pattern} is geen geldige reguliere expressie ({reason})",
            "`{keyword}` {pattern} is not a valid regular expression ({reason})",
        ),
        "numeric-response-codes": Text(
            "{count} responscodes staan als getal in het document, niet als tekst ({codes}); OpenAPI eist "
            "ze tussen aanhalingstekens voor uitwisselbaarheid tussen JSON en YAML: schrijf '{first}'",
            "{count} response codes are written as numbers, not strings ({codes}); OpenAPI requires them "
            "in quotes for compatibility between JSON and YAML: write '{first}'",
        ),
        "lone-surrogate": Text(
            "de tekst bevat een losse surrogaat (een escape zoals \\ud800 zonder zijn paar), dat is geen "
            "geldige Unicode",
            "the text contains a lone surrogate (an escape such as \\ud800 without its pair), which is not "
            "valid Unicode",
        ),
    },
    spectral={"2.1.0": ("oas3-schema", "duplicated-entry-in-enum"), "2.2.0": ("oas3-schema",)},
)
def oas_schema(context: CheckContext) -> Iterator[Issue]:
    from cgcomply.checks.oas_schemas import (
        document_validator,
        explain,
        has_shared,
        meta_validator,
        under_placeholder,
        unshared,
        without_surrogates,
    )

    _require_oas3(context)
    index = context.index
    validator = document_validator(index.kind)
    # every shared node (YAML alias) is validated once, where it is met first: no re-walking
    document = context.document
    # JSON never shares an object; YAML does only through aliases
    shared_files: dict[str | None, bool] = {}

    def shares(file: str | None, data: object) -> bool:
        if file not in shared_files:
            syntax = document.file_syntax(file) if hasattr(document, "file_syntax") else "yaml"
            shared_files[file] = data is None or (syntax != "json" and has_shared(data))
        return shared_files[file]

    may_share = shares(None, index.root)
    root, skipped = unshared(index.root, set()) if may_share else (index.root, set())
    reported: set[str] = set()
    try:
        errors = list(explain(validator.iter_errors(root), unit=oas_schema.id))
    except UnicodeEncodeError:  # a lone surrogate (JSON "\ud800"): no Unicode text, say where
        root, bad = without_surrogates(root)
        for pointer in bad:
            yield Issue("lone-surrogate", pointer)
        errors = list(explain(validator.iter_errors(root), unit=oas_schema.id))
    for pointer, message in errors:
        if not under_placeholder(pointer, skipped):
            reported.add(pointer)
            yield Issue("invalid", pointer, params={"detail": message})
    meta = meta_validator(index.kind)
    seen: set[int] = set()
    for schema in index.top_schemas:
        file_data = index.root if schema.file is None else _file_data(document, schema.file)
        if not shares(schema.file, file_data):
            value, skipped = schema.value, set()
        else:
            value, skipped = unshared(schema.value, seen)
            if value is None and "" in skipped:
                continue  # validated already, inside another schema
        try:
            errors = list(explain(meta.iter_errors(value), schema.pointer, unit=oas_schema.id))
        except UnicodeEncodeError:
            errors = list(
                explain(meta.iter_errors(without_surrogates(value)[0]), schema.pointer, unit=oas_schema.id)
            )
        for pointer, message in errors:
            relative = pointer[len(schema.pointer) :]
            if under_placeholder(relative, skipped):
                continue
            if schema.file is None and pointer in reported:
                continue  # the OpenAPI schema said it already, at the same place
            yield Issue("invalid-schema", pointer, schema.file, {"detail": message})
    for schema in index.schemas:
        yield from _required_not_defined(context, schema)
        yield from _invalid_patterns(schema)
    for owner in [operation.node for operation in index.operations] + [item for _, item in index.paths]:
        yield from _duplicate_parameters(owner)
    yield from _numeric_response_codes(context)


def _numeric_response_codes(context: CheckContext) -> Iterator[Issue]:
    """Response codes written as numbers (``200:`` unquoted in YAML): one finding for the document.

    OpenAPI 3 (Responses Object): "This field MUST be enclosed in quotation marks (for example, "200")
    for compatibility between JSON and YAML." The loader reads them as strings, as the official linter
    does, so only the source shows it; the finding is at the first one and counts them all.
    """
    document = context.document
    keys = document.nonstring_keys() if hasattr(document, "nonstring_keys") else []
    if not keys:
        return
    positions = {position for position, _ in keys}
    found: list[tuple[tuple[int, int], str, str]] = []
    for operation in context.index.operations:
        node = operation.node
        responses = node.value.get("responses") if isinstance(node.value, dict) else None
        if node.file is not None or not isinstance(responses, dict):
            continue
        for code in responses:
            pointer = pointer_join(node.pointer, "responses", code)
            position = document.locate(pointer)
            if position in positions:
                found.append((position, pointer, str(code)))
    if not found:
        return
    found.sort()
    codes = sorted({code for _, _, code in found})
    shown = ", ".join(codes[:8]) + (f" … (+{len(codes) - 8})" if len(codes) > 8 else "")
    yield Issue(
        "numeric-response-codes",
        found[0][1],
        params={"count": len(found), "codes": shown, "first": found[0][2]},
    )


def _file_data(document: Any, file: str) -> object:
    try:
        return document.file_data(file)
    except Exception:  # a file the index knows but the document does not: treated as shared
        return None


def _required_not_defined(context: CheckContext, schema: Node) -> Iterator[Issue]:
    value = schema.value
    required = value.get("required")
    if "allOf" not in value or not isinstance(required, list):
        return
    known = set(context.index.schema_properties(schema))
    for kind in ("anyOf", "oneOf"):
        members = value.get(kind)
        if isinstance(members, list):
            for i in range(len(members)):
                member = schema.child(kind, i)
                if member is not None:
                    known |= set(context.index.schema_properties(member))
    missing = [name for name in required if isinstance(name, str) and name not in known]
    if missing:
        names = ", ".join(missing)
        yield Issue(
            "required-undefined", pointer_join(schema.pointer, "required"), schema.file, {"names": names}
        )


def _invalid_patterns(schema: Node) -> Iterator[Issue]:
    """``pattern`` and ``patternProperties`` keys must be regular expressions (ECMA-262): one that is
    not would make every value under it impossible to check."""
    from cgcomply.checks.oas_schemas import regex_problem

    value = schema.value
    pattern = value.get("pattern")
    if isinstance(pattern, str):
        problem = regex_problem(pattern)
        if problem:
            yield Issue(
                "invalid-pattern",
                pointer_join(schema.pointer, "pattern"),
                schema.file,
                {"keyword": "pattern", "pattern": _quoted(pattern), "reason": _REGEX_REASONS[problem]},
            )
    keys = value.get("patternProperties")
    if isinstance(keys, dict):
        for key in keys:
            problem = regex_problem(str(key))
            if problem:
                yield Issue(
                    "invalid-pattern",
                    pointer_join(schema.pointer, "patternProperties", key),
                    schema.file,
                    {
                        "keyword": "patternProperties",
                        "pattern": _quoted(str(key)),
                        "reason": _REGEX_REASONS[problem],
                    },
                )


_REGEX_REASONS = {
    "engine": Text(
        "de reguliere-expressie-engine kan hem niet lezen", "the regular expression engine cannot read it"
    ),
    "nul": Text("hij bevat een NUL-teken", "it contains a NUL character"),
    "unicode": Text("hij is geen geldige Unicode-tekst", "it is not valid Unicode text"),
}


def _quoted(text: str) -> str:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return repr(shown)


def _duplicate_parameters(owner: Node) -> Iterator[Issue]:
    parameters = owner.child("parameters")
    if parameters is None or not isinstance(parameters.value, list):
        return
    seen: set[tuple[object, object]] = set()
    for i, parameter in enumerate(parameters.value):
        if not isinstance(parameter, dict) or "$ref" in parameter:
            continue
        key = (repr(parameter.get("name")), repr(parameter.get("in")))
        if key in seen:
            yield Issue(
                "duplicate-parameter",
                pointer_join(parameters.pointer, i),
                owner.file,
                {"name": key[0], "location": key[1]},
            )
        seen.add(key)


@static_check(
    id="adr.operation-id-unique",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("operationIds zijn uniek", "operationIds are unique"),
    what=Text(
        "Elke `operationId` in het document hoort bij één operatie.",
        "Every `operationId` in the document is used by one operation only.",
    ),
    why=Text(
        _WHY_NL + " De OpenAPI-specificatie eist dat operationIds uniek zijn.",
        _WHY_EN + " The OpenAPI Specification requires operationIds to be unique.",
    ),
    fix=Text("Geef elke operatie een eigen operationId.", "Give each operation its own operationId."),
    explanation=Text(
        "Elke operatie moet een eigen, unieke operationId hebben (eis van de OpenAPI-specificatie).",
        "Every operation must have its own unique operationId (required by the OpenAPI Specification).",
    ),
    messages={
        **_NOT_OAS,
        "duplicate": Text(
            "operationId {value!r} van {where} wordt ook gebruikt door {other}",
            "operationId {value!r} of {where} is also used by {other}",
        ),
    },
    spectral={"2.1.0": ("operation-operationId-unique",), "2.2.0": ("operation-operationId-unique",)},
)
def operation_id_unique(context: CheckContext) -> Iterator[Issue]:
    _require_api(context)
    first: dict[str, str] = {}
    for operation in context.index.operations:
        value = operation.node.value.get("operationId")
        if not isinstance(value, str):
            continue
        where = f"{operation.method.upper()} {operation.path}"
        if value in first:
            yield Issue(
                "duplicate",
                pointer_join(operation.node.pointer, "operationId"),
                operation.node.file,
                {"value": value, "where": where, "other": first[value]},
            )
        else:
            first[value] = where


_TEMPLATE = re.compile(r"{([^{}]*)}")


@static_check(
    id="adr.path-params",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Padparameters zijn gedeclareerd en gebruikt", "Path parameters are declared and used"),
    what=Text(
        "Elke `{{variabele}}` in een pad is gedeclareerd als parameter `in: path` (bij het path item of de "
        "operatie), met `required: true`, en elke gedeclareerde padparameter komt in het pad voor.",
        "Every `{{variable}}` in a path is declared as an `in: path` parameter (on the path item or the "
        "operation), marked `required: true`, and every declared path parameter occurs in the path.",
    ),
    why=_WHY,
    fix=Text(
        "Declareer elke padvariabele als verplichte padparameter, en verwijder padparameters die niet in "
        "het pad staan.",
        "Declare each path variable as a required path parameter, and remove path parameters the path lacks.",
    ),
    explanation=Text(
        "Elke variabele in een pad ({{id}}) moet als verplichte padparameter beschreven zijn, en andersom.",
        "Every variable in a path ({{id}}) must be described as a required path parameter, and vice versa.",
    ),
    messages={
        **_NOT_OAS,
        "same-shape": Text(
            "de paden {first!r} en {path!r} verschillen alleen in de namen van variabelen",
            "paths {first!r} and {path!r} are the same apart from variable names",
        ),
        "undeclared": Text(
            "padvariabele {{{name}}} van {where} is niet als padparameter gedeclareerd",
            "path variable {{{name}}} of {where} is not declared as a path parameter",
        ),
        "unused": Text(
            "padparameter {name!r} van {where} komt niet in het pad voor",
            "path parameter {name!r} of {where} does not occur in the path",
        ),
        "not-required": Text(
            "padparameter {name!r} moet `required: true` hebben",
            "path parameter {name!r} must have `required: true`",
        ),
        "undecided": Text(
            "niet te zeggen of deze padvariabelen gedeclareerd zijn, omdat de $ref van een parameter niet te "
            "volgen is (zie adr.refs-resolve): {variables}",
            "cannot tell whether these path variables are declared, because a parameter's $ref does not "
            "resolve (see adr.refs-resolve): {variables}",
        ),
    },
    spectral={"2.1.0": ("path-params",), "2.2.0": ("path-params",)},
)
def path_params(context: CheckContext) -> Iterator[Issue]:
    _require_api(context)
    failed = False
    undecided: list[str] = []
    normalised: dict[str, str] = {}
    for path, _item in context.index.paths:
        shape = _TEMPLATE.sub("{}", path)
        if shape in normalised and normalised[shape] != path:
            failed = True
            yield Issue(
                "same-shape", pointer_join("/paths", path), params={"first": normalised[shape], "path": path}
            )
        normalised.setdefault(shape, path)
    for operation in context.index.operations:
        in_path = _TEMPLATE.findall(operation.path)
        declared = {
            p.value["name"]: p
            for p in operation.known_parameters()
            if p.value.get("in") == "path" and isinstance(p.value.get("name"), str)
        }
        unknown = operation.unknown_parameters()
        where = f"{operation.method.upper()} {operation.path}"
        for name in in_path:
            if name in declared:
                continue
            if unknown:  # one of the unresolved parameters may be this path parameter
                refs = ", ".join(sorted({p.ref for p in unknown}))
                undecided.append(f"{{{name}}} in {where} ($ref {refs})")
                continue
            failed = True
            yield Issue(
                "undeclared", operation.node.pointer, operation.node.file, {"name": name, "where": where}
            )
        for name, parameter in declared.items():
            if name not in in_path:
                failed = True
                yield Issue("unused", parameter.pointer, parameter.file, {"name": name, "where": where})
            elif parameter.value.get("required") is not True:
                failed = True
                yield Issue("not-required", parameter.pointer, parameter.file, {"name": name})
    if undecided and not failed:
        raise Undetermined("undecided", variables="; ".join(undecided))


@static_check(
    id="adr.tags-unique",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Tagnamen zijn uniek", "Tag names are unique"),
    what=Text(
        "De lijst `tags` in de root noemt elke tag één keer.",
        "The top-level `tags` list names each tag once.",
    ),
    why=_WHY,
    fix=Text("Voeg de dubbele tags samen.", "Merge the duplicate tag entries."),
    explanation=Text(
        "Elke tag mag maar één keer in de lijst met tags staan.",
        "Each tag may appear only once in the list of tags.",
    ),
    messages={
        **_NOT_OAS,
        "duplicate": Text("tag {name!r} staat er meer dan eens", "tag {name!r} is listed more than once"),
    },
    spectral={"2.2.0": ("openapi-tags-uniqueness",), "2.1.0": ("openapi-tags-uniqueness",)},
)
def tags_unique(context: CheckContext) -> Iterator[Issue]:
    _require_api(context)
    tags = context.index.root.get("tags")
    if not isinstance(tags, list):
        return
    seen: set[str] = set()
    for i, tag in enumerate(tags):
        name = tag.get("name") if isinstance(tag, dict) else None
        if isinstance(name, str):
            if name in seen:
                yield Issue("duplicate", pointer_join("/tags", i, "name"), params={"name": name})
            seen.add(name)


@static_check(
    id="adr.valid-examples",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text(
        "Voorbeelden en standaardwaarden passen bij hun schema", "Examples and defaults match their schemas"
    ),
    what=Text(
        "Elke `example` en `default` van een Schema Object, en elke waarde van `example`/`examples` van "
        "een mediatype, parameter of header, is geldig volgens het schema (`nullable` van OpenAPI 3.0 "
        "telt mee, formaten zoals `uri` en `date-time` worden gecontroleerd).",
        "Every `example` and `default` of a Schema Object, and every `example`/`examples` value of a "
        "media type, parameter or header, is valid against its schema (OpenAPI 3.0 `nullable` honoured, "
        "formats such as `uri` and `date-time` checked).",
    ),
    why=Text(
        _WHY_NL + " Foute voorbeelden misleiden ontwikkelaars van afnemers en breken mockservers en "
        "contracttests.",
        _WHY_EN + " Wrong examples mislead client developers and break mock servers and contract tests.",
    ),
    fix=Text(
        "Verbeter het voorbeeld (of het schema, als het voorbeeld laat zien wat de API echt teruggeeft).",
        "Correct the example (or the schema, if the example shows what the API really returns).",
    ),
    explanation=Text(
        "Voorbeelden in het document moeten kloppen met het schema; anders misleiden ze afnemers.",
        "Examples in the document must match their schema; otherwise they mislead clients.",
    ),
    messages={
        **_NOT_OAS,
        **VALIDATION_TEXTS,
        "none": Text(
            "het document heeft geen voorbeelden of standaardwaarden",
            "the document has no examples or defaults",
        ),
        "example": Text(
            "het voorbeeld past niet bij het schema: {detail}", "example does not match its schema: {detail}"
        ),
        "default": Text(
            "de standaardwaarde past niet bij het schema: {detail}",
            "default does not match its schema: {detail}",
        ),
        "not-judged": Text(
            "de voorbeelden zijn niet beoordeeld: hun schema's konden niet worden gecompileerd",
            "the examples were not judged: their schemas could not be compiled",
        ),
        "too-large": Text(
            "{count} voorbeelden groeien via YAML-aliassen uit tot meer waarden dan te valideren zijn "
            "(de eerste op {where}); ze zijn niet beoordeeld",
            "{count} examples expand through YAML aliases to more values than can be validated (first at "
            "{where}); they were not judged",
        ),
    },
    spectral={
        "2.1.0": ("oas3-valid-media-example", "oas3-valid-schema-example"),
        "2.2.0": ("oas3-valid-media-example", "oas3-valid-schema-example"),
    },
)
def valid_examples(context: CheckContext) -> Iterator[Issue]:
    from cgcomply.checks.examples import ExampleValidator

    _require_oas3(context)
    if not context.index.examples:
        raise NotApplicable("none")
    keys = {"schema-example": "example", "schema-default": "default", "media-example": "example"}
    validator = ExampleValidator(context.index, valid_examples.id)
    failed = False
    for site, message in validator.problems(context.index.examples):
        failed = True
        yield Issue(keys[site.kind], site.where.pointer, site.where.file, {"detail": message})
    if validator.not_judged and not failed:
        raise Undetermined("not-judged")
    if validator.too_large and not failed:
        first = validator.too_large[0].where
        raise Undetermined(
            "too-large", count=len(validator.too_large), where=f"{first.file or ''}#{first.pointer}"
        )


@static_check(
    id="adr.server-variables",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Servervariabelen zijn gedefinieerd en geldig", "Server variables are defined and valid"),
    what=Text(
        "Elke `{{variabele}}` in een server-URL is gedefinieerd onder `variables`, elke gedefinieerde "
        "variabele wordt gebruikt, en de `default` van een variabele is een van haar `enum`-waarden.",
        "Every `{{variable}}` in a server URL is defined under `variables`, every defined variable is used, "
        "and a variable's `default` is one of its `enum` values.",
    ),
    why=_WHY,
    fix=Text(
        "Definieer elke variabele van een server-URL met een standaardwaarde (uit haar enum, als die er is).",
        "Define each server URL variable with a default (from its enum, if it has one).",
    ),
    explanation=Text(
        "Variabelen in server-URL's moeten gedefinieerd zijn, met een geldige standaardwaarde.",
        "Variables in server URLs must be defined, with a valid default.",
    ),
    messages={
        **_NOT_OAS,
        "no-servers": Text("het document noemt geen servers", "the document lists no servers"),
        "undefined": Text(
            "server-URL {url!r} gebruikt {{{name}}}, dat niet onder `variables` gedefinieerd is",
            "server URL {url!r} uses {{{name}}}, which is not defined under `variables`",
        ),
        "unused": Text(
            "servervariabele {name!r} wordt niet gebruikt in de URL {url!r}",
            "server variable {name!r} is not used in the URL {url!r}",
        ),
        "default-not-in-enum": Text(
            "de standaardwaarde van servervariabele {name!r} is geen van haar enum-waarden",
            "the default of server variable {name!r} is not one of its enum values",
        ),
    },
    spectral={"2.1.0": ("oas3-server-variables",), "2.2.0": ("oas3-server-variables",)},
)
def server_variables(context: CheckContext) -> Iterator[Issue]:
    _require_oas3(context)
    if not context.index.all_servers:
        raise NotApplicable("no-servers")
    for server in context.index.all_servers:
        if not isinstance(server.value, dict) or not isinstance(server.value.get("url"), str):
            continue
        url = server.value["url"]
        variables = server.value.get("variables")
        variables = variables if isinstance(variables, dict) else {}
        used = set(_TEMPLATE.findall(url))
        for name in sorted(used - set(variables)):
            yield Issue(
                "undefined", pointer_join(server.pointer, "url"), server.file, {"url": url, "name": name}
            )
        for name in sorted(set(variables) - used):
            yield Issue(
                "unused",
                pointer_join(server.pointer, "variables", name),
                server.file,
                {"name": name, "url": url},
            )
        for name, variable in variables.items():
            if not isinstance(variable, dict):
                continue
            enum = variable.get("enum")
            if isinstance(enum, list) and "default" in variable and variable["default"] not in enum:
                yield Issue(
                    "default-not-in-enum",
                    pointer_join(server.pointer, "variables", name, "default"),
                    server.file,
                    {"name": name},
                )


@static_check(
    id="adr.servers-present",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title=Text("Het document noemt zijn servers", "The document lists its servers"),
    what=Text(
        "De lijst `servers` in de root is aanwezig en niet leeg.",
        "The top-level `servers` list is present and not empty.",
    ),
    why=Text(
        _WHY_NL + " Zonder `servers` ziet een lezer het basispad van de API niet, zodat /core/uri-version "
        "(hoofdversie in de URI) niet te controleren is.",
        _WHY_EN + " Without `servers` a reader cannot tell the API's base path, so /core/uri-version (major "
        "version in the URI) cannot be verified.",
    ),
    fix=Text(
        "Voeg `servers` toe met de basis-URL van de API, bijvoorbeeld `https://api.example.org/v1`.",
        "Add `servers` with the API's base URL, e.g. `https://api.example.org/v1`.",
    ),
    explanation=Text(
        "Het document moet de basis-URL('s) van de API noemen (servers), inclusief het hoofdversienummer.",
        "The document must name the API's base URL(s) (servers), including the major version.",
    ),
    messages={
        **_NOT_OAS,
        "missing": Text("het document heeft geen `servers`", "the document has no `servers`"),
        "empty": Text("`servers` moet een niet-lege lijst zijn", "`servers` must be a non-empty list"),
    },
    spectral={"2.1.0": ("oas3-api-servers",), "2.2.0": ("oas3-api-servers",)},
)
def servers_present(context: CheckContext) -> Iterator[Issue]:
    _require_oas3(context)
    servers = context.index.root.get("servers")
    if servers is None:
        yield Issue("missing", "")
    elif not isinstance(servers, list) or not servers:
        yield Issue("empty", "/servers")
