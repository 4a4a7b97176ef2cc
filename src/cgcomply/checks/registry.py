"""Every static check, one line each. The order is the order of reports and of ``cgcomply checks``."""

from __future__ import annotations

from cgcomply.checks import (
    date_time,
    documentation,
    error_handling,
    functional,
    naming,
    transport,
    validity,
    versioning,
)
from cgcomply.checks.base import StaticCheck

STATIC_CHECKS: tuple[StaticCheck, ...] = (
    documentation.openapi_version,
    documentation.refs_resolve,
    documentation.paths_defined,
    validity.oas_schema,
    validity.operation_id_unique,
    validity.path_params,
    validity.tags_unique,
    validity.valid_examples,
    validity.server_variables,
    validity.servers_present,
    documentation.openapi_json_path,
    documentation.contact,
    naming.no_trailing_slash,
    naming.path_kebab_case,
    naming.query_camel_case,
    naming.http_methods,
    versioning.uri_version,
    versioning.semver,
    versioning.version_header,
    error_handling.problem_details,
    error_handling.invalid_input,
    date_time.date_time_format,
    date_time.date_omit_time_portion,
    transport.servers_https,
    functional.NAMING_RESOURCES,
    functional.NAMING_COLLECTIONS,
    functional.INTERFACE_LANGUAGE,
    functional.HIDE_IMPLEMENTATION,
    functional.HTTP_SAFETY,
    functional.HTTP_RESPONSE_CODE,
    functional.STATELESS,
    functional.NESTED_CHILD,
    functional.RESOURCE_OPERATIONS,
    functional.DOC_LANGUAGE,
    functional.DEPRECATION_SCHEDULE,
    functional.TRANSITION_PERIOD,
    functional.CHANGELOG,
    functional.NO_SENSITIVE_URIS,
    functional.GEOSPATIAL,
    functional.TIMEZONE,
    functional.ALL_ERRORS,
    functional.SIGNING,
    functional.ENCRYPTION,
)


def all_static_checks(adr_version: str | None = None) -> list[StaticCheck]:
    """The static checks of one ADR version (all of them when ``adr_version`` is None)."""
    return [check for check in STATIC_CHECKS if check.applies_to(adr_version)]


def get_check(check_id: str) -> StaticCheck:
    for check in STATIC_CHECKS:
        if check.id == check_id:
            return check
    raise KeyError(check_id)
