"""Which reader a file needs, told by its content (magic bytes, zip members, markup).

The file's ending is only a tie-breaker: a Word file saved as ``.txt`` or a web page
saved as ``.doc`` (both common on government sites) still reach the right reader.

>>> sniff_bytes(b"%PDF-1.7\\n...")
'pdf'
>>> sniff_bytes(b"\\xef\\xbb\\xbf<!DOCTYPE html><html><body>...")
'html'
>>> sniff_bytes("一、总体要求".encode("utf-8"))
'text'
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

FORMATS = ("text", "html", "docx", "doc", "wps", "odt", "rtf", "pdf", "ofd", "zip", "ole", "encrypted-office")
"""What :func:`sniff` can answer; ``zip``, ``ole`` and ``encrypted-office`` are containers kg does not read."""

SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".mht", ".docx", ".docm", ".doc", ".wps", ".wpt", ".odt", ".rtf",
            ".pdf", ".ofd")
"""File endings of the formats read besides plain text."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD = 4096

_HTML_START = re.compile(rb"^(?:\s|<!--.*?-->)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<html\b|<body\b|<head\b|<meta\s[^>]*charset", re.I)


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_ole(data: bytes, suffix: str) -> str:
    """An OLE2 compound file: a Word or WPS document, a password-protected OOXML file, or else."""
    if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
        return "encrypted-office"
    if _utf16("WordDocument") in data:
        return "wps" if suffix in (".wps", ".wpt") else "doc"
    if suffix in (".wps", ".wpt"):
        return "wps"
    return "ole"


_ZIP_FORMATS = {".docx": "docx", ".docm": "docx", ".ofd": "ofd", ".odt": "odt"}


def _sniff_zip(path: Path) -> str:
    """What a zip holds; a damaged zip is judged by its ending, so its reader names the problem."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "OFD.xml" in names or "ofd.xml" in names:
                return "ofd"
            if "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, EOFError):
        return _ZIP_FORMATS.get(path.suffix.lower(), "zip")
    return "zip"


def sniff_bytes(head: bytes, suffix: str = "") -> str:
    """The format of a file starting with ``head`` (zip files need :func:`sniff`)."""
    suffix = suffix.lower()
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return _sniff_ole(head, suffix)
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            body = body.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return "text"
    if _HTML_START.match(body) or (suffix in (".html", ".htm", ".shtml", ".xhtml") and _HTML_ANYWHERE.search(body)):
        return "html"
    if re.match(rb"\s*<\?xml[^>]*\?>\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", body, re.I | re.S):
        return "html"
    return "text"


def sniff(path: str | Path, data: bytes | None = None) -> str:
    """The format of the file at ``path`` (``data``: its bytes, when already read)."""
    path = Path(path)
    if data is None:
        with open(path, "rb") as fh:
            head = fh.read(HEAD)
    else:
        head = data[:HEAD]
    kind = sniff_bytes(head, path.suffix)
    if kind == "zip":
        return _sniff_zip(path)
    if kind in ("doc", "wps", "ole", "encrypted-office") and data is None:
        with open(path, "rb") as fh:  # the directory of an OLE file may sit anywhere in it
            return _sniff_ole(fh.read(), path.suffix.lower())
    if kind in ("doc", "wps", "ole", "encrypted-office") and data is not None:
        return _sniff_ole(data, path.suffix.lower())
    return kind
