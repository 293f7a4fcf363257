"""When a target falls due: the plan's period, explicit years, recurring and past results.

:func:`plan_period` reads once per document what years a plan covers;
:func:`target_time` places one quantity in time from the sentence around it.

>>> from kg.document import Document
>>> doc = Document.from_text("某县2024年行动方案\\n2023年,增长6%。到2026年,突破1200亿元。每年新增5家。")
>>> period = plan_period(doc)
>>> (period.start, period.horizon)
(2024, 2024)
>>> [target_time(doc.norm, period, doc.norm.index(n)) for n in ("6%", "1200", "5家")]
[(2023, None, True), (2026, None, False), (None, 'annual', False)]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from ..document import Document
from ..memo import document_cache
from .cue_files import read_cues
from .model import PlanInfo
from .patterns import alternation

CUES = read_cues("periods")
"""The cue words of periods (``cues/periods.json``)."""

CLAUSE_BREAKS = ",;。!?:\n"
"""Clause ends in ``doc.norm`` (full-width punctuation is folded; 。 stays)."""
SENTENCE_BREAKS = "。!?\n"

GROWTH_AHEAD = rf"(?={alternation(CUES.words('growth_after'))})"
"""年均 is a frequency only before a word of change (年均增长), not in 年均浓度 (family ``growth_after``)."""

TIME_WORDS_RE = re.compile(
    r"(?:到|至|在|于|截至|截止)?(?:19|20)\d{2}年(?:底|末|前|内|以前|上半年|下半年)?|"
    rf"(?:到|至)?“?十[四五六]五”?(?:时期|期)?末|每年度?|年均{GROWTH_AHEAD}|年平均{GROWTH_AHEAD}|"
    r"(?:[一二三四五两]|\d)年(?:内|来|间)|今年|明年|年内|当年|全年"
)
"""Time expressions, removed from indicators."""

YEAR_RE = re.compile(r"(?<![\d\-~—至到])(?P<pre>到|至|在|于|截至|截止|比|较|与|同)?(?P<y>(?:19|20)\d{2})年(?!\d)")
"""An explicit year: 2024年, 到2026年底 (not the second year of a range)."""
BASELINE_PRE = CUES.words("baseline_pre")
BASELINE_POST = CUES.words("baseline_post")
"""A year compared against is a baseline, not a target year: 比2020年增长, 2020年基础上."""

FIVE_YEAR_RE = re.compile(r"十(?P<n>[四五六])五”?(?:时期|期)?末")
FIVE_YEAR_END = {"四": 2025, "五": 2030, "六": 2035}
"""“十四五”末 -> 2025, “十五五”末 -> 2030."""

FREQUENCIES = (
    ("annual", re.compile(rf"每年|每一年|年均{GROWTH_AHEAD}|年平均{GROWTH_AHEAD}")),
    ("quarterly", re.compile(r"每季度?")),
    ("monthly", re.compile(r"每月")),
)
"""Recurring targets: 每年, 年均增长 -> annual."""

PAST_RE = CUES.pattern("past")
"""Past results: 一年来, 近年来, 同比, 已建成, 完成了 (比上年 is a baseline, not a past result)."""

YEAR_BLOCK_RE = re.compile(r"^[ \t]*(?P<y>(?:19|20)\d{2})年?(?![\d\-./年月])(?!\s*\d)[^。\n]{0,20}$", re.M)
"""A short line opening with a year (2023征程万里风正劲) heads the paragraphs below it;
a date line (2021年12月31日) does not."""

_TITLE_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*(?:年|(?=[)）]))")
TITLE_YEAR_KINDS = CUES.words("title_year_kinds")
"""Words that may follow a year written without 年 in a title (2025行动计划)."""
_TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年|(?=" + alternation(TITLE_YEAR_KINDS) + "))")
_OWN_YEAR_RE = re.compile(r"((?:19|20)\d{2})年是[^。\n]{0,80}?(?:之年|一年)")
_AIM_RE = re.compile(r"(?:到|至|在)((?:19|20)\d{2})年")
_DATE_RE = re.compile(r"(?:日期|时间)\s*[::]?\s*((?:19|20)\d{2})[-年./]")
SPAN_FROM_RE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:起|开始|以来起)[,]?(?:用|的)?(?P<n>[一二三四五六七八九十两]|\d{1,2})年(?:内|时间|左右)")
"""A period counted from a year: 2012年起5年内 covers 2012-2016."""
_SMALL = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}


def span_from(m: re.Match) -> tuple[int, int]:
    """First and last year of a :data:`SPAN_FROM_RE` match.

    >>> span_from(SPAN_FROM_RE.search("2012年起5年内,引进人才")), span_from(SPAN_FROM_RE.search("从2024年开始,用三年时间"))
    ((2012, 2016), (2024, 2026))
    """
    n = m.group("n")
    years = int(n) if n.isdigit() else _SMALL[n]
    first = int(m.group("y"))
    return first, first + years - 1


TITLE_KINDS = CUES.words("title_kinds")
"""Document kinds that end a title: when no title was read, the first line holding one is read as the title."""
_TITLE_LINE_RE = re.compile(r"[^\n]{4,80}(?:" + alternation(TITLE_KINDS) + r")[^\n]{0,16}")


def span(norm: str, pos: int, breaks: str) -> tuple[int, int]:
    """The stretch of ``norm`` around ``pos`` between two of ``breaks``.

    >>> span("甲,乙丙。丁", 3, CLAUSE_BREAKS), span("甲,乙丙。丁", 3, SENTENCE_BREAKS)
    ((2, 4), (0, 4))
    """
    at = _break_positions(norm, breaks)
    i = bisect.bisect_left(at, pos)
    return (at[i - 1] + 1 if i else 0), (at[i] if i < len(at) else len(norm))


@document_cache(maxsize=8)
def _break_positions(norm: str, breaks: str) -> list[int]:
    """Where any of ``breaks`` occurs in ``norm``, in order."""
    return [m.start() for m in re.finditer(f"[{re.escape(breaks)}]", norm)]


def _title(doc: Document, plan: PlanInfo | None) -> str:
    if plan is not None and plan.title:
        return plan.title
    m = _TITLE_LINE_RE.search(doc.norm[:3000])
    if m:
        return m.group(0)
    return doc.norm.split("\n", 1)[0][:80]


def _date_year(doc: Document, plan: PlanInfo | None) -> int | None:
    if plan is not None and plan.date and re.match(r"(?:19|20)\d{2}", plan.date):
        return int(plan.date[:4])
    m = _DATE_RE.search(doc.norm[:2000])
    return int(m.group(1)) if m else None


def plan_horizon(doc: Document, plan: PlanInfo | None = None) -> int | None:
    """The year a plan aims at, for targets that give none.

    In order: the last year of a range in the title (三年(2021-2023年) -> 2023); a
    year in the title (2024年行动方案 -> 2024); 十四五 in the title (2025); the year
    the text calls its own (2024年是…关键之年); the year the text most often aims at
    (到2026年); the plan's date.

    >>> from kg.document import Document
    >>> plan_horizon(Document.from_text("鄂城区2024年行动方案\\n正文"))
    2024
    >>> plan_horizon(Document.from_text("某县三年(2021-2023年)行动方案\\n正文"))
    2023
    >>> plan_horizon(Document.from_text("某县三年行动方案（2021—2023）\\n正文"))
    2023
    >>> plan_horizon(Document.from_text("数字山东2021行动方案\\n正文"))
    2021
    >>> plan_horizon(Document.from_text("实施方案\\n到2026年,总量突破1200亿元。到2026年,占比40%。到2035年,基本实现。"))
    2026
    >>> plan_horizon(Document.from_text("工作要点\\n正文")) is None
    True
    """
    title = _title(doc, plan)
    m = _TITLE_RANGE_RE.search(title)
    if m:
        return int(m.group(2))
    years = _TITLE_YEAR_RE.findall(title)
    if years:
        return int(years[-1])
    if "十四五" in title:
        return 2025
    m = _OWN_YEAR_RE.search(doc.norm)
    if m:
        return int(m.group(1))
    m = SPAN_FROM_RE.search(doc.norm[:3000])
    if m:
        return span_from(m)[1]
    aims = Counter(int(y) for y in _AIM_RE.findall(doc.norm))
    if aims:
        return min(aims.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return _date_year(doc, plan)


def plan_start(doc: Document, plan: PlanInfo | None = None) -> int | None:
    """The first year a plan covers; results of earlier years are achievements.

    >>> from kg.document import Document
    >>> plan_start(Document.from_text("某县三年(2021-2023年)行动方案\\n正文"))
    2021
    >>> plan_start(Document.from_text("党代会报告\\n2023年,完成了任务。2024年是关键之年。"))
    2024
    """
    title = _title(doc, plan)
    m = _TITLE_RANGE_RE.search(title)
    if m:
        return int(m.group(1))
    years = _TITLE_YEAR_RE.findall(title)
    if years:
        return int(years[0])
    m = _OWN_YEAR_RE.search(doc.norm)
    if m:
        return int(m.group(1))
    m = SPAN_FROM_RE.search(doc.norm[:3000])
    if m:
        return span_from(m)[0]
    return _date_year(doc, plan)


@dataclass(frozen=True)
class PlanPeriod:
    """The years a plan covers, and the year-headed blocks of its text."""

    start: int | None
    horizon: int | None
    blocks: tuple[tuple[int, int], ...] = ()

    def block_year(self, pos: int) -> int | None:
        """The year of the block holding ``pos`` (a line such as 2023征程万里 above it)."""
        k = bisect.bisect_right(self.blocks, (pos, 10**6)) - 1
        return self.blocks[k][1] if k >= 0 else None


def plan_period(doc: Document, plan: PlanInfo | None = None) -> PlanPeriod:
    """:func:`plan_start`, :func:`plan_horizon` and the year blocks of ``doc``."""
    blocks = tuple((m.start(), int(m.group("y"))) for m in YEAR_BLOCK_RE.finditer(doc.norm))
    return PlanPeriod(plan_start(doc, plan), plan_horizon(doc, plan), blocks)


def explicit_year(norm: str, start: int, pos: int) -> int | None:
    """The last target year written in ``norm[start:pos]`` (baselines skipped).

    >>> explicit_year("到2025年,粮食产量比2020年增长10%", 0, 20), explicit_year("到“十四五”末,达到65%", 0, 12)
    (2025, 2025)
    >>> explicit_year("2012年起5年内,引进人才2000名", 0, 16)
    2016
    """
    year = None
    for m in YEAR_RE.finditer(norm, start, pos):
        if m.group("pre") in BASELINE_PRE or norm.startswith(BASELINE_POST, m.end()):
            continue
        counted = SPAN_FROM_RE.match(norm, m.start("y"))
        year = span_from(counted)[1] if counted else int(m.group("y"))
    for m in FIVE_YEAR_RE.finditer(norm, start, pos):
        year = FIVE_YEAR_END[m.group("n")]
    return year


def frequency(text: str) -> str | None:
    """How often a target recurs, from the clause text before it.

    >>> frequency("各镇街每年文明家庭评选不少于"), frequency("年均增长"), frequency("PM2.5年均浓度降至")
    ('annual', 'annual', None)
    """
    for name, pattern in FREQUENCIES:
        if pattern.search(text):
            return name
    return None


def target_time(norm: str, period: PlanPeriod, pos: int, ranking: bool = False) -> tuple[int | None, str | None, bool]:
    """``(year, frequency, past)`` of the quantity at ``pos``.

    The year is the last explicit year earlier in the sentence, else the plan horizon;
    a recurring target has no year unless its own clause names one, a ranking has only
    an explicit year. ``past`` marks an achievement: an explicit year before the plan
    period, a past cue in the sentence (:data:`PAST_RE`), or a year block before it.
    """
    c_start, _ = span(norm, pos, CLAUSE_BREAKS)
    s_start, _ = span(norm, pos, SENTENCE_BREAKS)
    freq = frequency(norm[c_start:pos])
    explicit = explicit_year(norm, s_start, pos)
    if ranking:
        year = explicit
    elif freq and explicit_year(norm, c_start, pos) is None:
        year = None
    else:
        year = explicit or period.horizon
    block = period.block_year(pos)
    early_block = block is not None and period.start is not None and block < period.start
    past = (
        (explicit is not None and period.start is not None and explicit < period.start)
        or PAST_RE.search(norm, s_start, pos) is not None
        or (early_block and explicit in (None, block))
    )
    if past and explicit is None:
        year = block if early_block else None
    return year, freq, past
