"""What the monitor commands print: a diff, the summary after a run, timelines, adoption, runs.

Each view has a text form (in Dutch or English) and a JSON form (language-neutral ids and values). The
commands in ``monitor/cli.py`` call these; the library functions they show are in ``diff.py`` and
``store/base.py``.
"""

from __future__ import annotations

import json
from typing import Any

from cgcomply.monitor.diff import RunDiff, TargetChange
from cgcomply.monitor.run import RunSummary
from cgcomply.monitor.store.base import Store
from cgcomply.monitor.texts import text, word

SUMMARY_LIMIT = 15


def _change_line(change: TargetChange, lang: str, *, details: int = 3) -> str:
    line = f"  {change.key}: {word(change.before, lang)} → {word(change.after, lang)}"
    if not change.confirmed:
        line += " " + text("unconfirmed", lang)
    rules = [rule for rule in change.changed_requirements() if rule.kind in ("improved", "regressed")]
    if rules:
        shown = ", ".join(
            f"{rule.rule_id} {word(rule.before, lang)} → {word(rule.after, lang)}" for rule in rules[:details]
        )
        if len(rules) > details:
            shown += ", …"
        line += f" ({shown})"
    return line


def diff_text(diff: RunDiff, lang: str, *, all_targets: bool = True) -> str:
    counts = diff.counts()
    lines = [
        text(
            "diff-head",
            lang,
            a=diff.run_a,
            a_at=diff.run_a_started_at,
            b=diff.run_b,
            b_at=diff.run_b_started_at,
            **counts,
        ),
        "",
        text("diff-targets", lang),
    ]
    order = ("regressed", "improved", "new", "gone", "unchanged")
    for kind in order:
        targets = diff.of_kind(kind)
        if not targets or (kind == "unchanged" and not all_targets):
            continue
        lines.append(f" {word(kind, lang)} ({len(targets)}):")
        lines.extend(_change_line(change, lang) for change in targets)
    for title, summaries in (("diff-requirements", diff.requirements), ("diff-checks", diff.checks)):
        changed = [s for s in summaries if s.counts["improved"] or s.counts["regressed"]]
        lines += ["", text(title, lang)]
        for summary in changed or summaries[:0]:
            lines.append("  " + text("diff-rule-line", lang, rule=summary.rule_id, **summary.counts))
        if not changed:
            lines.append("  " + word("unchanged", lang))
    return "\n".join(lines)


def diff_json(diff: RunDiff) -> str:
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False)


def run_summary_text(summary: RunSummary, diff: RunDiff | None, lang: str) -> str:
    """The short summary on the terminal after a run: counts, then what regressed and what improved."""
    verdicts = ", ".join(f"{word(name, lang)} {count}" for name, count in sorted(summary.by_verdict.items()))
    lines = [
        text(
            "run-finished",
            lang,
            run=summary.run_id,
            status=word(summary.status, lang),
            seconds=summary.wall_seconds,
            stored=summary.stored,
            kept=summary.kept,
            verdicts=verdicts or "—",
        )
    ]
    if summary.retried:
        lines.append(text("run-retried", lang, count=summary.retried))
    if summary.retired:
        lines.append(text("run-retired", lang, after=summary.retire_after, keys=", ".join(summary.retired)))
    if diff is None:
        lines.append(text("summary-first", lang))
        return "\n".join(lines)
    lines.append(text("summary-head", lang, before=diff.run_a, **diff.counts()))
    for key, kind in (("summary-regressed", "regressed"), ("summary-improved", "improved")):
        changes = diff.of_kind(kind)
        if not changes:
            continue
        lines.append(text(key, lang))
        lines.extend(_change_line(change, lang) for change in changes[:SUMMARY_LIMIT])
        if len(changes) > SUMMARY_LIMIT:
            lines.append("  " + text("summary-more", lang, count=len(changes) - SUMMARY_LIMIT))
    return "\n".join(lines)


def history_text(store: Store, key: str, lang: str) -> str:
    points = store.history(key)
    if not points:
        return text("history-none", lang, key=key)
    lines = [text("history-head", lang, key=key)]
    for point in points:
        state = "" if point.state == "done" else f" ({word(point.state, lang)})"
        lines.append(f"  run {point.run_id} {point.run_started_at}: {word(point.verdict, lang)}{state}")
    return "\n".join(lines)


def history_json(store: Store, key: str) -> str:
    return json.dumps(
        {"key": key, "history": [_asdict(point) for point in store.history(key)]},
        indent=2,
        ensure_ascii=False,
    )


def rule_text(store: Store, rule: str, lang: str) -> str:
    points = store.adoption(rule)
    if not points:
        return text("rule-none", lang, rule=rule)
    lines = [text("rule-head", lang, rule=rule)]
    for point in points:
        rate = f"{point.rate:.0%}" if point.rate is not None else "—"
        lines.append(
            "  "
            + text(
                "rule-line",
                lang,
                run=point.run_id,
                at=point.run_started_at,
                passing=point.passing,
                failing=point.failing,
                other=point.other,
                rate=rate,
            )
        )
    failing = store.failing_since(rule)
    lines.append(failing_text(failing, rule, lang))
    return "\n".join(lines)


def rule_json(store: Store, rule: str) -> str:
    data = {
        "rule": rule,
        "adoption": [
            {**_asdict(point), "total": point.total, "rate": point.rate} for point in store.adoption(rule)
        ],
        "timeline": [_asdict(point) for point in store.check_history(rule)],
        "failing_since": [_asdict(item) for item in store.failing_since(rule)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def failing_text(failing: list[Any], rule: str, lang: str) -> str:
    if not failing:
        return text("failing-none", lang, rule=rule)
    lines = [text("failing-head", lang, rule=rule)]
    for item in failing:
        lines.append(
            "  "
            + text(
                "failing-line",
                lang,
                supplier=item.supplier_name,
                key=item.deployment_key,
                run=item.since_run,
                since=item.since,
                count=item.runs,
            )
        )
    return "\n".join(lines)


def runs_text(store: Store, lang: str) -> str:
    rows = store.runs()
    if not rows:
        return text("runs-none", lang)
    deliveries: dict[int, list[Any]] = {}
    for delivery in store.webhook_deliveries():
        deliveries.setdefault(delivery.run_id, []).append(delivery)
    lines: list[str] = []
    for row in rows:
        lines.append(
            text(
                "runs-line",
                lang,
                run=row.id,
                status=word(row.status, lang),
                started=row.started_at,
                finished=row.finished_at or "—",
                results=store.count_results(row.id),
                targets=row.targets,
            )
        )
        for delivery in deliveries.get(row.id, []):
            lines.append(
                text(
                    f"runs-webhook-{delivery.state}",
                    lang,
                    url=delivery.url,
                    at=delivery.delivered_at or delivery.updated_at,
                    status=delivery.status_code,
                    attempts=delivery.attempts,
                    error=delivery.last_error or "—",
                )
            )
    return "\n".join(lines)


def runs_json(store: Store) -> str:
    deliveries: dict[int, list[dict[str, Any]]] = {}
    for delivery in store.webhook_deliveries():
        item = _asdict(delivery)
        item.pop("run_id")
        item["statuses"] = list(delivery.statuses)
        deliveries.setdefault(delivery.run_id, []).append(item)
    rows = [
        {
            **_asdict(row),
            "results": store.count_results(row.id),
            "webhook_deliveries": deliveries.get(row.id, []),
        }
        for row in store.runs()
    ]
    return json.dumps({"runs": rows}, indent=2, ensure_ascii=False)


def _asdict(value: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(value)
