"""Quantities that are not targets, one function per family.

Dates, durations, ages, section and document numbers, phone and ICP numbers never
carry a unit of measure, so :func:`~kg.extract.numbers.find_quantities` does not
return them. The families here catch the rest; each returns why a quantity is not a
target, or None:

>>> from kg.extract.numbers import find_quantities
>>> norm = "实施“十个一”文化工程,园区新增10亿元以上重点项目15个"
>>> [not_a_target(norm, q) for q in find_quantities(norm)]
['inside quotes or a title: a name or slogan', 'a threshold naming a class', None]
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from .cue_files import read_cues
from .numbers import Quantity, find_quantities
from .periods import CLAUSE_BREAKS, span

QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", '"': '"'}
"""Numbers inside these are names (“三新三强”, “133”产业集群, 《…三年(2021-2023年)行动方案》)."""
MAX_QUOTE = 60

CUES = read_cues("targets")
"""The cue words of this module (``kg/extract/cues/targets.json``), each family with its examples."""

COMMIT_VERBS = CUES.words("commit_verbs")

ABSTRACT_HEADS = CUES.words("abstract_heads")

FRAMING_VERBS = CUES.words("framing_verbs")

CAPACITY_CUES = CUES.words("capacity_cues")

INCENTIVE_RE = CUES.pattern("incentive")
INCENTIVE_WORDS = CUES.words("incentive_clause")
INCENTIVE_MARKERS = CUES.words("incentive_markers")

THRESHOLD_COMPARATORS = (">=", ">", "<=")

_QUOTE_RE = re.compile("|".join(f"{re.escape(o)}[^{re.escape(c)}\\n]{{0,{MAX_QUOTE}}}{re.escape(c)}"
                                for o, c in QUOTE_PAIRS.items()))


def quote_spans(norm: str) -> list[tuple[int, int]]:
    """Spans of quoted or titled text on one line, at most :data:`MAX_QUOTE` long.

    >>> quote_spans("实施“三新三强”行动,《方案》")
    [(2, 8), (11, 15)]
    """
    return [(m.start(), m.end()) for m in _QUOTE_RE.finditer(norm)]


def inside(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` falls in one of the sorted ``spans``."""
    k = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@dataclass
class Context:
    """What the rules look at: the text, its quotes and all its quantities."""

    norm: str
    quotes: list[tuple[int, int]]
    quantities: list[Quantity]

    @classmethod
    def of(cls, norm: str) -> Context:
        return cls(norm, quote_spans(norm), find_quantities(norm))

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [o.start for o in self.quantities]

    def next_in_clause(self, q: Quantity) -> Quantity | None:
        _, end = span(self.norm, q.end, CLAUSE_BREAKS)
        k = bisect.bisect_left(self._starts, q.end)
        if k < len(self.quantities) and self.quantities[k].start < end:
            return self.quantities[k]
        return None


QUOTED_GOAL_RE = CUES.pattern("quoted_goal")


def _quoted(q: Quantity, ctx: Context) -> str | None:
    if inside(ctx.quotes, q.number_start):
        k = bisect.bisect_right(ctx.quotes, (q.number_start, float("inf"))) - 1
        a, b = ctx.quotes[k]
        if ctx.norm[a] == "“" and QUOTED_GOAL_RE.search(ctx.norm, a, b):
            return None
        return "inside quotes or a title: a name or slogan"
    return None


def _time_without_ceiling(q: Quantity, ctx: Context) -> str | None:
    if q.unit_kind == "time" and q.comparator not in ("<=", "<"):
        return "a time span, not a limit"
    return None


_DIGITS_RE = re.compile(r"\d+")


def _code_like(q: Quantity, ctx: Context) -> str | None:
    digits = _DIGITS_RE.match(ctx.norm[q.number_start:q.end])
    if digits and len(digits.group(0)) >= 7:
        return "a long digit string (phone, registration or ID number)"
    return None


def _chinese_without_verb(q: Quantity, ctx: Context) -> str | None:
    if not q.chinese or q.comparator != "=" or q.is_range:
        return None
    if ctx.norm.startswith(ABSTRACT_HEADS, q.end):
        return "a slogan count (三个计划, 六个一)"
    before = ctx.norm[max(0, q.start - 4):q.start].rstrip("再共新")
    if before.endswith(COMMIT_VERBS):
        return None
    return "a Chinese count with no commitment verb (a name or a summary: 金融十条, 两项试点)"


def _framed_reference(q: Quantity, ctx: Context) -> str | None:
    if q.unit_kind != "count" or ctx.norm[q.start - 1:q.start] not in ("等", "和", "及", "、"):
        return None
    start, _ = span(ctx.norm, q.start, CLAUSE_BREAKS)
    if ctx.norm[start:q.start].lstrip(" ").startswith(FRAMING_VERBS):
        return "a count of what the clause refers to (围绕…等12家企业)"
    return None


def _capacity(q: Quantity, ctx: Context) -> str | None:
    if ctx.norm[max(0, q.start - 4):q.start].endswith(CAPACITY_CUES):
        return "a capacity in a project name (年产180万吨)"
    return None


def _incentive(q: Quantity, ctx: Context) -> str | None:
    start, end = span(ctx.norm, q.start, CLAUSE_BREAKS)
    before = ctx.norm[start:q.start]
    if q.unit and q.unit.endswith("元") and (INCENTIVE_RE.search(before.rstrip("一次性最高不超过")) or "给予" in before):
        return "an incentive or subsidy amount"
    if q.unit and (q.unit.endswith("元") or q.unit_kind == "percent"):
        clause = ctx.norm[start:end]
        if any(w in clause for w in INCENTIVE_WORDS) and any(m in before for m in INCENTIVE_MARKERS):
            return "an incentive or subsidy amount"
    return None


_BRACKETED_RE = re.compile(r"\([^()]*\)")
"""A bracketed aside (the text is normalised to half-width brackets)."""


def _class_qualifier(q: Quantity, ctx: Context) -> str | None:
    """10亿元以上重点项目15个, 56人以上大班额, 产值过20亿元的市域品牌1个: a class, not a target.

    A quantity of the next item of a list (10个以上集聚区、3个以上示范区) is no count of the class."""
    if not (q.suffix or q.prefix) or q.comparator not in THRESHOLD_COMPARATORS or q.unit_kind == "percent":
        return None
    after = ctx.norm[q.end:q.end + 1]
    if not after or after in CLAUSE_BREAKS or after in "、)”":
        return None
    later = ctx.next_in_clause(q)
    if later is not None and inside(ctx.quotes, later.number_start):
        later = None  # 不少于20名具有…“百千万人才工程”…人选: a figure in a name is no second quantity
    if after == "的":
        return "a threshold naming a class" if later is not None else None
    clause_start, _ = span(ctx.norm, q.start, CLAUSE_BREAKS)
    at_clause_start = bool(q.suffix) and not ctx.norm[clause_start:q.start].strip(" ")
    if later is not None and "、" in _BRACKETED_RE.sub("", ctx.norm[q.end:later.start]):
        later = None  # 10个以上集聚区、3个以上示范区: the next item's own figure
    if q.unit_kind != "count" or later is not None or at_clause_start:
        return "a threshold naming a class"
    return None


def _scope_count(q: Quantity, ctx: Context) -> str | None:
    """两大集群79家企业年营收增幅10%以上: 79家 is the scope of the rate."""
    if q.unit_kind != "count":
        return None
    later = ctx.next_in_clause(q)
    if later is None or later.unit_kind != "percent":
        return None
    between = ctx.norm[q.end:later.start]
    if between and "、" not in between and "的" not in between and between[0] not in CLAUSE_BREAKS:
        return "the scope of a rate that follows"
    return None


BODY_NOUNS = CUES.words("body_nouns")
BODY_ENDINGS = CUES.words("body_endings")

RHETORIC_RE = CUES.pattern("rhetoric")

RANK_POOL_RE = CUES.pattern("rank_pool")


def _body_count(q: Quantity, ctx: Context) -> str | None:
    if q.unit_kind != "count" or not ctx.norm.startswith(BODY_NOUNS, q.end):
        return None
    before = ctx.norm[max(0, q.start - 1):q.start]
    if before == "等" or before.endswith(BODY_ENDINGS) or before in ("、", "和", "及"):
        return "a count of the bodies named before it (等12个部委)"
    return None


def _item_number(q: Quantity, ctx: Context) -> str | None:
    """11.121人才梯队项目: a list item's number run into the name after it."""
    line_start = ctx.norm.rfind("\n", 0, q.number_start) + 1
    if ctx.norm[line_start:q.number_start].strip(" \t\u3000"):
        return None
    if re.match(r"\d{1,2}\.\d", ctx.norm[q.number_start:q.end]) and "\u4e00" <= ctx.norm[q.end:q.end + 1] <= "\u9fff":
        return "a list item's number run into a name (11.121人才梯队)"
    return None


def _rhetoric(q: Quantity, ctx: Context) -> str | None:
    if q.unit != "%":
        return None
    start, end = span(ctx.norm, q.start, CLAUSE_BREAKS)
    if RHETORIC_RE.search(ctx.norm, start, end):
        return "a saying about effort (拿出80%的精力)"
    return None


def _rank_pool(q: Quantity, ctx: Context) -> str | None:
    if q.unit_kind != "count" or not ctx.norm[max(0, q.start - 1):q.start] == "在":
        return None
    if RANK_POOL_RE.match(ctx.norm, q.end):
        return "the field a rank is taken in (在23个县中排名)"
    return None


NOT_TARGET_RULES = (_quoted, _time_without_ceiling, _code_like, _chinese_without_verb, _framed_reference,
                    _capacity, _incentive, _class_qualifier, _scope_count, _body_count, _item_number, _rhetoric,
                    _rank_pool)
"""Each returns why a quantity is not a target, or None."""


def reason(q: Quantity, ctx: Context) -> str | None:
    """The first rule of :data:`NOT_TARGET_RULES` that rejects ``q``."""
    for rule in NOT_TARGET_RULES:
        why = rule(q, ctx)
        if why:
            return why
    return None


def not_a_target(norm: str, q: Quantity) -> str | None:
    """Why quantity ``q`` of ``norm`` is not a target, or None when it may be one.

    >>> from kg.extract.numbers import find_quantities
    >>> [not_a_target(n, q) for n in ("国鼎华明年产180万吨纳米钙深加工",) for q in find_quantities(n)]
    ['a capacity in a project name (年产180万吨)']
    """
    return reason(q, Context.of(norm))
