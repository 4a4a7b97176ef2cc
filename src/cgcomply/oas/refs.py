"""What ``$ref`` resolution gives back: a resolved target, an error, and a problem found in a document."""

from __future__ import annotations

from dataclasses import dataclass

from cgcomply.errors import DocumentError
from cgcomply.i18n import Text


@dataclass(frozen=True)
class ResolvedRef:
    """The target of a reference: its value, the file it is in, and its JSON pointer in that file.

    ``pointer`` is None when :meth:`OasDocument.deref` was given a node that is not a reference.
    """

    value: object
    file: str
    pointer: str | None


# Why a reference does not resolve (RefError.kind, RefProblem.kind):
MISSING = "missing"  # the file or the JSON pointer does not exist
INVALID = "invalid"  # not a string, not a JSON pointer, unsupported scheme, target file unparseable
CYCLE = "cycle"  # a chain of $refs that comes back to itself
REMOTE_NOT_ALLOWED = "remote-not-allowed"  # a URL whose host is neither allowed nor mapped: not checked
UNREACHABLE = "unreachable"  # an allowed URL that could not be fetched (network, HTTP status, size)
# a reference that the document's origin may not read: a local file (or file: URL) from a document that
# came from a URL, a device, FIFO or /proc file, a scheme other than http(s): a failure, never fetched
REFUSED = "refused"


@dataclass(frozen=True)
class RefProblem:
    """A ``$ref`` that does not resolve: where it is written (file, pointer to the ``$ref`` member,
    1-based line and column), why, and the kind of reason (see the constants above).

    ``remote-not-allowed`` and ``unreachable`` mean the target could not be checked, not that it is
    wrong; a check may report those as undetermined rather than failed.
    """

    file: str
    pointer: str
    line: int | None
    column: int | None
    ref: str
    reason: str
    kind: str = MISSING
    text: Text | None = None  # the reason in Dutch and English, where the resolver has it


class RefError(DocumentError):
    """A reference cannot be resolved. ``reason`` is the message without the location (English);
    ``text``, where given, is the same reason in Dutch and English for reports; ``kind`` says why (see
    the constants above)."""

    def __init__(
        self,
        reason: str | Text,
        *,
        ref: str | None = None,
        source: str | None = None,
        kind: str = MISSING,
        text: Text | None = None,
    ) -> None:
        if isinstance(reason, Text):
            text = text or reason
            reason = reason.en
        self.reason = reason
        self.reason_text = text
        self.ref = ref
        self.kind = kind
        shown = text or Text(reason, reason)  # a reason of its own words (a quoted loader error)
        prefix = f"$ref {ref!r}: " if ref is not None else ""
        super().__init__(Text(prefix + shown.nl, prefix + shown.en), source=source)

    @property
    def cycle(self) -> bool:
        return self.kind == CYCLE
