"""Task-breakdown tables (任务分解表) copied as text: one task per row.

Many plans end with a table whose columns name the task and its units::

    序号	重点任务	牵头单位	责任单位	完成时限
    1	推进产业链长制	市发改委	市财政局、各县市区	2024年底

A table is recognised by a header line holding a unit column (:data:`LEAD_COLUMNS` or
:data:`RESPONSIBLE_COLUMNS`) and at least one other known column, its cells separated
by tabs, ``|`` or runs of two or more spaces. Rows follow with the same separator until
a line that does not split into cells. When a table has no lead column, its unit column
means co-responsible, unless the document states 列第一位的为牵头单位.

>>> from kg.document import Document
>>> doc = Document.from_text("序号\\t工作任务\\t牵头单位\\t责任单位\\t完成时限\\n1\\t推进链长制\\t市发改委\\t市财政局、各县市区\\t2024年底")
>>> [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in find_table_tasks(doc)]
[('1', '推进链长制', [('市发改委', 'lead'), ('市财政局', 'responsible'), ('各县市区', 'collective')])]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from .assignment_cues import DEFAULT_CUES, AssignmentCues
from .assignments import _as_lead, _mentions, first_listed_leads, labelled_list, split_items
from .cue_files import read_cues
from .model import Heading, Task, UnitMention
from .patterns import alternation
from .structure import heading_path
from .unit_lists import _names, looks_like_unit

CUES = read_cues("tables")
"""The column headers of task tables (``cues/tables.json``)."""

ID_COLUMNS = CUES.words("id_columns")
TASK_COLUMNS = CUES.words("task_columns")
LEAD_COLUMNS = CUES.words("lead_columns")
RESPONSIBLE_COLUMNS = CUES.words("responsible_columns")
OTHER_COLUMNS = CUES.words("other_columns")

_SEPARATORS = (("\t", re.compile(r"\t+")), ("|", re.compile(r"\s*\|\s*")), ("  ", re.compile(r"[ \u3000]{2,}")))
_ONE_TAB = re.compile("\t")
"""A header with single tabs only (as kg.readers writes tables) keeps empty cells in their columns."""


@dataclass(frozen=True)
class _Column:
    kind: str  # id, task, lead, responsible, other
    index: int


def _kind(name: str) -> str | None:
    name = name.strip()
    for kind, names in (("lead", LEAD_COLUMNS), ("responsible", RESPONSIBLE_COLUMNS), ("id", ID_COLUMNS),
                        ("task", TASK_COLUMNS), ("other", OTHER_COLUMNS)):
        if name in names:
            return kind
    return None


def _cells(line: str, start: int, splitter: re.Pattern) -> list[tuple[str, int, int]]:
    """Cells of a line with absolute offsets (outer ``|`` of markdown rows dropped)."""
    cells, pos = [], 0
    body = line
    for m in splitter.finditer(body):
        cells.append((body[pos:m.start()], start + pos, start + m.start()))
        pos = m.end()
    cells.append((body[pos:], start + pos, start + len(body)))
    if splitter is not _ONE_TAB and cells and not cells[0][0].strip():
        cells = cells[1:]
    if splitter is not _ONE_TAB and cells and not cells[-1][0].strip():
        cells = cells[:-1]
    out = []
    for text, a, _b in cells:
        lead = len(text) - len(text.lstrip())
        out.append((text.strip(), a + lead, a + lead + len(text.strip())))
    return out


_UNIT_COLUMN_RE = re.compile(alternation(LEAD_COLUMNS + RESPONSIBLE_COLUMNS))


def _header(line: str, start: int):
    if not _UNIT_COLUMN_RE.search(line):
        return None  # a header names a unit column
    for sep, splitter in _SEPARATORS:
        if sep == "\t" and "\t" in line and "\t\t" not in line.strip("\t"):
            splitter = _ONE_TAB
        cells = _cells(line, start, splitter)
        if len(cells) < 2:
            continue
        kinds = [_kind(c[0]) for c in cells]
        if any(k in ("lead", "responsible") for k in kinds) and sum(k is not None for k in kinds) >= 2:
            return splitter, [_Column(k or "other", i) for i, k in enumerate(kinds)]
    return None


def _title(cell: str) -> str:
    m = re.search(r"[。;；:：]", cell)
    return (cell[: m.start()] if m else cell).strip()


# --- tables flattened into text ----------------------------------------------------

_ALL_COLUMNS = alternation(ID_COLUMNS + TASK_COLUMNS + LEAD_COLUMNS + RESPONSIBLE_COLUMNS + OTHER_COLUMNS)
_COLUMN_FIRSTS = "".join(sorted({w[0] for w in ID_COLUMNS + TASK_COLUMNS + LEAD_COLUMNS + RESPONSIBLE_COLUMNS + OTHER_COLUMNS}))
# the lookahead on a column's first character lets the scan pass over other text quickly
_FLAT_HEADER_RE = re.compile(f"(?=[{re.escape(_COLUMN_FIRSTS)}])" + r"(?:(?:" + _ALL_COLUMNS + r")[ \t\u3000]*){3,}")
_DATE_RE = r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)?(?:完成)?|\d{4}年(?:底|末|年底)?(?:前|以前|之前)?(?:完成)?"
_ROW_ID_RE = re.compile(r"\s*(\d{1,3})(?:[.、]|\s+|(?=\D))")


def _deadline_re(cues: AssignmentCues) -> re.Pattern:
    return re.compile(alternation(cues.row_deadlines) + "|" + _DATE_RE)


_BLANKS = " \t\u3000"


def _last_space(norm: str, start: int, end: int) -> int:
    """The offset of the last blank (space, tab, ideographic space) in ``norm[start:end]``, or -1."""
    return max(norm.rfind(c, start, end) for c in _BLANKS)


def _trimmed_end(norm: str, start: int, end: int) -> int:
    """``end`` moved back over the blanks before it (not past ``start``)."""
    while end > start and norm[end - 1] in _BLANKS:
        end -= 1
    return end


def _is_unit_list(text: str, norm: str, a: int, b: int, cues: AssignmentCues) -> bool:
    """Whether ``norm[a:b]`` is a list of unit names (at least one, every one looking like a unit)."""
    names = _names(split_items(text, norm, a, b), cues)
    return bool(names) and all(looks_like_unit(n, cues) for n in names)


def _unit_list_start(text: str, norm: str, start: int, end: int, cues: AssignmentCues) -> int | None:
    """Where the unit list closing ``norm[start:end]`` begins: after the last space, or (cells
    run together) the earliest point from which everything reads as unit names."""
    def is_list(a: int) -> bool:
        return _is_unit_list(text, norm, a, end, cues)

    space = _last_space(norm, start, end)
    if space > start and is_list(space + 1):
        return space + 1
    starts = cues.level_prefixes | cues.row_list_openers  # 县民政局, 各镇街: cue families
    for a in range(start + 2, end - 1):
        if (norm[a] in starts or norm[a - 1] in "。;,") and is_list(a):
            # 社区县民政局: the name starts at the last of two level characters
            return a + 1 if norm[a] not in cues.row_list_openers and norm[a + 1] in starts and is_list(a + 1) else a
    return None


def _cell_before(text: str, norm: str, start: int, at: int, cues: AssignmentCues) -> int:
    """``at``, or the start of the cell of unit names just before it when spaces separate the
    two (推进改革 县发改局 县财政局: the lead cell 县发改局 before the 配合 cell at 县财政局)."""
    end = _trimmed_end(norm, start, at)
    if end == at:
        return at
    space = _last_space(norm, start, end)
    if space <= start:
        return at
    return space + 1 if _is_unit_list(text, norm, space + 1, end, cues) else at


def _two_cells(text: str, norm: str, start: int, end: int, cues: AssignmentCues) -> int | None:
    """Where the second of two unit cells run together in ``norm[start:end]`` begins (a lead
    column, then a 配合 column): after the last space when the text on each side reads as
    unit names, else at the first point where a name ends and the next begins with no
    separator between them (县发改局县财政局、县商务局: 县财政局). None when the text is one cell."""
    def is_list(a: int, b: int) -> bool:
        return _is_unit_list(text, norm, a, b, cues)

    space = _last_space(norm, start, end)
    if space > start:
        left = _trimmed_end(norm, start, space)
        return space + 1 if left > start and is_list(start, left) and is_list(space + 1, end) else None
    for b in range(start + 2, end - 1):
        # a name's first character (县, 各 ...) right after a name, with no separator or joiner between
        if (norm[b] in cues.level_prefixes | cues.row_list_openers and norm[b - 1] not in "、,;"
                and not norm.endswith(cues.list_joiners, start, b) and is_list(start, b) and is_list(b, end)):
            return b
    return None


def find_flat_table_tasks(doc: Document, headings: tuple[Heading, ...] = (),
                          cues: AssignmentCues = DEFAULT_CUES) -> tuple[Task, ...]:
    """Rows of a task-breakdown table whose cells were run together with no separator:
    a header naming a unit column, then rows ``number, task, units, deadline``. A deadline
    (2025年6月底前, 持续推进, 长期坚持) ends a row's unit list; a role written after a name
    (``县发改局（牵头）``) gives that unit its role; otherwise the unit column says it. A
    牵头 column followed by a 配合 column splits a row's names into its two cells (at a space,
    or where one name ends and the next begins with no separator): the first cell leads, the
    second is responsible; a row with one cell only keeps the responsible role (which column
    is empty cannot be told).

    >>> doc = Document.from_text("序号 重点任务 责任单位 完成时限 1 推进改革 县发改局（牵头）、县财政局 2025年6月底前 2 推进开放 县商务局和县外办 持续推进")
    >>> [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in find_flat_table_tasks(doc)]
    [('1', '推进改革', [('县发改局', 'lead'), ('县财政局', 'responsible')]), ('2', '推进开放', [('县商务局', 'responsible'), ('县外办', 'responsible')])]
    """
    text, norm = doc.text, doc.norm
    deadline_re = _deadline_re(cues)
    tasks: list[Task] = []
    for header in _FLAT_HEADER_RE.finditer(norm):
        kinds = [_kind(m.group()) for m in re.finditer(_ALL_COLUMNS, header.group())]
        unit_kinds = [k for k in kinds if k in ("lead", "responsible")]
        if not unit_kinds:
            continue
        role = "lead" if unit_kinds == ["lead"] else "responsible"
        # a lead column, then a responsible one: each row's unit text is split into its two cells
        both = unit_kinds[:2] == ["lead", "responsible"]
        stop = norm.find("\n\n", header.end())
        stop = len(norm) if stop == -1 else stop
        pos = header.end()
        for deadline in deadline_re.finditer(norm, pos, stop):
            row = _ROW_ID_RE.match(norm, pos)
            if not row:
                if tasks and norm[pos:deadline.start()].strip():
                    break
                continue
            body_start = row.end()
            body_end = _trimmed_end(norm, body_start, deadline.start())
            at = _unit_list_start(text, norm, body_start, body_end, cues)
            if at is None:
                break
            if both:
                at = _cell_before(text, norm, body_start, at, cues)
            second = _two_cells(text, norm, at, body_end, cues) if both else None
            if second is None:
                units = _mentions(doc, split_items(text, norm, at, body_end), role, cues)
            else:
                first_end = _trimmed_end(norm, at, second)
                units = _mentions(doc, split_items(text, norm, at, first_end), "lead", cues)
                units += _mentions(doc, split_items(text, norm, second, body_end), "responsible", cues)
            seen, unique = set(), []
            for u in units:
                if (u.role, u.surface) not in seen:
                    seen.add((u.role, u.surface))
                    unique.append(u)
            title = _title(text[body_start:at].strip(_BLANKS))
            section = tuple(h.label for h in heading_path(headings, row.start(1)))
            tasks.append(Task(id=row.group(1), title=title, section=section, start=row.start(1),
                              end=deadline.end(), units=tuple(unique)))
            pos = deadline.end()
    return tuple(tasks)


def find_table_tasks(doc: Document, headings: tuple[Heading, ...] = ()) -> tuple[Task, ...]:
    """One task per row of every task-breakdown table in ``doc`` (tables with cell
    separators, and tables flattened into text: :func:`find_flat_table_tasks`)."""
    text = doc.text
    first_leads = first_listed_leads(doc)
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((line, pos))
        pos += len(line) + 1
    tasks: list[Task] = []
    i = 0
    while i < len(lines):
        found = _header(*lines[i])
        if found is None:
            i += 1
            continue
        splitter, columns = found
        has_lead = any(c.kind == "lead" for c in columns)
        i += 1
        while i < len(lines):
            line, start = lines[i]
            if re.fullmatch(r"[\s|:\-]*", line):  # markdown rule or blank line inside the table
                i += 1
                if not line.strip():
                    break
                continue
            cells = _cells(line, start, splitter)
            if len(cells) < 2:
                break
            by_kind: dict[str, list[tuple[str, int, int]]] = {}
            for col in columns:
                if col.index < len(cells):
                    by_kind.setdefault(col.kind, []).append(cells[col.index])
            units: list[UnitMention] = []
            for kind in ("lead", "responsible"):
                for _, a, b in by_kind.get(kind, []):
                    role = kind if (kind == "lead" or has_lead) else "responsible"
                    units.extend(labelled_list(doc, a, b, role))  # the column is the label
            if first_leads and not has_lead and units and units[0].role in ("responsible", "collective"):
                units[0] = _as_lead(units[0])
            seen, unique = set(), []
            for u in units:
                if (u.role, u.surface) not in seen:
                    seen.add((u.role, u.surface))
                    unique.append(u)
            if unique:
                task_cell = (by_kind.get("task") or [("", start, start)])[0]
                id_cell = (by_kind.get("id") or [("", start, start)])[0]
                section = tuple(h.label for h in heading_path(headings, start))
                tasks.append(Task(id=id_cell[0], title=_title(task_cell[0]), section=section,
                                  start=start, end=start + len(line.rstrip()), units=tuple(unique)))
            i += 1
    covered = [(t.start, t.end) for t in tasks]
    flat = [t for t in find_flat_table_tasks(doc, headings) if not any(a <= t.start < b for a, b in covered)]
    return tuple(sorted(tasks + flat, key=lambda t: t.start))
