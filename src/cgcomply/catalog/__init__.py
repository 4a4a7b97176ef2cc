"""The requirement catalogue and profiles (eisensets).

Public API: :func:`load_catalog` (the packaged catalogue, cached), :func:`load_profile` (a profile file or
the name of a packaged profile), :func:`load_profile_text` (a profile as YAML text), and the model classes.
"""

from cgcomply.catalog.loader import (
    load_catalog,
    load_profile,
    load_profile_text,
    packaged_profiles,
    resolve_profile_path,
)
from cgcomply.catalog.model import (
    Catalog,
    Profile,
    ProfileItem,
    Requirement,
    Text,
    Verification,
)

__all__ = [
    "Catalog",
    "Profile",
    "ProfileItem",
    "Requirement",
    "Text",
    "Verification",
    "load_catalog",
    "load_profile",
    "load_profile_text",
    "packaged_profiles",
    "resolve_profile_path",
]
