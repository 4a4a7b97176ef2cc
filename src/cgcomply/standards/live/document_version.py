"""``live.document-version``: the API publishes its document, and that document claims the standard's version."""

from __future__ import annotations

import json

from cgcomply.i18n import Param, Text
from cgcomply.standards.live.base import FAIL, MUST, PASS, LiveResult, live_check
from cgcomply.standards.live.context import LiveRun


def _run(run: LiveRun) -> LiveResult:
    for name in ("openapi.json", "openapi.yaml"):
        exchange = run.get(run.url("/" + name))
        if exchange.status == 200 and exchange.body:
            try:
                import yaml

                data = json.loads(exchange.body) if name.endswith("json") else yaml.safe_load(exchange.body)
            except Exception:
                data = None
            info = data.get("info") if isinstance(data, dict) else None
            version = str(info.get("version")) if isinstance(info, dict) else None
            evidence: list[Param] = [exchange.describe()]
            if version == run.standard.version:
                return CHECK.result(PASS, "claims", evidence, name=name, version=version)
            return CHECK.result(
                FAIL, "other-version", evidence, name=name, version=version, expected=run.standard.version
            )
    return CHECK.result(FAIL, "missing", run.log[-2:])


CHECK = live_check(
    "live.document-version",
    level=MUST,
    order=10,
    title=Text(
        "Gepubliceerd document claimt de versie van de standaard",
        "Published document claims the standard's version",
    ),
    what=Text(
        "Haalt <basis-URL>/openapi.json (of openapi.yaml) op en vergelijkt info.version met de versie van "
        "de standaard.",
        "Fetches <base URL>/openapi.json (or openapi.yaml) and compares info.version with the standard's "
        "version.",
    ),
    why=Text(
        "De ZGW-standaarden eisen dat de API zijn OAS publiceert onder <API-root>/openapi.json; een client "
        "leest daar welke versie hij spreekt.",
        "The ZGW standards require the API to publish its OAS at <API root>/openapi.json; a client reads "
        "there which version it talks to.",
    ),
    fix=Text(
        "Publiceer het document onder de API-root en zet info.version op de versie van de standaard die "
        "de API implementeert.",
        "Publish the document under the API root and set info.version to the version of the standard the "
        "API implements.",
    ),
    messages={
        "claims": Text("{name}: info.version {version}", "{name}: info.version {version}"),
        "other-version": Text(
            "{name} claimt versie {version}, de standaard is {expected}",
            "{name} claims version {version}, the standard is {expected}",
        ),
        "missing": Text(
            "geen openapi.json of openapi.yaml onder de basis-URL",
            "no openapi.json or openapi.yaml under the base URL",
        ),
    },
)(_run)
