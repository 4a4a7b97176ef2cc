"""Every text the web app shows, in Dutch and English (Dutch first).

Texts are :class:`cgcomply.i18n.Text` pairs. Templates get them as ``t.<name>`` for the page's language
(see :func:`texts`), ``t("name", x=1)`` with placeholders filled; a test checks every text with
:meth:`Text.problems` (both languages, the same ``{placeholders}``).
"""

from __future__ import annotations

from typing import Final

from cgcomply.i18n import LanguageTexts, Text

_T = Text

TEXTS: Final[dict[str, Text]] = {
    # ------------------------------------------------------------------ the app
    "app_name": _T("cgcomply", "cgcomply"),
    "app_tagline": _T(
        "Common Ground-eisen voor aanbestedingen en toetsing van API's",
        "Common Ground requirements for tenders and verification of APIs",
    ),
    "skip_to_content": _T("Naar de inhoud", "Skip to content"),
    "language": _T("Taal", "Language"),
    "other_language": _T("English", "Nederlands"),
    "other_language_hint": _T("Deze pagina in het Engels", "This page in Dutch"),
    "areas": _T("Onderdelen", "Sections"),
    "footer": _T(
        "cgcomply {version}, lokaal op deze computer; er gaat niets naar internet.",
        "cgcomply {version}, running locally on this computer; nothing is sent to the internet.",
    ),
    "home_title": _T("Welkom", "Welcome"),
    "home_intro": _T(
        "Deze lokale webtoepassing hoort bij cgcomply. Kies hieronder waarmee u aan de slag wilt.",
        "This local web application belongs to cgcomply. Choose below what you want to work on.",
    ),
    # ------------------------------------------------------------------ errors (HTTP)
    "error_title": _T("Er ging iets mis", "Something went wrong"),
    "error_back": _T("Terug naar het begin", "Back to the start"),
    "error_404": _T("Deze pagina bestaat niet.", "This page does not exist."),
    "error_405": _T(
        "Deze pagina kan niet zo worden opgevraagd. Gebruik de knoppen op de pagina.",
        "This page cannot be requested this way. Use the buttons on the page.",
    ),
    "error_413": _T(
        "Het verzonden bestand of formulier is te groot (hoogstens {limit}).",
        "The file or form sent is too large (at most {limit}).",
    ),
    "error_csrf": _T(
        "Het formulier is verlopen of kwam niet van deze pagina (beveiligingscode ontbreekt of klopt niet). "
        "Open de pagina opnieuw en probeer het nog eens.",
        "The form has expired or did not come from this page (security token missing or wrong). Open the "
        "page again and try once more.",
    ),
    "error_400": _T("Het verzoek is ongeldig.", "The request is invalid."),
    "error_host": _T(
        "Deze toepassing antwoordt alleen op het adres waarop zij gestart is.",
        "This application only answers on the address it was started on.",
    ),
    # ------------------------------------------------------------------ officer: area
    "officer_area": _T("Aanbesteding opstellen", "Draw up a tender"),
    "officer_area_intro": _T(
        "Stel de Common Ground-eisen voor uw aanbesteding samen en download het Programma van Eisen "
        "(Word), de eisenmatrix (Excel) en het profiel voor de leverancier.",
        "Put together the Common Ground requirements for your tender and download the statement of "
        "requirements (Word), the requirement matrix (Excel) and the profile for the supplier.",
    ),
    # ------------------------------------------------------------------ officer: start page
    "start_title": _T(
        "Aanbesteding opstellen: kies een startpunt", "Draw up a tender: choose a starting point"
    ),
    "start_intro": _T(
        "Begin met een van de meegeleverde profielen (eisensets) of met een profiel dat u eerder heeft "
        "opgeslagen. Daarna kiest u per eis of u die opneemt, in welke vorm en met hoeveel punten, en vult u "
        "de gegevens van de aanbesteding in.",
        "Start from one of the bundled profiles (requirement sets) or from a profile you saved before. Then "
        "choose, per requirement, whether to include it, in which form and with how many points, and fill "
        "in the details of the tender.",
    ),
    "bundled_title": _T("Meegeleverde profielen", "Bundled profiles"),
    "bundled_count": _T("{count} eisen", "{count} requirements"),
    "bundled_points": _T("{points} punten in de gunning", "{points} points in the award"),
    "start_with": _T("Begin met dit profiel", "Start with this profile"),
    "upload_title": _T("Eigen profiel openen", "Open your own profile"),
    "upload_label": _T("Profielbestand (YAML)", "Profile file (YAML)"),
    "upload_hint": _T(
        "Een profiel dat u eerder hier heeft gedownload of dat u van een collega kreeg; hoogstens {limit}.",
        "A profile you downloaded here before or received from a colleague; at most {limit}.",
    ),
    "upload_button": _T("Profiel openen", "Open profile"),
    "upload_missing": _T("Kies eerst een bestand.", "Choose a file first."),
    "upload_too_large": _T(
        "Het bestand is groter dan {limit}; een profiel is meestal enkele kilobytes.",
        "The file is larger than {limit}; a profile is usually a few kilobytes.",
    ),
    "upload_not_utf8": _T(
        "Het bestand is geen UTF-8-tekst (byte {position}). Sla het op als UTF-8 en probeer het opnieuw.",
        "The file is not UTF-8 text (byte {position}). Save it as UTF-8 and try again.",
    ),
    "upload_aliases": _T(
        "meer dan {limit} YAML-verwijzingen (*naam); een profiel heeft ze niet nodig en dit bestand wordt "
        "niet geopend",
        "more than {limit} YAML aliases (*name); a profile does not need them and this file is not opened",
    ),
    "upload_errors": _T(
        "Dit profiel kan niet worden geopend. Pas het bestand aan en probeer het opnieuw:",
        "This profile cannot be opened. Correct the file and try again:",
    ),
    "unknown_profile": _T(
        "Er is geen meegeleverd profiel met de naam {name}.", "There is no bundled profile named {name}."
    ),
    # ------------------------------------------------------------------ officer: editor
    "editor_title": _T("Aanbesteding opstellen", "Draw up a tender"),
    "editor_started_from": _T("Gestart vanuit: {source}", "Started from: {source}"),
    "steps": _T("Stappen", "Steps"),
    "step_details": _T("1. Gegevens van de aanbesteding", "1. Details of the tender"),
    "step_requirements": _T("2. Eisen kiezen", "2. Choose requirements"),
    "step_preview": _T("3. Voorbeeld en downloaden", "3. Preview and download"),
    "required": _T("verplicht", "required"),
    "optional": _T("optioneel", "optional"),
    "error_summary": _T(
        "Het profiel bevat {count} fout(en). Verbeter ze en probeer het opnieuw:",
        "The profile has {count} error(s). Correct them and try again:",
    ),
    "error_in_file": _T("{file}, regel {line}", "{file}, line {line}"),
    "upload_fix_below": _T(
        "Het profiel {file} is geopend, maar bevat fouten. Verbeter ze hieronder; daarna kunt u downloaden.",
        "The profile {file} is open but has errors. Correct them below; then you can download.",
    ),
    "warning": _T("Let op", "Note"),
    "warning_summary": _T(
        "{count} punt(en) om na te lopen; de documenten kunnen al worden gemaakt:",
        "{count} point(s) to look at; the documents can already be made:",
    ),
    "award_legend": _T("Gunning", "Award"),
    "award_hint": _T(
        "De punten van de wensen en kwaliteitsvragen hieronder tellen op tot de kwaliteitspunten; de prijs "
        "weegt met de prijspunten (beste prijs-kwaliteitverhouding).",
        "The points of the wishes and quality questions below add up to the quality points; price weighs "
        "with the price points (best price-quality ratio).",
    ),
    "award_quality": _T("Te verdelen kwaliteitspunten", "Quality points to distribute"),
    "award_quality_hint": _T(
        "Laat leeg om de som van de gekozen punten te nemen.",
        "Leave empty to take the sum of the points chosen.",
    ),
    "award_price": _T("Punten voor de prijs", "Points for price"),
    "award_price_hint": _T(
        "De laagste beoordeelde prijs krijgt deze punten, de andere naar verhouding.",
        "The lowest assessed price earns these points, the others in proportion.",
    ),
    "award_assessors_nl": _T("Wie beoordeelt (Nederlands)", "Who assesses (Dutch)"),
    "award_assessors_en": _T("Wie beoordeelt (Engels)", "Who assesses (English)"),
    "award_assessors_hint": _T(
        "Bijvoorbeeld: een beoordelingscommissie van drie deskundigen van de gemeente.",
        "For example: an assessment committee of three experts of the municipality.",
    ),
    "total_target": _T(" van {points} te verdelen", " of {points} to distribute"),
    "in_dutch": _T("Nederlands", "Dutch"),
    "in_english": _T("Engels", "English"),
    "parameter_range": _T("van {minimum} tot en met {maximum}", "from {minimum} to {maximum}"),
    "valid": _T(
        "Het profiel is geldig: {count} eisen, {points} punten in de gunning.",
        "The profile is valid: {count} requirements, {points} points in the award.",
    ),
    "profile_hash": _T("Profiel-hash", "Profile hash"),
    "profile_hash_hint": _T(
        "Deze hash staat in ieder document en in het profielbestand. De leverancier toetst met precies dit "
        "profiel; verandert u iets, dan verandert de hash.",
        "This hash is printed in every document and in the profile file. The supplier verifies with exactly "
        "this profile; if you change anything, the hash changes.",
    ),
    # details
    "municipality": _T(
        "Naam van de gemeente (opdrachtgever)", "Name of the municipality (contracting authority)"
    ),
    "municipality_hint": _T("Bijvoorbeeld: Gemeente Voorbeeldstad", "For example: Gemeente Voorbeeldstad"),
    "tender_name": _T("Naam van de aanbesteding", "Name of the tender"),
    "tender_reference": _T("Kenmerk", "Reference"),
    "tender_procedure": _T("Procedure", "Procedure"),
    "tender_contact": _T("Contact voor vragen", "Contact for questions"),
    "not_given": _T("(niet opgegeven)", "(not given)"),
    "procedure_openbaar": _T("openbaar", "openbaar (open procedure)"),
    "procedure_niet-openbaar": _T("niet-openbaar", "niet-openbaar (restricted procedure)"),
    "procedure_meervoudig onderhands": _T(
        "meervoudig onderhands", "meervoudig onderhands (multiple private tender)"
    ),
    "procedure_enkelvoudig onderhands": _T(
        "enkelvoudig onderhands", "enkelvoudig onderhands (single private tender)"
    ),
    "dates_legend": _T("Planning", "Schedule"),
    "dates_hint": _T(
        "Datum als JJJJ-MM-DD; laat leeg wat nog niet vaststaat.",
        "Date as YYYY-MM-DD; leave empty what is not yet fixed.",
    ),
    "date_publication": _T("Publicatie", "Publication"),
    "date_questions_deadline": _T("Sluiting vragen", "Deadline for questions"),
    "date_submission_deadline": _T("Sluiting inschrijving", "Deadline for submission"),
    "date_award": _T("Gunning", "Award"),
    "date_acceptance_test": _T("Acceptatietest", "Acceptance test"),
    "date_start": _T("Start", "Start"),
    "adr_version": _T("Versie van de NL GOV API Design Rules", "Version of the NL GOV API Design Rules"),
    "adr_version_hint": _T(
        "Gebruik de nieuwste versie, tenzij u een reden heeft voor een oudere.",
        "Use the newest version unless you have a reason for an older one.",
    ),
    "base_url": _T("Basis-URL van de API (testomgeving)", "Base URL of the API (test environment)"),
    "base_url_hint": _T(
        "Laat leeg als de inschrijver de URL in de inschrijving opgeeft.",
        "Leave empty when the tenderer gives the URL in the tender.",
    ),
    "profile_legend": _T("Profiel", "Profile"),
    "profile_legend_hint": _T(
        "Naam en versie van deze eisenset, zoals leveranciers die zien.",
        "Name and version of this requirement set, as suppliers see them.",
    ),
    "profile_id": _T(
        "Profiel-id (kleine letters, cijfers, streepjes)", "Profile id (lowercase letters, digits, hyphens)"
    ),
    "profile_version": _T("Versie van het profiel", "Version of the profile"),
    "profile_title_nl": _T("Titel (Nederlands)", "Title (Dutch)"),
    "profile_title_en": _T("Titel (Engels)", "Title (English)"),
    "profile_description_nl": _T("Omschrijving (Nederlands)", "Description (Dutch)"),
    "profile_description_en": _T("Omschrijving (Engels)", "Description (English)"),
    "probe_legend": _T("Instellingen voor de toetsing", "Settings for verification"),
    "probe_cors_open": _T(
        "Mag de API vanaf iedere website worden aangeroepen (CORS open)?",
        "May the API be called from any website (CORS open)?",
    ),
    "probe_cors_yes": _T("ja, de API is open", "yes, the API is open"),
    "probe_cors_no": _T("nee, alleen openapi.json is open", "no, only openapi.json is open"),
    "probe_origins": _T(
        "Toegestane websites (origins), één per regel", "Allowed websites (origins), one per line"
    ),
    "probe_origins_hint": _T(
        "Bijvoorbeeld: https://zaken.voorbeeldstad.nl", "For example: https://zaken.voorbeeldstad.nl"
    ),
    # requirements
    "requirements_intro": _T(
        "Kies per eis of u die opneemt. Een eis (knock-out) moet de oplossing halen; wensen en "
        "kwaliteitsvragen leveren punten op in de gunning; een uitvoeringsvoorwaarde geldt na de gunning.",
        "Choose per requirement whether to include it. A requirement (knock-out) must be met; wishes and "
        "quality questions earn points in the award; an execution condition applies after the award.",
    ),
    "forms_explained": _T("Wat betekenen de vormen?", "What do the forms mean?"),
    "form_help_eis": _T(
        "Knock-out: een inschrijving die hier niet aan voldoet, valt af.",
        "Knock-out: a tender that does not meet it is excluded.",
    ),
    "form_help_wens": _T(
        "Gunningscriterium: voldoet de oplossing aantoonbaar, dan krijgt de inschrijver de punten.",
        "Award criterion: if the solution demonstrably meets it, the tenderer gets the points.",
    ),
    "form_help_kwaliteitsvraag": _T(
        "Gunningscriterium: de inschrijver beschrijft zijn aanpak; een beoordelingscommissie geeft punten.",
        "Award criterion: the tenderer describes the approach; an evaluation committee awards points.",
    ),
    "form_help_uitvoeringsvoorwaarde": _T(
        "Geldt tijdens de uitvoering van het contract; de leverancier toont het na de gunning aan.",
        "Applies while the contract runs; the supplier shows it after the award.",
    ),
    "include": _T("Opnemen in de aanbesteding", "Include in the tender"),
    "in_short": _T("In het kort", "In short"),
    "why": _T("Waarom dit ertoe doet", "Why it matters"),
    "verification": _T("Hoe het wordt getoetst", "How it is verified"),
    "clause_texts": _T("Tekst in de aanbesteding", "Text in the tender"),
    "form": _T("Vorm", "Form"),
    "points": _T("Punten", "Points"),
    "points_hint": _T(
        "telt alleen bij een wens of kwaliteitsvraag", "counts only for a wish or quality question"
    ),
    "parameter_default": _T("standaard: {default}", "default: {default}"),
    "total": _T("Totaal in de gunning", "Total in the award"),
    "total_value": _T("{points} punten", "{points} points"),
    "selected_count": _T("{count} van {total} eisen gekozen", "{count} of {total} requirements chosen"),
    "theme_count": _T("{count} eisen", "{count} requirements"),
    # actions
    "action_check": _T("Controleren en voorbeeld tonen", "Check and show preview"),
    "action_update": _T("Bijwerken", "Update"),
    "downloads": _T("Downloaden", "Download"),
    "downloads_hint": _T(
        "De documenten zijn in de taal van deze pagina. Ieder bestand bevat de profiel-hash.",
        "The documents are in the language of this page. Every file carries the profile hash.",
    ),
    "download_docx": _T("Programma van Eisen (Word)", "Statement of requirements (Word)"),
    "download_xlsx": _T("Eisenmatrix (Excel)", "Requirement matrix (Excel)"),
    "download_html": _T("Programma van Eisen (HTML)", "Statement of requirements (HTML)"),
    "download_md": _T("Programma van Eisen (Markdown)", "Statement of requirements (Markdown)"),
    "download_yaml": _T("Profiel voor de leverancier (YAML)", "Profile for the supplier (YAML)"),
    "preview_title": _T("Voorbeeld van het Programma van Eisen", "Preview of the statement of requirements"),
    "preview_frame": _T("Voorbeeld van het document", "Preview of the document"),
    "preview_stale": _T(
        "U heeft iets gewijzigd na het voorbeeld; controleer opnieuw voor een nieuwe hash.",
        "You changed something after the preview; check again for a new hash.",
    ),
    "yaml_header": _T(
        "Profiel (eisenset) opgesteld met cgcomply {version}. Controleer met: cgcomply profile validate {file}",
        "Profile (requirement set) drawn up with cgcomply {version}. Check with: cgcomply profile validate {file}",
    ),
}


class UiTexts(LanguageTexts):
    """The officer's pages' texts of one language; ``t.name`` is the text, ``t("name", x=1)`` fills in its
    placeholders."""

    __slots__ = ()

    def __init__(self, lang: str) -> None:
        super().__init__(lang, TEXTS, "web")


def texts(lang: str) -> UiTexts:
    return UiTexts(lang)
