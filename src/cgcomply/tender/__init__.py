"""Profile -> tender documents: Programma van Eisen (Markdown, HTML, Word), eisenmatrix (Excel), JSON.

Public API (the CLI and the web page call these): :func:`render_tender` (text or bytes),
:func:`render_tender_bytes`, :func:`media_type`, :func:`default_file_name` and :data:`FORMATS`.
"""

from cgcomply.tender.render import FORMATS, default_file_name, media_type, render_tender, render_tender_bytes

__all__ = ["FORMATS", "default_file_name", "media_type", "render_tender", "render_tender_bytes"]
