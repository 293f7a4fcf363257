"""Quantities in plan text: numerals, units of measure, comparators and ranges.

This module reads *how much*; :mod:`kg.extract.targets` decides whether a quantity is
a commitment and what it measures. Everything is matched against
:attr:`kg.document.Document.norm` (ASCII punctuation), and every vocabulary below is
data: extend a tuple, not the code.

>>> [(q.value, q.unit, q.comparator) for q in find_quantities("新建高标准农田1.3万亩,增长7%以上,引进2-3个,200多亩")]
[(1.3, '万亩', '='), (7.0, '%', '>='), ((2.0, 3.0), '个', '='), (200.0, '亩', '>')]
>>> parse_number("1.3万"), parse_number("三十五"), parse_number("两")
(13000.0, 35.0, 2.0)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .cue_files import read_cues
from .numerals import (  # noqa: F401 (the numerals were read here: their names stay importable from this module)
    _RANGE_END,
    APPROX_MARKERS,
    AR_NUM,
    CN_DIGITS,
    CN_LARGE,
    CN_NUM,
    CN_SMALL,
    NUM,
    RANGE_SEPARATORS,
    cn_value,
    parse_number,
)
from .patterns import alternation

CUES = read_cues("numbers")
"""The cue words of quantities (``cues/numbers.json``)."""

# --- units ------------------------------------------------------------------------

UNIT_KINDS: dict[str, tuple[str, ...]] = {g["kind"]: tuple(g["words"]) for g in CUES.groups("unit_kinds")}
"""Units of measure, by kind. A number followed by anything else (年, 月, 日, 岁, 号,
期, 届, 次, 大, 强 …) is not a measured quantity."""

BOUNDED_UNITS = CUES.words("bounded_units")
"""Counts of times (次): a quantity only with a bound around them (不少于100次, 200次以上)."""
UNIT_KINDS["count"] = UNIT_KINDS.get("count", ()) + tuple(u for u in BOUNDED_UNITS if u not in UNIT_KINDS.get("count", ()))

NOT_UNITS = CUES.words("not_units")
"""Look like a unit but measure time, age or text length (共计16698个字): never a target."""

MULTIPLIERS = ("千万", "百万", "十万", "千亿", "百亿", "万亿", "万", "亿")
"""Written in front of a unit and kept with it, as written: 1.3万亩, 669.8亿元, 500亿级."""

UNIT_OF: dict[str, str] = {u: kind for kind, units in UNIT_KINDS.items() for u in units}
_BASES = sorted(UNIT_OF, key=len, reverse=True)
_UNIT_RE = re.compile(
    "(?P<not>" + ("|".join(NOT_UNITS) or "(?!)") + ")|(?P<unit>(?:" + "|".join(MULTIPLIERS) + ")?(?:"
    + "|".join(re.escape(u) for u in _BASES) + "))|(?P<bare>" + "|".join(MULTIPLIERS) + ")"
)
# a bare multiplier (人口160万) is a unit only when the phrase ends there
_BARE_END_RE = re.compile(r"(?:[,;.!?:、\n)”]|以上|以下|左右|以内|的|$)")


def unit_kind(unit: str | None) -> str | None:
    """The kind of a unit as written (multiplier ignored).

    >>> unit_kind("万亩"), unit_kind("亿元"), unit_kind("%"), unit_kind("家"), unit_kind("万")
    ('measure', 'measure', 'percent', 'count', 'bare')
    """
    if not unit:
        return None
    if unit in UNIT_OF:
        return UNIT_OF[unit]
    for m in MULTIPLIERS:
        if unit.startswith(m):
            rest = unit[len(m):]
            return UNIT_OF.get(rest) if rest else "bare"
    return None


def _base_unit(unit: str) -> str:
    """A unit without its multiplier (万次 -> 次)."""
    for m in MULTIPLIERS:
        if unit.startswith(m) and unit[len(m):] in UNIT_OF:
            return unit[len(m):]
    return unit


def unit_scale(unit: str | None) -> float:
    """Factor a unit's multiplier contributes (万亩 -> 10000), for normalising values.

    >>> unit_scale("万亩"), unit_scale("亿元"), unit_scale("千万元"), unit_scale("万亿元"), unit_scale("个")
    (10000.0, 100000000.0, 10000000.0, 1000000000000.0, 1.0)
    """
    for m in MULTIPLIERS:
        if unit and unit.startswith(m):
            scale = 1.0
            for ch in m:
                scale *= {**CN_SMALL, **CN_LARGE}[ch]
            return scale
    return 1.0


# --- comparators --------------------------------------------------------------------

SUFFIX_COMPARATORS: dict[str, str] = CUES.table("suffix_comparators")
"""After the unit: 7%以上, 50户以内, 12%左右."""

PREFIX_COMPARATORS: dict[str, str] = CUES.table("prefix_comparators")
"""Right before the number: 不少于80个, 突破1200亿元, 低于1.70, 约5000人."""

NOT_PREFIX = CUES.words("not_prefix")
"""Words ending like a prefix comparator that are not one (通过3年 is not 过3年)."""

UNITLESS_CUES = CUES.words("unitless_cues")
"""A number without a unit is a quantity only right after one of these (差距比低于1.70)."""

_SUFFIX_RE = re.compile("|".join(sorted(SUFFIX_COMPARATORS, key=len, reverse=True)) or "(?!)")
_QTY_RE = re.compile(  # the lookahead lets the scan skip characters that start no number
    rf"(?=[\d一二两三四五六七八九十百千])(?P<n1>{NUM})(?:(?P<u1>%)?\s*(?P<sep>[{RANGE_SEPARATORS}])\s*(?P<n2>{_RANGE_END}))?(?P<approx>[多余几])?"
)
_RATIO_RE = re.compile(r"(?=\d)(?<![\d.])(?P<a>\d{1,3}(?:\.\d+)?):(?P<b>\d{1,3}(?:\.\d+)?)(?![\d.:])")
_UNITLESS_END_RE = re.compile(r"(?:及以上|以上|以下|以内|左右|[,;。!?、\n)]|$)")


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and comparator; ``start`` includes a prefix comparator."""

    value: float | tuple[float, float]
    unit: str | None
    comparator: str
    start: int
    number_start: int
    end: int
    unit_kind: str | None
    chinese: bool = False
    prefix: str = ""
    suffix: str = ""

    @property
    def is_range(self) -> bool:
        return isinstance(self.value, tuple)


_PREFIXES = tuple(sorted(PREFIX_COMPARATORS, key=len, reverse=True))
_UNITLESS = tuple(sorted(UNITLESS_CUES, key=len, reverse=True))


_PREFIX_RE = re.compile("(?:" + ("|".join(_PREFIXES) or "(?!)") + ")$")


PREFIX_GAP_VERBS = CUES.words("prefix_gap_verbs")
"""A comparator may stand before one of these verbs: 至少建成1个, 不少于新增…"""
_GAP_RE = re.compile("(?:" + ("|".join(PREFIX_GAP_VERBS) or "(?!)") + ")$")


def _prefix(norm: str, pos: int) -> str:
    """The comparator word ending at ``pos`` (or right before a verb there), as written."""
    m = _PREFIX_RE.search(norm, max(0, pos - 4), pos)
    if m is None:
        gap = _GAP_RE.search(norm, max(0, pos - 2), pos)
        if gap is not None:
            inner = _prefix(norm, gap.start())
            return inner + norm[gap.start():pos] if inner else ""
        return ""
    wider = norm[max(0, m.start() - 2):pos]
    if any(wider.endswith(n) for n in NOT_PREFIX):
        return ""
    return m.group(0)


def _comparator(prefix: str, suffix: str, approx: str | None) -> str:
    if suffix:
        return SUFFIX_COMPARATORS[suffix]
    if approx:
        return APPROX_MARKERS[approx]
    if prefix:
        word = next(w for w in _PREFIXES if prefix.startswith(w))
        return PREFIX_COMPARATORS[word]
    return "="


SHARE_BOUNDS = CUES.words("share_bounds")
"""Bounds (words of :data:`PREFIX_COMPARATORS`) that may stand before the base of a share."""
_SHARE_OF_RE = re.compile("(" + alternation(SHARE_BOUNDS) + r")[\u4e00-\u9fff]{2,10}的?$")
"""A bound on a share of a base named between word and figure: 不超过年度招募计划50%."""


def _is_chinese(s: str) -> bool:
    return not s[0].isdigit()


def _ratios(norm: str, start: int, end: int) -> list[Quantity]:
    """Ratios written N:M after a cue (比值达到2:1), valued N/M."""
    out = []
    for m in _RATIO_RE.finditer(norm, start, end):
        before = norm[max(0, m.start() - 3):m.start()]
        b = float(m.group("b"))
        if b and (before.endswith(UNITLESS_CUES) or before.endswith("比")):
            out.append(Quantity(round(float(m.group("a")) / b, 6), None, "=", m.start(), m.start(), m.end(), "ratio"))
    return out


def find_quantities(norm: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every number with a unit (or in a unitless comparison) in ``norm[start:end]``.

    Ranges give a ``(low, high)`` value; a lone Chinese 一 is never a quantity (一批,
    一个时期); durations, ages and dates have no unit here and are skipped.

    >>> [(q.value, q.unit) for q in find_quantities("为期三年,3个月,60岁以上,2024年,十个示范村,一个时期")]
    [(10.0, '个')]
    >>> [(q.value, q.unit, q.comparator) for q in find_quantities("收入差距比低于1.70,比值达到2:1,指数保持在1及以上")]
    [(1.7, None, '<'), (2.0, None, '='), (1.0, None, '>=')]
    >>> [(q.value, q.unit) for q in find_quantities("每年引进3~5家,建设1—2个,三至五家,20%-30%")]
    [((3.0, 5.0), '家'), ((1.0, 2.0), '个'), ((3.0, 5.0), '家'), ((20.0, 30.0), '%')]
    """
    end = len(norm) if end is None else end
    out = _ratios(norm, start, end)
    ratio_spans = [(q.start, q.end) for q in out]  # in text order, apart
    ratio_starts = [a for a, _ in ratio_spans]
    taken_until = start
    for m in _QTY_RE.finditer(norm, start, end):
        k = bisect_right(ratio_starts, m.start()) - 1
        if m.start() < taken_until or (k >= 0 and m.start() < ratio_spans[k][1]):
            continue
        n1, n2 = m.group("n1"), m.group("n2")
        chinese = _is_chinese(n1)
        lone_one = n1 == "一" and not n2
        pos = m.end()
        u = _UNIT_RE.match(norm, pos)
        if chinese and not (u and u.group("unit")):
            continue
        unit = None
        if u and u.group("not"):
            continue
        if u and u.group("unit"):
            unit = u.group("unit")
            pos = u.end()
        elif u and u.group("bare") and _BARE_END_RE.match(norm, u.end()):
            unit = u.group("bare")
            pos = u.end()
        if n2 and m.group("u1") and unit != "%":
            continue
        prefix = _prefix(norm, m.start())
        if unit is None:
            # unitless comparison (差距比低于1.70); Arabic numbers only
            if chinese or n2 or m.group("approx"):
                continue
            cue = next((c for c in _UNITLESS if norm[max(0, m.start() - len(c)):m.start()] == c), "")
            if not cue or not _UNITLESS_END_RE.match(norm, m.end()):
                continue
            prefix = (prefix or cue) if cue in PREFIX_COMPARATORS else prefix
        if lone_one and not (unit and unit_kind(unit) != "count" and unit[0] in "万亿"):
            continue
        s = _SUFFIX_RE.match(norm, pos)
        suffix = s.group(0) if s else ""
        if suffix:
            pos = s.end()
        if unit and not (prefix or suffix) and _base_unit(unit) in BOUNDED_UNITS:
            continue  # 召开2次会议, 第十四次党代会: not a measured count
        v1 = parse_number(n1)
        if v1 is None:
            continue
        value: float | tuple[float, float] = v1
        if n2:
            v2 = parse_number(n2)
            if v2 is None or v2 <= v1:
                continue
            value = (v1, v2)
        approx = m.group("approx")
        if approx and unit is None:
            continue
        q_start = m.start() - len(prefix)
        comparator = _comparator(prefix, suffix, approx)
        if comparator == "=" and unit == "%":
            share = _SHARE_OF_RE.search(norm, max(0, m.start() - 14), m.start())
            comparator = PREFIX_COMPARATORS[share.group(1)] if share else comparator
        out.append(Quantity(value, unit, comparator, q_start, m.start(), pos,
                            unit_kind(unit) if unit else "unitless", chinese, prefix, suffix))
        taken_until = pos
    out.sort(key=lambda q: q.start)
    return out


# --- rankings and multiples ------------------------------------------------------------

RANK_VERBS = CUES.words("rank_verbs")
"""An aspiration verb before a rank makes it a ranking target (冲刺全省十强, 进入中部百强镇)."""

_RANK_N = r"[\d一二两三四五六七八九十百千]+"
RANK_RE = re.compile(  # the lookahead lets the scan skip characters that start no ranking
    rf"(?=[\d一二两三四五六七八九十百千前第])(?:(?<![\d一二两三四五六七八九十百千])(?P<top>{_RANK_N})强|前(?P<first>{_RANK_N})(?:名|位)?|第(?P<nth>[一二三1-3])(?:名|位)?(?=[,;。!?、\n的]|$))"
)
"""十强 / 百强 / 五十强 (top N), 前三 / 前5名 (top N), 第一 (exactly first).

A top-N rank starts where its run of numerals starts (the lookbehind): trying every
position inside a long run of digits would make the scan quadratic in the run's length."""

MULTIPLE_WORDS: dict[str, float] = {"倍增": 2.0, "翻一番": 2.0, "翻番": 2.0, "翻两番": 4.0, "翻三番": 8.0}
"""Growth written as a word: 收入倍增, 翻一番 (x2), 翻两番 (x4)."""
NOT_MULTIPLE_AFTER = CUES.words("not_multiple_after")
"""倍增计划, 倍增行动 … name a programme; they are not targets."""
MULTIPLE_RE = re.compile("|".join(sorted(MULTIPLE_WORDS, key=len, reverse=True)))


@dataclass(frozen=True)
class Rank:
    """A ranking aspiration: top ``value`` (<=) or exactly ``value`` (=).

    ``verb_start`` is where the aspiration verb starts (shared by a list of ranks);
    ``scope_start`` where the rank's own words start (after the verb, or after 、).
    """

    value: float
    comparator: str
    start: int
    end: int
    verb_start: int
    scope_start: int


def find_rankings(norm: str, start: int = 0, end: int | None = None) -> list[Rank]:
    """Rankings preceded (within the clause, at most 12 characters back) by an aspiration verb.

    >>> [(r.value, r.comparator) for r in find_rankings("强县工程冲刺全省十强,进入全国县域经济五十强,确保总量黄石第一")]
    [(10.0, '<='), (50.0, '<='), (1.0, '=')]
    >>> [norm[r.scope_start:r.end] for norm in ["冲刺县域经济全省十强、全国百强"] for r in find_rankings(norm)]
    ['县域经济全省十强', '全国百强']
    >>> find_rankings("对比全国百强、全省十强,发展是第一要务")
    []
    """
    end = len(norm) if end is None else end
    out: list[Rank] = []
    for m in RANK_RE.finditer(norm, start, end):
        raw = m.group("top") or m.group("first") or m.group("nth")
        value = parse_number(raw)
        if not value:
            continue
        comparator = "=" if m.group("nth") else "<="
        window_start = max(start, m.start() - 12)
        window = norm[window_start:m.start()]
        cut = max(window.rfind(c) for c in ",;.!?:\n、")
        if cut >= 0:
            window, window_start = window[cut + 1:], window_start + cut + 1
        verb_at, verb_len = -1, 0
        for verb in RANK_VERBS:
            i = window.rfind(verb)
            if i >= 0 and (i + len(verb) > verb_at + verb_len or (i + len(verb) == verb_at + verb_len and len(verb) > verb_len)):
                verb_at, verb_len = i, len(verb)
        if verb_at < 0:
            # a list of ranks shares the verb of the first (冲刺全省十强、全国百强)
            gap = norm[out[-1].end:m.start()] if out else ""
            if out and gap.startswith("、") and len(gap) <= 6 and not re.search(r"[,;。!?:\n]", gap):
                out.append(Rank(value, comparator, m.start(), m.end(), out[-1].verb_start, out[-1].end + 1))
            continue
        out.append(Rank(value, comparator, m.start(), m.end(), window_start + verb_at,
                        window_start + verb_at + verb_len))
    return out


def find_multiples(norm: str, start: int = 0, end: int | None = None) -> list[tuple[str, float, int, int]]:
    """``(word, factor, start, end)`` for growth written as a word.

    >>> find_multiples("旅游收入倍增,实施科小倍增计划,经济总量翻一番")
    [('倍增', 2.0, 4, 6), ('翻一番', 2.0, 20, 23)]
    """
    end = len(norm) if end is None else end
    out = []
    for m in MULTIPLE_RE.finditer(norm, start, end):
        if norm.startswith(NOT_MULTIPLE_AFTER, m.end()):
            continue
        out.append((m.group(0), MULTIPLE_WORDS[m.group(0)], m.start(), m.end()))
    return out
