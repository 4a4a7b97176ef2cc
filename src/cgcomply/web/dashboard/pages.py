"""One library function per page of the market dashboard; the Flask views and the static site call them.

Each function takes a :class:`~cgcomply.web.dashboard.data.MarketReader` and the page's language and
returns a frozen view object the template renders; no page computes anything in its view or template.
``None`` means the page does not exist (an unknown deployment, product or rule: 404).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cgcomply.i18n import Text
from cgcomply.web.dashboard import charts
from cgcomply.web.dashboard.data import MarketReader, ResultInfo, RunInfo, TargetInfo, unique
from cgcomply.web.dashboard.texts import DashboardTexts

if TYPE_CHECKING:
    from cgcomply.monitor.store.base import WebhookDeliveryRow

#: The order of verdicts, worst first (the overview's summary and the facets keep it).
VERDICT_ORDER: tuple[str, ...] = ("fail", "undetermined", "manual", "pass", "none")
FILTER_KEYS: tuple[str, ...] = ("q", "supplier", "organisation", "standard", "verdict")


@dataclass(frozen=True, slots=True)
class Filters:
    q: str = ""
    supplier: str = ""
    organisation: str = ""
    standard: str = ""
    verdict: str = ""

    @classmethod
    def of(cls, args: Mapping[str, str]) -> Filters:
        return cls(**{key: (args.get(key) or "").strip()[:200] for key in FILTER_KEYS})

    @property
    def active(self) -> bool:
        return any(getattr(self, key) for key in FILTER_KEYS)


@dataclass(frozen=True, slots=True)
class Cell:
    verdict: str  # pass | fail | undetermined | manual | none | absent (not claimed / not in profile)
    label: str
    title: str
    symbol: str


@dataclass(frozen=True, slots=True)
class Row:
    target: TargetInfo
    verdict: str
    label: str
    date: str
    run_id: int | None
    standards: tuple[Cell, ...]
    requirements: tuple[Cell, ...]
    search: str  # lower-case text the search looks in (also for the static site's script)


@dataclass(frozen=True, slots=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class MarketView:
    run: RunInfo | None
    rows: tuple[Row, ...]
    total: int
    counts: dict[str, int]
    standard_columns: tuple[str, ...]
    requirement_columns: tuple[str, ...]
    facets: dict[str, tuple[Facet, ...]]
    filters: Filters


@dataclass(frozen=True, slots=True)
class HistoryRow:
    run_id: int
    date: str
    state: str
    verdict: str
    label: str
    met: int
    required: int
    error: str | None


@dataclass(frozen=True, slots=True)
class RequirementRow:
    id: str
    title: str
    verdict: str
    label: str
    before: str | None  # the verdict in the run before, when it differs


@dataclass(frozen=True, slots=True)
class DeploymentView:
    target: TargetInfo
    history: tuple[HistoryRow, ...]
    chart: str
    latest: ResultInfo | None
    requirements: tuple[RequirementRow, ...]
    standards: tuple[RequirementRow, ...]
    has_report: bool


@dataclass(frozen=True, slots=True)
class ProductView:
    supplier_id: str
    product_id: str
    name: str
    supplier: str
    rows: tuple[Row, ...]
    chart: str
    points: tuple[charts.AdoptionPoint, ...]


@dataclass(frozen=True, slots=True)
class RuleSummary:
    id: str
    kind: str  # check | requirement
    title: str
    passed: int
    total: int
    manual: int = 0  # of the total: waiting for a person (a functional rule), never a pass


@dataclass(frozen=True, slots=True)
class RulesView:
    run: RunInfo | None
    checks: tuple[RuleSummary, ...]
    requirements: tuple[RuleSummary, ...]


@dataclass(frozen=True, slots=True)
class RuleView:
    rule: RuleSummary
    adr_rule: str | None
    chart: str
    points: tuple[charts.AdoptionPoint, ...]
    latest: tuple[tuple[TargetInfo, str, str], ...]  # target, outcome, label


@dataclass(frozen=True, slots=True)
class RunRow:
    run: RunInfo
    counts: dict[str, int] = field(default_factory=dict)
    deliveries: tuple[DeliveryView, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryView:
    """One webhook delivery of a run, as the runs page shows it: only the receiver's origin (a webhook
    URL may carry a token in its path), its outcome as a verdict colour and a sentence."""

    origin: str
    verdict: str  # pass: delivered, fail: not delivered, undetermined: not completed
    text: str


SYMBOLS = {"pass": "✓", "fail": "✗", "undetermined": "?", "manual": "…", "none": "–", "absent": "·"}


def verdict_key(result: ResultInfo | None) -> str:
    """The verdict a deployment shows: its result's, ``none`` without one; a result that is not done
    (a temporary failure after its retries, a crash) is never a pass."""
    if result is None:
        return "none"
    if result.state != "done" or not result.verdict:
        return "undetermined"
    return result.verdict


def day(timestamp: str | None) -> str:
    return (timestamp or "")[:10]


# --------------------------------------------------------------------------- market overview


def market(reader: MarketReader, lang: str, filters: Filters | None = None) -> MarketView:
    """The market at a glance: every deployment of the latest run, by standard and requirement."""
    d = DashboardTexts(lang)
    filters = filters or Filters()
    run = reader.latest_run()
    targets = [t for t in reader.targets() if not t.retired]
    results = reader.results(run.id) if run else {}
    standard_columns = tuple(unique(s for t in targets for s in t.standards))
    requirement_columns = tuple(unique(r for res in results.values() for r in res.requirements))
    rows = [
        _row(d, target, results.get(target.key), standard_columns, requirement_columns) for target in targets
    ]
    facets = {
        "supplier": _facets([(r.target.supplier_id, r.target.supplier_name) for r in rows]),
        "organisation": _facets([(r.target.organisation, r.target.organisation) for r in rows]),
        "standard": _facets([(s, s) for r in rows for s in r.target.standards]),
        "verdict": tuple(
            Facet(v, d.verdict(v), sum(1 for r in rows if r.verdict == v)) for v in VERDICT_ORDER
        ),
    }
    for name, found in list(facets.items()):  # a chosen value stays choosable, also when nothing has it
        chosen = getattr(filters, name)
        if chosen and chosen not in {f.value for f in found}:
            facets[name] = (*found, Facet(chosen, chosen, 0))
    shown = [row for row in rows if matches(row, filters)]
    counts = Counter(row.verdict for row in shown)
    return MarketView(
        run=run,
        rows=tuple(shown),
        total=len(rows),
        counts={v: counts.get(v, 0) for v in VERDICT_ORDER},
        standard_columns=standard_columns,
        requirement_columns=requirement_columns,
        facets=facets,
        filters=filters,
    )


def _row(
    d: DashboardTexts,
    target: TargetInfo,
    result: ResultInfo | None,
    standard_columns: tuple[str, ...],
    requirement_columns: tuple[str, ...],
) -> Row:
    verdict = verdict_key(result)

    def cell(column: str, value: str | None, claimed: bool) -> Cell:
        if not claimed:
            key = "absent"
            label = d.not_claimed
        else:
            key = value if value else ("none" if result is None or result.state == "done" else "undetermined")
            label = d.verdict(key)
        title = d("cell_title", deployment=target.key, column=column, verdict=label)
        return Cell(key, label, title, SYMBOLS.get(key, "?"))

    standards = tuple(
        cell(column, (result.standards.get(column) if result else None), column in target.standards)
        for column in standard_columns
    )
    requirements = tuple(
        cell(
            column,
            result.requirements.get(column) if result else None,
            result is None or column in result.requirements,
        )
        for column in requirement_columns
    )
    return Row(
        target=target,
        verdict=verdict,
        label=d.verdict(verdict),
        date=day(result.finished_at if result else None),
        run_id=result.run_id if result else None,
        standards=standards,
        requirements=requirements,
        search=search_text(target),
    )


def search_text(target: TargetInfo) -> str:
    """What the search looks in, lower case: key, names, version, organisation, environment, address."""
    values = (
        target.key,
        target.supplier_name,
        target.product_name,
        target.product_version,
        target.organisation,
        target.environment,
        target.base_url,
    )
    return " ".join(v for v in values if v).lower()


def _facets(pairs: list[tuple[str | None, str | None]]) -> tuple[Facet, ...]:
    counts = Counter(value for value, _ in pairs if value)
    labels = {value: label or value for value, label in pairs if value}
    return tuple(
        Facet(value, labels[value], counts[value]) for value in sorted(counts, key=lambda v: labels[v])
    )


def matches(row: Row, filters: Filters) -> bool:
    target = row.target
    if filters.supplier and target.supplier_id != filters.supplier:
        return False
    if filters.organisation and target.organisation != filters.organisation:
        return False
    if filters.standard and filters.standard not in target.standards:
        return False
    if filters.verdict and row.verdict != filters.verdict:
        return False
    return all(word in row.search for word in filters.q.lower().split())


# --------------------------------------------------------------------------- one deployment


def deployment(reader: MarketReader, lang: str, key: str) -> DeploymentView | None:
    """A deployment's details, its verdict per run (a chart and a table) and its latest requirements."""
    d = DashboardTexts(lang)
    target = reader.target(key)
    if target is None:
        return None
    history = reader.history(key)
    runs = {run.id: run for run in reader.runs()}
    rows = []
    for result in history:
        verdict = verdict_key(result)
        run = runs.get(result.run_id)
        rows.append(
            HistoryRow(
                run_id=result.run_id,
                date=day(result.finished_at or (run.started_at if run else None)),
                state=result.state,
                verdict=verdict,
                label=d.verdict(verdict),
                met=sum(1 for v in result.requirements.values() if v == "pass"),
                required=len(result.requirements),
                error=result.error,
            )
        )
    chart = charts.verdict_strip(
        [
            charts.StripPoint(
                label=f"#{row.run_id} {row.date[5:]}".strip(),
                verdict=row.verdict,
                title=d("point_title", run=row.run_id, date=row.date, verdict=row.label),
            )
            for row in rows
        ],
        title=d.history_chart,
        description=d(
            "history_chart_desc", count=len(rows), verdict=rows[-1].label if rows else d.verdict(None)
        ),
    )
    latest = history[-1] if history else None
    before = history[-2] if len(history) > 1 else None
    titles = rule_titles(reader, lang)
    requirements = tuple(
        _requirement_row(
            d, rid, titles.get(rid, ("requirement", rid, None))[1], verdict, before, "requirements"
        )
        for rid, verdict in sorted((latest.requirements if latest else {}).items())
    )
    standards = tuple(
        _requirement_row(d, sid, sid, verdict, before, "standards")
        for sid, verdict in sorted((latest.standards if latest else {}).items())
    )
    has_report = bool(latest and reader.report(latest.run_id, key) is not None)
    return DeploymentView(
        target=target,
        history=tuple(reversed(rows)),
        chart=chart,
        latest=latest,
        requirements=requirements,
        standards=standards,
        has_report=has_report,
    )


def _requirement_row(
    d: DashboardTexts, rid: str, title: str, verdict: str, before: ResultInfo | None, attribute: str
) -> RequirementRow:
    earlier = getattr(before, attribute).get(rid) if before else None
    return RequirementRow(
        id=rid,
        title=title,
        verdict=verdict,
        label=d.verdict(verdict),
        before=d.verdict(earlier) if earlier and earlier != verdict else None,
    )


def report_html(reader: MarketReader, lang: str, key: str, run_id: int | None = None) -> str | None:
    """The stored report of a deployment (its latest run, or ``run_id``) rendered by the report's own HTML
    renderer (:mod:`cgcomply.report.html`); ``None`` when there is none."""
    from cgcomply.report.html import HtmlRenderer
    from cgcomply.report.model import Report

    if run_id is None:
        history = reader.history(key)
        if not history:
            return None
        run_id = history[-1].run_id
    data = reader.report(run_id, key)
    if data is None:
        return None
    return HtmlRenderer().render(Report.from_dict(data), lang)


# --------------------------------------------------------------------------- one product


def product(reader: MarketReader, lang: str, supplier_id: str, product_id: str) -> ProductView | None:
    """One product of one supplier: its deployments and the share of them that passes, per run."""
    d = DashboardTexts(lang)
    targets = [t for t in reader.targets() if t.product_id == product_id and t.supplier_id == supplier_id]
    if not targets:
        return None
    run = reader.latest_run()
    keys = [t.key for t in targets]
    results = reader.results(run.id, keys) if run else {}
    standard_columns = tuple(unique(s for t in targets for s in t.standards))
    rows = tuple(_row(d, t, results.get(t.key), standard_columns, ()) for t in targets)
    points = []
    for past in reader.runs():
        past_results = reader.results(past.id, keys)
        if not past_results:
            continue
        passed = sum(1 for r in past_results.values() if verdict_key(r) == "pass")
        date = day(past.finished_at or past.started_at)
        points.append(
            charts.AdoptionPoint(
                label=f"#{past.id} {date[5:]}".strip(),
                passed=passed,
                total=len(past_results),
                title=d("adoption_point", run=past.id, date=date, passed=passed, total=len(past_results)),
            )
        )
    chart = charts.adoption_chart(
        points,
        title=d.product_chart,
        description=d(
            "adoption_chart_desc",
            count=len(points),
            passed=points[-1].passed if points else 0,
            total=points[-1].total if points else 0,
        ),
    )
    return ProductView(
        supplier_id=supplier_id,
        product_id=product_id,
        name=targets[0].product_name,
        supplier=targets[0].supplier_name,
        rows=rows,
        chart=chart,
        points=tuple(points),
    )


# --------------------------------------------------------------------------- rules


def catalogue_titles() -> dict[str, tuple[str, Text, str | None]]:
    """Check and requirement titles (both languages): rule id -> (kind, title, ADR rule id)."""
    from cgcomply.catalog import load_catalog
    from cgcomply.checks.registry import all_static_checks
    from cgcomply.probes.registry import all_live_checks

    found: dict[str, tuple[str, Text, str | None]] = {}
    for check in all_static_checks():
        found[check.info.id] = ("check", check.info.title, check.info.adr_rule)
    for info in all_live_checks():
        found[info.id] = ("check", info.title, info.adr_rule)
    for requirement in load_catalog():
        found[requirement.id] = ("requirement", requirement.title, None)
    return found


def rule_titles(reader: MarketReader, lang: str) -> dict[str, tuple[str, str, str | None]]:
    """Rule id -> (kind, title in ``lang``, ADR rule id); read once per reader."""
    titles = reader.memo("titles", catalogue_titles)
    return {rid: (kind, title.get(lang), adr) for rid, (kind, title, adr) in titles.items()}


def rules(reader: MarketReader, lang: str) -> RulesView:
    """Every check and requirement with a result, with its adoption in the latest run."""
    run = reader.latest_run()
    checks, requirements = reader.rule_ids()
    titles = rule_titles(reader, lang)
    statuses = reader.check_statuses(run.id) if run else {}
    results = reader.results(run.id) if run else {}

    def summary(rid: str, kind: str, outcomes: list[str]) -> RuleSummary:
        return RuleSummary(
            id=rid,
            kind=kind,
            title=titles.get(rid, (kind, rid, None))[1],
            passed=sum(1 for o in outcomes if o == "pass"),
            total=len(outcomes),
            manual=sum(1 for o in outcomes if o == "manual"),
        )

    return RulesView(
        run=run,
        checks=tuple(summary(c, "check", [s[c] for s in statuses.values() if c in s]) for c in checks),
        requirements=tuple(
            summary(
                r, "requirement", [res.requirements[r] for res in results.values() if r in res.requirements]
            )
            for r in requirements
        ),
    )


def rule(reader: MarketReader, lang: str, rule_id: str) -> RuleView | None:
    """One check or requirement: its adoption per run (chart and table) and the latest outcome per
    deployment."""
    d = DashboardTexts(lang)
    history = reader.adoption(rule_id)
    if not history:
        return None
    kind, title, adr_rule = rule_titles(reader, lang).get(rule_id, ("check", rule_id, None))
    points = tuple(
        charts.AdoptionPoint(
            label=f"#{p.run_id} {day(p.date)[5:]}".strip(),
            passed=p.passed,
            total=p.total,
            title=d("adoption_point", run=p.run_id, date=day(p.date), passed=p.passed, total=p.total),
        )
        for p in history
    )
    chart = charts.adoption_chart(
        points,
        title=d.rule_chart,
        description=d(
            "adoption_chart_desc", count=len(points), passed=points[-1].passed, total=points[-1].total
        ),
    )
    last = history[-1]
    outcomes = reader.rule_outcomes(rule_id, last.run_id)
    targets = {t.key: t for t in reader.targets()}
    latest = tuple(
        (targets[key], outcome, d.verdict(outcome))
        for key, outcome in sorted(outcomes.items())
        if key in targets
    )
    return RuleView(
        rule=RuleSummary(rule_id, kind, title, last.passed, last.total),
        adr_rule=adr_rule,
        chart=chart,
        points=points,
        latest=latest,
    )


# --------------------------------------------------------------------------- runs


def runs(reader: MarketReader, lang: str) -> tuple[RunRow, ...]:
    """Every run, newest first, with its counts per verdict and its webhook deliveries."""
    counts = reader.verdict_counts()
    deliveries: dict[int, list[DeliveryView]] = {}
    for delivery in reader.webhook_deliveries():
        deliveries.setdefault(delivery.run_id, []).append(_delivery_view(delivery, lang))
    return tuple(
        RunRow(
            run=run,
            counts={v: counts.get(run.id, {}).get(v, 0) for v in VERDICT_ORDER if v != "none"},
            deliveries=tuple(deliveries.get(run.id, ())),
        )
        for run in reversed(reader.runs())
    )


def _delivery_view(delivery: WebhookDeliveryRow, lang: str) -> DeliveryView:
    from urllib.parse import urlsplit

    parts = urlsplit(delivery.url)
    origin = f"{parts.scheme}://{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    d = DashboardTexts(lang)
    verdict = {"delivered": "pass", "failed": "fail"}.get(delivery.state, "undetermined")
    at = (delivery.delivered_at or delivery.updated_at or "")[:16].replace("T", " ")
    text = d(
        f"webhook_{delivery.state}",
        status=delivery.status_code,
        attempts=delivery.attempts,
        error=delivery.last_error or "—",
        at=at,
    )
    return DeliveryView(origin=origin, verdict=verdict, text=text)
