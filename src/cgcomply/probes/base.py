"""The probe contract: a live check is one :class:`Probe` unit, declared in its own module as ``PROBE``.

A probe module (``probes/<name>.py``, or a sub-package such as ``probes/tls/``) holds everything about its
check: the :class:`~cgcomply.results.CheckInfo` record (id, ADR rule, versions, level, what/why/fix), the
function ``run(ctx: ProbeContext) -> CheckResult`` and, in ``PROBE``, when and in which order the runner
runs it. The registry (:mod:`cgcomply.probes.registry`) finds the units; nothing else lists them, and no
other module names a probe's id.

A probe talks HTTP only through ``ctx`` (the run's :class:`~cgcomply.http.SafeClient` and session), never
raises for what the target does (a result with status ``error`` and a reason instead), and never closes
the client.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cgcomply.results import CheckInfo, CheckResult

if TYPE_CHECKING:
    from cgcomply.probes.context import ProbeContext
    from cgcomply.probes.options import ProbeOptions

ProbeFunction = Callable[["ProbeContext"], CheckResult]


def _always(options: ProbeOptions) -> bool:
    return True


def _never(ctx: ProbeContext) -> bool:
    return False


def _same_record(info: CheckInfo, adr_version: str | None) -> CheckInfo:
    return info


@dataclass(frozen=True, slots=True)
class Probe:
    """One live check.

    ``order``: the runner runs probes by ascending order (publish-openapi first: it fetches the document
    the others choose their requests from). ``enabled(options)``: whether a run with these options runs it
    (the TLS scan can be switched off, conformance is opt-in). ``runs_when_unreachable(ctx)``: whether it
    still runs when the target could not be reached (the TLS probe can say what is wrong after a TLS
    error). ``runs_when_auth_refused``: whether it still runs when every request was refused with 401/403.
    ``record(info, adr_version)``: the record under the rule id of one ADR version, when a rule was renamed.
    """

    info: CheckInfo
    run: ProbeFunction
    order: int
    enabled: Callable[[ProbeOptions], bool] = field(default=_always)
    runs_when_unreachable: Callable[[ProbeContext], bool] = field(default=_never)
    runs_when_auth_refused: bool = False
    record: Callable[[CheckInfo, str | None], CheckInfo] = field(default=_same_record)
    enable_option: str | None = None

    @property
    def id(self) -> str:
        return self.info.id

    def info_for(self, adr_version: str | None) -> CheckInfo:
        return self.record(self.info, adr_version)

    def applies_to(self, adr_version: str | None) -> bool:
        return adr_version is None or adr_version in self.info.adr_versions
