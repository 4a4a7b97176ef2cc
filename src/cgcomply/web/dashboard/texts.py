"""Every text of the market dashboard and the static site, Dutch first (``d.name`` in the templates)."""

from __future__ import annotations

from typing import Final

from cgcomply.i18n import LanguageTexts, Text
from cgcomply.monitor.badge import VERDICT_TEXTS

_T = Text

TEXTS: Final[dict[str, Text]] = {
    "area": _T("Marktmonitor", "Market monitor"),
    "area_intro": _T(
        "Welke API's van leveranciers voldoen aan de API-standaarden en de Common Ground-eisen, en hoe "
        "verandert dat per meting: per leverancier, product, installatie en regel.",
        "Which suppliers' APIs meet the API standards and the Common Ground requirements, and how that "
        "changes from run to run: per supplier, product, deployment and rule.",
    ),
    "no_store": _T(
        "Er is geen meetgeschiedenis geopend. Start met: cgcomply serve --db monitor.sqlite",
        "No history of runs is open. Start with: cgcomply serve --db monitor.sqlite",
    ),
    "no_runs": _T(
        "Er zijn nog geen metingen. Voer eerst uit: cgcomply monitor run CATALOGUS --db DB",
        "There are no runs yet. First run: cgcomply monitor run CATALOGUE --db DB",
    ),
    "nav": _T("Marktmonitor", "Market monitor"),
    "nav_market": _T("Overzicht", "Overview"),
    "nav_rules": _T("Regels", "Rules"),
    "nav_runs": _T("Metingen", "Runs"),
    "nav_feed": _T("Atom-feed van wijzigingen", "Atom feed of changes"),
    "market_title": _T("De markt in één oogopslag", "The market at a glance"),
    "market_intro": _T(
        "Per installatie het oordeel van de laatste meting ({run}, {date}), per geclaimde standaard en per "
        "eis van het profiel. Kleur en tekst zeggen hetzelfde.",
        "Per deployment the verdict of the latest run ({run}, {date}), per standard claimed and per "
        "requirement of the profile. Colour and text say the same.",
    ),
    "summary_counts": _T(
        "{shown} van {total} installaties getoond: {passed} voldoen, {failed} voldoen niet, {other} niet "
        "vastgesteld of handmatig, {none} zonder resultaat.",
        "{shown} of {total} deployments shown: {passed} pass, {failed} fail, {other} not determined or "
        "manual, {none} without a result.",
    ),
    "filters": _T("Filteren en zoeken", "Filter and search"),
    "filter_q": _T("Zoeken", "Search"),
    "filter_q_hint": _T(
        "Naam van leverancier, product, organisatie, adres of sleutel",
        "Name of supplier, product, organisation, address or key",
    ),
    "filter_supplier": _T("Leverancier", "Supplier"),
    "filter_organisation": _T("Organisatie", "Organisation"),
    "filter_standard": _T("Standaard", "Standard"),
    "filter_verdict": _T("Oordeel", "Verdict"),
    "filter_any": _T("(alle)", "(all)"),
    "filter_apply": _T("Filter toepassen", "Apply filter"),
    "filter_reset": _T("Alles tonen", "Show all"),
    "filter_none_match": _T("Geen installatie past bij dit filter.", "No deployment matches this filter."),
    "col_deployment": _T("Installatie", "Deployment"),
    "col_supplier": _T("Leverancier", "Supplier"),
    "col_product": _T("Product", "Product"),
    "col_environment": _T("Omgeving", "Environment"),
    "col_organisation": _T("Organisatie", "Organisation"),
    "col_verdict": _T("Oordeel", "Verdict"),
    "col_date": _T("Datum", "Date"),
    "col_run": _T("Meting", "Run"),
    "col_standards": _T("Standaarden", "Standards"),
    "col_requirements": _T("Eisen", "Requirements"),
    "col_rule": _T("Regel", "Rule"),
    "col_title": _T("Omschrijving", "Description"),
    "col_adoption": _T("Voldoet (laatste meting)", "Pass (latest run)"),
    "col_passed": _T("Voldoet", "Pass"),
    "col_failed": _T("Voldoet niet", "Fail"),
    "col_other": _T("Overig", "Other"),
    "col_status": _T("Status", "Status"),
    "col_started": _T("Gestart", "Started"),
    "col_finished": _T("Klaar", "Finished"),
    "col_results": _T("Resultaten", "Results"),
    "col_state": _T("Toestand", "State"),
    "col_requirements_count": _T("Eisen voldaan", "Requirements met"),
    "matrix_caption": _T(
        "Oordeel per installatie, standaard en eis (laatste meting)",
        "Verdict per deployment, standard and requirement (latest run)",
    ),
    "matrix_scroll": _T("Tabel, horizontaal te schuiven", "Table, scrolls horizontally"),
    "not_claimed": _T("niet geclaimd of niet in het profiel", "not claimed or not in the profile"),
    "cell_title": _T("{deployment}, {column}: {verdict}", "{deployment}, {column}: {verdict}"),
    "product_title": _T("Product {name}", "Product {name}"),
    "product_intro": _T(
        "{supplier} · {count} installaties in de catalogus.",
        "{supplier} · {count} deployments in the catalogue.",
    ),
    "product_chart": _T(
        "Aandeel installaties dat voldoet, per meting", "Share of deployments that pass, per run"
    ),
    "product_feed": _T("Atom-feed van dit product", "Atom feed of this product"),
    "deployment_title": _T("Installatie {key}", "Deployment {key}"),
    "details": _T("Gegevens", "Details"),
    "field_supplier": _T("Leverancier", "Supplier"),
    "field_product": _T("Product en versie", "Product and version"),
    "field_organisation": _T("Organisatie", "Organisation"),
    "field_environment": _T("Omgeving", "Environment"),
    "field_base_url": _T("Adres van de API", "Address of the API"),
    "field_oas_url": _T("Adres van het OpenAPI-document", "Address of the OpenAPI document"),
    "field_standards": _T("Geclaimde standaarden", "Standards claimed"),
    "field_profile": _T("Profiel", "Profile"),
    "field_retired": _T("Buiten gebruik sinds meting {run}", "Retired since run {run}"),
    "history": _T("Geschiedenis", "History"),
    "history_chart": _T("Oordeel per meting", "Verdict per run"),
    "history_chart_desc": _T(
        "{count} metingen; laatste oordeel: {verdict}.", "{count} runs; latest verdict: {verdict}."
    ),
    "adoption_chart_desc": _T(
        "{count} metingen; in de laatste voldoen {passed} van {total}.",
        "{count} runs; in the latest {passed} of {total} pass.",
    ),
    "point_title": _T("Meting {run} ({date}): {verdict}", "Run {run} ({date}): {verdict}"),
    "adoption_point": _T(
        "Meting {run} ({date}): {passed} van {total} voldoen", "Run {run} ({date}): {passed} of {total} pass"
    ),
    "latest_report": _T("Rapport van de laatste meting", "Report of the latest run"),
    "open_report": _T("Rapport openen (meting {run})", "Open the report (run {run})"),
    "report_frame": _T("Het rapport van de laatste meting", "The report of the latest run"),
    "no_report": _T(
        "Van deze meting is geen rapport bewaard ({state}).", "No report was kept of this run ({state})."
    ),
    "badge": _T("Badge", "Badge"),
    "badge_hint": _T(
        "Plaats deze afbeelding op uw eigen site; hij toont het laatste oordeel en de datum.",
        "Put this image on your own site; it shows the latest verdict and the date.",
    ),
    "requirements_latest": _T("Eisen in de laatste meting", "Requirements in the latest run"),
    "standards_latest": _T("Standaarden in de laatste meting", "Standards in the latest run"),
    "change": _T("Wijziging", "Change"),
    "was": _T("was {verdict} in de meting ervoor", "was {verdict} in the run before"),
    "rules_title": _T("Regels: adoptie in de markt", "Rules: adoption across the market"),
    "rules_intro": _T(
        "Per controle (ADR) en per eis: hoeveel installaties voldoen in de laatste meting.",
        "Per check (ADR) and per requirement: how many deployments pass in the latest run.",
    ),
    "rules_checks": _T("Controles", "Checks"),
    "rules_requirements": _T("Eisen", "Requirements"),
    "rule_title": _T("Regel {rule}", "Rule {rule}"),
    "rule_chart": _T("Adoptie per meting", "Adoption per run"),
    "rule_latest": _T("Installaties in de laatste meting", "Deployments in the latest run"),
    "adoption_value": _T("{passed} van {total}", "{passed} of {total}"),
    "adoption_manual": _T("{count} handmatig", "{count} manual"),
    "runs_title": _T("Metingen", "Runs"),
    "col_webhooks": _T("Webhooks", "Webhooks"),
    "webhook_delivered": _T(
        "afgeleverd op {at} (HTTP {status}, poging {attempts})",
        "delivered at {at} (HTTP {status}, attempt {attempts})",
    ),
    "webhook_failed": _T(
        "niet afgeleverd na {attempts} poging(en): {error}",
        "not delivered after {attempts} attempt(s): {error}",
    ),
    "webhook_sending": _T(
        "niet afgerond: {attempts} poging(en) tot {at}, het afleveren werd onderbroken",
        "not completed: {attempts} attempt(s) until {at}, the delivery was cut off",
    ),
    "run_status_running": _T("loopt", "running"),
    "run_status_finished": _T("klaar", "finished"),
    "run_status_interrupted": _T("onderbroken", "interrupted"),
    "state_done": _T("klaar", "done"),
    "state_transient": _T("tijdelijke fout", "temporary failure"),
    "state_failed": _T("mislukt", "failed"),
    "status_error": _T("fout bij uitvoeren", "could not run"),
    "status_not_applicable": _T("niet van toepassing", "not applicable"),
    "feed_title": _T("cgcomply marktmonitor: wijzigingen", "cgcomply market monitor: changes"),
    "feed_product_title": _T("cgcomply marktmonitor: {product}", "cgcomply market monitor: {product}"),
    "feed_subtitle": _T(
        "Verbeteringen en verslechteringen per installatie tussen metingen",
        "Improvements and regressions per deployment between runs",
    ),
    "feed_entry_title": _T(
        "{deployment}: {verdict} (was {before})", "{deployment}: {verdict} (was {before})"
    ),
    "feed_entry_new": _T("{deployment}: nieuw, {verdict}", "{deployment}: new, {verdict}"),
    "feed_unconfirmed": _T(
        "{title}; niet bevestigd: tijdelijke fout na herhaalde pogingen",
        "{title}; not confirmed: a temporary failure after retries",
    ),
    "feed_entry_gone": _T("{deployment}: niet meer gemeten", "{deployment}: no longer measured"),
    "feed_summary": _T(
        "Meting {run}: {kind}. Eisen verbeterd: {improved}; verslechterd: {regressed}.",
        "Run {run}: {kind}. Requirements improved: {improved}; regressed: {regressed}.",
    ),
    "kind_improved": _T("verbeterd", "improved"),
    "kind_regressed": _T("verslechterd", "regressed"),
    "kind_unchanged": _T("ongewijzigd", "unchanged"),
    "kind_new": _T("nieuw", "new"),
    "kind_gone": _T("verdwenen", "gone"),
    "none_text": _T("geen", "none"),
    "site_footer": _T(
        "Gemaakt met cgcomply {version} op {date} uit de meetgeschiedenis; statische pagina's, werken ook offline.",
        "Made with cgcomply {version} on {date} from the history of runs; static pages, they work offline too.",
    ),
    "site_home": _T("Marktmonitor openen", "Open the market monitor"),
    "js_filter_note": _T(
        "Zonder JavaScript toont deze statische pagina alle installaties.",
        "Without JavaScript this static page shows every deployment.",
    ),
    **{f"verdict_{key}": text for key, text in VERDICT_TEXTS.items()},
}


class DashboardTexts(LanguageTexts):
    """The dashboard's texts of one language: ``d.name``, or ``d("name", x=1)`` with its parameters filled in."""

    __slots__ = ()

    def __init__(self, lang: str) -> None:
        super().__init__(lang, TEXTS, "dashboard")

    def verdict(self, verdict: str | None) -> str:
        """The word for a verdict or check status (``None``: no result)."""
        key = verdict or "none"
        for name in (f"verdict_{key}", f"status_{key}", f"state_{key}", f"run_status_{key}", f"kind_{key}"):
            if name in TEXTS:
                return TEXTS[name].get(self.lang)
        return key
