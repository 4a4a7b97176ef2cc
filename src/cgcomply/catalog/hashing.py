"""The content hash of a profile: sha256 over its canonical JSON (sorted keys, no whitespace, UTF-8).

Comments, key order, quoting and indentation of the YAML do not change it; any change of content does.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def content_sha256(data: Any) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()
