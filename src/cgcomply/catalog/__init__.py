"""The requirement catalogue and profiles (eisensets).

Public API (the CLI and the web page call these):

- :func:`load_catalog` (the packaged catalogue, cached, or another folder);
- :func:`check_profile` (validate a file, a packaged name or uploaded text: every error and warning, never
  raises for bad content), :func:`load_profile` / :func:`parse_profile` (raise :class:`ProfileErrors`); :func:`load_profile_text`
  (h-web's name for :func:`parse_profile`);
- :func:`packaged_profiles`, :func:`profile_text` (a packaged profile's YAML), :func:`dump_profile_yaml`;
- the model classes.
"""

from cgcomply.catalog.loader import load_catalog
from cgcomply.catalog.model import (
    Award,
    Catalog,
    Profile,
    ProfileItem,
    Requirement,
    Text,
    Verification,
)
from cgcomply.catalog.profiles import (
    ProfileCheck,
    ProfileErrors,
    check_profile,
    dump_profile_yaml,
    load_profile,
    load_profile_text,
    packaged_profiles,
    parse_profile,
    profile_text,
    resolve_profile_path,
    translated,
)

__all__ = [
    "Award",
    "Catalog",
    "Profile",
    "ProfileCheck",
    "ProfileErrors",
    "ProfileItem",
    "Requirement",
    "Text",
    "Verification",
    "check_profile",
    "dump_profile_yaml",
    "load_catalog",
    "load_profile",
    "load_profile_text",
    "packaged_profiles",
    "parse_profile",
    "profile_text",
    "resolve_profile_path",
    "translated",
]
