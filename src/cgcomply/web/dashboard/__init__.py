"""The market dashboard of the web app (read-only): pages, feeds, badges and the JSON API.

``pages`` holds one library function per page; ``views`` (the HTML pages, feeds and badges) and ``api``
(the JSON API under ``/monitor/api/v1``) are the Flask blueprints; :mod:`cgcomply.monitor.site` writes the
same pages as a static site.
"""

from cgcomply.web.app import Area
from cgcomply.web.dashboard.texts import TEXTS
from cgcomply.web.dashboard.views import bp

AREA = Area(title=TEXTS["area"], intro=TEXTS["area_intro"], endpoint="dashboard.market")

__all__ = ["AREA", "bp"]
