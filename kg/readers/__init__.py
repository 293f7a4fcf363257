"""Reading plans as users have them: web pages, Word, WPS, PDF, OFD and plain text.

:func:`read_document` is the one entry point: it tells the format from the file's
content (:mod:`kg.readers.sniff`, not only its ending), runs that format's reader
and returns a :class:`FileDocument`: the text the extractors read, its blocks
(headings, paragraphs, tables) and the metadata found in the file. Plain text goes
through :func:`kg.document.read_document` (its decoder) unchanged.

==========  ==============================================================  ==========================
format      read with                                                       needs
==========  ==============================================================  ==========================
text        :mod:`kg.document` (UTF-8, UTF-16, GB18030)                     --
html        trafilatura: main content, headings, paragraphs, ``<table>``    (installed with kg)
docx        python-docx: paragraphs and tables in order, list numbers       (installed with kg)
doc, wps    LibreOffice headless -> .docx                                   ``soffice`` on the PATH
rtf, odt    LibreOffice headless -> .docx                                   ``soffice`` on the PATH
pdf         pypdfium2 text layer, pdfplumber ruled tables                   (installed with kg)
ofd         the XML inside the OFD zip                                      --
==========  ==============================================================  ==========================

Every table, whatever its format, is written into the text as tab-separated rows
under its header (:mod:`kg.readers.tables`), where the one table step of the
extractor (:mod:`kg.extract.tables`) reads one task per row.

A file that cannot be read raises :class:`~kg.errors.DocumentError` naming the file
and the problem (exit code 2 for the run; the other documents are still read).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .. import document as _text
from ..errors import DocumentError
from .model import Block, FileDocument, from_base, render_blocks
from .sniff import SUFFIXES, sniff

__all__ = ["read_document", "FileDocument", "Block", "sniff", "SUFFIXES", "plan_info", "READERS"]

READERS = ("text", "html", "docx", "doc", "wps", "rtf", "odt", "pdf", "ofd")
"""Formats :func:`read_document` reads."""

_UNREADABLE = {
    "zip": "a zip archive that is not a Word (.docx) or OFD file: unpack it and give kg the documents inside",
    "ole": "an Office file that is not a Word document (Excel or PowerPoint?): kg reads plans from text, "
           "web pages, Word, WPS, PDF and OFD files",
    "encrypted-office": "password-protected Office file: kg cannot read it (save an unprotected copy)",
}


def _blocks(kind: str, path: Path, data: bytes, name: str):
    if kind == "html":
        from .html import read_html

        return read_html(data, name)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(path, name)
    if kind in ("doc", "wps", "rtf", "odt"):
        from .office import read_office

        return read_office(path, name, kind)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, name)
    if kind == "ofd":
        from .ofd import read_ofd

        return read_ofd(path, name)
    raise DocumentError(name, _UNREADABLE.get(kind, f"unsupported file type ({kind})"))


def read_document(path: str | os.PathLike) -> FileDocument:
    """Read one file of any supported format; raise :class:`DocumentError` naming it when that fails."""
    path = Path(path)
    data = _text.read_file_bytes(path)
    name = str(path)
    kind = sniff(path, data)
    if kind == "text":
        try:
            return from_base(_text.read_document(path), format="text")
        except DocumentError as exc:
            if path.suffix.lower() in SUFFIXES:  # e.g. a ".pdf" that is no PDF at all
                raise DocumentError(name, f"named {path.suffix} but not such a file, nor text: {exc.problem}") from None
            raise
    if not data.strip():
        raise DocumentError(name, "empty file: no text to read")
    try:
        blocks, meta = _blocks(kind, path, data, name)
    except DocumentError:
        raise
    except Exception as exc:  # a reader library's own failure must name the file, not end the run
        raise DocumentError(name, f"cannot be read as {kind} ({type(exc).__name__}: {exc})") from None
    text, placed = render_blocks(blocks)
    if not text.strip():
        raise DocumentError(name, f"no text found in this {kind} file")
    return FileDocument(name=path.name, text=text, encoding=kind, path=name,
                        content_hash=hashlib.sha256(data).hexdigest(), format=kind, blocks=placed, metadata=meta)


def plan_info(doc):
    """What a file's own metadata says about the plan (date, publisher) as a partial PlanInfo, or None.

    Only web pages are trusted here: the gov.cn meta tags name the publication date
    and the publishing body, whereas a Word or PDF file's dates are those of the file.
    Titles are not taken from metadata: the reader puts a page's title into the text,
    where the extractor finds it with its usual rules.
    """
    from ..extract.model import PlanInfo

    meta = getattr(doc, "metadata", None) or {}
    if getattr(doc, "format", "text") != "html" or not (meta.get("date") or meta.get("publisher")):
        return None
    return PlanInfo(doc=doc.name, title=None, issuer=None, date=meta.get("date"), source=meta.get("publisher"))
