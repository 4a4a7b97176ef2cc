"""``cgcomply serve``: the local web app."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (this computer only)."
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: a free one)."
)
@click.option(
    "--db",
    default=None,
    metavar="DB",
    help="The monitor's history (SQLite file or postgresql:// URL) for the market dashboard and its JSON API.",
)
def serve(host: str, port: int, db: str | None) -> None:
    """Run the local web app: make a tender, and see the market dashboard with --db (Ctrl+C stops it)."""
    from cgcomply.web import serve as serve_app

    serve_app(host, port, db)
