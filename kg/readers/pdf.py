"""PDF: the text layer (pypdfium2) as paragraphs, ruled tables (pdfplumber) as tables.

* Lines come from PDFium's text page with their boxes. Lines repeated at the top or
  bottom of most pages (running titles, printed dates, URLs, with digits ignored)
  and page-number lines (``- 3 -``, ``第3页 共9页``, ``3/9``) are removed.
* A line that reaches the right edge of the text continues on the next line, also
  across a page break; other lines end their paragraph (so headings and short last
  lines stay on their own line).
* Pages that draw rules or boxes are handed to pdfplumber, whose ruled tables replace
  the text inside them; merged cells are repeated in every row and column they cover,
  and a table cut by a page break continues when the next page starts with a table
  of as many columns and no header.
* A PDF without a text layer (a scan) and a password-protected PDF get a
  :class:`DocumentError` saying so: OCR and decryption are out of scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import DocumentError
from .model import Block

EDGE_LINES = 3
"""Lines at the top and at the bottom of a page that may be running headers or footers."""

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－\s]*\d{1,4}[-—–－\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
    r"(?:page\s*)?\d+\s*(?:of|/)\s*\d+|[-—–－]?\s*[ivxlc]+\s*[-—–－]?)$", re.I)
_CJK_WRAP = re.compile(r"[A-Za-z0-9]$")
_URL = re.compile(r"^(?:https?|file)://\S+(?:\s+\d+\s*/\s*\d+)?$")
"""A printed page's URL (browsers print it in the footer, with the page number)."""


@dataclass
class Line:
    left: float
    right: float
    top: float
    text: str
    size: float = 0.0  # character height; 0 when unknown


def is_page_number(text: str) -> bool:
    """A line that only numbers the page.

    >>> [is_page_number(t) for t in ("- 3 -", "第 2 页 共 9 页", "3/9", "2024年", "一、总体要求")]
    [True, True, True, False, False]
    """
    return bool(_PAGE_NUMBER.match(text.strip()))


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def strip_page_furniture(pages, text=lambda line: line):
    """``pages`` (lists of lines, top to bottom) without running headers, footers and page numbers."""
    counts: dict[str, int] = {}
    for page in pages:
        keys = {_furniture_key(text(ln)) for ln in page[:EDGE_LINES] + page[-EDGE_LINES:]}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    threshold = max(2, (len(pages) + 1) // 2)
    out = []
    for page in pages:
        kept = []
        edge = set(range(min(EDGE_LINES, len(page)))) | set(range(max(0, len(page) - EDGE_LINES), len(page)))
        for i, ln in enumerate(page):
            t = text(ln).strip()
            if not t:
                continue
            if i in edge and (is_page_number(t) or _URL.match(t)
                              or (len(pages) > 1 and counts.get(_furniture_key(t), 0) >= threshold)):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _glue(a: str, b: str) -> str:
    return a + (" " if _CJK_WRAP.search(a) and re.match(r"[A-Za-z0-9]", b) else "") + b


_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)|[①-⑳]|"
                     r"第[一二三四五六七八九十百\d]+[章节条部分])")
_CLOSING = tuple("。！？；：”’）)〕】」》")
WRAP_CHARS = 3.0
"""A line ending within this many characters of the text's right edge may be wrapped (line-breaking
rules keep punctuation off the start of a line, so wrapped lines end up to two characters short)."""


def _continues(line: Line, nxt, edge: float, left: float) -> bool:
    """Whether ``nxt`` continues ``line``'s paragraph."""
    if not isinstance(nxt, Line):
        return False
    text = line.text.strip()
    char = (line.right - line.left) / max(1, len(text))
    if line.right < edge - WRAP_CHARS * char:
        return False  # a short line ends its paragraph
    if nxt.left > left + 1.5 * char:
        return False  # the next line is indented: a new paragraph
    if line.size and nxt.size and max(line.size, nxt.size) > 1.25 * min(line.size, nxt.size):
        return False  # a title in a larger font, then body text
    if text.endswith(_CLOSING) and _MARKER.match(nxt.text):
        return False  # a sentence ends at the edge and a numbered item follows
    return True


def join_lines(pages) -> list[Block]:
    """Paragraph and table blocks from pages of lines (``(left, right, text)`` or :class:`Line`) and tables.

    >>> page = [(72, 150, "一、总体要求"), (72, 540, "以习近平新时代中国特色社会主义思想为指导，全面贯彻"),
    ...         (72, 300, "党中央决策部署。"), (72, 538, "1.坚持做大总量。按照要求，锚定高质量发展首要任务。"),
    ...         (72, 200, "2.坚持争先进位。")]
    >>> [b.text for b in join_lines([page])]
    ['一、总体要求', '以习近平新时代中国特色社会主义思想为指导，全面贯彻党中央决策部署。', '1.坚持做大总量。按照要求，锚定高质量发展首要任务。', '2.坚持争先进位。']
    """
    lines = [(ln if isinstance(ln, (Line, Block)) else Line(ln[0], ln[1], 0.0, ln[2])) for page in pages for ln in page]
    lines = [ln for ln in lines if isinstance(ln, Block) or ln.text.strip()]
    text_lines = [ln for ln in lines if isinstance(ln, Line)]
    if not text_lines:
        return [ln for ln in lines if isinstance(ln, Block)]
    rights = sorted(ln.right for ln in text_lines)
    edge = rights[int(len(rights) * 0.9)] if len(rights) >= 5 else rights[-1]  # the text's right edge
    lefts = sorted(ln.left for ln in text_lines)
    left = lefts[int(len(lefts) * 0.1)]
    blocks: list[Block] = []
    current = ""
    for i, ln in enumerate(lines):
        if isinstance(ln, Block):
            if blocks and blocks[-1].kind == "table" and ln.kind == "table" and ln.text == "continued":
                blocks[-1] = Block("table", rows=blocks[-1].rows + ln.rows)
            else:
                blocks.append(Block(ln.kind, ln.text if ln.kind != "table" else "", rows=ln.rows))
            continue
        text = ln.text.strip()
        current = _glue(current, text) if current else text
        if not _continues(ln, lines[i + 1] if i + 1 < len(lines) else None, edge, left):
            blocks.append(Block("paragraph", current))
            current = ""
    if current:
        blocks.append(Block("paragraph", current))
    return blocks


def _pdfium_lines(page, textpage, height: float, skip) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    lines: list[Line] = []
    chars: list[str] = []
    boxes: list[tuple[float, float, float, float]] = []

    def flush():
        if chars and "".join(chars).strip():
            solid = [b for c, b in zip(chars, boxes, strict=True) if not c.isspace()]
            sizes = sorted(b[3] - b[1] for b in solid)
            lines.append(Line(min(b[0] for b in solid), max(b[2] for b in solid), height - max(b[3] for b in solid),
                              "".join(chars), sizes[len(sizes) // 2]))
        chars.clear()
        boxes.clear()

    for i, ch in enumerate(text[:count]):
        if ch in "\r\n":
            if ch == "\n" or (i + 1 < len(text) and text[i + 1] != "\n"):
                flush()
            continue
        if ch == "\ufffe" or ch == "\x02":  # PDFium's soft hyphen marker
            continue
        box = textpage.get_charbox(i)
        if not ch.isspace() and skip(box, height):
            continue
        chars.append(ch)
        boxes.append(box)
    flush()
    return lines


def _may_hold_a_table(page) -> bool:
    """Whether a page draws what a ruled table is made of: horizontal and vertical rules, or boxes.

    Only such pages go to pdfplumber (the slow part); underlined links and bullets do not.
    """
    import pypdfium2.raw as raw

    across = down = 0
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = obj.get_bounds()
        width, height = right - left, top - bottom
        if width > 20 and height > 10:
            return True  # a box, or a whole grid drawn as one path
        across += height < 3 and width > 8
        down += width < 3 and height > 8
        if across >= 2 and down >= 2:
            return True
    return False


def _table_rows(table) -> tuple[tuple[str, ...], ...]:
    """Cell texts with merged cells repeated; a cell's wrapped lines joined."""
    texts = table.extract()
    grid = [[None if c is None else _glue_cell(c) for c in row] for row in texts]
    boxes = [list(row.cells) for row in table.rows]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                continue
            above = next((k for k in range(r - 1, -1, -1) if c < len(boxes[k]) and boxes[k][c] is not None), None)
            row_bottom = table.rows[r].bbox[3]
            if above is not None and boxes[above][c][3] >= row_bottom - 1:
                grid[r][c] = grid[above][c]
            else:
                left = next((k for k in range(c - 1, -1, -1) if grid[r][k] is not None), None)
                grid[r][c] = grid[r][left] if left is not None else ""
    return tuple(tuple(c or "" for c in row) for row in grid)


def _glue_cell(text: str) -> str:
    out = ""
    for piece in text.split("\n"):
        piece = piece.strip()
        out = _glue(out, piece) if out else piece
    return out


def _find_tables(plumber_page):
    found = []
    for table in plumber_page.find_tables():
        rows = _table_rows(table)
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            found.append((table.bbox, rows))
    return found


def read_pdf(path, name: str) -> tuple[list[Block], dict]:
    """The blocks and metadata of a PDF file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError(name, "password-protected PDF: kg cannot read it (save an unprotected copy)") from None
        raise DocumentError(name, f"damaged PDF, cannot be opened ({message})") from None
    plumber = None
    try:
        meta = {k.lower(): v for k, v in pdf.get_metadata_dict(skip_empty=True).items()
                if k in ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")}
        meta["pages"] = len(pdf)
        pages: list[list] = []
        chars_seen = 0
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            tables = []
            if _may_hold_a_table(page):
                if plumber is None:
                    import logging

                    import pdfplumber

                    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter
                    plumber = pdfplumber.open(str(path))
                tables = _find_tables(plumber.pages[index])

            def inside(box, page_height, tables=tables):
                cx, cy = (box[0] + box[2]) / 2, page_height - (box[1] + box[3]) / 2
                return any(x0 <= cx <= x1 and top <= cy <= bottom for (x0, top, x1, bottom), _ in tables)

            textpage = page.get_textpage()
            lines = _pdfium_lines(page, textpage, height, inside)
            chars_seen += sum(len(ln.text.strip()) for ln in lines) + sum(len(rows) for _, rows in tables)
            items: list = list(lines)
            for bbox, rows in tables:
                at = next((i for i, ln in enumerate(items) if isinstance(ln, Line) and ln.top > bbox[1]), len(items))
                items.insert(at, Block("table", rows=rows))
            pages.append(items)
            textpage.close()
            page.close()
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()
    if chars_seen == 0:
        raise DocumentError(name, "PDF without a text layer (scanned pages?): OCR is not supported, "
                                  "use a PDF with selectable text")
    # headers and footers are judged on the text lines of each page; tables stay where they are
    text_only = [[ln for ln in page if isinstance(ln, Line)] for page in pages]
    kept = strip_page_furniture(text_only, text=lambda ln: ln.text)
    kept_ids = {id(ln) for page in kept for ln in page}
    pages = [[ln for ln in page if isinstance(ln, Block) or id(ln) in kept_ids] for page in pages]
    for before, page in zip(pages, pages[1:], strict=False):
        # a table cut by the page break: the next page starts with as many columns and no header
        if (before and page and isinstance(before[-1], Block) and isinstance(page[0], Block)
                and len(before[-1].rows[0]) == len(page[0].rows[0]) and not _header_like(page[0].rows[0])):
            page[0] = Block("table", "continued", rows=page[0].rows)
    return join_lines(pages), meta


def _header_like(row) -> bool:
    from .tables import _is_header

    return _is_header(list(row))
