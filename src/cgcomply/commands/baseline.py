"""``cgcomply baseline``: accept today's findings, so that only new ones fail."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def baseline() -> None:
    """Baselines: accept today's findings, so that only new ones fail (cgcomply-baseline.json)."""


@baseline.command("create")
@click.argument("report_path", metavar="REPORT.json", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", default="cgcomply-baseline.json", show_default=True, help="File to write, or -."
)
def baseline_create(report_path: Path, output: str) -> None:
    """Record the stable id of every current finding (failure or warning) of a JSON report."""
    from cgcomply.baseline import create_baseline, read_report, write_baseline

    data = create_baseline(read_report(report_path))
    write_baseline(data, output)
    if output != "-":
        count = len(data["findings"])
        click.echo(f"baseline: {count} bevinding(en) / finding(s) -> {output}", err=True)
