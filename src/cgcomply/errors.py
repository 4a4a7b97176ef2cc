"""Every user-facing error has its own type; the CLI turns them into one clear line and an exit code.

No user-facing error may escape as a traceback: the CLI catches :class:`CgcomplyError` and prints
``fout: <message>`` (``error: <message>`` with ``--lang en``) on stderr, then exits with
:attr:`CgcomplyError.exit_code` (2: bad input or usage).

An error's message is bilingual: a :class:`~cgcomply.i18n.Text` (Dutch first; its text is shown as written,
never formatted, so braces in a quoted value are safe) or a :class:`~cgcomply.i18n.Message`. Every raise in
cgcomply gives one (a test walks ``src/`` for bare string literals); a plain ``str`` still works for code
of others and shows the same in both languages. File, line and URL are part of the message.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeAlias

from cgcomply.i18n import Message, Text, render

#: What an error says: a bilingual text or message (ours), or a plain string (a third party's).
ErrorText: TypeAlias = Text | Message | str

#: The word before an error line in each language.
ERROR_PREFIX = Text("fout", "error")


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
        message: ErrorText,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
    ) -> None:
        if isinstance(message, Text | Message):
            self.text: Text | Message | None = message
            self.message = _english(message)
        else:
            self.text = None
            self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self.render())

    def message_in(self, lang: str) -> str:
        """The message alone in ``lang`` (English for a plain string of a third party)."""
        if self.text is None:
            return self.message
        if isinstance(self.text, Text):
            return self.text.get(lang)
        return render(self.text, lang)

    def render(self, lang: str = "en") -> str:
        """``file:line:column: field: message`` in ``lang``, leaving out the parts that are unknown."""
        where = ""
        if self.source:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message_in(lang)}"

    def line_in(self, lang: str) -> str:
        """The line the CLI prints: ``fout: ...`` / ``error: ...``."""
        return f"{ERROR_PREFIX.get(lang)}: {self.render(lang)}"


def _english(message: Text | Message) -> str:
    return message.en if isinstance(message, Text) else render(message, "en")


class CatalogError(CgcomplyError):
    """A requirement catalogue or profile file is invalid (``text`` holds both languages)."""


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
