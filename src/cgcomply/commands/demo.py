"""``cgcomply demo`` and ``cgcomply demo-server``: the bundled example supplier API."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("cgcomply-demo"),
    show_default=True,
    help="Folder for the tender documents and reports.",
)
def demo(out_dir: Path) -> None:
    """Run the whole loop on the bundled example supplier API (the README's first command).

    Exits 0 when the demo ran; the verdict and the exit code ``verify`` would give are printed."""
    from cgcomply.demo.run import run_demo

    run_demo(out_dir)


@click.command("demo-server")
@click.option("--port", type=int, default=8080, show_default=True)
@click.option(
    "--break",
    "breaks",
    multiple=True,
    metavar="MODE",
    help="Break the API in a named way (repeatable); see --list-modes.",
)
@click.option("--list-modes", is_flag=True, help="List the named ways to break the API.")
def demo_server(port: int, breaks: tuple[str, ...], list_modes: bool) -> None:
    """Serve the bundled example supplier API on 127.0.0.1."""
    from cgcomply.demo.server import serve_forever_cli

    serve_forever_cli(port=port, breaks=breaks, list_modes=list_modes)
