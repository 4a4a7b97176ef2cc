"""The monitor's user-facing texts, Dutch first (``cgcomply.i18n.Text``): progress, summary, diff, history."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from cgcomply.i18n import Text

TEXTS: Mapping[str, Text] = MappingProxyType(
    {
        "catalogue-ok": Text(
            "{source}: {suppliers} leveranciers, {products} producten, {deployments} deployments; sha256:{sha256}",
            "{source}: {suppliers} suppliers, {products} products, {deployments} deployments; sha256:{sha256}",
        ),
        "run-started": Text(
            "run {run}: {total} deployments ({workers} tegelijk)",
            "run {run}: {total} deployments ({workers} at once)",
        ),
        "run-resumed": Text(
            "run {run} hervat: {kept} van {total} deployments al opgeslagen, die worden niet opnieuw gedaan",
            "run {run} resumed: {kept} of {total} deployments already stored, they are not redone",
        ),
        "progress": Text(
            "{done}/{total} klaar, {running} bezig; traagst: {slowest}",
            "{done}/{total} done, {running} running; slowest: {slowest}",
        ),
        "progress-bar": Text("deployments", "deployments"),
        "target-line": Text(
            "{done}/{total} {key}: {verdict}{extra}", "{done}/{total} {key}: {verdict}{extra}"
        ),
        "retry-line": Text(
            "{key}: tijdelijke fout ({error}); later in de run opnieuw",
            "{key}: temporary failure ({error}); retried later in the run",
        ),
        "run-finished": Text(
            "run {run} {status} in {seconds} s: {stored} opgeslagen, {kept} behouden; {verdicts}",
            "run {run} {status} in {seconds} s: {stored} stored, {kept} kept; {verdicts}",
        ),
        "run-retried": Text(
            "{count} keer opnieuw geprobeerd na een tijdelijke fout",
            "{count} retries after a temporary failure",
        ),
        "run-retired": Text(
            "buiten gebruik (document {after} runs achter elkaar weg): {keys}",
            "retired (document gone on {after} consecutive runs): {keys}",
        ),
        "summary-first": Text(
            "eerste run op deze database: nog niets om mee te vergelijken",
            "first run in this database: nothing to compare with yet",
        ),
        "summary-head": Text(
            "ten opzichte van run {before}: {improved} beter, {regressed} slechter, {unchanged} gelijk, {new} nieuw, {gone} weg",
            "compared with run {before}: {improved} improved, {regressed} regressed, {unchanged} unchanged, {new} new, {gone} gone",
        ),
        "summary-regressed": Text("slechter:", "regressed:"),
        "summary-improved": Text("beter:", "improved:"),
        "summary-more": Text("... en nog {count}", "... and {count} more"),
        "unconfirmed": Text(
            "(niet bevestigd: tijdelijke fout na herhalen)",
            "(not confirmed: temporary failure after retries)",
        ),
        "diff-head": Text(
            "run {a} ({a_at}) → run {b} ({b_at}): {improved} beter, {regressed} slechter, {unchanged} gelijk, {new} nieuw, {gone} weg",
            "run {a} ({a_at}) → run {b} ({b_at}): {improved} improved, {regressed} regressed, {unchanged} unchanged, {new} new, {gone} gone",
        ),
        "diff-targets": Text("per deployment", "per deployment"),
        "diff-requirements": Text("per eis (aantal deployments)", "per requirement (number of deployments)"),
        "diff-checks": Text("per controle (aantal deployments)", "per check (number of deployments)"),
        "diff-rule-line": Text(
            "{rule}: {improved} beter, {regressed} slechter, {unchanged} gelijk",
            "{rule}: {improved} improved, {regressed} regressed, {unchanged} unchanged",
        ),
        "history-head": Text("tijdlijn van {key}", "timeline of {key}"),
        "history-none": Text("geen resultaten voor {key}", "no results for {key}"),
        "rule-head": Text("{rule}: slaagt per run", "{rule}: passing per run"),
        "rule-line": Text(
            "run {run} ({at}): {passing} voldoen, {failing} voldoen niet, {other} anders; {rate}",
            "run {run} ({at}): {passing} pass, {failing} fail, {other} other; {rate}",
        ),
        "rule-none": Text("geen resultaten voor {rule}", "no results for {rule}"),
        "failing-head": Text(
            "voldoen niet aan {rule} in de laatste run, en sinds wanneer:",
            "fail {rule} in the latest run, and since when:",
        ),
        "failing-line": Text(
            "{supplier} ({key}): sinds run {run} ({since}), {count} runs achter elkaar",
            "{supplier} ({key}): since run {run} ({since}), {count} consecutive runs",
        ),
        "failing-none": Text(
            "geen enkele deployment voldoet niet aan {rule} in de laatste run",
            "no deployment fails {rule} in the latest run",
        ),
        "runs-line": Text(
            "run {run}: {status}, {started} – {finished}, {results}/{targets} resultaten",
            "run {run}: {status}, {started} – {finished}, {results}/{targets} results",
        ),
        "runs-none": Text("nog geen runs", "no runs yet"),
        "runs-webhook-delivered": Text(
            "  webhook {url}: afgeleverd op {at} (HTTP {status}, poging {attempts})",
            "  webhook {url}: delivered at {at} (HTTP {status}, attempt {attempts})",
        ),
        "runs-webhook-failed": Text(
            "  webhook {url}: NIET afgeleverd na {attempts} poging(en): {error}",
            "  webhook {url}: NOT delivered after {attempts} attempt(s): {error}",
        ),
        "runs-webhook-sending": Text(
            "  webhook {url}: niet afgerond ({attempts} poging(en) tot {at}; het proces stopte tijdens het "
            "afleveren): {error}",
            "  webhook {url}: not completed ({attempts} attempt(s) until {at}; the process stopped while "
            "delivering): {error}",
        ),
        "import-written": Text(
            "{count} deployments van {suppliers} leveranciers geschreven naar {path}",
            "{count} deployments of {suppliers} suppliers written to {path}",
        ),
        "import-skipped": Text("overgeslagen: {reason}", "skipped: {reason}"),
        "demo-servers": Text(
            "{count} voorbeeld-API's gestart op 127.0.0.1; catalogus: {path}",
            "{count} example APIs started on 127.0.0.1; catalogue: {path}",
        ),
        "demo-run": Text("run {number} van 2", "run {number} of 2"),
        "demo-change": Text(
            "tussen de runs verandert: {changes}",
            "between the runs: {changes}",
        ),
        "demo-done": Text(
            "klaar; de database is {db} (probeer: cgcomply monitor diff --db {db})",
            "done; the database is {db} (try: cgcomply monitor diff --db {db})",
        ),
    }
)

VERDICT_TEXTS: Mapping[str, Text] = MappingProxyType(
    {
        "pass": Text("voldoet", "pass"),
        "fail": Text("voldoet niet", "fail"),
        "undetermined": Text("niet vastgesteld", "undetermined"),
        "manual": Text("handmatig", "manual"),
        "none": Text("—", "—"),
        "improved": Text("beter", "improved"),
        "regressed": Text("slechter", "regressed"),
        "unchanged": Text("gelijk", "unchanged"),
        "new": Text("nieuw", "new"),
        "gone": Text("weg", "gone"),
        "finished": Text("klaar", "finished"),
        "running": Text("bezig (of afgebroken)", "running (or killed)"),
        "interrupted": Text("onderbroken", "interrupted"),
        "transient": Text("tijdelijke fout", "temporary failure"),
        "failed": Text("mislukt", "failed"),
        "done": Text("gedaan", "done"),
        "error": Text("fout bij uitvoeren", "error"),
        "not_applicable": Text("niet van toepassing", "not applicable"),
        "accepted": Text("geaccepteerd", "accepted"),
    }
)


def text(name: str, lang: str, /, **params: object) -> str:
    return TEXTS[name].render(lang, **params)  # type: ignore[arg-type]


def word(value: str | None, lang: str) -> str:
    """A verdict, state, status or kind in ``lang``."""
    found = VERDICT_TEXTS.get(value or "none")
    return found.get(lang) if found is not None else str(value)
