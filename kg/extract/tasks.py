"""Tasks: the smallest numbered piece of text that carries a unit assignment.

Each assignment (:mod:`kg.extract.assignments`) is attached to the innermost heading
whose section holds it. Assignments that follow one another with nothing but
punctuation between them (``牵头单位：…`` then ``责任单位：…`` on the next line) are one
group. A heading with one group is one task; a heading (or a stretch of text without
numbering) with several groups is split into sentence runs, each ending at its
group, in order, with ids the text does not print (``3-1``, ``3-2``). A task runs from
its heading (or the end of the previous run, or the start of its paragraph) to the end
of its assignment.

>>> from kg.document import Document
>>> from kg.extract.structure import find_headings
>>> text = "三、重点任务\\n1.推行产业链长制。围绕……。（牵头单位：区发改局；责任单位：各镇街）\\n2.推动老树发新芽。（牵头单位：区经信局）"
>>> doc = Document.from_text(text)
>>> [(t.id, t.title, t.section, [u.surface for u in t.units]) for t in find_tasks(doc, find_headings(doc))]
[('1.', '推行产业链长制', ('三、重点任务',), ['区发改局', '各镇街']), ('2.', '推动老树发新芽', ('三、重点任务',), ['区经信局'])]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from ..document import Document, fold_width
from .assignments import find_assignments
from .model import Assignment, Heading, PlanInfo, Task, UnitMention
from .structure import heading_path
from .tables import find_table_tasks

_GAP_RE = re.compile(r"[\s。;,:]*")
_RUN_TITLE_RE = re.compile(r"[。;:!?\n(]")
MAX_RUN_TITLE = 40
_CLAUSE_END_RE = re.compile(r"[,，]")
# a clause that only says when: 到2022年 / 2021年年底前 / 年内 / 近期
_TIME_PHRASE_RE = re.compile(r"(?:到|至|从|自|在|于|截至)?(?:\d{2,4}年)?(?:\d{1,2}月)?(?:年|年底|年末|底|末|内|前|后|起|以来|期间|年内|近期|今后)*(?:前|以前|之前|内|起)?")
_ID_STOPS = ".、．﹒。 "
_RUN_ID_RE = re.compile(r"-\d+$")
# a headline sentence: a short clause of words closed by a full stop, with no comma inside
_HEADLINE_RE = re.compile(r"[^\s,;:。!?()\d][^,;:。!?()\n]{3,24}。")


def _groups(assignments: tuple[Assignment, ...], norm: str) -> list[list[Assignment]]:
    groups: list[list[Assignment]] = []
    for a in assignments:
        if groups and _GAP_RE.fullmatch(norm[groups[-1][-1].end:a.start]):
            groups[-1].append(a)
        else:
            groups.append([a])
    return groups


def _innermost(headings: tuple[Heading, ...], position: int) -> Heading | None:
    path = heading_path(headings, position)
    return path[-1] if path else None


def _run_title(text: str, norm: str, start: int, end: int) -> str:
    """The first clause of a task's own text (up to the first ，；。), continued through the
    next clause when the first is only a time phrase (年底前，… / 到2022年，…)."""
    m = _RUN_TITLE_RE.search(norm, start, end)
    stop = min(m.start() if m else end, start + MAX_RUN_TITLE)
    clause = _CLAUSE_END_RE.search(norm, start, stop)
    while clause is not None and _TIME_PHRASE_RE.fullmatch(norm[start:clause.start()].strip()):
        clause = _CLAUSE_END_RE.search(norm, clause.end(), stop)
    if clause is not None:
        stop = clause.start()
    return text[start:stop].strip(" \t\n,.;:。，；：")


def _duty_title(text: str, norm: str, h: Heading, units) -> str | None:
    """The title of a duty-list entry keyed by unit (（一）县财政局：负责资金保障，…): what the unit is
    to do, the first clause of its duties (of the entry itself when no colon follows the key:
    （三）县武装部根据需要，担负…); None when the heading's title is more than the task's units.

    >>> from kg.extract.structure import find_headings
    >>> d = Document.from_text("（一）县财政局：负责资金保障，做好监督。")
    >>> _duty_title(d.text, d.norm, find_headings(d)[0], [UnitMention("县财政局", "responsible", 3, 7)])
    '负责资金保障'
    """
    rest = h.title
    for u in units:
        rest = rest.replace(u.surface, "")
    if not units or rest.strip(" 、，,和及与"):
        return None
    start = h.title_end + 1 if norm[h.title_end:h.title_end + 1] == ":" else h.start + len(h.number)
    return _run_title(text, norm, start, h.end) or None


def _headline_paragraph(text: str, norm: str, h: Heading, position: int) -> tuple[int, str | None] | None:
    """``(start, title)`` of an unnumbered headline paragraph holding ``position`` under heading ``h``
    (``title`` is None when the paragraph right under the heading opens with no headline).

    A section heading that stands on a line of its own, without punctuation, may be
    followed by paragraphs that each open with a short sentence of their own, a headline
    without a number (一、支持平台建设 / 培育各类平台。重点培育…（责任单位：…）): the first
    such paragraph is its own task, titled by its headline, not by the section heading
    (the later ones are already tasks of their own, see :func:`find_tasks`).
    """
    line_end = norm.find("\n", h.title_end)
    if line_end < 0 or line_end >= position or norm[h.title_end:line_end].strip():
        return None
    paragraph = norm.rfind("\n", 0, position) + 1
    if paragraph <= line_end or norm[line_end:paragraph].strip():
        # only the paragraph right under the heading: a block closing a later sub-paragraph
        # of an item belongs to the item
        return None
    while paragraph < position and norm[paragraph] in " \t":
        paragraph += 1
    m = _HEADLINE_RE.match(norm, paragraph)
    if m is None or m.end() > position:
        return paragraph, None
    return paragraph, text[paragraph:m.end() - 1].strip()


def _run_id(h: Heading, index: int, count: int) -> str:
    """The id of the ``index``-th of ``count`` tasks closed by the blocks of one numbered item:
    the item's number alone, or with an ordinal the text does not print (``3-1``, ``3-2``)."""
    if count == 1:
        return h.number
    return f"{h.number.rstrip(_ID_STOPS) or h.number}-{index + 1}"


def _merge_units(group: list[Assignment]) -> tuple[UnitMention, ...]:
    seen, out = set(), []
    for a in group:
        for u in a.units:
            if (u.role, u.surface) not in seen:
                seen.add((u.role, u.surface))
                out.append(u)
    return tuple(out)


def find_tasks(
    doc: Document,
    headings: tuple[Heading, ...],
    plan: PlanInfo | None = None,
    resolve: Callable[[UnitMention, PlanInfo | None], UnitMention] | None = None,
    assignments: tuple[Assignment, ...] | None = None,
) -> tuple[Task, ...]:
    """Every task of ``doc`` with its units, in document order.

    ``assignments`` are the document's assignment clauses (found when not given).
    ``resolve`` (optional) fills each unit's normal form (canonical name, jurisdiction,
    department type); see :func:`kg.extract.units.resolve_mention`.
    """
    text, norm = doc.text, doc.norm
    table_tasks = find_table_tasks(doc, headings)
    rows = [(t.start, t.end) for t in table_tasks]
    if assignments is None:
        assignments = find_assignments(doc, headings)
    groups = _groups(tuple(a for a in assignments if not any(s <= a.start < e for s, e in rows)), norm)
    by_heading: dict[int | None, list[list[Assignment]]] = {}
    owner: list[Heading | None] = []
    places: list[int] = []  # each group's place among the groups of its heading
    for group in groups:
        h = _innermost(headings, group[0].start)
        owner.append(h)
        siblings = by_heading.setdefault(None if h is None else h.start, [])
        places.append(len(siblings))
        siblings.append(group)

    headlines = [_headline_paragraph(text, norm, h, group[0].start) if h is not None and index == 0 else None
                 for group, h, index in zip(groups, owner, places, strict=True)]
    # where a family of section headings holds several headline paragraphs, the document writes its
    # tasks as paragraphs: a lone paragraph under a heading of that family is a task of its own too
    paragraph_styles = {h.style for h, found in zip(owner, headlines, strict=True)
                        if found is not None and found[1] is not None and len(by_heading[h.start]) > 1}
    tasks: list[Task] = []
    previous_end = 0
    for group, h, index, headline in zip(groups, owner, places, headlines, strict=True):
        siblings = by_heading[None if h is None else h.start]
        end = group[-1].end
        if headline is not None and headline[1] is None:
            headline = ((headline[0], _run_title(text, norm, headline[0], group[0].start))
                        if h.style in paragraph_styles else None)
        if headline is not None:
            start, title = headline
            number = _run_id(h, 0, len(siblings))
        elif h is not None and index == 0:
            start, number, title = h.start, _run_id(h, 0, len(siblings)), h.title
        else:
            paragraph = text.rfind("\n", 0, group[0].start) + 1
            start = max(previous_end, paragraph, h.start if h is not None else 0)
            while start < end and norm[start] in " \t\n。;,:)":
                start += 1
            if h is not None and start < h.title_end:
                start = h.start
            number = _run_id(h, index, len(siblings)) if h is not None else ""
            title = h.title if (h is not None and start == h.start) else _run_title(text, norm, start, group[0].start)
        units = _merge_units(group)
        if h is not None and start == h.start and title == h.title:
            title = _duty_title(text, norm, h, units) or title
        path = heading_path(headings, start)
        section = tuple(x.label for x in path if h is None or x.start != h.start)
        tasks.append(Task(id=number, title=title, section=section, start=start, end=end, units=units))
        previous_end = end
    tasks = sorted(tasks + list(table_tasks), key=lambda t: t.start)
    if resolve is not None:
        tasks = [replace(t, units=tuple(resolve(u, plan) for u in t.units)) for t in tasks]
    return _with_uids(tasks, headings)


def _with_uids(tasks: list[Task], headings: tuple[Heading, ...]) -> tuple[Task, ...]:
    """Give each task an id unique within the document (see :class:`~kg.extract.model.Task`)."""
    out, seen = [], set()
    for n, task in enumerate(tasks, start=1):
        path = "".join(fold_width(h.number) for h in heading_path(headings, task.start))
        run = _RUN_ID_RE.search(task.id)
        uid = (path + (run.group() if run else "")) or (fold_width(task.id) if task.id else f"#{n}")
        if uid in seen:
            uid = f"{uid}@{task.start}"
        seen.add(uid)
        out.append(replace(task, uid=uid))
    return tuple(out)
