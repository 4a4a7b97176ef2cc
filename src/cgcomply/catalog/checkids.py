"""The check ids the catalogue may name in ``verification.checks``.

These are the fixed, stable ids of the static checks (``checks/``) and live probes (``probes/``). The
catalogue refers to checks by id and never the other way round, so this list is the contract between them.
Functional ADR rules (a person judges them) exist as ``adr.<last segment of the ADR id>`` with status
manual; a requirement that only rests on those is verified ``handmatig`` and names them in ``adr_rules``.
"""

from __future__ import annotations

STATIC_CHECKS: frozenset[str] = frozenset(
    {
        "adr.openapi-version",
        "adr.oas-schema",
        "adr.refs-resolve",
        "adr.operation-id-unique",
        "adr.path-params",
        "adr.tags-unique",
        "adr.valid-examples",
        "adr.server-variables",
        "adr.servers-present",
        "adr.openapi-json-path",
        "adr.no-trailing-slash",
        "adr.path-kebab-case",
        "adr.query-camel-case",
        "adr.version-header",
        "adr.uri-version",
        "adr.semver",
        "adr.contact",
        "adr.http-methods",
        "adr.problem-details",
        "adr.invalid-input",
        "adr.date-time-format",
        "adr.date-omit-time-portion",
        "adr.servers-https",
    }
)

LIVE_CHECKS: frozenset[str] = frozenset(
    {
        "probe.publish-openapi",
        "probe.version-header",
        "probe.no-trailing-slash",
        "probe.uri-version",
        "probe.problem-details",
        "probe.invalid-input",
        "probe.tls",
        "probe.security-headers",
        "probe.cors",
        "probe.conformance",
    }
)

# Functional ADR rules (2.0.2 to 2.2.0); their checks only ever report "manual".
FUNCTIONAL_ADR_RULES: tuple[str, ...] = (
    "/core/naming-resources",
    "/core/naming-collections",
    "/core/interface-language",
    "/core/hide-implementation",
    "/core/date-time/timezone",
    "/core/http-safety",
    "/core/http-response-code",
    "/core/stateless",
    "/core/nested-child",
    "/core/resource-operations",
    "/core/error-handling/all-errors",
    "/core/doc-language",
    "/core/deprecation-schedule",
    "/core/transition-period",
    "/core/changelog",
    "/core/transport/no-sensitive-uris",
    "/core/transport-security",
    "/core/geospatial",
    "/core/modules/geospatial",
    "/core/modules/signing",
    "/core/modules/encryption",
)

# /core/transport-security (2.0.2: "apply the transport security module") has no static check of its own:
# the live TLS probe reports under it for ADR 2.0.2.
FUNCTIONAL_CHECKS: frozenset[str] = frozenset(
    f"adr.{rule.rsplit('/', 1)[1]}" for rule in FUNCTIONAL_ADR_RULES if rule != "/core/transport-security"
)

KNOWN_CHECKS: frozenset[str] = STATIC_CHECKS | LIVE_CHECKS | FUNCTIONAL_CHECKS

# Every ADR rule id of 2.0.2, 2.1.0 and 2.2.0 (technical and functional), to catch typos in the catalogue.
KNOWN_ADR_RULES: frozenset[str] = frozenset(
    {
        *FUNCTIONAL_ADR_RULES,
        "/core/no-trailing-slash",
        "/core/path-segments-kebab-case",
        "/core/query-keys-camel-case",
        "/core/date-time/format",
        "/core/date-time/date-omit-time-portion",
        "/core/http-methods",
        "/core/error-handling/problem-details",
        "/core/error-handling/invalid-input",
        "/core/doc-openapi",
        "/core/doc-openapi-contact",
        "/core/publish-openapi",
        "/core/uri-version",
        "/core/semver",
        "/core/version-header",
        "/core/transport/tls",
        "/core/transport/security-headers",
        "/core/transport/cors",
    }
)
