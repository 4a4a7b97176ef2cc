"""How the official Spectral rulesets map onto our checks, and how to read Spectral's output.

The table is built from the check records (``StaticCheck.spectral``), so a rule is mapped in exactly one
place: next to the check that tests the same thing. Codes the official rulesets report that are not ADR
rules (style warnings of ``spectral:oas``, ``schema-camel-case``, ``servers-use-https``, parser messages)
are listed in :data:`NOT_ADR` with the reason, and are left out of the comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cgcomply.checks.registry import STATIC_CHECKS

NOT_ADR: dict[str, str] = {
    "parser": "YAML/JSON parser messages (tabs, integer mapping keys), not an ADR rule",
    "unrecognized-format": "Spectral could not tell the format; the ADR rule is nlgov:openapi-root-exists",
    "nlgov:schema-camel-case": "warning without an ADR rule id (schema names in PascalCase)",
    "schema-camel-case": "warning without an ADR rule id (schema names in PascalCase)",
    "nlgov:property-casing": "warning without an ADR rule id (camelCase for _links properties)",
    "property-casing": "warning without an ADR rule id (camelCase for _links properties)",
    "nlgov:servers-use-https": "warning without an ADR rule id; our adr.servers-https follows /core/transport/tls",
    "servers-use-https": "warning without an ADR rule id; our adr.servers-https follows /core/transport/tls",
    "paths-kebab-case": "2.1.0 warning: kebab-case paths became an ADR rule only in 2.2",
    "use-problem-schema": "2.1.0 warning: problem details became an ADR rule only in 2.2",
}
# spectral:oas rules that the 2.1.0 ruleset switches on by `extends: spectral:oas` (style, not ADR).
SPECTRAL_OAS_STYLE = frozenset(
    {
        "array-items",
        "info-description",
        "no-$ref-siblings",
        "oas2-api-host",
        "oas2-api-schemes",
        "oas2-operation-security-defined",
        "oas2-schema",
        "oas2-unused-definition",
        "oas3-operation-security-defined",
        "oas3-server-trailing-slash",
        "oas3-unused-component",
        "operation-description",
        "operation-operationId",
        "operation-tag-defined",
        "operation-tags",
        "typed-enum",
        "operation-parameters",
        "operation-success-response",
        "operation-operationId-valid-in-url",
        "oas3-examples-value-or-externalValue",
        "tag-description",
        "contact-properties",
        "license-url",
        "info-license",
        "openapi-tags",
        "openapi-tags-alphabetical",
        "no-eval-in-markdown",
        "no-script-tags-in-markdown",
        "oas2-valid-media-example",
        "oas2-valid-schema-example",
        "oas3-parameter-description",
        "oas2-parameter-description",
        "oas2-anyOf",
        "oas2-oneOf",
        "oas2-host-not-example",
        "oas2-host-trailing-slash",
        "oas2-discriminator",
        "oas3-server-not-example.com",
        "path-declarations-must-exist",
        "path-not-include-query",
    }
)
# invalid-ref messages caused by the missing network when the expected outputs were made.
NETWORK_REF_ERROR = re.compile(r"FetchError|ENOTFOUND|EAI_AGAIN|getaddrinfo|ECONNREFUSED")


def code_to_check(ruleset: str) -> dict[str, str]:
    """Spectral rule code -> our check id, for one official ruleset version (``2.1.0`` or ``2.2.0``)."""
    table: dict[str, str] = {}
    for check in STATIC_CHECKS:
        for code in check.spectral.get(ruleset, ()):
            table[code] = check.id
    return table


def compared_checks(ruleset: str) -> list[str]:
    """Our check ids that the official ruleset of that version also tests."""
    return [check.id for check in STATIC_CHECKS if check.spectral.get(ruleset)]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One line of Spectral output: rule code, severity (0 error .. 3 hint), JSON path, message."""

    code: str
    severity: int
    path: tuple[str, ...]
    message: str


def is_ignored(diagnostic: Diagnostic) -> bool:
    """True for diagnostics that are no ADR verdict (style rules, parser notes, network failures)."""
    if diagnostic.code in NOT_ADR or diagnostic.code in SPECTRAL_OAS_STYLE:
        return True
    return diagnostic.code == "invalid-ref" and bool(NETWORK_REF_ERROR.search(diagnostic.message))


def from_json(items: list[dict]) -> list[Diagnostic]:
    """Diagnostics from ``spectral lint -f json`` output."""
    return [
        Diagnostic(
            item["code"],
            int(item.get("severity", 0)),
            tuple(str(p) for p in item.get("path", [])),
            item.get("message", ""),
        )
        for item in items
    ]


_STYLISH = re.compile(r"^\s*(\d+):(\d+)\s+(error|warning|information|info|hint)\s+(\S+)\s+(.*?)\s*$")
_SEVERITY = {"error": 0, "warning": 1, "information": 2, "info": 2, "hint": 3}


def from_stylish(text: str) -> list[Diagnostic]:
    """Diagnostics from Spectral's default "stylish" output (``line:col severity code message path``).

    The message and the dotted path are separated by two or more spaces; a message can contain single
    spaces, a path cannot contain two.
    """
    result = []
    for line in text.splitlines():
        match = _STYLISH.match(line)
        if not match:
            continue
        rest = match.group(5)
        message, _, path = rest.rpartition("  ")
        if not message:
            message, path = rest, ""
        result.append(
            Diagnostic(
                match.group(4), _SEVERITY[match.group(3)], split_dotted_path(path.strip()), message.strip()
            )
        )
    return result


def split_dotted_path(text: str) -> tuple[str, ...]:
    """``paths./a/b.get.responses[200].content`` -> ``("paths", "/a/b", "get", "responses", "200", "content")``.

    Path keys start with ``/`` and run to the next ``.`` followed by a known OpenAPI member (an HTTP method,
    ``parameters``...), which is how Spectral prints them; brackets hold array indexes and odd keys.
    """
    if not text:
        return ()
    tokens: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == ".":
            i += 1
            continue
        if text[i] == "[":
            end = text.index("]", i)
            tokens.append(text[i + 1 : end].strip("'\""))
            i = end + 1
            continue
        if text[i] == "/" and tokens and tokens[-1] == "paths":
            end = _path_key_end(text, i)
            tokens.append(text[i:end])
            i = end
            continue
        end = i
        while end < len(text) and text[end] not in ".[":
            end += 1
        if tokens and tokens[-1] == "content":  # media type keys contain "." (application/vnd.x+json)
            end = _media_type_end(text, i)
        tokens.append(text[i:end])
        i = end
    return tuple(tokens)


_PATH_ITEM_MEMBERS = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "parameters",
    "summary",
    "description",
    "servers",
    "$ref",
)


def _path_key_end(text: str, start: int) -> int:
    best = len(text)
    for member in _PATH_ITEM_MEMBERS:
        position = text.find("." + member, start)
        while position != -1:
            after = position + 1 + len(member)
            if after == len(text) or text[after] in ".[":
                best = min(best, position)
                break
            position = text.find("." + member, position + 1)
    return best


def _media_type_end(text: str, start: int) -> int:
    for member in (".schema", ".example", ".examples", ".encoding"):
        position = text.find(member, start)
        if position != -1:
            return position
    end = start
    while end < len(text) and text[end] not in "[":
        end += 1
    return end


def official_verdicts(diagnostics: list[Diagnostic], ruleset: str) -> dict[str, list[Diagnostic]]:
    """Check id -> the official diagnostics mapped to it (a check with any diagnostic failed officially)."""
    table = code_to_check(ruleset)
    result: dict[str, list[Diagnostic]] = {check_id: [] for check_id in compared_checks(ruleset)}
    for diagnostic in diagnostics:
        if is_ignored(diagnostic):
            continue
        check_id = table.get(diagnostic.code)
        if check_id is not None:
            result[check_id].append(diagnostic)
    return result


def unmapped_codes(diagnostics: list[Diagnostic], ruleset: str) -> set[str]:
    """Codes that are neither mapped nor known to be ignorable (a new rule in a new ruleset)."""
    table = code_to_check(ruleset)
    return {d.code for d in diagnostics if not is_ignored(d) and d.code not in table}
