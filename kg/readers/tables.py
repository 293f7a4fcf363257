"""Tables of any format laid out for :mod:`kg.extract.tables`: header line, one line per row.

Readers give a table as a grid of cell texts with merged cells already repeated in
every row and column they cover. :func:`table_lines` then

* cleans cells (line ends and tabs become spaces; header cells lose all spaces, as in
  ``牵 头 单 位``);
* finds the header: the first row naming a unit column (牵头单位, 责任单位...), merging
  a second header row below it (``责任单位`` over ``牵头单位 | 配合单位``); rows above
  the header (a caption) become paragraphs;
* turns a row whose cells all hold the same text (a section title merged across the
  table, ``一、产业发展``) into a paragraph line between blank lines, and repeats the
  header after it, so the rows below it stay in a table and the title reads as a
  heading (a header with no row under it yet is not written);
* drops empty rows and columns.

>>> rows = [("序号", "重点任务", "牵 头 单 位", "责任单位"),
...         ("一、产业发展", "一、产业发展", "一、产业发展", "一、产业发展"),
...         ("1", "推进链长制", "市发改委", "市财政局"),
...         ("2", "建设园区", "市发改委", "各县市区")]
>>> for line in table_lines(rows):
...     print(line.replace("\\t", " | "))
一、产业发展
<BLANKLINE>
序号 | 重点任务 | 牵头单位 | 责任单位
1 | 推进链长制 | 市发改委 | 市财政局
2 | 建设园区 | 市发改委 | 各县市区
"""

from __future__ import annotations

import re
import unicodedata

from ..extract.tables import ID_COLUMNS, LEAD_COLUMNS, OTHER_COLUMNS, RESPONSIBLE_COLUMNS, TASK_COLUMNS

UNIT_COLUMNS = frozenset(LEAD_COLUMNS + RESPONSIBLE_COLUMNS)
KNOWN_COLUMNS = frozenset(LEAD_COLUMNS + RESPONSIBLE_COLUMNS + ID_COLUMNS + TASK_COLUMNS + OTHER_COLUMNS)
HEADER_SEARCH_ROWS = 5
"""A task table's header is among its first rows (captions and units-of-measure rows come first)."""

EMPTY_HEADER = "—"
"""Written for a header cell without a name, so that a header line never holds two tabs in a row."""

_WS = re.compile(r"\s+")

_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in [*range(0x2E80, 0x2EF4), *range(0x2F00, 0x2FD6)]}
_RADICALS = {cp: ch for cp, ch in _RADICALS.items() if len(ch) == 1 and ch != chr(cp)}


def fold_radicals(text: str) -> str:
    """Kangxi and supplementary radicals as the ideographs they stand for, one character for one.

    PDF text layers often map a glyph shared by both to the radical (``⼀⾏`` for ``一行``).

    >>> fold_radicals("区⾏政审批局推⾏“⼀⽹通办”")
    '区行政审批局推行“一网通办”'
    """
    return text.translate(_RADICALS)


def clean_cell(text: str | None) -> str:
    """One line: every run of white space (line ends, tabs, ideographic spaces) one space."""
    return _WS.sub(" ", fold_radicals(text or "").replace("\u3000", " ")).strip()


def header_name(text: str) -> str:
    """A header cell without spaces: ``牵 头 单 位`` -> ``牵头单位``."""
    return _WS.sub("", text or "").replace("\u3000", "")


def _is_header(row: list[str]) -> bool:
    return any(header_name(c) in UNIT_COLUMNS for c in row)


def _known(row: list[str]) -> int:
    return sum(header_name(c) in KNOWN_COLUMNS for c in row)


def _spanning(row: list[str]) -> str | None:
    """The text of a row that is one cell merged across the table (or a lone cell), else None."""
    filled = [c for c in row if c]
    if len(row) > 1 and filled and len(set(filled)) == 1 and (len(filled) == len(row) or len(filled) == 1):
        return filled[0]
    return None


def table_lines(rows) -> list[str]:
    """The lines of one table (see the module doc); ``[]`` for a table without text."""
    grid = [[clean_cell(c) for c in row] for row in rows]
    grid = [row for row in grid if any(row)]
    if not grid:
        return []
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    keep = [i for i in range(width) if any(row[i] for row in grid)]
    grid = [[row[i] for i in keep] for row in grid]
    if len(keep) == 1:
        return [row[0] for row in grid]  # a one-column table is a list of paragraphs

    header_at = next((i for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]) if _is_header(row)), None)
    lines: list[str] = []
    header: list[str] | None = None
    body = grid
    if header_at is not None:
        for row in grid[:header_at]:
            lines.append(_spanning(row) or " ".join(dict.fromkeys(c for c in row if c)))
        if lines:
            lines.append("")
        header = [header_name(c) for c in grid[header_at]]
        body = grid[header_at + 1:]
        if body and _known(body[0]) >= 2 and not any(c.isdigit() for c in body[0][:1]):
            # two header rows: a merged 责任单位 over 牵头单位 | 配合单位
            sub = [header_name(c) for c in body[0]]
            header = [s if s in KNOWN_COLUMNS else h for h, s in zip(header, sub, strict=True)]
            body = body[1:]
        header = [h or EMPTY_HEADER for h in header]
        lines.append("\t".join(header))
    for row in body:
        title = _spanning(row)
        if title is not None and header is not None:
            if lines and lines[-1] == "\t".join(header):
                lines.pop()  # no row under that header yet
                if lines and lines[-1] == "":
                    lines.pop()
            lines += ["", title, "", "\t".join(header)] if lines else [title, "", "\t".join(header)]
            continue
        if header is not None and [header_name(c) or EMPTY_HEADER for c in row] == header:
            continue  # a header repeated on a new page
        lines.append("\t".join(c if c else "" for c in row))
    while lines and lines[-1] in ("", "\t".join(header or [])):
        if lines[-1] == "" or (header is not None and len(lines) > 1 and lines[-2] == ""):
            lines.pop()
            continue
        break
    return lines
