"""OFD (GB/T 33190, China's fixed-layout e-document format): text read from the XML in the zip.

An OFD file is a zip: ``OFD.xml`` names each document's ``Document.xml``, which lists
its pages; each page's ``Content.xml`` places ``TextObject``/``TextCode`` runs at
coordinates. Runs are ordered top to bottom, left to right, and those on one
baseline make a line; a line that reaches the right edge of the text continues on
the next (as in :mod:`kg.readers.pdf`). Ruled tables are not rebuilt from OFD
drawings: their cells come out as lines of text. The document's ``DocInfo``
(title, author, creation date) goes to the metadata.
"""

from __future__ import annotations

import posixpath
import zipfile

from ..errors import DocumentError
from .model import Block
from .pdf import Line, join_lines, strip_page_furniture

_NS = "{http://www.ofdspec.org/2016}"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name: str):
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _resolve(base: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def _floats(text: str | None) -> list[float]:
    out = []
    for piece in (text or "").split():
        try:
            out.append(float(piece))
        except ValueError:
            pass
    return out


def _page_lines(root) -> list[tuple[float, float, float, str]]:
    """(top, left, right, text) of every line on a page."""
    runs = []
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = _floats(obj.get("Boundary"))
        if len(box) < 4:
            continue
        x0, y0, _w, h = box[:4]
        size = float(obj.get("Size") or h or 3.5)
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x = x0 + (_floats(code.get("X")) or [0.0])[0]
            y = y0 + (_floats(code.get("Y")) or [size])[0]
            deltas = _floats(code.get("DeltaX"))
            width = sum(deltas[: len(code.text) - 1]) + size if deltas else size * len(code.text)
            runs.append((y, x, x + width, code.text, size))
    runs.sort(key=lambda r: (round(r[0], 1), r[1]))
    lines: list[list] = []
    for y, x, right, text, size in runs:
        if lines and abs(lines[-1][0] - y) <= size * 0.4:
            line = lines[-1]
            line[3] += text
            line[2] = max(line[2], right)
        else:
            lines.append([y, x, right, text])
    return [tuple(line) for line in lines]


def read_ofd(path, name: str) -> tuple[list[Block], dict]:
    """The blocks and metadata of an OFD file."""
    from lxml import etree

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(name, f"damaged OFD file ({exc})") from None
    meta: dict = {}
    pages: list[list[tuple[float, float, float, str]]] = []
    try:
        with zf:
            members = {n.lstrip("/"): n for n in zf.namelist()}
            entry = members.get("OFD.xml") or members.get("ofd.xml")
            root = etree.fromstring(zf.read(entry))
            for body in (c for c in root if _local(c.tag) == "DocBody"):
                info = _child(body, "DocInfo")
                if info is not None:
                    for key, field_name in (("title", "Title"), ("author", "Author"), ("created", "CreationDate")):
                        el = _child(info, field_name)
                        if el is not None and (el.text or "").strip() and key not in meta:
                            meta[key] = el.text.strip()
                doc_root = _child(body, "DocRoot")
                if doc_root is None or not (doc_root.text or "").strip():
                    continue
                doc_path = _resolve("", doc_root.text)
                document = etree.fromstring(zf.read(members[doc_path]))
                for page in document.iter():
                    if _local(page.tag) != "Page" or not page.get("BaseLoc"):
                        continue
                    page_path = _resolve(doc_path, page.get("BaseLoc"))
                    if not page_path.endswith(".xml"):
                        page_path = posixpath.join(page_path, "Content.xml")
                    if page_path not in members:
                        raise DocumentError(name, f"OFD page {page_path} is missing from the file")
                    pages.append(_page_lines(etree.fromstring(zf.read(members[page_path]))))
    except DocumentError:
        raise
    except (KeyError, TypeError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(name, f"damaged OFD file ({type(exc).__name__}: {exc})") from None
    if not any(pages):
        raise DocumentError(name, "OFD file without a text layer (scanned pages?): OCR is not supported")
    lines = [[Line(left, right, top, text) for top, left, right, text in page] for page in pages]
    return join_lines(strip_page_furniture(lines, text=lambda line: line.text)), meta
