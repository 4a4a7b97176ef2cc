"""``cgcomply demo``: the whole loop on the bundled example supplier API, in under a minute.

1. start the example API (``demo/server.py``) on a free 127.0.0.1 port, over HTTPS with a fresh test CA;
2. write the tender documents of the ``cg-basis`` profile (Markdown, HTML, Word, Excel, JSON);
3. verify the example API against that profile, as a supplier would in CI;
4. write the reports (HTML, JSON, Markdown, SARIF, JUnit, text), print the verdicts and where everything is;
5. stop the server.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from cgcomply.report.model import VERDICT_NL, Report, Verdict

TENDER_FORMATS = ("md", "html", "docx", "xlsx", "json")
REPORT_FORMATS = {"html": "html", "json": "json", "md": "md", "sarif": "sarif", "junit": "xml", "text": "txt"}
VERDICT_STYLE = {
    Verdict.PASS: "green",
    Verdict.FAIL: "red",
    Verdict.UNDETERMINED: "yellow",
    Verdict.MANUAL: "cyan",
}


def run_demo(out_dir: Path, *, breaks: tuple[str, ...] = (), console: Console | None = None) -> int:
    """Run the demo; return the exit code the verification has (``cgcomply verify``'s exit code: 0 only when
    every binding requirement is decided and met). The ``demo`` command itself exits 0 when the demo ran."""
    from cgcomply.catalog import load_profile
    from cgcomply.demo.server import start_demo_server
    from cgcomply.probes.options import ProbeOptions
    from cgcomply.report import write_report
    from cgcomply.resources import profiles_dir
    from cgcomply.tender.render import render_tender
    from cgcomply.verification import verify_profile

    console = console or Console(stderr=True, soft_wrap=True)
    started = time.monotonic()
    out_dir = out_dir.resolve()
    tender_dir, report_dir = out_dir / "aanbesteding", out_dir / "rapport"
    tender_dir.mkdir(parents=True, exist_ok=True)
    report_dir.mkdir(parents=True, exist_ok=True)
    profile_path = profiles_dir() / "cg-basis.yaml"

    with start_demo_server(port=0, breaks=breaks, workdir=out_dir / "server") as server:
        console.print(f"[bold]1.[/] Voorbeeld-API van de leverancier draait op [cyan]{server.base_url}[/]")

        profile = load_profile(profile_path)
        written: list[Path] = []
        for fmt in TENDER_FORMATS:
            content = render_tender(profile, fmt, "nl")
            target = tender_dir / f"programma-van-eisen.{fmt}"
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            written.append(target)
        console.print(
            f"[bold]2.[/] Aanbestedingsdocumenten van profiel cg-basis geschreven in [cyan]{tender_dir}[/]"
        )

        options = ProbeOptions(cacert=Path(server.ca_path) if server.ca_path else None)
        report = verify_profile(profile_path, base_url=server.base_url, document=None, options=options)
        console.print(f"[bold]3.[/] Voorbeeld-API geverifieerd tegen cg-basis (ADR {report.adr_version})")

        for fmt, extension in REPORT_FORMATS.items():
            write_report(
                report, fmt=fmt, output=str(report_dir / f"rapport.{extension}"), lang="nl", quiet=True
            )
    console.print(f"[bold]4.[/] Rapporten geschreven in [cyan]{report_dir}[/]; de voorbeeld-API is gestopt")

    _print_verdicts(report, console)
    from cgcomply.report.base import exit_meaning, overall_label

    code = report.exit_code()
    console.print(
        f"\n[bold]Eindoordeel:[/] {overall_label(report, 'nl')} "
        f"(cgcomply verify zou eindigen met afsluitcode {code}: {exit_meaning(report, 'nl', code)})"
    )
    console.print("\n[bold]Bestanden[/]")
    for path in [*written, *(report_dir / f"rapport.{ext}" for ext in REPORT_FORMATS.values())]:
        console.print(f"  {path}")
    console.print(
        f"\nProfiel [bold]{report.profile.id if report.profile else '-'}[/] "
        f"sha256:{report.profile.sha256 if report.profile else '-'}; "
        f"klaar in {time.monotonic() - started:.1f} s. Open {report_dir / 'rapport.html'} in een browser."
    )
    return report.exit_code()


def _print_verdicts(report: Report, console: Console) -> None:
    table = Table(title="Oordeel per eis (cg-basis)", show_lines=False)
    table.add_column("Eis")
    table.add_column("Titel")
    table.add_column("Oordeel")
    for requirement in report.requirements:
        style = VERDICT_STYLE[requirement.verdict]
        table.add_row(requirement.id, requirement.title.nl, f"[{style}]{VERDICT_NL[requirement.verdict]}[/]")
    console.print(table)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_demo(Path("cgcomply-demo")))
