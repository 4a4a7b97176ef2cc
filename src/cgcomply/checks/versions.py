"""Version sets used by the check records."""

ALL = ("2.0.2", "2.1.0", "2.2.0")
FROM_2_1 = ("2.1.0", "2.2.0")
ONLY_2_1 = ("2.1.0",)
ONLY_2_2 = ("2.2.0",)
UP_TO_2_1 = ("2.0.2", "2.1.0")

# The official Spectral rulesets we compare with (corpus/adr-ruleset/linter-<version>.yaml).
RULESETS = ("2.1.0", "2.2.0")
