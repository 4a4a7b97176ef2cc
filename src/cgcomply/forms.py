"""The forms a requirement takes in a tender (procurement vocabulary shared by the catalogue and reports).

A knock-out ``eis`` and an ``uitvoeringsvoorwaarde`` bind: an offer that does not meet them is out (or in
breach after award). A ``wens`` and a ``kwaliteitsvraag`` are award criteria: they score points. This module
imports nothing, so reports can use it without loading the catalogue.
"""

from __future__ import annotations

FORMS: tuple[str, ...] = ("eis", "wens", "kwaliteitsvraag", "uitvoeringsvoorwaarde")
SCORED_FORMS: frozenset[str] = frozenset({"wens", "kwaliteitsvraag"})
