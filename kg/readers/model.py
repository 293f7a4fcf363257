"""What a reader gives back: a :class:`FileDocument` and its :class:`Block` structure.

A reader turns a file into blocks (headings, paragraphs, tables) and
:func:`render_blocks` lays them out as the text the extractors read: one line per
paragraph, and each table as a header line and one line per row with cells
separated by tabs, the layout :mod:`kg.extract.tables` reads. Tabs appear nowhere
else in the text, so a table row is never confused with a paragraph.

>>> blocks = [Block("heading", "一、重点任务"),
...           Block("table", rows=(("序号", "重点任务", "牵头单位"), ("1", "推进链长制", "市发改委")))]
>>> text, placed = render_blocks(blocks)
>>> text.split("\\n")
['一、重点任务', '', '序号\\t重点任务\\t牵头单位', '1\\t推进链长制\\t市发改委', '', '']
>>> [(b.kind, b.start, b.end) for b in placed]
[('heading', 0, 6), ('table', 8, 33)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from ..document import Document
from .tables import fold_radicals, table_lines

BLOCK_KINDS = ("heading", "paragraph", "table")


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or table of a document.

    ``rows`` holds a table's cells, merged cells repeated in every row and column
    they cover; ``start``/``end`` are offsets into the rendered text (set by
    :func:`render_blocks`).
    """

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class FileDocument(Document):
    """A :class:`kg.document.Document` read from a file of any format kg reads.

    ``text`` is what the reader extracted (the offsets of every record index it);
    ``content_hash`` is the SHA-256 of the file's bytes; ``format`` names the reader
    (``text``, ``html``, ``docx``, ``doc``, ``wps``, ``pdf``, ``ofd``...); ``metadata``
    holds what the file says about itself (title, date, publisher, author, pages).
    """

    format: str = "text"
    blocks: tuple[Block, ...] = field(default=(), repr=False)
    metadata: dict = field(default_factory=dict, compare=False)


def from_base(doc: Document, **extra) -> FileDocument:
    """A :class:`FileDocument` with every field of ``doc`` (as decoded by :mod:`kg.document`)."""
    values = {f.name: getattr(doc, f.name) for f in fields(doc) if f.init}
    values.update(extra)
    return FileDocument(**values)


_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def clean_line(text: str) -> str:
    """A paragraph's text: tabs and runs of spaces made one space, line ends kept, ends trimmed."""
    text = fold_radicals(text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(ln for ln in lines if ln)


def render_blocks(blocks) -> tuple[str, tuple[Block, ...]]:
    """The text of ``blocks`` and the blocks with their offsets in it (see the module doc)."""
    parts: list[str] = []
    placed: list[Block] = []
    pos = 0
    previous_table = False
    for block in blocks:
        if block.kind == "table":
            lines = table_lines(block.rows)
            if not lines:
                continue
            body = "\n".join(lines)
            if parts and not previous_table:
                parts.append("\n")  # a blank line before the table
                pos += 1
            parts.append(body + "\n\n")
            placed.append(replace(block, start=pos, end=pos + len(body)))
            pos += len(body) + 2
            previous_table = True
            continue
        body = clean_line(block.text)
        if not body:
            continue
        parts.append(body + "\n")
        placed.append(replace(block, text=body, start=pos, end=pos + len(body)))
        pos += len(body) + 1
        previous_table = False
    return "".join(parts), tuple(placed)
