"""Finders of project names, one per pattern family: quoted, suffixed, listed, routes, titled, launched.

:func:`find_quoted` (“百日会战”, “城市合伙人”计划), :func:`find_suffixed` (a name before a
project word), :func:`find_listed` (items of a list closed by a project head),
:func:`find_numbered_roads`, :func:`find_routes` (G106改线工程, 高新区至陈贵快速通道),
:func:`find_titled` (programmes that title a numbered item), :func:`find_launched`
(实施红色堡垒工程) and :func:`find_place_works` (三山湖向阳港片区治理). Each returns
:class:`~kg.extract.project_names.Candidate` names; :mod:`kg.extract.projects` chooses among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .divisions import divisions
from .lexicon import _LEADS_RE, CJK, CONNECTIVES, DELIMITERS, LEAD_WORDS, name_start, segment, word_tag
from .namewords import NOT_AFTER
from .namewords import PROJECT_GENERIC_STEMS as GENERIC_STEMS
from .patterns import alternation
from .project_names import (
    _WORDS,
    _WORDS_RE,
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
    TITLED,
    ZONE_WORDS,
    Candidate,
    _clean,
    _kind_of,
    named,
)


def find_quoted(norm: str) -> list[Candidate]:
    """Quoted programmes, and quoted items listed with one.

    >>> text = "实施“三百行动”“产业链链长制”,实施“经营主体高质量发展”“工业进规商业进限”等“三个计划”,开展健康鄂城“323”攻坚行动,深入推进“两清两治两效”和“百日整治”,做优“武昌鱼”品牌"
    >>> [c.name for c in find_quoted(text)]
    ['三百行动', '产业链链长制', '经营主体高质量发展', '工业进规商业进限', '三个计划', '健康鄂城323攻坚行动', '两清两治两效', '百日整治']
    """
    quotes = list(QUOTE.finditer(norm))
    good: dict[int, Candidate] = {}
    for i, q in enumerate(quotes):
        content = q.group(1)
        if _figurative(norm, q, content):
            continue
        head = PROGRAMME_HEADS.match(norm, q.end())
        if head and head.group().endswith("项目") and (len(content) < 4 or "、" in content):
            head = None  # “两高”项目: a class of projects
        if head and re.fullmatch(r"[\u4e00-\u9fff]*", head.group()):
            kind = "road" if head.group().endswith("路网") else "programme"
            if kind == "road":
                end = head.end() + (m.end() if (m := PHASE.match(norm, head.end())) else 0) - (head.end() if m else 0)
                good[i] = Candidate(q.start(), end, _clean(norm[q.start(): end]), kind)
            elif len(content) <= 2 or (len(content) <= 3 and re.search(r"\d", content)):
                prefix = name_start(norm, q.start(), longest=6, lead_only=True, shortest=0)
                prefix = q.start() if prefix is None else prefix
                pos = prefix
                for tok in segment(norm[prefix: q.start()]):  # 健康鄂城“323”: a noun phrase, not 推进“三百”
                    pos += len(tok)
                    if tok in CONNECTIVES or tok in LEAD_WORDS or (len(tok) > 1 and word_tag(tok) in ("v", "vn", "d")):
                        prefix = pos
                good[i] = Candidate(prefix, head.end(), _clean(norm[prefix: head.end()]), kind)
            else:
                good[i] = Candidate(q.start(), q.end(), content, kind)
        elif content.endswith(PROGRAMME_ENDINGS) and CJK.fullmatch(content.replace("、", "")):
            good[i] = Candidate(q.start(), q.end(), content, "programme")
    changed = True
    while changed:  # “A”“B”等“C”, “A”和“B”: listed with a programme
        changed = False
        for i, q in enumerate(quotes):
            if i in good or not (CJK.fullmatch(q.group(1)) and len(q.group(1)) >= 4):
                continue
            for j in (i - 1, i + 1):
                if j in good:
                    a, b = (quotes[j], q) if j < i else (q, quotes[j])
                    if re.fullmatch(r"(?:[、和及与]|等)?", norm[a.end(): b.start()]):
                        good[i] = Candidate(q.start(), q.end(), q.group(1), "programme")
                        changed = True
                        break
    return sorted(good.values(), key=lambda c: c.start)


IDIOM_TAGS = ("m", "i", "l", "a", "d", "r")
"""A quoted word the lexicon tags as one of these is an idiom or a figure of speech (“一把手”工程)."""
SUMMARY_RE = CUES.pattern("summary")
NOT_PROGRAMME_AFTER = CUES.pattern("not_programme_after")
PROGRAMME_WORDS = CUES.words("programme_words")
"""A quoted phrase or a summary that ends with one of these is a programme's name (“双招双引”工程)."""
TITLED_NOT_OPENERS = CUES.words("titled_not_openers")
"""A titled programme that opens with one of these (重点工程) is a kind of programme, not one."""
LAUNCH_NOT_OPENERS = CUES.words("launch_not_openers")
"""A launched programme that opens with one of these (实施新一轮技术改造行动) is a kind of programme, not one."""


def _figurative(norm: str, q: re.Match, content: str) -> bool:
    """Whether a quote holds an idiom, a summary of a list before it, a complaint's topic, or
    a verb phrase standing alone (所谓“推进新治理”)."""
    # a first word among the lead words is one of them at the start: segment only then
    if _LEADS_RE.match(content) and segment(content)[0] in LEAD_WORDS and not PROGRAMME_HEADS.match(norm, q.end()) \
            and not content.endswith(PROGRAMME_WORDS):
        return True
    if word_tag(content) in IDIOM_TAGS and not all(c in "一二三四五六七八九十百千万两" for c in content):
        return True  # but “十百千万”工程 is a programme's numbered name
    if SUMMARY_RE.fullmatch(content) and not content.endswith(PROGRAMME_WORDS):
        clause = max(norm.rfind(c, 0, q.start()) for c in ",;。\n")
        if "、" in norm[clause + 1: q.start()]:
            return True
    return NOT_PROGRAMME_AFTER.match(norm, q.end()) is not None


POSITIONING_RE = CUES.pattern("positioning")


def curly_quotes(norm: str) -> str:
    """``norm`` with straight double quotes paired on each line turned into “ and ” (same length).

    >>> curly_quotes('开展"百日会战",实施"A"和"B",单"个')
    '开展“百日会战”,实施“A”和“B”,单"个'
    """
    if '"' not in norm:
        return norm
    lines = []
    for line in norm.split("\n"):
        n = line.count('"')
        if n >= 2:
            chars, k = list(line), 0
            for i, c in enumerate(chars):
                if c == '"' and k < n - n % 2:
                    chars[i] = "“" if k % 2 == 0 else "”"
                    k += 1
            line = "".join(chars)
        lines.append(line)
    return "\n".join(lines)


def _left(norm: str, end: int, longest: int = 18, floor: int = 0) -> int | None:
    """Start of a name ending at ``end``: its clause without opening verbs and connectives."""
    start = name_start(norm, end, longest=longest, lead_only=True, floor=floor, inner="·")
    if start is None:
        return None
    if start > 2 and norm[start - 1] == ")" and "(" in norm[start - 8: start - 1]:
        inner_start = norm.rfind("(", start - 8, start - 1)
        outer = _left(norm, inner_start, longest, floor)  # 大冶(武汉)离岸科创中心
        start = outer if outer is not None else start
    pos, cut = start, start
    for tok in segment(norm[start:end]):  # 等, 和 and a verb end the left side
        pos += len(tok)
        if (len(tok) == 1 and tok in CONNECTIVES and tok not in INNER_CONNECTIVES) or (tok in LEAD_WORDS and word_tag(tok) == "v" and pos < end):
            cut = pos
    return cut if end - cut >= 2 else None


def find_suffixed(norm: str, places: Iterable[str] = ()) -> list[Candidate]:
    """A name before a project word, with a phase or section after it.

    >>> text = "建成武阳高速(大冶段),推动中新开维食品产业园智能制造中心投产,对接花湖机场,新建一批口袋公园、文化广场,谋划建设空港国际贸易博览城"
    >>> [(c.name, c.kind) for c in find_suffixed(text)]
    [('武阳高速(大冶段)', 'road'), ('中新开维食品产业园智能制造中心', 'facility'), ('空港国际贸易博览城', 'facility')]
    """
    places = tuple(places)
    out: list[Candidate] = []
    for m in _WORDS_RE.finditer(norm):
        end = m.end()
        phase = PHASE.match(norm, end)
        if phase:
            end = phase.end()
        if not phase and norm[end: end + 1] and norm[end] in NOT_AFTER.get(m.group(), ""):
            continue
        if not phase and any(
            word_tag(m.group()[-k:] + norm[end: end + n]) for k in (1, 2) for n in (1, 2) if k <= len(m.group()) and end + n <= len(norm)
        ):
            continue  # 产业园区, 中心城区: the word goes on
        start = _left(norm, m.start())
        if start is None and m.group() in LEVEL_FACILITY_WORDS and m.start() >= 1 and norm[m.start() - 1] in "市区县镇" \
                and (m.start() == 1 or norm[m.start() - 2] in DELIMITERS):
            start = m.start() - 1  # 区博物馆: a one-character level prefix
        if start is None:
            continue
        stem = norm[start: m.start()]
        kind = _kind_of(norm[start: m.end()])[0]
        if m.group() in LEVEL_FACILITY_WORDS and LEVEL_FACILITY.fullmatch(stem) and (m.group() != "中心" or len(stem) > 1):
            out.append(Candidate(start, end, norm[start:end], kind))  # 区博物馆, 市第一人民医院
            continue
        if m.group() in ZONE_WORDS and (stem[-1] in "一二三四五六七八九十两" or stem.startswith(SCOPE_WORDS)
                                        or any(t in LEAD_WORDS for t in segment(stem))):
            continue  # 滨江三片区 counts areas; 全省…示范区 is a rank; 建设…示范区 holds a verb
        proper = named(stem, places) or norm[start: m.end()] in places
        if (m.group() not in DISTINCTIVE and not proper) or re.match(r"\d", stem) or _clean(stem) in GENERIC_STEMS:
            continue
        if m.group() in NEEDS_PLACE and not any(p in stem for p in places):
            continue
        if _clean(stem) in _WORDS:
            continue  # 港口码头: two project words, a generic compound
        clause = max(norm.rfind(c, 0, start) for c in ",;。\n")
        positioning = POSITIONING_RE.match(norm, clause + 1)
        if positioning and positioning.end() >= end:
            continue  # 以某城市副中心的标准
        if kind in INFRASTRUCTURE and not _building(norm, start, end):
            continue
        out.append(Candidate(start, end, norm[start:end], kind))
    furthest: dict[int, int] = {}
    for o in out:
        furthest[o.start] = max(furthest.get(o.start, o.end), o.end)
    return [c for c in out if c.end >= furthest[c.start]]  # the longest of those starting at one place


def _building(norm: str, start: int, end: int) -> bool:
    """Whether the clause holding ``norm[start:end]`` is about building it."""
    a = max(norm.rfind(c, 0, start) for c in ",;。\n")
    if BUILD_BEFORE.search(norm, a + 1, start):
        return True
    m = BUILD_AFTER.match(norm, end)
    return bool(m) and not re.search("[,;。]", m.group())


def find_listed(norm: str) -> list[Candidate]:
    """Items of a list closed by a project head (:data:`LIST_HEADS`).

    >>> text = "谋划启动环西雷山、鄂州大学校中村、吴王城等城市更新项目,推进火车站、菜园头等片区改造,加快吴都·乔街、园博园等项目建设"
    >>> [(c.name, c.kind) for c in find_listed(text)]
    [('环西雷山', 'urban_renewal'), ('鄂州大学校中村', 'urban_renewal'), ('吴王城', 'urban_renewal'), ('火车站', 'urban_renewal'), ('菜园头', 'urban_renewal'), ('吴都·乔街', 'other'), ('园博园', 'facility')]
    """
    out = []
    for head in LIST_HEADS.finditer(norm):
        kind = None
        for group_kind, words in LIST_HEAD_KINDS:  # 某山、某花海等景区; 万达、某荟等商业综合体: each item a named site
            if words.search(head.group()):
                kind = group_kind
        if head.group().startswith("等一批") and head.group().endswith("试点"):
            kind = "other"  # 实施A社区、B社区等一批完整社区试点: each item a named pilot
        summary = re.fullmatch(r"等([一二三四五六七八九十]+大(?:计划|行动|工程|项目))", head.group())
        if summary:
            kind = "programme"  # 实施A、B、C等三大计划: the items and the set are programmes
            out.append(Candidate(head.start() + 1, head.end(), summary.group(1), "programme"))
        items = [(s, e) for s, e in _list_items(norm, head.start()) if 2 <= e - s <= 20 and not norm[s:e].isdigit()]
        if len(items) < 2 and not kind:
            continue
        good = [(s, e) for s, e in items if named(norm[s:e]) or _kind_of(norm[s:e])]
        if not kind and 2 * len(good) < len(items):
            continue  # 重点企业、科技创新等建设项目: not a list of named projects
        for start, end in items:
            known = _kind_of(norm[start:end])
            out.append(Candidate(start, end, norm[start:end], kind or (known[0] if known else "other")))
    return out


def _bracketed(norm: str, pos: int, end: int) -> bool:
    """Whether ``norm[pos]`` is a bracket or quote closed or opened inside a list item (董家口(太婆尖), 沼山“古村桃乡”)."""
    for opening, closing in (("(", ")"), ("“", "”")):
        if norm[pos] == closing:
            return opening in norm[max(0, pos - 8): pos]
        if norm[pos] == opening:
            return closing in norm[pos: min(end, pos + 8)]
    return False


def _list_items(norm: str, end: int) -> list[tuple[int, int]]:
    """The 、-separated items ending at ``end``; the first loses its opening verbs."""
    begin = end
    while begin > 0 and (norm[begin - 1] not in DELIMITERS or norm[begin - 1] in "、·" or _bracketed(norm, begin - 1, end)) \
            and end - begin < 120:
        begin -= 1
    spans, pos = [], begin
    for i, item in enumerate(norm[begin:end].split("、")):
        start = pos if i else _left(norm, pos + len(item), longest=20, floor=begin)
        if start is not None and pos + len(item) - start >= 2:
            spans.append((start, pos + len(item)))
        pos += len(item) + 1
    return spans


def find_numbered_roads(norm: str) -> list[Candidate]:
    """Roads named by a stem and a number, in a clause about building them (:data:`NUMBERED_ROAD`).

    >>> [c.name for c in find_numbered_roads("连通两区的创新三路、滨湖大道通车,未来五路全线贯通,走好人生每一路")]
    ['创新三路', '未来五路']
    """
    out = []
    for m in NUMBERED_ROAD.finditer(norm):
        if _building(norm, m.start(), m.end()):
            out.append(Candidate(m.start(), m.end(), m.group(), "road"))
    return out


def find_routes(norm: str) -> list[Candidate]:
    """Roads by number or by their two ends.

    >>> text = "推进G106改线工程、S349一级公路等项目,加快推进高新区至陈贵快速通道、S257保安至毛铺段等工程"
    >>> [c.name for c in find_routes(text)]
    ['G106改线工程', 'S349一级公路', '高新区至陈贵快速通道', 'S257保安至毛铺段']
    """
    out = []
    for m in ROUTES.finditer(norm):
        start = m.start() if norm[m.start()].isascii() else _left(norm, m.end(), longest=20)
        if start is not None and "至" in norm[start: m.end()] or norm[m.start()].isascii():
            out.append(Candidate(start, m.end(), norm[start: m.end()], "road"))
    return out


def find_titled(norm: str) -> list[Candidate]:
    """Programmes that title a numbered item (:data:`TITLED`); a title opening with a verb is a task.

    >>> [c.name for c in find_titled("(一)产业人才行动计划。围绕…\\n2.青年英才开发项目。5年内…\\n3.实施人才工程。\\n4.121人才梯队项目。")]
    ['产业人才行动计划', '青年英才开发项目', '121人才梯队项目']
    """
    out = []
    for m in TITLED.finditer(norm):
        title = m.group("title")
        if title.startswith(("“", '"')):
            continue  # a quoted name: find_quoted reads it
        first = segment(title)[0]
        if first in LEAD_WORDS or word_tag(first) in ("v", "d", "p", "ad", "c") or _clean(title) in GENERIC_STEMS:
            continue
        if title.startswith(TITLED_NOT_OPENERS):
            continue
        out.append(Candidate(m.start("title"), m.end("title"), title, "programme"))
    return out


def find_launched(norm: str) -> list[Candidate]:
    """A programme opened by a verb (:data:`LAUNCH`), and one joined to it by 和.

    >>> [c.name for c in find_launched("实施红色堡垒工程,实施高企培育计划和科小倍增计划,实施重大项目106个,实施新一轮技术改造行动")]
    ['红色堡垒工程', '高企培育计划', '科小倍增计划']
    """
    out = []
    for m in LAUNCH.finditer(norm):
        stem = m.group(1)
        if stem in GENERIC_STEMS or word_tag(stem[:2]) in ("m", "q", "r") or stem.startswith(LAUNCH_NOT_OPENERS):
            continue
        out.append(Candidate(m.start(1), m.end(), stem + m.group(2), "programme"))
        more = re.compile(r"和([\u4e00-\u9fff]{2,8}?)" + m.group(2)).match(norm, m.end())
        if more:
            out.append(Candidate(m.end() + 1, more.end(), more.group(1) + m.group(2), "programme"))
        pos = m.end()
        item = re.compile(r"、([\u4e00-\u9fff]{2,18}?" + m.group(2) + ")(?=[、,;。\n])")
        while (nxt := item.match(norm, pos)) is not None:  # 实施A计划、B和C计划: each item closed by the same head
            stem = nxt.group(1)[: -len(m.group(2))]
            if len(stem) >= 6 or named(stem):  # but not a generic 防洪减灾工程
                out.append(Candidate(nxt.start(1), nxt.end(1), nxt.group(1), "programme"))
            pos = nxt.end()
    return out


_PLACE_WORK_RE = re.compile(r"(?:(?!等)[\u4e00-\u9fff、]){0,12}?(" + alternation(PLACE_WORKS) + ")")


def find_place_works(norm: str, mentions: Iterable[tuple[str, int, int]]) -> list[Candidate]:
    """Works named after a place: ``<place>…<治理|试点|整治|改造>`` in the same clause part.

    >>> [c.name for c in find_place_works("抓好三山湖向阳港片区治理", [("三山湖", 2, 5)])]
    ['三山湖向阳港片区治理']
    """
    out = []
    admin = _division_full_names()
    for name, start, _ in mentions:
        if name in admin:
            continue
        if start and norm[start - 1] not in DELIMITERS and norm[start - 1] not in CONNECTIVES and norm[start - 2: start] not in LEAD_WORDS:
            continue
        m = _PLACE_WORK_RE.match(norm, start)
        if m and not any(t in LEAD_WORDS for t in segment(norm[start: m.start(1)])[1:]):
            out.append(Candidate(start, m.end(), m.group(), "other"))
    return out


@lru_cache(maxsize=1)
def _division_full_names() -> frozenset[str]:
    return frozenset(d.name for d in divisions().values())
