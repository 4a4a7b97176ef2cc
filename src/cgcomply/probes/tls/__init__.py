"""``probe.tls``: TLS through sslyze, rated by the NCSC guidelines, with plain-HTTP and HSTS sub-tests.

* :mod:`.scan` runs sslyze (protocol versions from SSL 2.0, every cipher suite, curves, compression,
  renegotiation, certificate) inside a total deadline;
* :mod:`.ncsc` rates each item good / sufficient / phase out / insufficient;
* :mod:`.certificate` judges the chain of trust, the host name, the validity, the key and the signature;
* :mod:`.http` asks whether plain http:// is refused or redirected, and reads HSTS;
* :mod:`.texts` names the stable sub-tests and holds every text in Dutch and English;
* :mod:`.politeness` keeps to one scan per host at a time inside the host's HTTP limits.
"""

from __future__ import annotations

from typing import Any

from cgcomply.i18n import Message
from cgcomply.probes.base import Probe
from cgcomply.probes.tls.check import ADR_RULE_BY_VERSION, TLS_CHECK, tls_check_for
from cgcomply.probes.tls.probe import probe_tls
from cgcomply.probes.tls.texts import SUBTESTS
from cgcomply.results import CheckResult, Status


def run(ctx: Any) -> CheckResult:
    """Run the TLS probe on ``ctx.base_url`` with ``ctx.options``; never raises."""
    try:
        return probe_tls(
            ctx.base_url,
            ctx.options,
            verified_get=getattr(ctx, "get_json", None),
            session=getattr(ctx, "session", None),
        )
    except Exception as error:  # a crash is reported, never shown as a traceback
        reason = Message(f"{TLS_CHECK.id}:reason.crashed", {"reason": f"{type(error).__name__}: {error}"})
        return CheckResult(TLS_CHECK, Status.ERROR, reason=reason)


def _record(info: Any, adr_version: str | None) -> Any:
    return info if adr_version is None else tls_check_for(adr_version)


# The unit the registry finds (probes/base.py): after the HTTP probes; it still runs when the target was
# unreachable because of TLS (it says what is wrong there) and when every request was refused with 401/403
# (TLS needs no credentials); the scan can be switched off.
PROBE = Probe(
    info=TLS_CHECK,
    run=run,
    order=90,
    enabled=lambda options: options.tls_scan,
    runs_when_unreachable=lambda ctx: ctx.unreachable_kind == "tls",
    runs_when_auth_refused=True,
    record=_record,
)

__all__ = ["ADR_RULE_BY_VERSION", "PROBE", "SUBTESTS", "TLS_CHECK", "probe_tls", "run", "tls_check_for"]
