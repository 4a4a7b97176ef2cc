"""The vocabulary shared by static checks, live probes and reports.

A *check* (static, ``adr.*``; or live, ``probe.*``) is documented by a :class:`CheckInfo` and produces a
:class:`CheckResult`: a status plus the :class:`Finding` objects behind it. Reports (``report/``) render
these; ``verification.py`` maps them onto a profile's requirements. Nothing here knows about HTTP, files or
tenders.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from cgcomply.i18n import Message, Text, Translatable

ADR_VERSIONS: tuple[str, ...] = ("2.0.2", "2.1.0", "2.2.0")
DEFAULT_ADR_VERSION = "2.2.0"


def normalise_adr_version(value: str) -> str:
    """Accept ``2.2``, ``2.2.0``, ``v2.2`` and return the full version, or raise ``ValueError``."""
    text = value.strip().lower().removeprefix("v")
    for version in ADR_VERSIONS:
        if text in (version, version.rsplit(".", 1)[0]):
            return version
    raise ValueError(f"unknown ADR version {value!r}; choose one of {', '.join(ADR_VERSIONS)}")


class Level(StrEnum):
    """How strongly the ADR asks for the rule (RFC 2119)."""

    MUST = "must"
    SHOULD = "should"


class Kind(StrEnum):
    STATIC = "static"
    LIVE = "live"


class Status(StrEnum):
    """Outcome of one check on one target."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the check could not run (crashed on a strange document, target unreachable...)
    NOT_APPLICABLE = "not_applicable"
    MANUAL = "manual"  # a person must judge; never counted as a pass
    # failed, but every failing finding is accepted (baseline, ignore file, x-cgcomply-ignore): not a
    # failure, never a pass; the findings stay in the report with their reason (cgcomply.ignores)
    ACCEPTED = "accepted"


class Severity(StrEnum):
    """Severity of one finding."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    HINT = "hint"  # heuristics for functional rules: never a verdict


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """The documentation record of one check, in the shape ruff documents its rules.

    Every text is a :class:`~cgcomply.i18n.Text` (Dutch and English). ``explanation`` is the short
    internet.nl-style line a report shows beside the verdict; ``what``/``why``/``fix`` are the longer
    documentation. ``messages`` are the texts of the check's findings and reasons, by key: a finding
    carries ``Message("<id>:<key>", params)``.
    """

    id: str  # "adr.version-header" or "probe.version-header"
    adr_rule: str  # exact ADR id, e.g. "/core/version-header"
    kind: Kind
    level: Level
    adr_versions: tuple[str, ...]  # the ADR versions the rule belongs to
    title: Text  # one line
    what: Text  # what it checks
    why: Text  # why it matters (quotes or paraphrases the ADR)
    fix: Text  # how to fix
    explanation: Text  # short explanation for reports (internet.nl style)
    technical: bool = True  # False for functional ADR rules (reported as manual)
    messages: Mapping[str, Text] = field(default_factory=dict, hash=False)

    @property
    def adr_link(self) -> str:
        anchor = self.adr_rule.strip("/").replace("/", "-")
        return f"https://gitdocumentatie.logius.nl/publicatie/api/adr/#{anchor}"

    def metadata(self) -> dict[str, Any]:
        """What decides a verdict, as JSON data: id, ADR rule, kind, level, ADR versions, technical (the
        ``checks --format json`` listing and the stored report both start from it)."""
        return {
            "id": self.id,
            "adr_rule": self.adr_rule,
            "kind": self.kind.value,
            "level": self.level.value,
            "adr_versions": list(self.adr_versions),
            "technical": self.technical,
        }

    def texts(self) -> dict[str, Text]:
        """Every text of the record by name (documentation fields and ``message:<key>``), for checks."""
        found = {
            "title": self.title,
            "what": self.what,
            "why": self.why,
            "fix": self.fix,
            "explanation": self.explanation,
        }
        found.update({f"message:{key}": text for key, text in self.messages.items()})
        return found


@dataclass(slots=True)
class Evidence:
    """The request and (trimmed) response that prove a live finding. Credentials are redacted."""

    method: str
    url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # the relevant response headers
    body: str | None = None  # trimmed
    request_headers: dict[str, str] = field(default_factory=dict)  # redacted
    # what the tool adds (a transport failure, redirects, a handshake listing), rendered in the report's
    # language; protocol, cipher-suite and header names and a server's words are its parameters
    note: Message | None = None


@dataclass(frozen=True, slots=True)
class Acceptance:
    """Why a failing finding is accepted (``geaccepteerd``), set by :mod:`cgcomply.ignores`.

    ``source`` is ``baseline`` (in ``--baseline FILE``), ``ignore`` (an entry of the ignore file) or
    ``inline`` (``x-cgcomply-ignore`` in the document); ``origin`` says where (``file:line``, the baseline
    file, or the JSON pointer of the extension); ``reason`` is the entry's ``reden`` as written (quoted
    user text), or None for a baseline; ``until`` the entry's end date (ISO, ``tot``). An ``expired``
    acceptance does not accept: the finding fails again and the report says the entry expired.
    """

    source: str  # baseline | ignore | inline
    origin: str
    reason: str | None = None
    until: str | None = None
    expired: bool = False

    @property
    def accepts(self) -> bool:
        return not self.expired


ACCEPTANCE_SOURCES: tuple[str, ...] = ("baseline", "ignore", "inline")


@dataclass(slots=True)
class Finding:
    """One observation at one place: a JSON pointer (plus file/line/column) or a request."""

    severity: Severity
    message: Translatable  # a Message (id + parameters); plain str only where not converted yet
    pointer: str | None = None
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    evidence: Evidence | None = None
    accepted: Acceptance | None = None  # set by cgcomply.ignores; None: not accepted

    @property
    def is_accepted(self) -> bool:
        """True when an acceptance that has not expired covers the finding."""
        return self.accepted is not None and self.accepted.accepts

    def location_key(self, base_url: str | None = None) -> str:
        """Where the finding is, as stable text: ``file#pointer`` for a place in a document (``file`` empty
        for the target document, else the file's name), else ``METHOD /path`` of the request relative to
        ``base_url`` (query and host left out), plus the probe's sub-test (the message id) for live
        findings. Line numbers and message texts are not part of it."""
        if self.pointer is not None:
            file = _file_key(self.file)
            key = f"{file}#{self.pointer}"
        elif self.evidence is not None:
            key = f"{self.evidence.method.upper()} {_request_path(self.evidence.url, base_url)}"
        else:
            key = f"{_file_key(self.file)}#"
        if self.evidence is not None and isinstance(self.message, Message):
            key += f" [{self.message.id}]"
        return key

    def stable_id(self, check_id: str, base_url: str | None = None) -> str:
        """The finding's stable id: a hash of the check id and :meth:`location_key` (16 hex digits).
        Baselines, ignore files and SARIF ``partialFingerprints`` use it."""
        return finding_id(check_id, self.location_key(base_url))


def finding_id(check_id: str, location_key: str) -> str:
    """The stable id of a finding of ``check_id`` at ``location_key`` (see :meth:`Finding.location_key`)."""
    import hashlib  # here: loading OpenSSL is start-up time that a clean small document never needs

    digest = hashlib.sha256(f"{check_id}\n{location_key}".encode()).hexdigest()
    return digest[:16]


def _file_key(file: str | None) -> str:
    if not file:
        return ""
    text = file.replace("\\", "/")
    if "://" in text:
        return text  # a remote $ref document: its URL is its identity
    return text.rsplit("/", 1)[-1]  # independent of where the checkout lies


def _request_path(url: str, base_url: str | None) -> str:
    if "://" not in url:
        return url  # not a URL (e.g. a TLS handshake 'host:port'): kept as it is
    parts = urlsplit(url)
    path = parts.path or "/"
    if base_url:
        base = urlsplit(base_url).path.rstrip("/")
        if base and (path == base or path.startswith(base + "/")):
            path = path[len(base) :] or "/"
    return path


@dataclass(slots=True)
class CheckResult:
    """The outcome of one check: status, the findings behind it, and a reason where it did not run."""

    info: CheckInfo
    status: Status
    findings: list[Finding] = field(default_factory=list)
    reason: Translatable | None = None  # for error, not_applicable, manual: why, or what a person must judge
    accepted: Acceptance | None = None  # a failed check without findings, accepted as a whole

    @property
    def id(self) -> str:
        return self.info.id

    def alerts(self) -> list[Finding]:
        """The error and warning findings of a failed (or accepted) check: what fails it, what SARIF
        makes a result and what a baseline records."""
        if self.status not in (Status.FAIL, Status.ACCEPTED):
            return []
        return [f for f in self.findings if f.severity in (Severity.ERROR, Severity.WARNING)]

    def finding_ids(self, base_url: str | None = None) -> list[str]:
        """The stable id of each finding, in order (see :meth:`Finding.stable_id`)."""
        return [finding.stable_id(self.info.id, base_url) for finding in self.findings]
