"""Web pages: the main content (trafilatura), with its headings, paragraphs and tables.

Government pages wrap a plan in navigation, breadcrumbs, share buttons and footers;
trafilatura keeps the article. Before it looks, every ``rowspan``/``colspan`` cell
is copied into the rows and columns it covers, so a task table reaches
:mod:`kg.readers.tables` with its merged cells repeated. The page's title, date and
publisher come from its meta tags (``ArticleTitle``, ``PubDate``, ``ContentSource``
on gov.cn sites; Open Graph and ``<title>`` elsewhere); the title is put first in
the text when the article leaves it out, so the extractor finds it there.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from ..errors import DocumentError
from .model import Block

META_TITLE = ("ArticleTitle", "og:title", "title", "dc.title", "DC.title")
META_DATE = ("PubDate", "pubdate", "publishdate", "article:published_time", "firstpublishedtime", "dc.date", "DC.date")
META_SOURCE = ("ContentSource", "source", "author", "og:site_name", "SiteName")

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.S)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def decode_html(data: bytes, name: str) -> str:
    """The page as text: BOM, then ``<meta charset>``, then UTF-8, then GB18030 (GBK, GB2312)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    candidates = []
    m = _CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        candidates.append("gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else declared)
    candidates += ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise DocumentError(name, "web page in an unknown encoding (not UTF-8 or GB18030/GBK, no usable <meta charset>)")


def _span(cell, attr: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attr, "1")).strip() or 1), 200))
    except ValueError:
        return 1


def _clone(cell):
    piece = copy.deepcopy(cell)
    piece.tail = None
    return piece


def _fill_carried(carried: dict, row: int, out: list) -> None:
    """Put the cells covering ``row`` from above into ``out`` at the columns they cover."""
    while (row, len(out)) in carried:
        out.append(_clone(carried.pop((row, len(out)))))


def expand_spans(table) -> None:
    """Copy every cell with ``rowspan``/``colspan`` into the grid positions it covers (in place)."""
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    carried: dict[tuple[int, int], object] = {}  # (row, column) -> the cell covering it from above
    for r, tr in enumerate(rows):
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        out: list = []
        for cell in cells:
            _fill_carried(carried, r, out)
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            cell.attrib.pop("rowspan", None)
            cell.attrib.pop("colspan", None)
            for k in range(colspan):
                col = len(out)
                out.append(cell if k == 0 else _clone(cell))
                for dr in range(1, rowspan):
                    carried[(r + dr, col)] = cell
        _fill_carried(carried, r, out)
        for key in sorted(k for k in carried if k[0] == r):
            out.append(_clone(carried.pop(key)))
        for c in cells:
            tr.remove(c)
        tr.extend(out)


def _owner(tr):
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _meta(tree) -> dict:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip()
        value = (meta.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    lower = {k.lower(): v for k, v in found.items()}

    def first(keys):
        for k in keys:
            if k in found:
                return found[k]
            if k.lower() in lower:
                return lower[k.lower()]
        return None

    out = {}
    title = first(META_TITLE)
    if not title:
        h1 = next((el for el in tree.iter("h1") if el.text_content().strip()), None)
        page_title = tree.findtext(".//title")
        title = h1.text_content() if h1 is not None else page_title
        if title and h1 is None:
            title = re.split(r"\s*[_|\-–—]\s*", title.strip())[0]  # "方案_某某市人民政府" -> "方案"
    if title and title.strip():
        out["title"] = re.sub(r"\s+", " ", title).strip()
    date = first(META_DATE)
    m = _DATE.search(date or "")
    if m:
        out["date"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    source = first(META_SOURCE)
    if source:
        out["publisher"] = source
    return out


def _blocks_from_xml(xml: str) -> list[Block]:
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        main = root
    blocks: list[Block] = []

    def text_of(el) -> str:
        parts = []
        for piece in el.iter():
            if piece.tag == "lb":
                parts.append("\n")
            if piece.text and piece.tag != "table":
                parts.append(piece.text)
            if piece is not el and piece.tail:
                parts.append(piece.tail)
        return "".join(parts)

    def walk(el):
        for child in el:
            tag = child.tag
            if tag == "table":
                rows = []
                for row in child.iter("row"):
                    rows.append(tuple(text_of(cell) for cell in row if cell.tag == "cell"))
                if rows:
                    blocks.append(Block("table", rows=tuple(rows)))
            elif tag == "head":
                blocks.append(Block("heading", text_of(child)))
            elif tag in ("list",):
                for item in child:
                    if item.tag == "item":
                        blocks.append(Block("paragraph", text_of(item)))
            elif tag in ("p", "quote", "code", "ab"):
                if child.find(".//table") is not None:
                    walk(child)
                else:
                    blocks.append(Block("paragraph", text_of(child)))
            elif tag in ("div", "section", "main"):
                walk(child)
            else:
                text = text_of(child)
                if text.strip():
                    blocks.append(Block("paragraph", text))

    walk(main)
    return blocks


MIN_MAIN_TEXT = 20
"""Characters of main text below which a page is said to have none (a navigation or script-drawn page)."""


@lru_cache(maxsize=1)
def _config():
    """trafilatura's settings, with its size floors lowered: a short plan or a table alone is main text."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_MAIN_TEXT))
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


def read_html(data: bytes, name: str) -> tuple[list[Block], dict]:
    """The blocks and metadata of a web page; :class:`DocumentError` when it has no main text."""
    import lxml.html
    import trafilatura
    from lxml import etree

    page = _XML_DECL.sub("", decode_html(data, name))
    try:
        tree = lxml.html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(name, f"not a readable web page ({exc})") from None
    for table in list(tree.iter("table")):
        expand_spans(table)
    meta = _meta(tree)
    xml = trafilatura.extract(tree, output_format="xml", include_tables=True, include_comments=False,
                              include_images=False, include_links=False, favor_recall=True, deduplicate=False,
                              config=_config())
    blocks = _blocks_from_xml(xml) if xml else []
    size = sum(len("".join(b.text.split())) + sum(len("".join(c.split())) for r in b.rows for c in r) for b in blocks)
    if size < MIN_MAIN_TEXT:
        raise DocumentError(name, "web page without main text (only navigation, or text drawn by scripts)")
    title = meta.get("title")
    if title:
        head = "".join("".join(b.text.split()) for b in blocks[:8] if b.kind != "table")
        if "".join(title.split()) not in head:
            blocks.insert(0, Block("heading", title))
    return blocks, meta
