"""Word documents (.docx): paragraphs and tables in document order (python-docx).

Automatic list numbers are put back in front of their paragraphs
(:mod:`kg.readers.numbering`), so ``一、总体要求`` and ``1.推行产业链长制`` keep their
markers when Word generated them. Table cells merged across rows or columns are
repeated in every position they cover (python-docx does this for the grid).
Headers, footers, comments and text boxes are left out. The core properties
(title, author, dates) go to the metadata.
"""

from __future__ import annotations

import zipfile

from ..errors import DocumentError
from .model import Block
from .numbering import ListNumbers


def _core(document) -> dict:
    props = document.core_properties
    out = {}
    for key in ("title", "author", "subject", "keywords"):
        value = getattr(props, key, None)
        if value and str(value).strip():
            out[key] = str(value).strip()
    for key in ("created", "modified"):
        value = getattr(props, key, None)
        if value is not None:
            out[key] = value.date().isoformat()
    return out


def _paragraph_text(paragraph) -> str:
    return paragraph.text.replace("\t", " ")


def _cell_text(cell, numbers: ListNumbers) -> str:
    parts = []
    for p in cell.paragraphs:
        marker = numbers.marker(p._p)
        text = _paragraph_text(p).strip()
        if text or marker:
            parts.append((marker + text).strip())
    for inner in cell.tables:  # a table inside a cell: its text, row by row
        parts += [" ".join(r) for r in _rows(inner, numbers)]
    return " ".join(parts)


def _rows(table, numbers: ListNumbers) -> tuple[tuple[str, ...], ...]:
    rows = []
    seen: dict = {}  # a merged cell is read (and numbered) once; keyed by its XML element
    for row in table.rows:
        try:
            cells = list(row.cells)
        except (IndexError, ValueError):  # a malformed grid: the cells as written
            from docx.table import _Cell

            cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        texts = []
        for cell in cells:
            key = cell._tc
            if key not in seen:
                seen[key] = _cell_text(cell, numbers)
            texts.append(seen[key])
        rows.append(tuple(texts))
    return tuple(rows)


def _is_heading(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.lower().startswith(("heading", "title")) or name.startswith(("标题",))


def read_docx(path, name: str) -> tuple[list[Block], dict]:
    """The blocks and metadata of a .docx file; :class:`DocumentError` when it is not readable."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(name, f"damaged Word file, cannot be opened ({exc})") from None
    except Exception as exc:  # lxml syntax errors and the like inside the package
        raise DocumentError(name, f"damaged Word file, cannot be opened ({type(exc).__name__}: {exc})") from None
    numbering_root = styles_root = None
    try:
        numbering_root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        pass
    try:
        styles_root = document.styles.element
    except (KeyError, AttributeError):
        pass
    numbers = ListNumbers(numbering_root, styles_root)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            marker = numbers.marker(item._p)
            text = _paragraph_text(item)
            if not text.strip():
                continue
            kind = "heading" if _is_heading(item) else "paragraph"
            blocks.append(Block(kind, marker + text.lstrip()))
        elif isinstance(item, Table):
            blocks.append(Block("table", rows=_rows(item, numbers)))
    meta = _core(document)
    if not any(b.text.strip() or b.rows for b in blocks):
        raise DocumentError(name, "Word file without text")
    return blocks, meta
