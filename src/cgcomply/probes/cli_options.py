"""Turn the command-line options of ``cgcomply probe`` / ``verify`` into :class:`ProbeOptions`.

Credentials come from the environment (``--header-env NAME=ENVVAR``) or a file (``--header-file``, lines
``Name: value``; blank lines and ``#`` comments are skipped) and go to the target's origin only;
``--header-env-for ORIGIN NAME=ENVVAR`` names a credential for another origin (a document host). Every mistake is a :class:`UsageError` that
names the option or the file and line; a credential value never appears in a message.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from cgcomply.errors import CgcomplyError, UsageError
from cgcomply.http import Origin, ssl_context
from cgcomply.i18n import Text
from cgcomply.probes.options import ProbeOptions

HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")  # RFC 9110 token
FORBIDDEN_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "origin"})


def _check_header(name: str, value: str, *, source: str | None, line: int | None, option: str) -> None:
    where: dict[str, Any] = {"source": source, "line": line, "field": option}
    if not HEADER_NAME.match(name):
        raise UsageError(
            Text(
                f"{name!r} is geen geldige headernaam",
                f"{name!r} is not a valid header name",
            ),
            **where,
        )
    if name.lower() in FORBIDDEN_HEADERS:
        raise UsageError(
            Text(
                f"header {name} kan hier niet worden gezet",
                f"header {name} cannot be set here",
            ),
            **where,
        )
    if any(ch in value for ch in "\r\n\0"):
        raise UsageError(
            Text(
                f"de waarde van header {name} bevat een regeleinde",
                f"the value of header {name} contains a line break",
            ),
            **where,
        )
    if not value.strip():
        raise UsageError(
            Text(
                f"de waarde van header {name} is leeg",
                f"the value of header {name} is empty",
            ),
            **where,
        )


def headers_from_env(
    specs: tuple[str, ...] | list[str], environ: dict[str, str] | None = None
) -> dict[str, str]:
    environ = dict(os.environ) if environ is None else environ
    headers: dict[str, str] = {}
    for spec in specs:
        name, sep, variable = spec.partition("=")
        name, variable = name.strip(), variable.strip()
        if not sep or not name or not variable:
            raise UsageError(
                Text(
                    f"verwacht NAME=ENVVAR, kreeg {spec!r}",
                    f"expected NAME=ENVVAR, got {spec!r}",
                ),
                field="--header-env",
            )
        if variable not in environ:
            raise UsageError(
                Text(
                    f"omgevingsvariabele {variable} is niet gezet (voor header {name})",
                    f"environment variable {variable} is not set (for header {name})",
                ),
                field="--header-env",
            )
        value = environ[variable].strip()
        _check_header(name, value, source=None, line=None, option="--header-env")
        headers[name] = value
    return headers


def headers_from_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(
            Text(
                f"kan het headerbestand niet lezen: {error}",
                f"cannot read header file: {error}",
            ),
            source=str(path),
            field="--header-file",
        ) from None
    headers: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise UsageError(
                Text(
                    "verwacht een regel 'Naam: waarde'",
                    "expected a 'Name: value' line",
                ),
                source=str(path),
                line=number,
                field="--header-file",
            )
        _check_header(name.strip(), value.strip(), source=str(path), line=number, option="--header-file")
        headers[name.strip()] = value.strip()
    return headers


def build_probe_options(
    header_env: tuple[str, ...] = (),
    header_file: Path | None = None,
    cacert: Path | None = None,
    allow_unsafe_methods: bool = False,
    timeout: float = 10.0,
    rate: float = 10.0,
    concurrency: int = 4,
    conformance: bool = False,
    max_requests: int = 200,
    max_time: float = 60.0,
    header_env_for: tuple[tuple[str, str], ...] = (),
    trust_env: bool = False,
) -> ProbeOptions:
    """The CLI's options as :class:`ProbeOptions`; a UsageError names what is wrong."""
    if timeout <= 0:
        raise UsageError(
            Text(
                "moet groter dan 0 zijn",
                "must be greater than 0",
            ),
            field="--timeout",
        )
    if rate <= 0:
        raise UsageError(
            Text(
                "moet groter dan 0 zijn",
                "must be greater than 0",
            ),
            field="--rate",
        )
    if concurrency < 1:
        raise UsageError(
            Text(
                "moet minstens 1 zijn",
                "must be at least 1",
            ),
            field="--concurrency",
        )
    if max_requests < 1:
        raise UsageError(
            Text(
                "moet minstens 1 zijn",
                "must be at least 1",
            ),
            field="--max-requests",
        )
    if max_time <= 0:
        raise UsageError(
            Text(
                "moet groter dan 0 zijn",
                "must be greater than 0",
            ),
            field="--max-time",
        )
    headers: dict[str, str] = {}
    if header_file is not None:
        headers.update(headers_from_file(Path(header_file)))
    headers.update(headers_from_env(tuple(header_env)))
    origin_headers: dict[str, dict[str, str]] = {}
    for origin_text, spec in header_env_for:
        try:
            origin = Origin.parse(origin_text)
        except CgcomplyError as error:
            raise UsageError(error.text or error.message, field="--header-env-for") from None
        try:
            found = headers_from_env((spec,))
        except UsageError as error:
            raise UsageError(error.text or error.message, field="--header-env-for") from None
        origin_headers.setdefault(str(origin), {}).update(found)
    options = ProbeOptions(
        allow_unsafe_methods=allow_unsafe_methods,
        read_timeout=timeout,
        connect_timeout=min(timeout, 10.0),
        max_request_seconds=max(30.0, timeout * 3),
        rate_per_second=rate,
        max_concurrency=concurrency,
        extra_headers=headers,
        origin_headers=origin_headers,
        trust_env=trust_env,
        cacert=Path(cacert) if cacert else None,
        conformance=conformance,
        conformance_max_requests=max_requests,
        conformance_max_seconds=max_time,
    )
    if options.cacert is not None:
        try:
            ssl_context(options.cacert)
        except Exception as error:  # TargetError: re-label as a usage problem of the option
            raise UsageError(
                Text(
                    f"geen bruikbaar CA-bestand: {error}",
                    f"not a usable CA file: {error}",
                ),
                source=str(cacert),
                field="--cacert",
            ) from None
    return options
