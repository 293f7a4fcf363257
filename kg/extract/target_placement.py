"""Where a target sits in the plan: its kind (goal, task, achievement) and the task or goal holding it.

:func:`_place` gives a target at an offset its kind and the ids of the innermost task
(else goal) holding it; :func:`_section_kind` tells a goals or 工作思路 section from
boilerplate by the headings around it, and :func:`_past_heading_year` reads the year a
heading opens with (一、2025年工作回顾) when it is before the plan period. Used by
:func:`kg.extract.targets.find_targets`.
"""

from __future__ import annotations

import re

from ..intervals import span_index
from .goals import GOAL_AREA_PARENT_RE, GOAL_SECTION_RE, NOT_CHAPTER_RE, title_core
from .model import Heading
from .periods import PlanPeriod


def _section_kind(headings: tuple[Heading, ...], pos: int) -> str | None:
    """``"goal"`` in a goals or 工作思路 section, ``"boilerplate"``, ``"other"``, or None outside headings."""
    path = span_index(headings).containing(pos)
    if not path:
        return None
    cores = [title_core(h.title) for h in path]
    if any(GOAL_SECTION_RE.match(c) or GOAL_AREA_PARENT_RE.match(c) for c in cores):
        return "goal"
    if any(NOT_CHAPTER_RE.match(c) for c in cores):
        return "boilerplate"
    return "other"


HEADING_YEAR_RE = re.compile(r"\s*((?:19|20)\d{2})\s*年(?![\d\-~至到—])")
"""A heading title opening with a year (一、2025年工作回顾): the year of the section's figures."""


def _past_heading_year(headings: tuple[Heading, ...], pos: int, period: PlanPeriod) -> int | None:
    """The year the innermost heading holding ``pos`` opens with, when it is before the plan period."""
    if period.start is None:
        return None
    for h in sorted(span_index(headings).containing(pos), key=lambda h: -h.depth):
        m = HEADING_YEAR_RE.match(h.title)
        if m:
            year = int(m.group(1))
            return year if year < period.start else None
    return None


def _innermost(items, pos: int):
    best = None
    for item in span_index(items).containing(pos):
        if item.start <= pos < item.end and (best is None or item.start >= best.start):
            best = item
    return best


def _place(headings, tasks, goals, pos: int, past: bool) -> tuple[str, str | None, str | None]:
    """``(kind, task id, goal id)`` of a target at ``pos``."""
    task = _innermost(tasks, pos)
    where = _section_kind(headings, pos)
    if past:
        kind = "achievement"
    elif where == "goal":
        kind = "goal"
    elif task is not None or (not tasks and where == "other"):
        kind = "task"
    else:
        kind = "goal"
    goal = None if task is not None else _innermost(goals, pos)
    return kind, task.uid if task is not None else None, goal.id if goal is not None else None

