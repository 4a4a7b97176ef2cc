"""Version sets used by the check records, cut from the one ADR version list (``results.ADR_VERSIONS``)."""

from cgcomply.results import ADR_VERSIONS


def _from(first: str) -> tuple[str, ...]:
    return ADR_VERSIONS[ADR_VERSIONS.index(first) :]


def _up_to(last: str) -> tuple[str, ...]:
    return ADR_VERSIONS[: ADR_VERSIONS.index(last) + 1]


ALL = ADR_VERSIONS
FROM_2_1 = _from("2.1.0")
ONLY_2_1 = ("2.1.0",)
ONLY_2_2 = ("2.2.0",)
UP_TO_2_1 = _up_to("2.1.0")

# The official Spectral rulesets we compare with (corpus/adr-ruleset/linter-<version>.yaml).
RULESETS = ("2.1.0", "2.2.0")
