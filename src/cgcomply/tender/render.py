"""``cgcomply tender``: a profile -> Programma van Eisen (md, html, docx), eisenmatrix (xlsx) or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from cgcomply.catalog.export import profile_to_dict
from cgcomply.catalog.labels import labels
from cgcomply.catalog.model import Profile
from cgcomply.catalog.views import load_profile_for_command
from cgcomply.errors import UsageError
from cgcomply.i18n import Text
from cgcomply.tender.document import build_document
from cgcomply.tender.templating import render_template

TEXT_FORMATS = ("md", "html", "json")
BINARY_FORMATS = ("docx", "xlsx")
FORMATS = TEXT_FORMATS + BINARY_FORMATS


def render_tender(profile: Profile, fmt: str, lang: str = "nl", templates: str | None = None) -> str | bytes:
    """The document in ``fmt``: text for md/html/json, bytes for docx/xlsx."""
    if fmt not in FORMATS:
        raise UsageError(
            Text(
                f"onbekend aanbestedingsformaat {fmt!r}; kies uit {', '.join(FORMATS)}",
                f"unknown tender format {fmt!r}; choose one of {', '.join(FORMATS)}",
            )
        )
    if fmt == "json":
        return json.dumps(profile_to_dict(profile, profile.catalog), ensure_ascii=False, indent=2) + "\n"
    doc = build_document(profile, lang, templates)
    if fmt == "md":
        return render_template("tender/programma-van-eisen.md.j2", templates, doc=doc)
    if fmt == "html":
        return render_template("tender/programma-van-eisen.html.j2", templates, doc=doc)
    if fmt == "docx":
        from cgcomply.tender.docx_writer import render_docx

        return render_docx(doc)
    from cgcomply.tender.xlsx_writer import render_xlsx

    return render_xlsx(doc)


MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_tender_bytes(profile: Profile, fmt: str, lang: str = "nl", templates: str | None = None) -> bytes:
    """:func:`render_tender` as bytes (text formats in UTF-8), for a download."""
    content = render_tender(profile, fmt, lang, templates)
    return content.encode("utf-8") if isinstance(content, str) else content


def media_type(fmt: str) -> str:
    """The media type of a tender format, for a download's Content-Type."""
    if fmt not in MEDIA_TYPES:
        raise UsageError(
            Text(
                f"onbekend aanbestedingsformaat {fmt!r}; kies uit {', '.join(FORMATS)}",
                f"unknown tender format {fmt!r}; choose one of {', '.join(FORMATS)}",
            )
        )
    return MEDIA_TYPES[fmt]


def default_file_name(profile: Profile, fmt: str, lang: str) -> str:
    t = labels(lang)
    if fmt == "xlsx":
        return f"{profile.id}-{t['file_matrix']}.xlsx"
    if fmt == "json":
        return f"{profile.id}-profiel.json" if lang == "nl" else f"{profile.id}-profile.json"
    stem = "programma-van-eisen" if lang == "nl" else "statement-of-requirements"
    return f"{profile.id}-{stem}.{fmt}"


def write_tender(
    profile_path: Path | str,
    fmt: str = "md",
    lang: str = "nl",
    output: str | None = None,
    catalog_dir: Path | str | None = None,
    strict: bool = False,
) -> Path | None:
    """Render and write; ``output`` ``-`` is stdout (text formats only); ``None`` a default file name in the
    current folder, whose path is printed on stderr. Returns the path written, or None for stdout."""
    if output == "-" and fmt in BINARY_FORMATS:
        raise UsageError(
            Text(
                f"--format {fmt} is een binair bestand en kan niet naar stdout; geef -o BESTAND",
                f"--format {fmt} is a binary file and cannot go to stdout; give -o FILE",
            )
        )
    profile = load_profile_for_command(profile_path, catalog_dir, strict, lang)
    content = render_tender(profile, fmt, lang)
    if output == "-":
        assert isinstance(content, str)
        sys.stdout.write(content)
        sys.stdout.flush()
        return None
    target = Path(output) if output else Path.cwd() / default_file_name(profile, fmt, lang)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target.write_bytes(data)
    except OSError as error:
        raise UsageError(
            Text(
                f"kan het document niet schrijven: {error.strerror}",
                f"cannot write the document: {error.strerror}",
            ),
            source=str(target),
        ) from None
    sys.stderr.write(f"{target}\n")
    return target
