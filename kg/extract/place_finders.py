"""Places found by the form of their names: suffixed towns, streets, villages and zones, natural features, regions.

One function each: :func:`find_suffixed` (names ending in an administrative or zone
suffix, :data:`SUFFIX_FAMILIES`), :func:`find_one_character_towns`,
:func:`find_named_towns` (the town that names a characteristic town),
:func:`find_natural` (lakes, rivers, hills: :data:`NATURAL_SUFFIXES`),
:func:`find_area_lists` (areas listed for renewal), :func:`find_well_known` (areas known
by a name of their own, :func:`well_known_areas`) and :func:`find_regions`. Each returns
:class:`Found` names with their span and the :class:`~kg.extract.divisions.Entry` they add
to a document's surface forms (:mod:`kg.extract.places`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cue_files import read_cues
from .divisions import (
    DATA_DIR,
    PROVINCE_ABBREVIATIONS,
    Entry,
    Jurisdiction,
    divisions,
    short_form,
)
from .divisions import names_index as division_names
from .lexicon import CJK, frequency, is_place_word, name_start, segment, word_tag
from .namewords import NOT_AFTER, PROJECT_GENERIC_STEMS
from .namewords import PLACE_GENERIC_STEMS as GENERIC_STEMS
from .patterns import alternation
from .place_mentions import SET_PHRASES, _mask

CUES = read_cues("places")
"""The cue words of this module (``kg/extract/cues/places.json``), each family with its examples."""

NAMED_LINE_WORDS = CUES.words("named_line_words")


# ------------------------------------------------------------------ names found by their form

COMMUNITY_KINDS = CUES.words("community_kinds")

AREA_SUFFIXES = CUES.words("area_suffixes")

SUFFIX_FAMILIES = tuple((g["level"], tuple(g["words"]), g["longest"]) for g in CUES.groups("suffix_families"))


NOT_BEFORE = CUES.table("not_before")

NATURAL_SUFFIXES = CUES.words("natural_suffixes")

NOT_NATURAL = frozenset(CUES.words("not_natural"))

REGION_SUFFIXES = CUES.words("region_suffixes")

ZONE_SUFFIXES = CUES.words("zone_suffixes")

DIRECTION_REGION_RE = CUES.pattern("direction_region")

OWN_AREAS = CUES.words("own_areas")

@lru_cache(maxsize=1)
def well_known_areas() -> dict[str, str]:
    """Areas everyone knows by a name no table or suffix gives (光谷 for 东湖新技术开发区):
    name -> kind, from ``kg/data/well-known-areas.tsv``.

    >>> well_known_areas()["中关村"]
    'zone'
    """
    with open(DATA_DIR / "well-known-areas.tsv", encoding="utf-8") as fh:
        rows = (line.split("#")[0].rstrip("\n").split("\t") for line in fh)
        return {row[0].strip(): row[1].strip() for row in rows if len(row) == 2 and row[0].strip()}


DIRECTION_CHARS = CUES.chars("direction_chars")

REGION_CUES = CUES.pattern("region_cues")

FACILITY_ENDINGS = CUES.words("facility_endings")


@dataclass(frozen=True)
class Found:
    """A place name found in the text before counting."""

    start: int
    end: int
    entry: Entry
    short: str | None = None


_PROJECT_GENERIC = tuple(sorted(PROJECT_GENERIC_STEMS))
_LONG_GENERIC = tuple(sorted(g for g in GENERIC_STEMS if len(g) > 1))


def _generic(stem: str) -> bool:
    """A stem made of a generic word (重点, 校中 in 学校中村, 全省 in 全省重点)."""
    return stem in GENERIC_STEMS or stem.startswith(_LONG_GENERIC) or stem.endswith(_LONG_GENERIC)


def find_suffixed(norm: str, where: Jurisdiction, issuer: str | None) -> list[Found]:
    """Towns, streets, villages, zones and airports named by their suffix.

    >>> [(f.entry.name, f.entry.level, f.short) for f in find_suffixed("加强陈贵镇、灵乡镇等重点镇,推进花湖开发区建设,推动峒山村跻身百强村", Jurisdiction(), None)]
    [('陈贵镇', 'town', '陈贵'), ('灵乡镇', 'town', '灵乡'), ('花湖开发区', 'zone', None), ('峒山村', 'village', None)]
    """
    found: list[Found] = []
    taken: set[int] = set()
    for level, suffixes, longest in SUFFIX_FAMILIES:
        pattern = re.compile(alternation(suffixes))
        for m in pattern.finditer(norm):
            if m.start() in taken:
                continue
            suffix = m.group()
            after = norm[m.end(): m.end() + 1]
            if after and after in NOT_AFTER.get(suffix, ""):
                continue
            if m.start() > 0 and norm[m.start() - 1] in NOT_BEFORE.get(suffix, "") and not _listed_pair(norm, m.start() - 2, m.end()):
                continue  # 鄂城城乡, 和美乡村, 康养小镇: a common word unless it stands alone in a list (灵乡镇)
            start = name_start(norm, m.start(), longest=longest)
            if start is None or _generic(norm[start: m.start()]):
                continue
            stem = norm[start: m.start()]
            if suffix in AREA_SUFFIXES and (stem[-1] in NUMERALS or name_start(norm, m.start(), longest=16) != start):
                continue  # 滨江三片区 counts areas; 三山湖向阳港片区 is two places' area
            if suffix == "社区" and (_common_last_word(stem) or stem.endswith(_PROJECT_GENERIC + COMMUNITY_KINDS)):
                continue  # 绿色社区, 智慧社区, 村改社区: a kind of community
            listed = norm[start - 1: start] in ("、", "") or norm[m.end(): m.end() + 1] == "、"
            if len(stem) == 2 and word_tag(stem) not in (None, "ns", "nr", "nz") and stem not in division_names() and not listed:
                continue  # 现代化机场, 龙舟小镇: a common word, not a name
            if norm[start - 1: start] == "“" and norm[m.end(): m.end() + 1] == "”":
                continue  # “古村桃乡”: a slogan
            if _cut_from_quote(norm, start, m.end()):
                continue  # “万企兴万村”: 企兴万村 is cut from a slogan
            if stem[-1] in NOT_BEFORE.get(suffix, ""):
                head = stem[:-1]  # listed alone (checked above): 灵乡镇 is a town, but only with a one-character head
                if len(head) > 1 or _generic(head):
                    continue
            taken.update(range(m.start(), m.end()))
            stem = norm[start: m.start()]
            name = stem + ("街道" if level == "street" else suffix)
            short = stem if level == "town" and len(stem) >= 2 else None
            found.append(Found(start, m.end(), Entry(name, level, issuer), short))
    return sorted(found, key=lambda f: f.start)


def _common_last_word(stem: str) -> bool:
    """Whether ``stem`` ends in a common word or holds a verb (绿色, 智慧, 村改)."""
    tokens = segment(stem)
    return any(len(t) == 1 and word_tag(t) == "v" for t in tokens) or (
        len(tokens[-1]) >= 2 and word_tag(tokens[-1]) in ("a", "v", "vn", "b", "n", "ad", "d", "an"))


def _cut_from_quote(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` lies inside a short quote that opens before it, with a numeral
    or the suffix's own character left over (“万企兴万村”, “三湖”同治)."""
    opening = norm.rfind("“", max(0, start - 6), start)
    if opening < 0 or "”" in norm[opening:start]:
        return False
    closing = norm.find("”", end, end + 6)
    return closing >= 0 and bool(re.search(f"[{NUMERALS}]", norm[opening + 1: start]))


NUMERALS = "一二三四五六七八九十百千万两"


def _listed_pair(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` stands alone in a list: a list mark (or the text's start) before, one after."""
    return start >= 0 and norm[start - 1: start] in "、,;:(" and norm[end: end + 1] in "、,;:)等"


ONE_CHARACTER_TOWN = CUES.pattern("one_character_town")
NOT_TOWN_HEADS = CUES.chars("not_town_heads")


def find_one_character_towns(norm: str, issuer: str | None) -> list[Found]:
    """Towns whose stem is one character, listed or naming a zone.

    >>> [f.entry.name for f in find_one_character_towns("市经济开发区、田镇“两型”试验区,建设田镇工业新区,全镇、各镇", None)]
    ['田镇']
    """
    out = []
    for m in ONE_CHARACTER_TOWN.finditer(norm):
        if m.group(1) not in NOT_TOWN_HEADS:
            out.append(Found(m.start(), m.end(), Entry(m.group(), "town", issuer)))
    return out


def find_named_towns(norm: str, issuer: str | None) -> list[Found]:
    """The town a characteristic town is named after: ``<town><theme>小镇``.

    The first two characters name the town when they are not an ordinary word (or are
    a place word) and a theme of two or more characters follows.

    >>> [f.entry.name for f in find_named_towns("打造泽林龙舟小镇、碧石八戒小镇,推进佛手山药小镇、西游小镇建设", None)]
    ['泽林', '碧石']
    """
    out = []
    for m in re.finditer("小镇", norm):
        start = name_start(norm, m.start(), longest=8, lead_only=True)
        if start is None or m.start() - start < 4:
            continue
        head = norm[start: start + 2]
        if not CJK.fullmatch(head) or (word_tag(head) and not is_place_word(head)):
            continue
        out.append(Found(start, start + 2, Entry(head, "town", issuer)))
    return out


def find_natural(norm: str, issuer: str | None, known: dict[str, Entry]) -> list[Found]:
    """Lakes, rivers, creeks, hills, islands: ``<stem><suffix>`` (:data:`NATURAL_SUFFIXES`).

    A known place in front is not part of the name when a stem of two characters is
    left (汀祖四峰山 -> 四峰山, but 长港河); a suffix that starts another word is no
    suffix (凤凰山庄, 山村); a common word is no name (矿山). Features the lexicon
    knows (长江) get no parent, others the issuing unit.

    >>> [f.entry.name for f in find_natural("抓好长港河、泉塘港治理和三山湖向阳港片区治理,实施长江大保护,提档升级凤凰山庄、绿色矿山", None, {})]
    ['长港河', '泉塘港', '三山湖', '向阳港', '长江']
    """
    out: list[Found] = []
    masked = _mask(norm, SET_PHRASES)
    floor = 0
    for m in re.finditer(alternation(NATURAL_SUFFIXES), masked):
        s, e = m.start(), m.end()
        if masked.startswith(NATURAL_SUFFIXES, e):
            continue  # 长港河, 三山湖: the name goes on
        if masked.startswith(NAMED_LINE_WORDS, e):
            continue  # 沪苏湖铁路: a line named after its cities
        low, floor = floor, e
        if any(norm[j:e] in known for j in range(max(0, s - 4), s)):
            continue  # 昆山, 浙江: a known place already
        following = segment(norm[s: e + 3])
        if following and len(following[0]) > e - s:
            continue
        barrier = max((k for j in range(max(low, s - 8), s) for k in range(j + 2, s + 1) if norm[j:k] in known), default=low)
        start = name_start(norm, s, longest=3, floor=barrier, strict=True)
        if start is None:
            start = name_start(norm, s, longest=3, floor=low, strict=True)
        major = norm[s - 1: e]
        if start is not None and start < s - 1 and not is_place_word(norm[start:e]) and is_place_word(major) and _frequent(major):
            start = s - 1  # 双柳长江大桥: the river is 长江
        if start is None:
            if not (s - 1 >= low and is_place_word(major)):
                continue
            start = s - 1
        if start > 0 and word_tag(norm[start - 1: start + 1]) in ("v", "vn", "a", "ad", "d"):
            continue  # 做实滨江: the stem's first character ends a word before it
        if len(segment(norm[start:e])[0]) == 1 and is_place_word(norm[start + 1:e]) and start + 1 < s:
            start += 1  # 实滨江: a stray character before a place word
        whole, stem = norm[start:e], norm[start:s]
        if all(c in NUMERALS for c in stem):
            continue  # “三湖”同治, 两山: a count of features, a slogan
        tag = word_tag(whole)
        if whole in NOT_NATURAL or tag not in (None, "ns", "nr", "nz") or _common_compound(stem, m.group()):
            continue
        out.append(Found(start, e, Entry(whole, "other", None if tag == "ns" else issuer, natural=True)))
    names = {f.entry.name for f in out}
    return [f for f in out if not any(n != f.entry.name and len(n) >= 3 and f.entry.name.endswith(n) for n in names)]


def _frequent(word: str, floor: int = 1000) -> bool:
    """A word the lexicon has seen often (a major river or lake: 长江, 东湖)."""
    return frequency(word) >= floor


def _common_compound(stem: str, suffix: str) -> bool:
    """绿色矿山, 高山: common words, not names (but 四峰山, 西雷山 are names)."""
    if stem in GENERIC_STEMS or (len(stem) > 1 and word_tag(stem) in ("v", "vn", "a", "ad", "d", "m", "f", "b", "n")):
        return word_tag(stem) != "n" or len(stem) > 2 or stem in GENERIC_STEMS
    tokens = segment(stem)
    last = tokens[-1]
    if len(tokens) == 1 and len(last) > 1 and word_tag(last) in ("n", "nr", "a", "vn", "v", "b") and word_tag(last[-1] + suffix) in ("n", "v", "vn"):
        return True
    if len(last) == 1 and word_tag(last + suffix) in ("n", "v", "vn", "a"):
        return all(word_tag(t) not in (None, "ns") for t in tokens[:-1]) if len(tokens) > 1 else True  # 智慧矿山
    return False


AREA_LIST_HEADS = CUES.pattern("area_list_heads")


def find_area_lists(norm: str, issuer: str | None) -> list[Found]:
    """Areas listed for renewal or development (:data:`AREA_LIST_HEADS`).

    Items that are facilities (火车站, :data:`FACILITY_ENDINGS`), ordinary words or
    longer than five characters are not areas.

    >>> [f.entry.name for f in find_area_lists("推进火车站、菜园头、熊八升等片区改造,启动吴王城、鄂州大学校中村等城市更新项目", None)]
    ['菜园头', '熊八升', '吴王城']
    """
    out = []
    for head in AREA_LIST_HEADS.finditer(norm):
        items = re.search(r"((?:[\u4e00-\u9fff]{2,8}、)*[\u4e00-\u9fff]{2,8})$", norm[max(0, head.start() - 60): head.start()])
        if not items:
            continue
        pos = head.start() - len(items.group(1))
        for i, item in enumerate(items.group(1).split("、")):
            start = pos if i else name_start(norm, pos + len(item), longest=5)
            name = norm[start: pos + len(item)] if start is not None else ""
            if 2 <= len(name) <= 5 and not name.endswith(FACILITY_ENDINGS) and not word_tag(name) and not _generic(name):
                out.append(Found(start, pos + len(item), Entry(name, "other", issuer)))
            pos += len(item) + 1
    return out


def find_well_known(norm: str) -> list[Found]:
    """Areas known by a name of their own (:func:`well_known_areas`).

    >>> [f.entry.name for f in find_well_known("融入光谷科创大走廊,对接中关村")]
    ['光谷', '中关村']
    """
    found = [Found(m.start(), m.end(), Entry(name, level, None))
             for name, level in well_known_areas().items() for m in re.finditer(name, norm)]
    return sorted(found, key=lambda f: f.start)


@lru_cache(maxsize=1)
def _region_suffix_re() -> re.Pattern:
    return re.compile(alternation(REGION_SUFFIXES + ZONE_SUFFIXES))


@lru_cache(maxsize=64)
def _province_region_res(province: str) -> tuple[re.Pattern, re.Pattern | None]:
    """For plans of ``province``: runs of its city abbreviations before a region cue (武鄂黄黄),
    and its own abbreviation before a direction (鄂东), when it has one."""
    where = Jurisdiction(None, None, province)
    initials = {PROVINCE_ABBREVIATIONS.get(province[:2], "")}
    initials |= {(short_form(d.name) or d.name)[0] for d in divisions().values() if d.level == "prefecture" and where.in_province(d)}
    chars = "".join(sorted(c for c in initials if c))
    own = PROVINCE_ABBREVIATIONS.get(province[:2], "")
    return (re.compile(f"([{chars}]{{2,4}})(?={REGION_CUES.pattern})"),
            re.compile(f"{own}[{DIRECTION_CHARS}](?![{DIRECTION_CHARS}])") if own else None)


def find_regions(norm: str, known: dict[str, Entry], where: Jurisdiction) -> list[Found]:
    """Regions: a known place plus :data:`REGION_SUFFIXES`, and runs of city abbreviations.

    >>> from kg.extract.divisions import jurisdiction
    >>> from kg.extract.model import PlanInfo
    >>> from kg.extract.places import _base_surfaces
    >>> where = jurisdiction(PlanInfo(doc="d", title=None, issuer="鄂城区", date=None, parents=("鄂州市", "湖北省")))
    >>> [(f.entry.name, f.entry.level, f.entry.parent) for f in find_regions("融入武汉都市圈,建设成为武鄂黄黄协同发展示范区", _base_surfaces(where), where)]
    [('武汉都市圈', 'other', '湖北省'), ('武鄂黄黄', 'other', '湖北省')]
    """
    out = []
    for m in _region_suffix_re().finditer(norm):
        zone = m.group() in ZONE_SUFFIXES or m.group() == "新城"
        for n in range(6, 1, -1):
            core = known.get(norm[max(0, m.start() - n): m.start()])
            if core is None and not zone and m.start() >= n and is_place_word(norm[m.start() - n: m.start()]) \
                    and _frequent(norm[m.start() - n: m.start()]):
                core = Entry(norm[m.start() - n: m.start()], "other")  # 黄河滩区: a major river the text names nowhere else
            if core is not None and m.start() >= n and core.level in ("province", "prefecture", "county", "town", "other", "zone"):
                start = m.start() - n
                for k in range(6, 1, -1):  # 黄石-大冶都市区: a pair of places
                    if norm[start - 1: start] in "-—" and norm[start - 1 - k: start - 1] in known and start - 1 - k >= 0:
                        start -= k + 1
                        break
                if zone:
                    entry = Entry(norm[start: m.end()], "zone", core.name)
                else:
                    entry = Entry(norm[start: m.end()], "other", core.name if core.level == "province" else core.parent)
                out.append(Found(start, m.end(), entry))
                break
        else:
            if m.group() == "中心城区" and where.issuer is not None and where.issuer.level in ("prefecture", "county"):
                out.append(Found(m.start(), m.end(), Entry("中心城区", "zone", where.issuer.name if where.issuer else None)))
    for name in OWN_AREAS:
        for m in re.finditer(name, norm):
            if norm[m.start() - 1: m.start()] in "、和与及" or norm[m.end(): m.end() + 1] in "、和与及":
                out.append(Found(m.start(), m.end(), Entry(name, "zone", where.issuer.name if where.issuer else None)))
    for m in DIRECTION_REGION_RE.finditer(norm):
        if not (m.start() and CJK.fullmatch(norm[m.start() - 1]) and word_tag(norm[m.start() - 1: m.start() + 1])):
            out.append(Found(m.start(), m.end(), Entry(m.group(), "other", None)))
    if where.province:
        province = divisions()[where.province].name
        abbreviations_re, own_direction_re = _province_region_res(where.province)
        for m in abbreviations_re.finditer(norm):
            if word_tag(m.group(1)) is None and m.group(1) not in known:
                out.append(Found(m.start(), m.end(), Entry(m.group(1), "other", province)))
        for m in own_direction_re.finditer(norm) if own_direction_re is not None else ():
            before = norm[m.start() - 1: m.start() + 1] if m.start() else ""
            if not (before and word_tag(before)) and word_tag(m.group()) in (None, "ns", "j"):
                out.append(Found(m.start(), m.end(), Entry(m.group(), "other", province)))
    return out
