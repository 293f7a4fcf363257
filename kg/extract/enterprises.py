"""Companies named as actors in a plan's text: 鄂城钢铁, 顾地科技, 华新水泥, 劲牌公司.

:func:`find_enterprises` returns one :class:`~kg.extract.model.Enterprise` per company
name, at its first mention. A name is recognised by one of three pattern families:

* :func:`find_listed` -- items of a list that ends in an enterprise head
  (``A、B、C等链主企业``, ``支持A、B等企业``, ``A等45个续建项目``);
* :func:`find_company_suffixed` -- a brand before a company word (:data:`COMPANY_WORDS`:
  劲牌公司, 城控集团) or an ownership word before a farm or company (国营长港农场);
* :func:`find_industry_named` -- a brand before an industry word
  (:data:`INDUSTRY_WORDS`: 顾地科技, 华新水泥, 华鑫实业) that is not the start of a
  sector phrase (钢铁产业).

A brand must look like a name: it contains a character sequence the lexicon does not
know as a word, a place name, or is a name the lexicon knows (:func:`brand_like`), so
that 上市公司, 行业龙头 and 新能源汽车 are not companies. Assignment clauses
(``(牵头单位:…;责任单位:…城投公司)``) name units, not actors, and are skipped.

>>> from kg.document import Document
>>> doc = Document.from_text("围绕鄂城钢铁、悦科大数据等链主企业,紧盯上市公司、行业龙头等企业。支持顾地科技追加投资。(责任单位:区城投公司)")
>>> [e.name for e in find_enterprises(doc)]
['鄂城钢铁', '悦科大数据', '顾地科技']
"""

from __future__ import annotations

import re

from ..document import Document
from ..intervals import span_index
from .cue_files import read_cues
from .lexicon import CJK, CONNECTIVES, DELIMITERS, LEAD_WORDS, is_place_word, name_start, segment, word_tag
from .model import Enterprise
from .patterns import alternation

CUES = read_cues("enterprises")
"""The cue words of this module (``kg/extract/cues/enterprises.json``), each family with its examples."""

ASSIGNMENT_CUES = CUES.words("assignment_cues")

ENTERPRISE_HEADS = CUES.pattern("enterprise_heads")

COMPANY_WORDS = CUES.words("company_words")

OWNERSHIP = CUES.pattern("ownership")

INDUSTRY_WORDS = CUES.words("industry_words")

SECTOR_WORDS = CUES.words("sector_words")

SECTOR_AFTER = CUES.pattern("sector_after")

GENERIC_BRANDS = frozenset(CUES.words("generic_brands"))


FUNCTION_CHARS = frozenset(CUES.chars("function_chars"))

BRAND_TAGS = ("ns", "nz", "nt")
"""Parts of speech (jieba's) of words that may be part of a brand: places, proper nouns."""


def brand_like(name: str) -> bool:
    """Whether ``name`` (a company or project name without its closing word) looks like a name:
    a place or proper noun the lexicon knows, or two or more characters in a row that the
    lexicon knows only one by one (顾地, 悦科).

    >>> [brand_like(n) for n in ("鄂城", "顾地", "华新水泥", "悦科", "上市", "新能源", "行业龙头", "区域消费服务新")]
    [True, True, True, True, False, False, False, False]
    """
    if not name or not CJK.fullmatch(name) or name in GENERIC_BRANDS:
        return False
    if word_tag(name) in BRAND_TAGS:
        return True
    tokens = segment(name)
    if tokens and tokens[0] in GENERIC_BRANDS:
        return False
    run = 0
    for t in tokens:
        if len(t) > 1 and (is_place_word(t) or word_tag(t) == "nt"):
            return True
        run = run + 1 if len(t) == 1 and t not in FUNCTION_CHARS else 0
        if run >= 2:
            return True
    return False


def brand_start(norm: str, end: int, longest: int = 6) -> int | None:
    """Where the brand before ``end`` starts: unknown characters and proper nouns, back to
    a delimiter, a connective or a verb. Inside a longer noun phrase (智能网联汽车) there is
    no brand.

    >>> text = "支持华鑫实业,发展智能网联汽车,推广华新水泥"
    >>> [brand_start(text, e) for e in (4, 13, 20)]
    [2, None, 18]
    """
    i = end
    while i > 0 and norm[i - 1] not in DELIMITERS and end - i < longest + 12:
        i -= 1
    start = end
    for tok in reversed(segment(norm[i:end])):
        if (len(tok) == 1 and tok in CONNECTIVES) or tok in LEAD_WORDS:
            break
        tag = word_tag(tok)
        if len(tok) > 1 and tag in ("v", "vd", "vn", "p", "c", "d", "r", "ad", "m", "q"):
            break
        if len(tok) > 1 and tag not in (None, *BRAND_TAGS) or end - start + len(tok) > longest or not CJK.fullmatch(tok):
            return None
        start -= len(tok)
    return start if start < end else None


def assignment_spans(norm: str) -> list[tuple[int, int]]:
    """Spans of assignment clauses: a bracket that opens with :data:`ASSIGNMENT_CUES`.

    >>> text = "支持企业。(牵头单位:市发改局;责任单位:市财政局(国资办)、城投公司)后文"
    >>> [text[s:e] for s, e in assignment_spans(text)]
    ['(牵头单位:市发改局;责任单位:市财政局(国资办)、城投公司)']
    """
    spans = []
    for m in _ASSIGNMENT_OPEN.finditer(norm):
        depth, end = 0, len(norm)
        for step in _BRACKET_STEP.finditer(norm, m.start()):
            if step.group() == "\n":
                end = step.end()
                break
            depth += 1 if step.group() == "(" else -1
            if depth == 0:
                end = step.end()
                break
        spans.append((m.start(), end))
    return spans


_ASSIGNMENT_OPEN = re.compile(r"\((?=\s*(?:" + alternation(ASSIGNMENT_CUES) + "))")
_BRACKET_STEP = re.compile(r"[()\n]")


def _company_item(norm: str, start: int, end: int) -> int | None:
    """Where the company named by a list item ``norm[start:end]`` starts, or None."""
    item = norm[start:end]
    for word in sorted(INDUSTRY_WORDS + SECTOR_WORDS + COMPANY_WORDS, key=len, reverse=True):
        if item.endswith(word) and len(item) > len(word):
            if word_tag(item) in ("nz", "nt"):
                return start
            brand = brand_start(norm, end - len(word), longest=8)
            return brand if brand is not None and brand >= start and brand_like(norm[brand: end - len(word)]) else None
    if word_tag(item) in ("nr", "nz", "nt"):
        return start  # 比亚迪: a name the lexicon knows
    brand = brand_start(norm, end, longest=6)
    return brand if brand is not None and brand >= start and brand_like(norm[brand:end]) else None


def find_listed(norm: str) -> list[tuple[int, int]]:
    """Items of a list that ends in an enterprise head (:data:`ENTERPRISE_HEADS`).

    A list whose items are mostly not company names lists sectors (新材料、大数据、
    生物医药等12家领军企业) and gives nothing.

    >>> text = "围绕鄂城钢铁、悦科大数据、欧冶链金、中新开维等链主企业,加快双杰电气等45个续建项目建设"
    >>> [text[s:e] for s, e in find_listed(text)]
    ['鄂城钢铁', '悦科大数据', '欧冶链金', '中新开维', '双杰电气']
    """
    out = []
    for head in ENTERPRISE_HEADS.finditer(norm):
        end = head.start()
        begin = end
        while begin > 0 and (norm[begin - 1] not in DELIMITERS or norm[begin - 1] == "、") and end - begin < 80:
            begin -= 1
        projects = "项目" in head.group()
        pos, spans, rest, items = begin, [], [], norm[begin:end].split("、")
        for item in items:
            end_of_item = pos + len(item)
            if pos == begin:  # the first item opens with the clause's verb: 支持…, 围绕…
                pos = name_start(norm, end_of_item, longest=10, lead_only=True) or pos
            start = _company_item(norm, pos, end_of_item)
            name = norm[start:end_of_item] if start is not None else ""
            if 2 <= len(name) <= 10 and (not projects or name.endswith(INDUSTRY_WORDS + SECTOR_WORDS + COMPANY_WORDS)):
                spans.append((start, end_of_item))
            elif not projects and 2 <= end_of_item - pos <= 6 and CJK.fullmatch(norm[pos:end_of_item]) and not word_tag(norm[pos:end_of_item]):
                rest.append((pos, end_of_item))  # 宁德时代: a name, if its neighbours are companies
            pos = end_of_item + 1
        if 2 * len(spans) >= len(items):
            out += spans + rest
    return out


def find_company_suffixed(norm: str) -> list[tuple[int, int]]:
    """A brand before a company word, and state farms.

    >>> text = "以劲牌公司、迪峰公司为龙头,组建城控集团,深化国营长港农场改革,引进上市公司"
    >>> [text[s:e] for s, e in find_company_suffixed(text)]
    ['劲牌公司', '迪峰公司', '城控集团', '国营长港农场']
    """
    out = []
    for m in re.finditer(alternation(COMPANY_WORDS), norm):
        start = brand_start(norm, m.start(), longest=4)
        if start is not None and brand_like(norm[start: m.start()]):
            out.append((start, m.end()))
    out += [(m.start(), m.end()) for m in OWNERSHIP.finditer(norm)]
    return sorted(out)


def find_industry_named(norm: str) -> list[tuple[int, int]]:
    """A brand before an industry word (:data:`INDUSTRY_WORDS`), not a sector phrase.

    >>> text = "推广华新水泥“金银铜”工作法,支持钢铁产业、新能源汽车发展,支持华鑫实业等钢铁企业,打造鄂东光电子基地"
    >>> [text[s:e] for s, e in find_industry_named(text)]
    ['华新水泥', '华鑫实业']
    """
    out = []
    for m in re.finditer(alternation(INDUSTRY_WORDS), norm):
        if SECTOR_AFTER.match(norm, m.end()) or segment(norm[m.start(): m.end() + 2])[0] != m.group():
            continue
        start = brand_start(norm, m.start(), longest=4)
        if start is None:
            continue
        brand = norm[start: m.start()]
        if len(brand) >= 2 and brand_like(brand):
            out.append((start, m.end()))
    return out


def find_coordinated(norm: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Items of the same list as a known company that end the same way are companies too.

    >>> text = "培育融通高科、祥邦新能源等企业,支持祥云集团、华新水泥、广济药业成为百亿企业"
    >>> [text[s:e] for s, e in find_coordinated(text, [(7, 12), (18, 22), (23, 27)])]
    ['融通高科', '广济药业']
    """
    ends = INDUSTRY_WORDS + SECTOR_WORDS + COMPANY_WORDS
    found = set()
    index = span_index(tuple(spans))
    for start, end in spans:
        begin, stop = start, end
        while begin > 0 and norm[begin - 1] not in DELIMITERS.union(",;:。") or begin > 0 and norm[begin - 1] == "、":
            begin -= 1
        while stop < len(norm) and (norm[stop] not in DELIMITERS or norm[stop] == "、"):
            stop += 1
        pos = begin
        for item in norm[begin:stop].split("、"):
            s, e = pos, pos + len(item)
            pos = e + 1
            if index.overlaps(s, e):
                continue
            m = re.search(r"(?:成为|为|等)[\u4e00-\u9fff]*$", norm[s:e])
            e = s + m.start() if m else e
            while norm[s: s + 2] in LEAD_WORDS:
                s += 2
            word = next((w for w in ends if norm[s:e].endswith(w)), None)
            brand = norm[s: e - len(word)] if word else ""
            if 2 <= len(brand) <= 4 and CJK.fullmatch(brand) and word_tag(brand) not in ("v", "a", "d", "ad"):
                found.add((s, e))
    return sorted(found)


def find_enterprises(doc: Document, cue_clauses: list[tuple[int, int]] | None = None) -> tuple[Enterprise, ...]:
    """Companies named in ``doc`` outside assignment clauses (``cue_clauses``, found when not given),
    one per name, in order of first mention."""
    norm = doc.norm
    skip = assignment_spans(norm) if cue_clauses is None else cue_clauses
    spans = find_listed(norm) + find_company_suffixed(norm) + find_industry_named(norm)
    spans += find_coordinated(norm, spans)
    seen: dict[str, Enterprise] = {}
    skipped = span_index(tuple(skip))
    reach = -1  # the furthest end of a name taken: all of them start at or before this one
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if skipped.containing(start):
            continue
        name = doc.text[start:end]
        if name not in seen and not start < reach:
            seen[name] = Enterprise(name, start, end)
            reach = max(reach, end)
    return tuple(sorted(seen.values(), key=lambda e: e.start))
