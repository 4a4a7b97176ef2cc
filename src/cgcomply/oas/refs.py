"""What ``$ref`` resolution gives back: a resolved target, an error, and a problem found in a document."""

from __future__ import annotations

from dataclasses import dataclass

from cgcomply.errors import DocumentError


@dataclass(frozen=True)
class ResolvedRef:
    """The target of a reference: its value, the file it is in, and its JSON pointer in that file.

    ``pointer`` is None when :meth:`OasDocument.deref` was given a node that is not a reference.
    """

    value: object
    file: str
    pointer: str | None


@dataclass(frozen=True)
class RefProblem:
    """A ``$ref`` that does not resolve: where it is written (file, pointer to the ``$ref`` member,
    1-based line and column) and why."""

    file: str
    pointer: str
    line: int | None
    column: int | None
    ref: str
    reason: str


class RefError(DocumentError):
    """A reference cannot be resolved. ``reason`` is the message without the location; ``cycle`` is
    true when a chain of ``$ref``s comes back to itself."""

    def __init__(
        self, reason: str, *, ref: str | None = None, source: str | None = None, cycle: bool = False
    ) -> None:
        self.reason = reason
        self.ref = ref
        self.cycle = cycle
        super().__init__(f"$ref {ref!r}: {reason}" if ref is not None else reason, source=source)
