"""User-facing texts of the standards package, Dutch first (converts 1:1 to ``cgcomply.i18n.Text``)."""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("nl", "en")


@dataclass(frozen=True, slots=True)
class Text:
    nl: str
    en: str

    def render(self, lang: str = "nl", **params: object) -> str:
        template = self.en if lang == "en" else self.nl
        return template.format(**params) if params else template
