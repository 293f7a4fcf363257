"""Goals: the goal areas a plan sets out, and the chapter each task serves.

Three kinds of heading become :class:`~kg.extract.model.Goal` records:

* a goals section (主要目标, 行动目标, 发展目标 …, :data:`GOAL_SECTION_RE`) and each
  numbered item under it (（一）强产争先, 1.综合实力实现新提升);
* the numbered items of a 工作思路 section (1.坚持做大总量), :data:`GOAL_AREA_PARENT_RE`;
* chapters: numbered headings with sub-headings that are neither boilerplate
  (:data:`NOT_CHAPTER_RE`: 总体要求, 保障措施 …) nor inside boilerplate, e.g.
  （一）构建新产业 under 三、重点任务.

Goal ids are ``G`` and the ordinals of the heading path (``G2.1`` for 二、… （一）…).

>>> from kg.document import Document
>>> from kg.extract.structure import find_headings
>>> doc = Document.from_text("二、主要目标\\n(一)强产争先。增长7%。\\n三、重点任务\\n(一)构建新产业。\\n1.推行链长制。\\n2.推动技改。")
>>> [(g.id, g.title) for g in find_goals(doc, find_headings(doc))]
[('G2', '主要目标'), ('G2.1', '强产争先'), ('G3.1', '构建新产业')]
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..document import Document
from ..intervals import span_index
from .cue_files import read_cues
from .model import Goal, Heading, Task

CUES = read_cues("goals")
"""The cue words of this module (``kg/extract/cues/goals.json``), each family with its examples."""

GOAL_SECTION_RE = CUES.pattern("goal_section")

GOAL_AREA_PARENT_RE = CUES.pattern("goal_area_parent")

TASK_CONTAINER_RE = CUES.pattern("task_container")

NOT_CHAPTER_RE = CUES.pattern("not_chapter")

MIN_SHARED_PAIRS = 2
"""Character pairs a task's titles must share with a goal area's title to serve it."""

GENERIC_WORDS = CUES.words("generic_words")


_TITLE_END_RE = re.compile(r"[。;:,(]")


def title_core(title: str) -> str:
    """A heading title up to its first sentence mark: ``主要目标。到2025年`` -> ``主要目标``."""
    return _TITLE_END_RE.split(title.strip(), maxsplit=1)[0]


def is_goal_section(heading: Heading) -> bool:
    """Whether ``heading`` opens a goals section (主要目标, 行动目标 …).

    >>> is_goal_section(Heading("二、", "cn_dun", 2, 1, "主要目标", 0, 4, 10))
    True
    >>> is_goal_section(Heading("1.", "ar_dot", 1, 3, "综合实力实现新提升", 0, 4, 10))
    False
    """
    return bool(GOAL_SECTION_RE.match(title_core(heading.title)))


def _path(headings: tuple[Heading, ...], h: Heading) -> tuple[Heading, ...]:
    return tuple(x for x in span_index(headings).containing(h.start) if x.depth <= h.depth)


def _goal_id(path: tuple[Heading, ...]) -> str:
    return "G" + ".".join(str(x.ordinal) for x in path)


def _has_children(headings: tuple[Heading, ...], h: Heading) -> bool:
    return any(x.depth > h.depth for x in span_index(headings).starting_in(h.start, h.end))


def goal_heading_kind(headings: tuple[Heading, ...], h: Heading) -> str | None:
    """Why ``h`` is a goal: ``"section"``, ``"area"``, ``"chapter"``, or None."""
    path = _path(headings, h)
    ancestors = path[:-1]
    core = title_core(h.title)
    if GOAL_SECTION_RE.match(core) or any(GOAL_SECTION_RE.match(title_core(a.title)) for a in ancestors):
        return "section"
    if ancestors and GOAL_AREA_PARENT_RE.match(title_core(ancestors[-1].title)):
        return "area"
    if NOT_CHAPTER_RE.match(core) or TASK_CONTAINER_RE.match(core) or GOAL_AREA_PARENT_RE.match(core):
        return None
    if any(NOT_CHAPTER_RE.match(title_core(a.title)) or GOAL_AREA_PARENT_RE.match(title_core(a.title))
           for a in ancestors):
        return None
    if h.depth <= 2 and _has_children(headings, h):
        return "chapter"
    return None


def find_goals(doc: Document, headings: tuple[Heading, ...]) -> tuple[Goal, ...]:
    """Every goal, goal area and chapter of ``doc``, in document order.

    ``section`` is the path of the headings above the goal (its own heading excluded).
    """
    goals: list[Goal] = []
    seen: set[str] = set()
    for h in headings:
        if goal_heading_kind(headings, h) is None:
            continue
        path = _path(headings, h)
        gid = base = _goal_id(path)
        n = 2
        while gid in seen:
            gid, n = f"{base}-{n}", n + 1
        seen.add(gid)
        goals.append(Goal(id=gid, title=title_core(h.title), section=tuple(x.label for x in path[:-1]),
                          start=h.start, end=h.end))
    return tuple(goals)


def _bigrams(text: str) -> set[str]:
    for word in GENERIC_WORDS:
        text = text.replace(word, " ")
    chars = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1) if " " not in chars[i:i + 2]}


_NUMBER_RE = re.compile(r"^\s*(?:第?[一二三四五六七八九十百零〇\d]+(?:、|\.|章|部分|篇)|\([一二三四五六七八九十百零〇\d]+\)|[①-⑳])\s*")


def _label_title(label: str) -> str:
    """The title of a heading label (its number removed): ``(三)主要目标`` -> ``主要目标``."""
    return title_core(_NUMBER_RE.sub("", label, count=1))


def _is_area(goal: Goal) -> bool:
    """A goal under a goals section or a 工作思路 section (not a chapter)."""
    return any(GOAL_SECTION_RE.match(_label_title(lab)) or GOAL_AREA_PARENT_RE.match(_label_title(lab))
               for lab in goal.section)


def link_tasks_to_goals(tasks: tuple[Task, ...], goals: tuple[Goal, ...], headings: tuple[Heading, ...]) -> tuple[Task, ...]:
    """Tasks with ``goal`` set: the goal area whose title shares at least
    :data:`MIN_SHARED_PAIRS` distinctive character pairs with the titles of the
    task and of the headings above it, else the innermost chapter that contains the
    task, else None.

    >>> g = (Goal("G1.3.4", "城市品质实现新提升", ("一、总体要求", "(三)主要目标"), 10, 20),
    ...      Goal("G5", "提升城市品质", (), 100, 300))
    >>> h = (Heading("五、", "cn_dun", 5, 1, "提升城市品质", 100, 106, 300),)
    >>> t = (Task("(一)", "打造宜居宜业都市区", ("五、提升城市品质",), 110, 200, ()),
    ...      Task("1.", "推行链长制", (), 400, 450, ()))
    >>> [x.goal for x in link_tasks_to_goals(t, g, h)]
    ['G1.3.4', None]
    """
    is_area = {g: _is_area(g) for g in goals}
    areas = [(g, _bigrams(g.title)) for g in goals if is_area[g] and not GOAL_SECTION_RE.match(g.title)]
    out = []
    for task in tasks:
        containing = [g for g in span_index(goals).containing(task.start) if not is_area[g]]
        above = [title_core(h.title) for h in span_index(headings).containing(task.start)]
        words = _bigrams(" ".join([task.title, *above, *(g.title for g in containing)]))
        best, best_score = None, MIN_SHARED_PAIRS - 1
        for area, pairs in areas:
            score = len(words & pairs)
            if score > best_score:
                best, best_score = area, score
        if best is None and containing:
            best = max(containing, key=lambda g: g.start)
        out.append(replace(task, goal=best.id if best else None))
    return tuple(out)
