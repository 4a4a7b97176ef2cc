"""``--format softwarecatalogus``: a "compliancy" upsert file for the GEMMA Softwarecatalogus.

The Softwarecatalogus keeps, per product (module) version and *standaardversie*, the supplier's own claim
"voldoet ja/nee" with an optional proof (``bewijs``); its import takes CSV, JSON or Excel and updates a row
whose ``id`` it knows, else creates one (``../shared/research/monitoring.md`` §2.3-2.5; that this schema
accepts the ``_``-prefixed columns is not verified). This file is one record per product version ×
standard version, with what the monitor measured:

* ``module`` / ``_module``: product id and name; ``moduleVersie``: product version; ``_leverancier``;
* ``standaardversie`` (``NL GOV API Design Rules 2.2.0``), ``_standaard`` (id), ``_versie``;
* ``status``: ``Ondersteund`` when every checked deployment of that product version passes, ``Niet
  ondersteund`` when one fails, else ``Niet getest`` (not decided: unreachable, manual review, or claimed
  but not verified; a deployment whose check did not complete, state ``transient`` or ``failed``, decides
  nothing for any standard); ``_oordeel`` the same as voldoet / voldoet niet / niet vastgesteld;
* ``_datum`` (when it was checked), ``_rapport_sha256`` (the stored report's hash), ``bewijs`` (the link to
  the published report of the deployment that decides the status), ``_deployments`` (each with its verdict).

The standards of a deployment are the NL GOV API Design Rules at the version its report was verified
against (verdict: the deployment's verdict under its profile), the VNG standards its report verified
(``standard_results``), and the ones it claims in the catalogue but were not verified (``Niet getest``).
``-o FILE.csv`` writes CSV, any other name JSON (an array of records). ``id`` is empty: the monitor does not
know the catalogue's record ids.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from cgcomply.i18n import Text
from cgcomply.monitor.exports.base import ExportData, Exporter, ExportRow
from cgcomply.monitor.exports.csvfile import safe_text

ADR_ID = "nlgov-adr"
ADR_TITLE = "NL GOV API Design Rules"
#: The report's verdict words (``standard_results.verdict``) as the deployment verdict codes.
REPORTED = {"voldoet": "pass", "voldoet niet": "fail", "niet vastgesteld": "undetermined"}
STATUS = {"pass": "Ondersteund", "fail": "Niet ondersteund"}
NOT_TESTED = "Niet getest"
OORDEEL = {"pass": "voldoet", "fail": "voldoet niet"}
FIELDS = (
    "id",
    "module",
    "_module",
    "moduleVersie",
    "_leverancier",
    "standaardversie",
    "_standaard",
    "_versie",
    "status",
    "_oordeel",
    "_datum",
    "_rapport_sha256",
    "bewijs",
    "_deployments",
)


@dataclass(slots=True)
class _Evidence:
    key: str
    verdict: str  # pass | fail | undetermined | manual
    date: str | None
    report_sha256: str | None
    link: str | None


@dataclass(slots=True)
class _Record:
    supplier: str
    product_id: str
    product: str
    version: str | None
    standard: str
    standard_version: str
    title: str
    evidence: list[_Evidence] = field(default_factory=list)

    def verdict(self) -> str:
        verdicts = [e.verdict for e in self.evidence]
        if "fail" in verdicts:
            return "fail"
        if verdicts and all(v == "pass" for v in verdicts):
            return "pass"
        return "undetermined"

    def deciding(self) -> _Evidence | None:
        verdict = self.verdict()
        return next(
            (e for e in self.evidence if e.verdict == verdict), self.evidence[0] if self.evidence else None
        )

    def as_dict(self) -> dict[str, Any]:
        verdict = self.verdict()
        decides = self.deciding()
        return {
            "id": "",
            "module": self.product_id,
            "_module": self.product,
            "moduleVersie": self.version or "",
            "_leverancier": self.supplier,
            "standaardversie": f"{self.title} {self.standard_version}",
            "_standaard": self.standard,
            "_versie": self.standard_version,
            "status": STATUS.get(verdict, NOT_TESTED),
            "_oordeel": OORDEEL.get(verdict, "niet vastgesteld"),
            "_datum": (decides.date if decides else None) or "",
            "_rapport_sha256": (decides.report_sha256 if decides else None) or "",
            "bewijs": (decides.link if decides else None) or "",
            "_deployments": [
                {"deployment": e.key, "oordeel": OORDEEL.get(e.verdict, "niet vastgesteld"), "datum": e.date}
                for e in self.evidence
            ],
        }


def _title(ident: str, fallback: str) -> str:
    from cgcomply.errors import CgcomplyError
    from cgcomply.standards.registry import load_registry

    try:
        return load_registry().get(ident).title
    except CgcomplyError:
        return fallback


def records(data: ExportData) -> list[dict[str, Any]]:
    """The upsert records, by supplier, product, version and standard."""
    found: dict[tuple[str, str, str, str, str], _Record] = {}

    def add(row: ExportRow, standard: str, version: str, title: str, evidence: _Evidence) -> None:
        d = row.deployment
        key = (d.supplier_id, d.product_id, d.product_version or "", standard, version)
        record = found.get(key)
        if record is None:
            record = found[key] = _Record(
                d.supplier_name, d.product_id, d.product_name, d.product_version, standard, version, title
            )
        record.evidence.append(evidence)

    for row in data.rows:
        result = row.result
        date = result.finished_at if result is not None else None
        digest = result.report_sha256 if result is not None else None
        if result is not None:
            adr = data.adr_version(row)
            if adr:
                add(
                    row,
                    ADR_ID,
                    adr,
                    ADR_TITLE,
                    _Evidence(row.deployment.key, row.verdict, date, digest, row.report_url),
                )
        verified = set()
        for item in row.standard_verdicts:
            verified.add(item.ident)
            # a target that could not be checked (transient, failed) decides nothing, whatever its rows say
            code = (
                REPORTED.get(item.verdict, "undetermined")
                if result is not None and result.state == "done"
                else "undetermined"
            )
            evidence = _Evidence(row.deployment.key, code, date, item.report_sha256 or digest, row.report_url)
            add(row, item.standard, item.version, _title(item.ident, item.standard), evidence)
        for claimed in row.deployment.standards:
            standard, _, version = claimed.partition("@")
            if claimed in verified or not version:
                continue
            evidence = _Evidence(row.deployment.key, "undetermined", None, None, None)
            add(row, standard, version, _title(claimed, standard), evidence)
    return [found[key].as_dict() for key in sorted(found)]


class SoftwarecatalogusExporter(Exporter):
    name: ClassVar[str] = "softwarecatalogus"
    suffix: ClassVar[str] = ".json"
    title: ClassVar[Text] = Text(
        nl="compliancy-importbestand voor de GEMMA Softwarecatalogus",
        en="compliancy upsert file for the GEMMA Softwarecatalogus",
    )
    needs_report_url: ClassVar[bool] = True

    def write(self, data: ExportData, path: Path, lang: str) -> int:
        found = records(data)
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out)
                writer.writerow(FIELDS)
                for record in found:
                    record["_deployments"] = " ".join(
                        f"{d['deployment']}={d['oordeel']}" for d in record["_deployments"]
                    )
                    writer.writerow([safe_text(record[name]) for name in FIELDS])
        else:
            path.write_text(json.dumps(found, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return len(found)
