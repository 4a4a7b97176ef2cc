"""The ``cgcomply`` command line. Commands parse options and call one library function each.

Every :class:`~cgcomply.errors.CgcomplyError` becomes one line on stderr and exit code 2. The commands live
in ``cgcomply/commands/`` (the monitor's in ``cgcomply/monitor/cli.py``); :data:`COMMANDS` names the module
of each, and a command's module is imported only when that command is named (or ``--help`` lists them all),
so that ``cgcomply lint`` builds neither the monitor's, the web app's nor the tender's commands. Heavy
imports happen inside the commands, so that ``cgcomply --help`` and a small lint start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cgcomply import __version__
from cgcomply.errors import CgcomplyError

INTERNAL_ERROR_EXIT = 4

# Every top-level command: its name -> (module, attribute). tests/test_startup.py checks that each module's
# command has that name and that the list is complete.
COMMANDS: dict[str, tuple[str, str]] = {
    "baseline": ("cgcomply.commands.baseline", "baseline"),
    "checks": ("cgcomply.commands.lint", "checks_command"),
    "conform": ("cgcomply.commands.conform", "conform"),
    "demo": ("cgcomply.commands.demo", "demo"),
    "demo-server": ("cgcomply.commands.demo", "demo_server"),
    "lint": ("cgcomply.commands.lint", "lint"),
    "monitor": ("cgcomply.monitor.cli", "monitor"),
    "probe": ("cgcomply.commands.probe", "probe"),
    "profile": ("cgcomply.commands.catalog", "profile"),
    "requirements": ("cgcomply.commands.catalog", "requirements"),
    "serve": ("cgcomply.commands.serve", "serve"),
    "standards": ("cgcomply.commands.standards", "standards"),
    "tender": ("cgcomply.commands.tender", "tender"),
    "verify": ("cgcomply.commands.probe", "verify"),
}
F = TypeVar("F", bound=Callable[..., Any])


def debug_requested() -> bool:
    """``CGCOMPLY_DEBUG`` is set: tracebacks instead of one line, crashes raised (the commands ask here;
    the CLI is the one place that reads the environment)."""
    return bool(os.environ.get("CGCOMPLY_DEBUG"))


class _Group(click.Group):
    """Turns our errors into one clear message; never shows a traceback unless CGCOMPLY_DEBUG is set.

    The commands of :data:`COMMANDS` are loaded when asked for (``get_command``), not at import."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        from importlib import import_module

        module, attribute = COMMANDS[cmd_name]
        command: click.Command = getattr(import_module(module), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        # One redactor for the command: every session the command makes registers its secrets here, so
        # that an error line never shows a credential or a URL password.
        from cgcomply.http import Redactor, redact, redacting

        ctx.meta.setdefault(_WORDS_META, [*getattr(ctx, "_protected_args", []), *ctx.args])
        with redacting(Redactor()):
            try:
                return super().invoke(ctx)
            except CgcomplyError as error:
                click.echo(redact(error.line_in(_command_lang(ctx))), err=True)
                sys.exit(error.exit_code)
            except (
                click.UsageError
            ) as error:  # click's own (unknown option, bad value), in the command's language
                from cgcomply.clicktexts import show_usage_error

                show_usage_error(error, _command_lang(ctx))
                sys.exit(error.exit_code)
            except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
                raise
            except KeyboardInterrupt:
                click.echo("interrupted", err=True)
                sys.exit(130)
            except Exception as error:  # pragma: no cover - last line of defence
                if debug_requested():
                    raise
                click.echo(
                    redact(
                        f"internal error: {type(error).__name__}: {error}\n"
                        "This is a bug in cgcomply; run again with CGCOMPLY_DEBUG=1 for the traceback."
                    ),
                    err=True,
                )
                sys.exit(INTERNAL_ERROR_EXIT)


_LANG_META = "cgcomply.lang"
_WORDS_META = "cgcomply.words"  # the command line's words after the program name, as the group got them


def _command_lang(ctx: click.Context) -> str:
    """The language of the command's output and error lines: its ``--lang``, else ``CGCOMPLY_LANG``, else
    Dutch (also for commands without ``--lang``, and for errors before the options are read)."""
    from cgcomply.i18n import DEFAULT_LANG, LANG_ENV, LANGS

    lang = ctx.meta.get(_LANG_META) or _lang_in_args(ctx) or os.environ.get(LANG_ENV) or DEFAULT_LANG
    return lang if lang in LANGS else DEFAULT_LANG


def _lang_in_args(ctx: click.Context) -> str | None:
    """``--lang X`` among the words the command got (for a usage error before the options are read)."""
    words: list[str] = ctx.meta.get(_WORDS_META, [])
    for index, word in enumerate(words):
        if word == "--lang" and index + 1 < len(words):
            return words[index + 1]
        if word.startswith("--lang="):
            return word.removeprefix("--lang=")
    return None


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        ctx.meta[_LANG_META] = value  # meta is shared by the whole command chain: the group reads it
    return value


def _lang_option() -> Callable[[F], F]:
    """``--lang nl|en``: Dutch by default for every command; ``CGCOMPLY_LANG`` sets another default."""
    from cgcomply.i18n import DEFAULT_LANG, LANG_ENV, LANGS

    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default=DEFAULT_LANG,
        envvar=LANG_ENV,
        show_default=True,
        show_envvar=True,
        is_eager=True,
        callback=_remember_lang,
        help="Language of the output (nl or en).",
    )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cgcomply")
def main() -> None:
    """Common Ground tender requirements and NL GOV API Design Rules verification.

    \b
    Exit codes: 0 decided and compliant, 1 a binding requirement or MUST check fails,
    2 bad input or usage, 3 not (yet) decided and none failed (a knock-out requirement waits for a
    manual review, or a MUST check could not run), 4 internal error.
    """


if __name__ == "__main__":  # pragma: no cover
    main()
