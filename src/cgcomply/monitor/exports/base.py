"""What every export of the monitor holds, and the interface of one format.

An export is the market's **latest verdicts**: one row per deployment, with its result in the newest finished
run that has one (a run of ``monitor run --only ...`` covers part of the market; a deployment keeps its last
verdict until a later run checks it again; the row names its run). :func:`collect` reads them from a
:class:`~cgcomply.monitor.store.base.Store` through its read API, filtered by supplier or organisation;
each format in this package (``csvfile``, ``jsonfile``, ``xlsx``, ``softwarecatalogus``) is an
:class:`Exporter` that writes that :class:`ExportData` to a file.

The verdict is the one of the deployment's report (``Report.exit_code()``: voldoet, voldoet niet, niet
vastgesteld); a target that could not be checked after its retries is ``niet vastgesteld``, never a pass.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from cgcomply.i18n import Text

if TYPE_CHECKING:
    from cgcomply.monitor.store.base import DeploymentRow, ResultRow, RunRow, Store

#: The deployment's verdict (``results.verdict``) as people read it.
VERDICT_TEXT: dict[str, Text] = {
    "pass": Text(nl="voldoet", en="complies"),
    "fail": Text(nl="voldoet niet", en="does not comply"),
    "undetermined": Text(nl="niet vastgesteld", en="not determined"),
    "manual": Text(nl="handmatig", en="manual review"),
}

#: How a target's check went (``results.state``).
STATE_TEXT: dict[str, Text] = {
    "done": Text(nl="gecontroleerd", en="checked"),
    "transient": Text(nl="tijdelijk niet bereikbaar", en="temporarily unreachable"),
    "failed": Text(nl="niet te controleren", en="could not be checked"),
}

YES_NO = {True: Text(nl="ja", en="yes"), False: Text(nl="nee", en="no")}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the tabular formats: a stable key (CSV header, JSON field) and its heading."""

    key: str
    heading: Text
    width: int = 18  # characters, for the spreadsheet


#: The columns of one deployment's row, in order (CSV, JSON and xlsx share them).
COLUMNS: tuple[Column, ...] = (
    Column("deployment", Text(nl="Deployment", en="Deployment"), 34),
    Column("supplier_id", Text(nl="Leverancier (id)", en="Supplier (id)"), 16),
    Column("supplier", Text(nl="Leverancier", en="Supplier"), 24),
    Column("product_id", Text(nl="Product (id)", en="Product (id)"), 16),
    Column("product", Text(nl="Product", en="Product"), 24),
    Column("product_version", Text(nl="Productversie", en="Product version"), 12),
    Column("organisation", Text(nl="Organisatie", en="Organisation"), 24),
    Column("environment", Text(nl="Omgeving", en="Environment"), 12),
    Column("base_url", Text(nl="URL van de API", en="API URL"), 40),
    Column("oas_url", Text(nl="URL van het OpenAPI-document", en="OpenAPI document URL"), 40),
    Column("verdict", Text(nl="Oordeel (code)", en="Verdict (code)"), 12),
    Column("verdict_text", Text(nl="Oordeel", en="Verdict"), 18),
    Column("state", Text(nl="Controle", en="Check"), 22),
    Column("attempts", Text(nl="Pogingen", en="Attempts"), 9),
    Column("checked_at", Text(nl="Gecontroleerd op", en="Checked at"), 26),
    Column("run_id", Text(nl="Run", en="Run"), 6),
    Column("profile_id", Text(nl="Eisenset", en="Profile"), 20),
    Column("standards", Text(nl="Geclaimde standaarden", en="Claimed standards"), 28),
    Column("standard_verdicts", Text(nl="Oordeel per standaard", en="Verdict per standard"), 34),
    Column("report_sha256", Text(nl="Rapport (sha256)", en="Report (sha256)"), 20),
    Column("report_url", Text(nl="Link naar het rapport", en="Link to the report"), 40),
    Column("retired", Text(nl="Uit gebruik", en="Retired"), 10),
    Column("error", Text(nl="Waarom niet gecontroleerd", en="Why not checked"), 30),
)


@dataclass(frozen=True, slots=True)
class StandardVerdict:
    """One VNG standard version verified for a deployment (``standard_results``)."""

    standard: str  # the standard's id, e.g. zgw-zaken
    version: str
    verdict: str  # as the report has it: voldoet | voldoet niet | niet vastgesteld
    report_sha256: str | None = None

    @property
    def ident(self) -> str:
        return f"{self.standard}@{self.version}"


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One deployment with its latest result (or none: never checked in a finished run)."""

    deployment: DeploymentRow
    result: ResultRow | None
    run: RunRow | None
    standard_verdicts: tuple[StandardVerdict, ...] = ()
    report_url: str | None = None

    @property
    def verdict(self) -> str:
        """pass | fail | undetermined | manual; undetermined when the deployment has no result yet."""
        return self.result.verdict if self.result is not None else "undetermined"

    def values(self, lang: str) -> dict[str, Any]:
        """The row as plain values by column key (texts in ``lang``; numbers stay numbers)."""
        d, r = self.deployment, self.result
        return {
            "deployment": d.key,
            "supplier_id": d.supplier_id,
            "supplier": d.supplier_name,
            "product_id": d.product_id,
            "product": d.product_name,
            "product_version": d.product_version,
            "organisation": d.organisation,
            "environment": d.environment,
            "base_url": d.base_url,
            "oas_url": d.oas_url,
            "verdict": self.verdict,
            "verdict_text": VERDICT_TEXT[self.verdict].get(lang)
            if self.verdict in VERDICT_TEXT
            else self.verdict,
            "state": STATE_TEXT[r.state].get(lang) if r is not None and r.state in STATE_TEXT else None,
            "attempts": r.attempts if r is not None else None,
            "checked_at": r.finished_at if r is not None else None,
            "run_id": r.run_id if r is not None else None,
            "profile_id": (r.profile_id if r is not None else None) or d.profile,
            "standards": " ".join(d.standards),
            "standard_verdicts": "; ".join(f"{s.ident}: {s.verdict}" for s in self.standard_verdicts),
            "report_sha256": r.report_sha256 if r is not None else None,
            "report_url": self.report_url,
            "retired": YES_NO[d.retired].get(lang),
            "error": r.error if r is not None else None,
        }


@dataclass(frozen=True, slots=True)
class ExportFilters:
    """Which deployments an export holds: by supplier (id or name) and organisation, case-insensitive;
    an empty tuple keeps all. ``run_id`` takes that run's results instead of the latest."""

    suppliers: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    run_id: int | None = None
    include_retired: bool = True

    def keeps(self, deployment: DeploymentRow) -> bool:
        if not self.include_retired and deployment.retired:
            return False
        if self.suppliers:
            names = {deployment.supplier_id.casefold(), deployment.supplier_name.casefold()}
            if not names & {s.casefold() for s in self.suppliers}:
                return False
        if self.organisations:
            if deployment.organisation is None:
                return False
            if deployment.organisation.casefold() not in {o.casefold() for o in self.organisations}:
                return False
        return True

    def as_dict(self) -> dict[str, Any]:
        return {
            "suppliers": list(self.suppliers),
            "organisations": list(self.organisations),
            "run_id": self.run_id,
            "include_retired": self.include_retired,
        }


@dataclass(frozen=True, slots=True)
class ExportData:
    """Everything one export writes."""

    rows: tuple[ExportRow, ...]
    filters: ExportFilters
    generated_at: str
    store: Store = field(repr=False)
    runs: tuple[RunRow, ...] = ()  # the runs the rows come from, oldest first

    def adr_version(self, row: ExportRow) -> str | None:
        """The ADR version the deployment's stored report was verified against (read from the store)."""
        if row.result is None:
            return None
        stored = self.store.result(row.result.run_id, row.deployment.key, with_report=True)
        data = stored.report_data if stored is not None else None
        version = data.get("adr_version") if isinstance(data, dict) else None
        return str(version) if version else None


def report_url(base: str | None, key: str, lang: str) -> str | None:
    """The published report of a deployment on the static site (``cgcomply monitor site``) under ``base``:
    ``{base}/{lang}/market/deployments/{key}/report.html``; None without a base."""
    if not base:
        return None
    from urllib.parse import quote

    return f"{base.rstrip('/')}/{lang}/market/deployments/{quote(key, safe='/')}/report.html"


def collect(
    store: Store,
    filters: ExportFilters | None = None,
    *,
    report_base_url: str | None = None,
    lang: str = "nl",
    generated_at: str | None = None,
) -> ExportData:
    """The latest verdict of every deployment that ``filters`` keeps, by deployment key."""
    from cgcomply.errors import MonitorError
    from cgcomply.report.model import now_iso

    filters = filters or ExportFilters()
    finished = [run for run in store.runs() if run.status == "finished"]
    if filters.run_id is not None:
        chosen = [run for run in store.runs() if run.id == filters.run_id]
        if not chosen:
            raise MonitorError(
                Text(
                    f"er is geen run {filters.run_id} in deze database",
                    f"there is no run {filters.run_id} in this database",
                ),
                source=store.url,
            )
        finished = chosen
    deployments = [d for d in store.deployments() if filters.keeps(d)]
    wanted = {d.key for d in deployments}
    latest: dict[str, tuple[ResultRow, RunRow]] = {}
    standards: dict[str, list[StandardVerdict]] = {}
    used: dict[int, RunRow] = {}
    for run in reversed(finished):  # newest first, until every deployment has its latest result
        missing = wanted - latest.keys()
        if not missing:
            break
        fresh = [row for row in store.results(run.id) if row.deployment_key in missing]
        if not fresh:
            continue
        used[run.id] = run
        fresh_keys = set()
        for row in fresh:
            latest[row.deployment_key] = (row, run)
            fresh_keys.add(row.deployment_key)
        for item in store.standard_rows(run.id):
            if item["deployment_key"] in fresh_keys:
                standards.setdefault(item["deployment_key"], []).append(
                    StandardVerdict(
                        str(item["standard"]),
                        str(item["version"]),
                        str(item["verdict"]),
                        item.get("report_sha256"),
                    )
                )
    rows = []
    for deployment in deployments:
        found = latest.get(deployment.key)
        result: ResultRow | None = found[0] if found is not None else None
        source: RunRow | None = found[1] if found is not None else None
        rows.append(
            ExportRow(
                deployment,
                result,
                source,
                tuple(standards.get(deployment.key, ())),
                report_url(report_base_url, deployment.key, lang) if result is not None else None,
            )
        )
    return ExportData(
        tuple(rows),
        filters,
        generated_at or now_iso(),
        store,
        tuple(sorted(used.values(), key=lambda run: run.id)),
    )


class Exporter(ABC):
    """One export format: a name for ``--format``, a file suffix, and :meth:`write`."""

    name: ClassVar[str]
    suffix: ClassVar[str]
    title: ClassVar[Text]
    needs_report_url: ClassVar[bool] = False

    @abstractmethod
    def write(self, data: ExportData, path: Path, lang: str) -> int:
        """Write the export to ``path``; the number of records written."""


def tabular(data: ExportData, lang: str, columns: Sequence[Column] = COLUMNS) -> Iterable[list[Any]]:
    """The rows' values in column order."""
    for row in data.rows:
        values = row.values(lang)
        yield [values[column.key] for column in columns]
