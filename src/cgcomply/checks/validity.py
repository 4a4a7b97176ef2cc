"""Is the document a valid OpenAPI description? (``/core/publish-openapi`` step 1 in the official ruleset)

The official 2.2.0 ruleset files eight Spectral rules under ``/core/publish-openapi`` ("these error rules
validate whether the OAS is valid"): the OAS JSON Schema, unique operationIds, declared path parameters,
unique tags, valid examples, server variables and servers present. ``adr.oas-schema`` uses
openapi-spec-validator's schema files and semantics (see ``oas_schemas.py``); the others are our own code.
"""

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
from cgcomply.checks.index import Node
from cgcomply.checks.versions import ALL
from cgcomply.results import Level

_PUBLISH = "/core/publish-openapi"
_WHY = (
    "The ADR's /core/publish-openapi (and /core/doc-openapi) ask for an OpenAPI description that tools "
    "can read: 'an OAS file is publicly available, parsable, all $refs are resolvable and paths are "
    "defined'. The official linter treats these validity rules as errors."
)


def _require_oas3(context: CheckContext) -> None:
    if not context.index.is_openapi3:
        raise NotApplicable(f"the document is not OpenAPI 3 ({context.index.kind}); see adr.openapi-version")


def _require_api(context: CheckContext) -> None:
    if context.index.kind not in ("openapi-3.0", "openapi-3.1", "swagger-2.0"):
        raise NotApplicable("the document is not a recognised OpenAPI version; see adr.openapi-version")


@static_check(
    id="adr.oas-schema",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="The document is valid against the OpenAPI JSON Schema",
    title_nl="Het document is geldig volgens het OpenAPI JSON Schema",
    what=(
        "Validates the document against the official OpenAPI 3.0 or 3.1 JSON Schema (the files that "
        "openapi-spec-validator ships), checks every Schema Object against its JSON Schema meta-schema "
        "(draft 4 for 3.0, 2020-12 for 3.1), and applies openapi-spec-validator's extra rules: no "
        "duplicate parameters (same name and location) in one list, and `required` names that exist "
        "when a schema uses `allOf`."
    ),
    why=_WHY,
    fix="Correct the reported fields; an OpenAPI editor or openapi-spec-validator shows the same errors.",
    explanation_nl=(
        "Het OpenAPI-document moet geldig zijn volgens de OpenAPI-specificatie, anders kunnen tools "
        "(documentatie, codegeneratoren, testtools) het niet betrouwbaar lezen."
    ),
    spectral={"2.1.0": ("oas3-schema", "duplicated-entry-in-enum"), "2.2.0": ("oas3-schema",)},
)
def oas_schema(context: CheckContext) -> Iterator[Issue]:
    from cgcomply.checks.oas_schemas import document_validator, explain, meta_validator

    _require_oas3(context)
    index = context.index
    validator = document_validator(index.kind)
    yield from (Issue(message, pointer) for pointer, message in explain(validator.iter_errors(index.root)))
    meta = meta_validator(index.kind)
    for schema in index.top_schemas:
        for pointer, message in explain(meta.iter_errors(schema.value), schema.pointer):
            yield Issue(f"invalid schema: {message}", pointer, schema.file)
    for schema in index.schemas:
        yield from _required_not_defined(context, schema)
    for owner in [operation.node for operation in index.operations] + [item for _, item in index.paths]:
        yield from _duplicate_parameters(owner)


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
            f"`required` lists properties that no schema defines: {names}",
            pointer_join(schema.pointer, "required"),
            schema.file,
        )


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
                f"duplicate parameter {key[0]} in {key[1]}", pointer_join(parameters.pointer, i), owner.file
            )
        seen.add(key)


@static_check(
    id="adr.operation-id-unique",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="operationIds are unique",
    title_nl="operationIds zijn uniek",
    what="Every `operationId` in the document is used by one operation only.",
    why=_WHY + " The OpenAPI Specification requires operationIds to be unique.",
    fix="Give each operation its own operationId.",
    explanation_nl="Elke operatie moet een eigen, unieke operationId hebben (eis van de OpenAPI-specificatie).",
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
                f"operationId {value!r} of {where} is also used by {first[value]}",
                pointer_join(operation.node.pointer, "operationId"),
                operation.node.file,
            )
        else:
            first[value] = where


_TEMPLATE = re.compile(r"{([^{}]*)}")


@static_check(
    id="adr.path-params",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="Path parameters are declared and used",
    title_nl="Padparameters zijn gedeclareerd en gebruikt",
    what=(
        "Every `{variable}` in a path is declared as an `in: path` parameter (on the path item or the "
        "operation), marked `required: true`, and every declared path parameter occurs in the path."
    ),
    why=_WHY,
    fix="Declare each path variable as a required path parameter, and remove path parameters the path lacks.",
    explanation_nl="Elke variabele in een pad ({id}) moet als verplichte padparameter beschreven zijn, en andersom.",
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
                f"paths {normalised[shape]!r} and {path!r} are the same apart from variable names",
                pointer_join("/paths", path),
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
                undecided.append(f"{{{name}}} of {where} (parameter $ref {refs})")
                continue
            failed = True
            yield Issue(
                f"path variable {{{name}}} of {where} is not declared as a path parameter",
                operation.node.pointer,
                operation.node.file,
            )
        for name, parameter in declared.items():
            if name not in in_path:
                failed = True
                yield Issue(
                    f"path parameter {name!r} of {where} does not occur in the path",
                    parameter.pointer,
                    parameter.file,
                )
            elif parameter.value.get("required") is not True:
                failed = True
                yield Issue(
                    f"path parameter {name!r} must have `required: true`", parameter.pointer, parameter.file
                )
    if undecided and not failed:
        raise Undetermined(
            "cannot tell whether these path variables are declared, because a parameter's $ref does not "
            f"resolve (see adr.refs-resolve): {'; '.join(undecided)}"
        )


@static_check(
    id="adr.tags-unique",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="Tag names are unique",
    title_nl="Tagnamen zijn uniek",
    what="The top-level `tags` list names each tag once.",
    why=_WHY,
    fix="Merge the duplicate tag entries.",
    explanation_nl="Elke tag mag maar één keer in de lijst met tags staan.",
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
                yield Issue(f"tag {name!r} is listed more than once", pointer_join("/tags", i, "name"))
            seen.add(name)


@static_check(
    id="adr.valid-examples",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="Examples and defaults match their schemas",
    title_nl="Voorbeelden en standaardwaarden passen bij hun schema",
    what=(
        "Every `example` and `default` of a Schema Object, and every `example`/`examples` value of a "
        "media type, parameter or header, is valid against its schema (OpenAPI 3.0 `nullable` honoured, "
        "formats such as `uri` and `date-time` checked)."
    ),
    why=_WHY + " Wrong examples mislead client developers and break mock servers and contract tests.",
    fix="Correct the example (or the schema, if the example shows what the API really returns).",
    explanation_nl="Voorbeelden in het document moeten kloppen met het schema; anders misleiden ze afnemers.",
    spectral={
        "2.1.0": ("oas3-valid-media-example", "oas3-valid-schema-example"),
        "2.2.0": ("oas3-valid-media-example", "oas3-valid-schema-example"),
    },
)
def valid_examples(context: CheckContext) -> Iterator[Issue]:
    from cgcomply.checks.examples import ExampleValidator

    _require_oas3(context)
    if not context.index.examples:
        raise NotApplicable("the document has no examples or defaults")
    labels = {"schema-example": "example", "schema-default": "default", "media-example": "example"}
    for site, message in ExampleValidator(context.index).problems(context.index.examples):
        yield Issue(
            f"{labels[site.kind]} does not match its schema: {message}", site.where.pointer, site.where.file
        )


@static_check(
    id="adr.server-variables",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="Server variables are defined and valid",
    title_nl="Servervariabelen zijn gedefinieerd en geldig",
    what=(
        "Every `{variable}` in a server URL is defined under `variables`, every defined variable is used, "
        "and a variable's `default` is one of its `enum` values."
    ),
    why=_WHY,
    fix="Define each server URL variable with a default (from its enum, if it has one).",
    explanation_nl="Variabelen in server-URL's moeten gedefinieerd zijn, met een geldige standaardwaarde.",
    spectral={"2.1.0": ("oas3-server-variables",), "2.2.0": ("oas3-server-variables",)},
)
def server_variables(context: CheckContext) -> Iterator[Issue]:
    _require_oas3(context)
    if not context.index.all_servers:
        raise NotApplicable("the document lists no servers")
    for server in context.index.all_servers:
        if not isinstance(server.value, dict) or not isinstance(server.value.get("url"), str):
            continue
        url = server.value["url"]
        variables = server.value.get("variables")
        variables = variables if isinstance(variables, dict) else {}
        used = set(_TEMPLATE.findall(url))
        for name in sorted(used - set(variables)):
            yield Issue(
                f"server URL {url!r} uses {{{name}}}, which is not defined under `variables`",
                pointer_join(server.pointer, "url"),
                server.file,
            )
        for name in sorted(set(variables) - used):
            yield Issue(
                f"server variable {name!r} is not used in the URL {url!r}",
                pointer_join(server.pointer, "variables", name),
                server.file,
            )
        for name, variable in variables.items():
            if not isinstance(variable, dict):
                continue
            enum = variable.get("enum")
            if isinstance(enum, list) and "default" in variable and variable["default"] not in enum:
                yield Issue(
                    f"the default of server variable {name!r} is not one of its enum values",
                    pointer_join(server.pointer, "variables", name, "default"),
                    server.file,
                )


@static_check(
    id="adr.servers-present",
    adr_rule=_PUBLISH,
    level=Level.MUST,
    adr_versions=ALL,
    title="The document lists its servers",
    title_nl="Het document noemt zijn servers",
    what="The top-level `servers` list is present and not empty.",
    why=(
        _WHY + " Without `servers` a reader cannot tell the API's base path, so /core/uri-version (major "
        "version in the URI) cannot be verified."
    ),
    fix="Add `servers` with the API's base URL, e.g. `https://api.example.org/v1`.",
    explanation_nl="Het document moet de basis-URL('s) van de API noemen (servers), inclusief het hoofdversienummer.",
    spectral={"2.1.0": ("oas3-api-servers",), "2.2.0": ("oas3-api-servers",)},
)
def servers_present(context: CheckContext) -> Iterator[Issue]:
    _require_oas3(context)
    servers = context.index.root.get("servers")
    if servers is None:
        yield Issue("the document has no `servers`", "")
    elif not isinstance(servers, list) or not servers:
        yield Issue("`servers` must be a non-empty list", "/servers")
