"""Load an OpenAPI document (file or URL, JSON or YAML), keep line numbers, resolve ``$ref``s.

- JSON is parsed with the ``json`` module; line numbers come from a small scanner that reads the raw
  text along the asked pointer only (nothing is paid for when no line is asked for).
- YAML is parsed with rapidyaml (C++) and typed by YAML 1.2's core schema, as the official linter reads
  it (``oas/yaml_load.py``: ``0612345678`` is a number, ``yes``/``on`` are strings, keys are strings as
  Spectral makes them, aliases stay shared and count by their expanded size against a budget). Line
  numbers come lazily from the rapidyaml tree. Dates stay strings.
- The cyclic garbage collector is paused while a file is parsed.
- ``$ref``s are not inlined. :meth:`OasDocument.resolve` and :meth:`OasDocument.deref` follow them on
  demand (local pointers, relative files, URLs through ``--ref-map`` folders or allowed hosts; a
  document loaded from a URL may also fetch refs from its own host);
  :meth:`OasDocument.ref_problems` lists the ones that do not resolve, each at its file and line.

What loads: a mapping with ``openapi`` (kinds ``openapi-3.0``, ``openapi-3.1``; other versions give
kind ``unknown``), with ``swagger`` (``swagger-2.0``; the checks report that the ADR needs OAS 3), or,
with neither key, with ``paths``/``info``/``webhooks``/``components`` (kind ``unknown``, so the checks
can report the missing ``openapi`` field like the official ``openapi-root-exists`` rule). A JSON Schema,
an empty or unparseable file, a list or scalar at the top level, a file over the size cap, or a URL that
cannot be fetched raise :class:`~cgcomply.errors.DocumentError` with file, line and column where known.
"""

from __future__ import annotations

from cgcomply.oas.document import OasDocument, load_document, load_document_bytes
from cgcomply.oas.options import LoadOptions, parse_ref_map
from cgcomply.oas.refs import RefError, RefProblem, ResolvedRef

__all__ = [
    "LoadOptions",
    "OasDocument",
    "RefError",
    "RefProblem",
    "ResolvedRef",
    "load_document",
    "load_document_bytes",
    "parse_ref_map",
]
