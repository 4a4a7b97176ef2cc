"""``cgcomply verify``: a verdict per VNG API standard the profile names, and the requirement that names it.

A profile's requirements name standards by id in their ``standards`` parameter (``CG-STD-10``:
"... zgw-autorisaties@1.0.0 ..."). For every standard named (and every one given with
``--standard-url ID=URL``) this finds the API root (``--standard-url``, else from ``--url`` by the
standard's conventional root, :mod:`cgcomply.standards.discovery`), runs
:func:`~cgcomply.standards.conform.conform_target` (static on ``<root>/openapi.json`` and live,
read-only) against the registry's pinned document and gives:

- a row per standard for the JSON report, in the shape a Softwarecatalogus import can take: product,
  standard, version, verdict, date, report hash, link (the standard's pinned document);
- the verdict of each requirement that names standards: ``voldoet niet`` when one named standard does
  not conform, ``niet vastgesteld`` when one could not be determined (or has no URL), otherwise
  ``handmatig`` (the write side and the business rules stay a person's job, never a silent pass).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cgcomply.errors import CgcomplyError, UsageError
from cgcomply.i18n import Text

STANDARD_ID = re.compile(r"\b([a-z][a-z0-9-]*@[0-9][0-9A-Za-z.\-+]*[0-9A-Za-z])")


def parse_standard_urls(specs: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``("zgw-zaken@1.5.1=https://host/zaken/api/v1", ...)`` -> ``{id: url}`` (ids checked in the registry)."""
    from cgcomply.standards.registry import load_registry

    registry = load_registry()
    result: dict[str, str] = {}
    for spec in specs:
        ident, sep, url = spec.partition("=")
        if not sep or not ident.strip() or not url.strip().startswith(("http://", "https://")):
            raise UsageError(
                Text(
                    f"verwacht ID=BASE_URL (bijv. zgw-zaken@1.5.1=https://host/zaken/api/v1), kreeg {spec!r}",
                    f"expected ID=BASE_URL (e.g. zgw-zaken@1.5.1=https://host/zaken/api/v1), got {spec!r}",
                ),
                field="--standard-url",
            )
        result[registry.get(ident.strip()).id] = url.strip()
    return result


def standards_named(text: str) -> list[str]:
    """The registry ids named in a requirement's ``standards`` parameter, in order, once each."""
    from cgcomply.standards.registry import load_registry

    registry = load_registry()
    found: list[str] = []
    for match in STANDARD_ID.findall(text):
        try:
            ident = registry.get(match).id
        except CgcomplyError:
            continue
        if ident not in found:
            found.append(ident)
    return found


def verify_standards(
    profile: Any,
    verdicts: list[Any],
    *,
    standard_urls: Mapping[str, str] | None,
    headers: Mapping[str, str] | None,
    cacert: str | None,
    base_url: str | None = None,
    standards_dir: Path | None = None,
    max_requests: int = 200,
    max_seconds: float = 60.0,
) -> list[dict[str, Any]]:
    """Run conform per standard the profile names (and per ``standard_urls`` entry); update the verdicts of
    the requirements that name standards in place; return the per-standard rows for the report.

    A standard's API root is ``standard_urls[id]`` when given, else found from ``base_url``
    (:func:`cgcomply.standards.discovery.discover`); its document comes from the registry's pinned,
    sha256-checked copy (the cache, or ``standards_dir`` offline)."""
    from cgcomply.i18n import Message, Text
    from cgcomply.report.model import Verdict
    from cgcomply.standards.conform import conform_target
    from cgcomply.standards.discovery import discover
    from cgcomply.standards.registry import load_registry

    registry = load_registry()
    standard_urls = dict(standard_urls or {})
    named: dict[str, list[str]] = {}
    for item in profile.items:
        parameter = item.parameters.get("standards") if hasattr(item, "parameters") else None
        if parameter is not None:
            named[item.id] = standards_named(parameter.nl + " " + parameter.en)
    wanted = list(dict.fromkeys([*standard_urls, *(i for ids in named.values() for i in ids)]))
    date = datetime.now(UTC).replace(microsecond=0).isoformat()
    rows: list[dict[str, Any]] = []
    results: dict[str, tuple[str, Text]] = {}  # id -> (verdict, reason)
    for ident in wanted:
        url = standard_urls.get(ident)
        found = None
        if url is None and base_url:
            found = discover(registry.get(ident), registry, base_url, headers=headers, cacert=cacert)
            url = found.base_url
        if url is None:
            reason = (
                found.reason
                if found is not None
                else Text("geen --url of --standard-url opgegeven", "no --url or --standard-url given")
            )
            results[ident] = ("niet vastgesteld", reason)
            rows.append(_row(ident, None, "niet vastgesteld", date, None, None, reason=reason))
            continue
        try:
            outcome = conform_target(
                ident,
                base_url=url,
                standards_dir=standards_dir,
                headers=dict(headers) if headers else None,
                cacert=cacert,
                max_requests=max_requests,
                max_seconds=max_seconds,
            )
        except CgcomplyError as error:
            reason = Text(_esc(error.render("nl")), _esc(error.render("en")))
            results[ident] = ("niet vastgesteld", reason)
            rows.append(_row(ident, url, "niet vastgesteld", date, None, None, reason=reason))
            continue
        data = outcome.to_dict("nl")
        digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        product = None
        if outcome.static is not None:
            product = f"{outcome.static.implementation_version or ''}".strip() or None
        results[ident] = (outcome.verdict, _summary(outcome))
        rows.append(
            _row(
                ident,
                url,
                outcome.verdict,
                date,
                digest,
                product,
                data,
                reason=found.reason if found is not None else None,
            )
        )
    for verdict in verdicts:
        ids = named.get(verdict.id)
        if not ids:
            continue
        states = {ident: results[ident] for ident in ids if ident in results}
        failed = [i for i, (v, _) in states.items() if v == "voldoet niet"]
        open_ = [i for i, (v, _) in states.items() if v == "niet vastgesteld"]
        if failed:
            verdict.verdict = Verdict.FAIL
            verdict.reasons = [Message("verdict:failed", {"check": i, "first": states[i][1]}) for i in failed]
        elif open_:
            verdict.verdict = Verdict.UNDETERMINED
            verdict.reasons = [
                Message("verdict:could-not-run", {"check": i, "reason": states[i][1]}) for i in open_
            ]
        else:
            verdict.verdict = Verdict.MANUAL
            verdict.reasons = [
                Message(
                    "verdict:review",
                    {
                        "text": Text(
                            "conform (statisch en live) zonder fouten voor "
                            + ", ".join(ids)
                            + "; beoordeel de VNG-conformiteitstests voor de schrijvende kant",
                            "conform (static and live) without errors for "
                            + ", ".join(ids)
                            + "; assess the VNG conformance tests for the write side",
                        )
                    },
                )
            ]
        verdict.checks = [f"conform:{i}" for i in ids]
    return rows


def _esc(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _summary(outcome: Any) -> Any:
    """The verdict of one standard with its counts, in both languages."""
    from cgcomply.i18n import Text

    verdict = outcome.verdict
    counts = outcome.static.counts() if outcome.static else None
    live = outcome.live.verdict if outcome.live else None
    if counts:
        nl = f"{verdict} (statisch: {counts['error']} fouten" + (f", live: {live})" if live else ")")
        en = f"{verdict} (static: {counts['error']} errors" + (f", live: {live})" if live else ")")
        return Text(nl, en)
    if outcome.problems:
        return Text(_esc(f"{verdict} ({outcome.problems[0]})"), _esc(f"{verdict} ({outcome.problems[0]})"))
    return Text(verdict, verdict)


def _row(
    ident: str,
    url: str | None,
    verdict: str,
    date: str,
    digest: str | None,
    product: str | None,
    data: dict[str, Any] | None = None,
    *,
    reason: Any = None,
) -> dict[str, Any]:
    from cgcomply.standards.registry import load_registry

    version = load_registry().get(ident)
    static = (data or {}).get("static") or {}
    implementation = static.get("implementation") or {}
    return {
        "product": implementation.get("source") or url,
        "product_version": product,
        "standard": version.title,
        "standard_id": version.standard,
        "version": version.version,
        "verdict": verdict,
        "date": date,
        "report_sha256": digest,
        "link": version.canonical.url,
        "document_sha256": version.canonical.sha256,
        "base_url": url,
        "reason": reason.as_dict() if reason is not None else None,
        "details": data,
    }
