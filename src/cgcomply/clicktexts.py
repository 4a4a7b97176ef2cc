"""Click's own usage errors (unknown option, bad value, missing argument) in Dutch.

Click writes its messages in English through ``gettext`` and ships no Dutch catalogue; cgcomply's commands
are Dutch by default, so the CLI shows click's usage errors through this table when the command's language
is ``nl``. A message this table does not know keeps click's English text after the Dutch prefix; a quoted
value, option or choice stays as written.
"""

from __future__ import annotations

import re

import click

from cgcomply.errors import ERROR_PREFIX

#: (click's English message as a pattern, the Dutch text with the same groups), tried in order.
_DUTCH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), dutch)
    for pattern, dutch in (
        (r"^Invalid value for (.+?): (.*)$", r"Ongeldige waarde voor \1: \2"),
        (r"^Invalid value: (.*)$", r"Ongeldige waarde: \1"),
        (r"^(.+) is not one of (.+)\.$", r"\1 is niet een van \2."),
        (r"^(.+) is not (.+)\.$", r"\1 is niet \2."),
        (r"^(.+) is not a valid integer\.$", r"\1 is geen geldig geheel getal."),
        (r"^(.+) is not a valid float\.$", r"\1 is geen geldig getal."),
        (r"^(.+) is not in the range (.+)\.$", r"\1 ligt niet in het bereik \2."),
        (r"^(File|Path|Directory) (.+) does not exist\.$", r"Pad \2 bestaat niet."),
        (r"^No such option (.+?)\.(?: Did you mean (.+)\?)?$", r"Onbekende optie \1."),
        (r"^No such command (.+)\.$", r"Onbekende opdracht \1."),
        (r"^Missing argument (.+)\.$", r"Argument \1 ontbreekt."),
        (r"^Missing option (.+)\.$", r"Optie \1 ontbreekt."),
        (r"^Missing parameter: (.+)$", r"Parameter ontbreekt: \1"),
        (r"^Option (.+) requires an argument\.$", r"Optie \1 heeft een waarde nodig."),
        (r"^Option (.+) requires (\d+) arguments\.$", r"Optie \1 heeft \2 waarden nodig."),
        (r"^Got unexpected extra arguments? \((.+)\)$", r"Onverwacht extra argument ({0})"),
    )
)


def dutch(message: str) -> str:
    """Click's English ``message`` in Dutch, part by part (an unknown part stays as click wrote it)."""
    for pattern, replacement in _DUTCH:
        found = pattern.match(message)
        if found is None:
            continue
        if "{0}" in replacement:
            return replacement.format(found.group(1))
        text = found.expand(replacement)
        if pattern.pattern.startswith("^Invalid value for"):
            return f"Ongeldige waarde voor {found.group(1)}: {dutch(found.group(2))}"
        if pattern.pattern.startswith("^Invalid value:"):
            return f"Ongeldige waarde: {dutch(found.group(1))}"
        if pattern.pattern.startswith("^No such option") and found.group(2):
            text += f" Bedoelde u {found.group(2)}?"
        return text
    return message


def show_usage_error(error: click.UsageError, lang: str) -> None:
    """Click's usage error on stderr in ``lang``: the usage line, the help hint and ``fout: ...``."""
    if lang != "nl":
        error.show()
        return
    ctx = error.ctx
    if ctx is not None:
        usage = ctx.get_usage().replace("Usage:", "Gebruik:", 1)
        click.echo(usage, err=True)
        if ctx.command.get_help_option(ctx) is not None:
            names = ctx.help_option_names[0] if ctx.help_option_names else "--help"
            click.echo(f"Zie '{ctx.command_path} {names}' voor hulp.", err=True)
        click.echo("", err=True)
    click.echo(f"{ERROR_PREFIX.get('nl')}: {dutch(error.format_message())}", err=True)
