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

from .numbers import Quantity, find_quantities
from .periods import CLAUSE_BREAKS, span

QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "《": "》", "‘": "’", '"': '"'}
"""Numbers inside these are names (“三新三强”, “133”产业集群, 《…三年(2021-2023年)行动方案》)."""
MAX_QUOTE = 60

COMMIT_VERBS = ("建成", "建设", "新建", "改建", "新增", "打造", "培育", "引进", "招引", "创建", "创成", "完成",
                "实施", "开展", "举办", "改造", "建立", "组建", "设立", "落地", "推出", "形成", "达到", "达",
                "突破", "超过", "增加", "增长", "提高", "减少", "培养", "认定", "评选", "争创", "吸引", "扶持",
                "孵化", "签约", "开工", "竣工", "投产", "开通", "修建", "整治", "规划", "发展", "新开", "建", "攻坚",
                "推进")
"""A number written in Chinese (十个, 两家) is a target only right after one of these:
otherwise it names or sums something up (金融十条, 两项省级试点, 三个代表)."""

ABSTRACT_HEADS = ("方面", "重点", "计划", "行动", "工程", "机制", "体系", "领域", "环节", "层面", "阶段",
                  "战略", "理念", "原则", "意识", "自信", "确立", "维护", "务必", "全面", "一")
"""Nouns after a Chinese count that make it a slogan (三个计划, 四个全面, 六个一)."""

FRAMING_VERBS = ("围绕", "依托", "聚焦", "紧扣", "紧盯", "瞄准", "对接", "立足", "面向", "对标", "结合", "借助",
                 "根据", "按照", "基于", "以")
"""A clause opening with these refers to what exists: 围绕…等12家领军企业 is not a target."""

CAPACITY_CUES = ("年产", "日产", "年处理", "年加工", "年吞吐", "装机", "年出栏", "年屠宰", "日处理")
"""A capacity in a project's name (国鼎华明年产180万吨纳米钙深加工), not a target."""

INCENTIVE_RE = re.compile(r"(?:奖励|补助|补贴|奖补|资助|扶持资金)$")
"""给予一次性奖励100万元: an incentive amount, a policy parameter, not a target."""

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


QUOTED_GOAL_RE = re.compile(r"[,;][^,;]*?(?:达到|超过|不少于|不低于|突破|增长)\s*\d|(?:达到|超过|不少于|不低于|突破|增长)\s*\d[^,;]*[,;]")
"""A quote holding clauses with figures (实现“…达到2000名左右,…达到40%”的目标) quotes goals, not a name."""


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


def _code_like(q: Quantity, ctx: Context) -> str | None:
    digits = re.match(r"\d+", ctx.norm[q.number_start:q.end])
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
    start, _ = span(ctx.norm, q.start, CLAUSE_BREAKS)
    before = ctx.norm[start:q.start]
    if q.unit and q.unit.endswith("元") and (INCENTIVE_RE.search(before.rstrip("一次性最高不超过")) or "给予" in before):
        return "an incentive or subsidy amount"
    return None


def _class_qualifier(q: Quantity, ctx: Context) -> str | None:
    """10亿元以上重点项目15个, 56人以上大班额, 产值过20亿元的市域品牌1个: a class, not a target."""
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


BODY_NOUNS = ("部委", "部门", "单位", "厅局", "委办局", "成员单位", "机关")
"""What a count of issuing or partner bodies counts: 等12个部委印发, 省财政厅…12个部门单位."""
BODY_ENDINGS = ("部", "委", "厅", "局", "办", "行", "会", "司", "院", "室", "处", "团")
"""How the name of a body ends (the last item of a list summed up by a count)."""

RHETORIC_RE = re.compile(r"\d+(?:\.\d+)?%的(?:精力|时间|力量|心思|心血|力气)")
"""拿出80%的精力抓20%的重点工作: a saying about effort, not a target."""

RANK_POOL_RE = re.compile(r"[^,;。!?\n]{0,20}?中[^,;。!?\n]{0,6}?(?:排名|排位|排第|位列|位居|居第|名列)")
"""在23个一类县中综合排名第19位: the field a rank is taken in."""


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
