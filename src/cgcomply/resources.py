"""Locate the data that ships with the package: the requirement catalogue and the Jinja2 templates.

In a wheel they live in ``cgcomply/_data/{requirements,templates}`` (see ``pyproject.toml``,
``force-include``); in a source checkout (editable install, tests) they are the top-level
``requirements/`` and ``templates/`` folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the folder ``requirements`` or ``templates`` wherever this installation keeps it."""
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    checkout = _PACKAGE_DIR.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cgcomply data folder {name!r} not found (looked in {installed} and {checkout})")


def requirements_dir() -> Path:
    return data_dir("requirements")


def profiles_dir() -> Path:
    return data_dir("requirements") / "profiles"


def templates_dir() -> Path:
    return data_dir("templates")


def standards_dir() -> Path:
    """The registry of VNG API standards (``standards/registry.json``), metadata only."""
    return data_dir("standards")
