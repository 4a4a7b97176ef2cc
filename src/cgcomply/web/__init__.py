"""The local web app (``cgcomply serve``): the procurement officer's pages, later the market dashboard.

Public API: :func:`create_app` (the Flask app) and :func:`serve` (run it on 127.0.0.1).
"""

from cgcomply.web.app import create_app, make_server, serve

__all__ = ["create_app", "make_server", "serve"]
