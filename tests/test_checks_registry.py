"""The registry: the fixed check ids, complete records, and Spectral codes that exist in the rulesets."""

from __future__ import annotations

import yaml
from tests.conftest import corpus_path

from cgcomply.checks.registry import STATIC_CHECKS, all_static_checks, get_check
from cgcomply.checks.spectral import NOT_ADR, SPECTRAL_OAS_STYLE, code_to_check
from cgcomply.results import ADR_VERSIONS, Kind

# Ids that reports, baselines and catalogues already name: they never disappear. A new check is added by its
# unit (and its own tests); it need not be listed here.
FIXED_TECHNICAL_IDS = {
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
# Spectral built-ins the rulesets switch on (they have no `given` in the ruleset file).
SPECTRAL_BUILT_INS = {
    "oas3-schema",
    "operation-operationId-unique",
    "path-params",
    "openapi-tags-uniqueness",
    "oas3-valid-media-example",
    "oas3-valid-schema-example",
    "oas3-server-variables",
    "oas3-api-servers",
    "path-keys-no-trailing-slash",
    "info-contact",
    "invalid-ref",
    "duplicated-entry-in-enum",
}


def test_ids_are_the_fixed_list_and_unique() -> None:
    ids = [check.id for check in STATIC_CHECKS]
    assert len(ids) == len(set(ids))
    assert set(ids) >= FIXED_TECHNICAL_IDS
    for check in STATIC_CHECKS:
        assert check.id.startswith("adr.") and check.id == check.id.lower(), check.id
        if not any(check.info_for(version).technical for version in (None, *ADR_VERSIONS)):
            # functional rules: adr.<last segment of the ADR id>
            assert check.id == "adr." + check.info.adr_rule.rsplit("/", 1)[-1]
            assert check.id not in FIXED_TECHNICAL_IDS


def test_records_are_complete() -> None:
    for check in STATIC_CHECKS:
        info = check.info
        assert info.kind is Kind.STATIC
        assert set(info.adr_versions) <= set(ADR_VERSIONS) and info.adr_versions
        assert info.adr_rule.startswith("/core/")
        assert all(not text.problems() for text in info.texts().values()), info.id
        for version in check.variants:
            assert version in info.adr_versions, f"{info.id}: variant for a version it does not cover"
        if not info.technical or any(v.get("technical") is False for v in check.variants.values()):
            assert check.manual_reason, f"{info.id}: a functional rule says what a person must look at"


def test_versions_select_the_rules_of_that_version() -> None:
    only_22 = {c.id for c in all_static_checks("2.2.0")} - {c.id for c in all_static_checks("2.1.0")}
    assert {
        "adr.path-kebab-case",
        "adr.query-camel-case",
        "adr.problem-details",
        "adr.invalid-input",
        "adr.date-time-format",
        "adr.date-omit-time-portion",
    } <= only_22
    assert "adr.openapi-json-path" not in {c.id for c in all_static_checks("2.2.0")}
    assert "adr.contact" not in {c.id for c in all_static_checks("2.0.2")}
    assert get_check("adr.geospatial").info_for("2.1.0").adr_rule == "/core/geospatial"
    assert get_check("adr.geospatial").info_for("2.2.0").adr_rule == "/core/modules/geospatial"


def test_mapped_spectral_codes_exist_in_the_official_rulesets() -> None:
    for ruleset in ("2.1.0", "2.2.0"):
        text = corpus_path("adr-ruleset", f"linter-{ruleset}.yaml").read_text("utf-8")
        rules = set(yaml.safe_load(text)["rules"])
        for code, check_id in code_to_check(ruleset).items():
            assert code in rules or code in SPECTRAL_BUILT_INS, (
                f"{ruleset}: {code} ({check_id}) is not a rule"
            )
        for code in rules:  # every rule of the ruleset is either compared or known to be no ADR rule
            assert code in code_to_check(ruleset) or code in NOT_ADR or code in SPECTRAL_OAS_STYLE, (
                f"{ruleset}: no mapping decision for {code}"
            )
