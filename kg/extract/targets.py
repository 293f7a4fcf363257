"""Targets: quantified commitments (and past achievements) with indicator, value, year.

:mod:`kg.extract.numbers` finds every quantity (and rankings, 倍增); this module
keeps the commitments, names what they measure and places them in the plan:

1. **Not a target** — :mod:`kg.extract.target_rules` (slogans in quotes, class
   thresholds, scope counts, capacities, incentives …).
2. **Indicator** — the clause text before the number (time words, auxiliaries such
   as 力争/确保 and the change word removed, at jieba token boundaries from
   :mod:`kg.nlp`) plus the noun after the unit (引进2-3个知名城市综合体). Several
   quantities in one clause give one record each; a 、-list with 均 or 倍增 gives
   one record per item; a clause with no words of its own (全年冲刺100个) takes the
   indicator of the target before it in the sentence.
3. **Time** — :func:`kg.extract.periods.target_time` (explicit year, 十四五末,
   plan horizon, 每年/年均 -> annual, past results).
4. **Kind** — ``achievement`` for a past result; else ``goal`` in a goals or 工作思路
   section, ``task`` inside a task, ``goal`` elsewhere. A target links to the task
   holding it, else to the innermost goal holding it.

>>> from kg.document import Document
>>> doc = Document.from_text("2024年地区生产总值增长7%以上,一般公共预算收入增长7%左右。")
>>> [(t.indicator, t.change, t.value, t.unit, t.comparator, t.year) for t in find_targets(doc, ())]
[('地区生产总值', '增长', 7.0, '%', '>=', 2024), ('一般公共预算收入', '增长', 7.0, '%', '~', 2024)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Document
from ..nlp import tokens
from .cue_files import read_cues
from .model import Goal, Heading, PlanInfo, Target, Task
from .numbers import RANK_VERBS, find_multiples, find_rankings
from .periods import (
    CLAUSE_BREAKS,
    SENTENCE_BREAKS,
    TIME_WORDS_RE,
    PlanPeriod,
    explicit_year,
    plan_horizon,
    plan_period,
    span,
    target_time,
)
from .target_placement import (  # noqa: F401 (placing a target was done here: these names stay importable from this module)
    HEADING_YEAR_RE,
    _innermost,
    _past_heading_year,
    _place,
    _section_kind,
)
from .target_rules import COMMIT_VERBS, FRAMING_VERBS, Context, inside, reason

__all__ = ["find_targets", "plan_horizon"]

# --- vocabularies of the indicator phrase --------------------------------------------

CUES = read_cues("targets")
"""The cue words of this module (``kg/extract/cues/targets.json``), each family with its examples."""

CHANGE_WORDS = CUES.words("change_words")
CHANGE_PREFIXES = CUES.words("change_prefixes")
"""Comparators before a figure that are its change too (突破100亿元)."""
KEEP_IN_INDICATOR = CUES.words("keep_in_indicator")
FUNDING_VERBS = CUES.words("funding_verbs")
SHARED_HEADS = CUES.words("shared_heads")
LEVEL_RE = CUES.pattern("level_modifiers")
"""A level word that qualifies a noun (国家级, 省级以上): lends or borrows the noun of a 、-list."""

LEADING_FILLERS = CUES.words("leading_fillers")
_ADVERBS = tuple(w for w in LEADING_FILLERS if w not in CHANGE_WORDS)
TRAILING_FILLERS = CUES.words("trailing_fillers")
_PARTICLES = tuple(w for w in TRAILING_FILLERS if w not in CHANGE_WORDS)

RANK_TAIL_RE = CUES.pattern("rank_tail")
REPORTING_RE = CUES.pattern("reporting")
PAIR_MAX_GAP = 3
"""25个小区8424户…: two counts of one thing when at most this many characters part them."""


# --- indicator text ---------------------------------------------------------------------

def _boundaries(text: str) -> set[int]:
    """Offsets between jieba tokens of ``text``."""
    out, pos = {0}, 0
    for tok in tokens(text):
        pos = text.find(tok, pos) + len(tok)
        out.add(pos)
    return out


def strip_words(text: str, lead: tuple[str, ...] = LEADING_FILLERS, trail: tuple[str, ...] = TRAILING_FILLERS) -> str:
    """Drop filler words at either end of ``text`` where jieba puts a word boundary.

    >>> strip_words("力争完成技改项目"), strip_words("全市场主体", ("全市",), ())
    ('技改项目', '全市场主体')
    """
    text = text.strip(" ")
    lead, trail = _longest_first(lead), _longest_first(trail)
    if not text or not (text.startswith(lead) or text.endswith(trail)):
        return text  # nothing to strip: no need to tokenise
    cuts = _boundaries(text)
    changed = True
    while changed and text:
        changed = False
        for w in lead:
            if text.startswith(w) and len(w) in cuts:
                n = len(w)
                text, cuts, changed = text[n:], {c - n for c in cuts if c >= n}, True
                break
        if changed:
            continue
        for w in trail:
            if text.endswith(w) and (len(text) - len(w) in cuts or len(w) == 1):
                text, changed = text[:-len(w)], True
                cuts = {c for c in cuts if c <= len(text)} | {len(text)}
                break
    return text.strip(" ")


@lru_cache(maxsize=32)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def split_change(before: str) -> tuple[str, str | None]:
    """``(indicator text, change word)`` from the clause text before a number.

    >>> split_change("2024年地区生产总值增长"), split_change("力争完成技改项目"), split_change("新增“四上企业”")
    (('地区生产总值', '增长'), ('技改项目', '完成'), ('新增“四上企业”', '新增'))
    """
    text = strip_words(TIME_WORDS_RE.sub("", before), _ADVERBS, ())
    changes = _longest_first(tuple(CHANGE_WORDS))
    for candidate in (text, strip_words(text, (), _PARTICLES)):  # 达到 as written; 扩大到 -> 扩大
        for w in changes if candidate.endswith(changes) else ():
            if candidate.endswith(w):
                return strip_words(candidate[:-len(w)]), w
    for w in changes if text.startswith(changes) else ():
        if text.startswith(w):
            return (strip_words(text, (), TRAILING_FILLERS) if w in KEEP_IN_INDICATOR else strip_words(text[len(w):])), w
    return strip_words(text), None


def balance(text: str) -> str:
    """Drop a bracket left open or closed by a clause cut.

    >>> balance("地区生产总值(含临空"), balance(")占比"), balance("零工市场(驿站)")
    ('地区生产总值', '占比', '零工市场(驿站)')
    """
    text = text.lstrip(")")
    while text.count("(") > text.count(")"):
        text = text[:text.rfind("(")]
    return text.strip(" ")


_RANKS_END_RE = re.compile(r"行列$")


def _clean_tail(tail: str) -> str:
    tail = _RANKS_END_RE.sub("", tail.strip(" ").lstrip("的"))
    return strip_words(tail[:24], (), TRAILING_FILLERS)


def _list_items(head: str, separators: str = "、") -> list[str]:
    """The items of a list, each completed by what the last one lends.

    >>> _list_items("城镇、农村居民人均可支配收入"), _list_items("工业项目、民间投资项目占比")
    (['城镇居民人均可支配收入', '农村居民人均可支配收入'], ['工业项目占比', '民间投资项目占比'])
    """
    parts = [p for p in (strip_words(x) for x in re.split(f"[{separators}]", head)) if p]
    if len(parts) > 1:  # 城镇、农村居民人均可支配收入: a short modifier borrows the last item's noun
        last = parts[-1]
        parts = [p + last[len(p):] if len(p) <= 2 and len(last) > len(p) + 2 else p for p in parts[:-1]] + [last]
    lent = next((h for h in SHARED_HEADS if parts and parts[-1].endswith(h)), "")
    if lent:
        parts = [p if re.search(r"[率例重比额量值数]$", p) else p + lent for p in parts[:-1]] + parts[-1:]
    return parts


def _lent_noun(norm: str, start: int, end: int) -> str:
    """The noun the next items of a 、-list name after their own level word, lent to a figure
    whose words are a level word only: in 90名国家级、150名省级科技人才, 科技人才.

    >>> s = "、150名省级、300名市级科技人才"
    >>> _lent_noun(s, 1, len(s)), _lent_noun("、150名科技人才", 1, 9)
    ('科技人才', '')
    """
    for item in norm[start:end].split("、"):
        level = LEVEL_RE.search(item)
        if level is None:
            return ""
        noun = _clean_tail(re.split(r"[\d,;。]", item[level.end():], maxsplit=1)[0])
        if noun:
            return noun
    return ""


def _noun_after_level(indicator: str) -> str:
    """What follows the level word of an indicator (国家级专精特新企业 -> 专精特新企业), or ""."""
    level = LEVEL_RE.search(indicator)
    return indicator[level.end():] if level else ""


# --- candidates ---------------------------------------------------------------------------

@dataclass
class _Mention:
    """One candidate target (a quantity, a ranking or a multiple) before it becomes a record."""

    value: float | tuple[float, float]
    unit: str | None
    comparator: str
    start: int
    end: int
    change: str | None = None
    ranking: bool = False
    verb_start: int = -1
    scope_start: int = -1


def _candidates(ctx: Context) -> list[_Mention]:
    norm, out = ctx.norm, []
    for q in ctx.quantities:
        if reason(q, ctx) is None:
            out.append(_Mention(q.value, q.unit, q.comparator, q.start, q.end,
                                change=q.prefix if q.prefix in CHANGE_PREFIXES else None))
    for r in find_rankings(norm):
        tail = RANK_TAIL_RE.match(norm, r.end)
        end = tail.end() if tail else r.end
        after = norm[end:end + 2]
        named = after and after[0] not in CLAUSE_BREAKS + "、的)”" and not after.startswith("行列")
        if named or inside(ctx.quotes, r.start) or inside(ctx.quotes, r.verb_start):
            continue  # 奋进五十强作为抓手, “冲刺百强”: the name of a campaign
        continued = r.verb_start < r.scope_start - 1 and norm[r.scope_start - 1] == "、"
        out.append(_Mention(r.value, "名", r.comparator, r.scope_start if continued else r.verb_start, end,
                            ranking=True, verb_start=r.verb_start, scope_start=r.scope_start))
    for word, factor, s, e in find_multiples(norm):
        if not inside(ctx.quotes, s):
            out.append(_Mention(factor, "倍", "=", s, e, change=word))
    out.sort(key=lambda m: (m.start, m.end))
    return out


# --- one clause ---------------------------------------------------------------------------

@dataclass
class _Phrase:
    """What a mention measures and the span of text quoted for it."""

    items: list[str]
    change: str | None
    start: int
    end: int


@dataclass
class _ClauseState:
    """Carried from one mention to the next within a clause."""

    start: int
    end: int
    cursor: int
    list_change: str | None = None
    respective: list[str] = field(default_factory=list)  # A、B分别增长6%、8%: the items still to give
    first_rank: str = ""
    previous: list[Target] = field(default_factory=list)  # every target so far in the document


def _rank_phrase(norm: str, m: _Mention, state: _ClauseState) -> str:
    if m.start != m.verb_start:  # 冲刺县域经济全省十强、全国百强: the second rank reuses the first's words
        own = norm[m.scope_start:m.end]
        first = state.first_rank
        return first[:-len(own)] + own if len(first) > len(own) else own
    subject = REPORTING_RE.sub("", norm[state.start:m.verb_start])
    for verb in FRAMING_VERBS + ("锚定",):
        if subject.startswith(verb):
            subject = subject[len(verb):]
            break
    verb_end = next((m.verb_start + len(v) for v in sorted(RANK_VERBS, key=len, reverse=True)
                     if norm.startswith(v, m.verb_start)), m.scope_start)
    state.first_rank = split_change(subject)[0] + norm[max(verb_end, m.scope_start):m.end]
    return state.first_rank


def _phrase(norm: str, m: _Mention, nxt: _Mention | None, state: _ClauseState, sentence_start: int) -> _Phrase:
    """Indicator(s), change word and quoted span of mention ``m``; advances ``state.cursor``."""
    before = norm[state.cursor:m.start]
    # the noun after the unit runs to the next mention, a 、 before it, or the clause end
    stop = min(nxt.start if nxt else state.end, state.end)
    dun = norm.find("、", m.end, stop) if nxt is not None else -1
    if dun >= 0:
        stop = dun
    tail = norm[m.end:stop]
    tail_used = ""
    if m.ranking:
        indicator, change, head = _rank_phrase(norm, m, state), None, ""
    else:
        head, change = split_change(before)
        if before.rstrip(" ").endswith("等") and tail.strip():
            head = ""  # 加快双杰电气等45个续建项目建设: the examples are not the indicator
        if tail.lstrip(" ").startswith("的") and head:
            if head in COMMIT_VERBS + FUNDING_VERBS:
                tail_used = _clean_tail(tail.lstrip(" ")[1:])
        else:
            tail_used = _clean_tail(tail)
        if dun >= 0 and LEVEL_RE.fullmatch(tail_used):  # 90名国家级、150名省级科技人才
            tail_used += _lent_noun(norm, dun + 1, state.end)
        paired = (nxt is not None and not nxt.ranking and 0 < nxt.start - m.end <= PAIR_MAX_GAP and dun < 0
                  and re.fullmatch(r"[\u4e00-\u9fff]+", tail) is not None and tail[0] not in "的和及与或并")
        if paired:  # 25个小区8424户不动产登记…: both count what follows the second
            nxt_dun = norm.find("、", nxt.end, state.end)
            shared = _clean_tail(norm[nxt.end:nxt_dun if nxt_dun >= 0 else state.end])
            indicator = head + shared + (f"({tail_used})" if tail_used else "")
        else:
            indicator = head + tail_used
        if "分别" in before and re.search("[、和及与]", head):
            state.respective = _list_items(head, "、和及与")
            state.list_change = change
        if state.respective and (not head or "分别" in before):
            indicator, change = state.respective.pop(0), change or state.list_change
        if LEVEL_RE.fullmatch(head) and not tail_used:  # 国家级专精特新企业5家、省级30家
            indicator = head + _noun_after_level(state.previous[-1].indicator if state.previous and
                                                 state.previous[-1].start >= state.start else "")
        indicator = balance(indicator)
        if not indicator and state.previous and state.previous[-1].start >= sentence_start:
            indicator = state.previous[-1].indicator  # 新签约项目至少80个,全年冲刺100个
    if change is None and state.list_change and before.lstrip(" ").startswith("、"):
        change = state.list_change
    if m.change and (change is None or m.unit == "倍"):
        change = m.change
    if change in KEEP_IN_INDICATOR:
        state.list_change = change
    items = [indicator]
    if "、" in head and ("均" in before[-3:] or "都" in before[-3:] or m.unit == "倍"):
        items = _list_items(head) or items
    start = state.cursor
    while start < m.start and norm[start] in " 、,;:\n":
        start += 1
    state.cursor = stop + (1 if dun >= 0 else 0)
    return _Phrase(items, change, start, m.end + (len(tail) if tail_used else 0))


# --- the extractor --------------------------------------------------------------------------

def _clause_targets(doc: Document, bounds: tuple[int, int], group: list[_Mention], period: PlanPeriod,
                    headings, tasks, goals, records: list[Target]) -> None:
    """Append the targets of one clause to ``records`` (the targets before it, in order)."""
    norm = doc.norm
    state = _ClauseState(bounds[0], bounds[1], bounds[0], previous=records)
    sentence_start, _ = span(norm, bounds[0], SENTENCE_BREAKS)
    for i, m in enumerate(group):
        if m.start < state.cursor:
            continue
        phrase = _phrase(norm, m, group[i + 1] if i + 1 < len(group) else None, state, sentence_start)
        year, frequency, past = target_time(norm, period, m.start, ranking=m.ranking)
        section_year = _past_heading_year(headings, m.start, period)
        if section_year is not None and explicit_year(norm, sentence_start, m.start) is None:
            year, past = section_year, True  # a figure under 2025年工作回顾 in a 2026 plan: a result of 2025
        kind, task, goal = _place(headings, tasks, goals, m.start, past)
        quote = doc.text[phrase.start:phrase.end].strip()
        for item in phrase.items:
            state.previous.append(Target(
                indicator=item, change=phrase.change, value=m.value, unit=m.unit, comparator=m.comparator,
                year=year, frequency=frequency, kind=kind, quote=quote, start=phrase.start, end=phrase.end,
                task=task, goal=goal,
            ))


def find_targets(
    doc: Document,
    headings: tuple[Heading, ...],
    tasks: tuple[Task, ...] = (),
    goals: tuple[Goal, ...] = (),
    plan: PlanInfo | None = None,
) -> tuple[Target, ...]:
    """Every quantified target (and past achievement) of ``doc``, in document order.

    ``tasks`` and ``goals`` link each target to the task or goal holding it; without
    ``tasks``, a target under a heading outside goals and boilerplate sections counts
    as ``task``. ``plan`` (title, date) sets the plan period (:mod:`kg.extract.periods`).
    """
    ctx = Context.of(doc.norm)
    period = plan_period(doc, plan)
    by_clause: dict[tuple[int, int], list[_Mention]] = {}
    for m in _candidates(ctx):
        by_clause.setdefault(span(doc.norm, m.start, CLAUSE_BREAKS), []).append(m)
    records: list[Target] = []
    for bounds, group in sorted(by_clause.items()):
        _clause_targets(doc, bounds, group, period, headings, tasks, goals, records)
    records.sort(key=lambda t: (t.start, t.end, t.indicator))
    return tuple(records)
