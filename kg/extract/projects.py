"""Named projects, facilities, programmes and events: 花湖机场高速二期, 海虹物流园三期工程,
“百日攻坚”, 红色堡垒工程, 全国跳绳锦标赛.

:func:`find_projects` returns one :class:`~kg.extract.model.Project` per name, at its
first mention, with a kind (:data:`KINDS`), the task whose text holds it and the
places its name mentions. Candidates come from one function per pattern family:

* :func:`find_quoted` -- a quoted programme: “百日会战”, “城市合伙人”计划,
  健康鄂城“323”攻坚行动, and quoted items listed with one (“A”“B”等“三个计划”);
* :func:`find_suffixed` -- a name before a project word (:data:`SUFFIXES`): 产业园,
  高速, 综合体, 锦标赛 …, bounded on the left by a delimiter or an opening verb;
* :func:`find_listed` -- items of a list closed by a project head
  (``A、B等城市更新项目``, ``A、B等项目建设``, ``A、B等片区改造``);
* :func:`find_routes` -- roads by number or by their ends (G106改线工程,
  高新区至陈贵快速通道);
* :func:`find_launched` -- a programme opened by 实施/开展 (实施红色堡垒工程);
* :func:`find_place_works` -- works named after a place (三山湖向阳港片区治理).

Items listed together with a project are projects too (:func:`coordinated`). Generic
phrases (重大项目, 老旧小区改造, 文化广场) are not projects: a name needs a proper part
(a place, a brand, a number, a quotation) unless its project word is distinctive
(:data:`DISTINCTIVE`). Companies are not projects (:mod:`kg.extract.enterprises`).

>>> from kg.document import Document
>>> doc = Document.from_text("1.实施“城市合伙人”计划,推进项目建设“百日攻坚”,加快花湖临空产业园、汀祖镇大健康产业园建设。实施重大项目106个。")
>>> [(p.name, p.kind) for p in find_projects(doc)]
[('城市合伙人', 'programme'), ('百日攻坚', 'programme'), ('花湖临空产业园', 'industrial_park'), ('汀祖镇大健康产业园', 'industrial_park')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from ..document import Document
from ..intervals import span_index
from .enterprises import assignment_spans, find_enterprises
from .lexicon import DELIMITERS, LEAD_WORDS, segment, word_tag
from .metadata import is_chrome
from .model import Enterprise, Heading, PlanInfo, Project, Task
from .patterns import alternation
from .places import find_place_mentions
from .project_finders import (  # noqa: F401 (the finders were defined here: their names stay importable from this module)
    IDIOM_TAGS,
    LAUNCH_NOT_OPENERS,
    NOT_PROGRAMME_AFTER,
    POSITIONING_RE,
    PROGRAMME_WORDS,
    SUMMARY_RE,
    TITLED_NOT_OPENERS,
    _list_items,
    curly_quotes,
    find_launched,
    find_listed,
    find_numbered_roads,
    find_place_works,
    find_quoted,
    find_routes,
    find_suffixed,
    find_titled,
)
from .project_names import (  # noqa: F401 (as above: the cue words and the names' tests)
    BUILD_AFTER,
    BUILD_BEFORE,
    CUES,
    DISTINCTIVE,
    INFRASTRUCTURE,
    INNER_CONNECTIVES,
    LAUNCH,
    LEVEL_FACILITY,
    LEVEL_FACILITY_WORDS,
    LIST_HEAD_KINDS,
    LIST_HEADS,
    NEEDS_PLACE,
    NUMBERED_ROAD,
    PHASE,
    PLACE_WORKS,
    PROGRAMME_ENDINGS,
    PROGRAMME_HEADS,
    QUOTE,
    ROUTES,
    SCOPE_WORDS,
    SUFFIXES,
    TITLED,
    ZONE_WORDS,
    Candidate,
    _clean,
    _kind_of,
    named,
)

KINDS = ("road", "rail", "bridge", "airport_port", "industrial_park", "urban_renewal", "facility", "programme",
         "enterprise_project", "other")
"""Project kinds."""

MILESTONES = CUES.words("milestones")
"""Words of a stage reached that may close an item listed with a project (凤凰山庄、梧桐湖开工): not part of its name."""
_ITEM_TAIL_RE = re.compile(r"等[\u4e00-\u9fff]*$|(?:全线)?(?:" + alternation(MILESTONES) + ")$")


def coordinated(norm: str, found: list[Candidate], places: Iterable[str] = ()) -> list[Candidate]:
    """Items listed (、) with a project that are names are projects too (莲花山、凤凰山庄).

    >>> text = "提档升级莲花山、凤凰山庄,攻坚盘活意邦广场、莲花中央广场等闲置资源"
    >>> [c.name for c in coordinated(text, [Candidate(8, 12, "凤凰山庄", "facility"), Candidate(17, 21, "意邦广场", "facility")])]
    ['莲花山', '莲花中央广场']
    """
    places = tuple(places)
    out, seen = [], {(c.start, c.end) for c in found}
    spans = _Spans(seen)
    for c in found:
        if c.kind == "programme":
            continue
        a = c.start
        b = c.end
        while a > 0 and (norm[a - 1] not in DELIMITERS or norm[a - 1] in "、·"):
            a -= 1
        while b < len(norm) and (norm[b] not in DELIMITERS or norm[b] in "、·"):
            b += 1
        if "、" not in norm[a:b]:
            continue
        for start, end in _list_items(norm, b):
            if start < a:
                continue
            m = _ITEM_TAIL_RE.search(norm[start:end])
            end = start + m.start() if m else end
            name = norm[start:end]
            if (start, end) in seen or spans.overlaps(start, end) or not 2 <= len(name) <= 16:
                continue
            if word_tag(name) not in (None, "ns", "nz") or any(t in LEAD_WORDS for t in segment(name)):
                continue
            known = _kind_of(name)
            anchor = _kind_of(c.name)
            same_word = known and anchor and known[1] == anchor[1] and len(name) > len(known[1])
            same_works = known and known[0] == c.kind and c.kind in INFRASTRUCTURE and len(name) > len(known[1])
            if not (named(name, places) or same_word or same_works):
                continue  # 莲花中央广场 beside 意邦广场, but not 市民服务中心 beside 奥体中心体育馆
            out.append(Candidate(start, end, name, known[0] if known else c.kind))
            seen.add((start, end))
            spans.add(start, end)
    return out


class _Spans:
    """Spans in start order, for "does any overlap [start, end)?" in time that does not grow with
    their number (a list scan made :func:`coordinated` quadratic in a long document)."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        self._spans = sorted(spans)
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._spans, (start - self._longest, -1))
        while i < len(self._spans) and self._spans[i][0] < end:
            if self._spans[i][1] > start:
                return True
            i += 1
        return False


def find_projects(
    doc: Document,
    headings: tuple[Heading, ...] = (),
    tasks: tuple[Task, ...] = (),
    plan: PlanInfo | None = None,
    enterprises: tuple[Enterprise, ...] | None = None,
    mentions: tuple[tuple[str, int, int], ...] | None = None,
    cue_clauses: list[tuple[int, int]] | None = None,
) -> tuple[Project, ...]:
    """Every named project in ``doc``, one per name, in order of first mention.

    ``tasks`` fill :attr:`Project.task` (the innermost task holding the mention);
    ``plan`` resolves the places a project's name mentions (:attr:`Project.places`);
    ``enterprises`` (found in ``doc`` when not given) are never projects; ``mentions``
    (place mentions, :func:`kg.extract.places.find_place_mentions`) and ``cue_clauses``
    (:func:`kg.extract.enterprises.assignment_spans`) are found in ``doc`` when not given.
    """
    norm = doc.norm
    if enterprises is None:
        enterprises = find_enterprises(doc)
    if mentions is None:
        mentions = find_place_mentions(doc, plan, enterprises)
    place_names = tuple(sorted({norm[s:e] for _, s, e in mentions if e - s >= 2}))
    found = find_quoted(curly_quotes(norm)) + find_listed(norm) + find_routes(norm) + find_launched(norm) + find_titled(norm)
    found += find_numbered_roads(norm)
    found += find_suffixed(norm, place_names) + find_place_works(norm, mentions)
    found += coordinated(norm, found, place_names)
    skip = _merged(list(assignment_spans(norm) if cue_clauses is None else cue_clauses) + _chrome_spans(doc.text))
    skip_starts = [a for a, _ in skip]
    found = [c for c in found if not _inside(skip, skip_starts, c.start)]
    companies = [(e.start, e.end) for e in enterprises]
    company_names = tuple(e.name for e in enterprises)
    companies = set(companies)
    chosen: list[Candidate] = []
    reach = -1  # the furthest end of a chosen span: all of them start at or before c
    for c in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        name = _clean(c.name)
        if len(name) < 2 or (c.start, c.end) in companies or name in company_names:
            continue
        if c.end <= reach:  # inside a span chosen before (one that starts no later and ends no sooner)
            continue
        chosen.append(c)
        reach = c.end
    out: dict[str, Project] = {}
    mention_starts = [s for _, s, _ in mentions]  # mentions come in text order
    for c in sorted(chosen, key=lambda c: c.start):
        name = _clean(c.name)
        if name in out:
            continue
        kind = "enterprise_project" if name.startswith(company_names) and company_names else c.kind
        held = mentions[bisect_left(mention_starts, c.start): bisect_left(mention_starts, c.end)]
        inside = tuple(sorted({n for n, _, e in held if e <= c.end}))
        out[name] = Project(name, kind, c.start, c.end, _task_of(tasks, c.start), inside)
    return tuple(out.values())


def _chrome_spans(text: str) -> list[tuple[int, int]]:
    """Web-page lines around the plan (source, date, footer): no projects there."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if len(line.strip()) <= 80 and is_chrome(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and joined where they overlap."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _inside(merged: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_right(starts, pos) - 1
    return i >= 0 and pos < merged[i][1]


def _task_of(tasks: tuple[Task, ...], pos: int) -> str | None:
    holding = span_index(tasks).containing(pos)
    return min(holding, key=lambda t: t.end - t.start).uid if holding else None
