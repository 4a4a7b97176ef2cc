"""Every user-facing error has its own type; the CLI turns them into one clear line and an exit code.

No user-facing error may escape as a traceback: the CLI catches :class:`CgcomplyError` and prints
``error: <message>`` on stderr, then exits with :attr:`CgcomplyError.exit_code` (2: bad input or usage).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cgcomply.i18n import Text


def format_path(path: Iterable[str | int]) -> str:
    """A place in a YAML/JSON tree as the user reads it in an error's field: ``requirements[2].form``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class CgcomplyError(Exception):
    """Base of every error that is reported to the user as one message."""

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self.render())

    def render(self) -> str:
        """``file:line:column: field: message``, leaving out the parts that are unknown."""
        where = ""
        if self.source:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class CatalogError(CgcomplyError):
    """A requirement catalogue or profile file is invalid.

    ``text`` is the message in both languages where the loader has it (``message`` stays English).
    """

    text: Text | None = None


class TemplateError(CgcomplyError):
    """A Jinja2 template failed to load or render."""


class DocumentError(CgcomplyError):
    """An OpenAPI document cannot be read, parsed or recognised."""


class TargetError(CgcomplyError):
    """A live target cannot be used at all (bad URL, bad options)."""


class UsageError(CgcomplyError):
    """Options that do not fit together."""


class MonitorError(CgcomplyError):
    """A market catalogue, a monitor database or a monitor option is unusable."""
