"""The procurement officer's pages: make a tender from a profile and download its documents."""

from cgcomply.web.app import Area
from cgcomply.web.officer.views import bp
from cgcomply.web.texts import TEXTS

AREA = Area(title=TEXTS["officer_area"], intro=TEXTS["officer_area_intro"], endpoint="officer.start")

__all__ = ["AREA", "bp"]
