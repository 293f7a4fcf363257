"""Tasks: the smallest numbered piece of text that carries a unit assignment.

Each assignment (:mod:`kg.extract.assignments`) is attached to the innermost heading
whose section holds it. Assignments that follow one another with nothing but
punctuation between them (``牵头单位：…`` then ``责任单位：…`` on the next line) are one
group. A heading with one group is one task; a heading (or a stretch of text without
numbering) with several groups is split into sentence runs, each ending at its
group. A task runs from its heading (or the end of the previous run, or the start of
its paragraph) to the end of its assignment.

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
    m = _RUN_TITLE_RE.search(norm, start, end)
    stop = m.start() if m else min(end, start + MAX_RUN_TITLE)
    return text[start:min(stop, start + MAX_RUN_TITLE)].strip(" \t\n,.;:。，；：")


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

    tasks: list[Task] = []
    previous_end = 0
    for group, h, index in zip(groups, owner, places, strict=True):
        siblings = by_heading[None if h is None else h.start]
        end = group[-1].end
        if h is not None and index == 0:
            start, number, title = h.start, h.number, h.title
        else:
            paragraph = text.rfind("\n", 0, group[0].start) + 1
            start = max(previous_end, paragraph, h.start if h is not None else 0)
            while start < end and norm[start] in " \t\n。;,:)":
                start += 1
            if h is not None and start < h.title_end:
                start = h.start
            number = h.number if h is not None else ""
            if h is not None and len(siblings) > 1:
                number = f"{h.number}[{index + 1}]"
            title = h.title if (h is not None and start == h.start) else _run_title(text, norm, start, group[0].start)
        path = heading_path(headings, start)
        section = tuple(x.label for x in path if h is None or x.start != h.start)
        tasks.append(Task(id=number, title=title, section=section, start=start, end=end, units=_merge_units(group)))
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
        run = re.search(r"\[\d+\]$", task.id)
        uid = (path + (run.group() if run else "")) or (fold_width(task.id) if task.id else f"#{n}")
        if uid in seen:
            uid = f"{uid}@{task.start}"
        seen.add(uid)
        out.append(replace(task, uid=uid))
    return tuple(out)
