"""Unit names as written -> canonical name, jurisdiction and department type.

A plan names its units relative to its issuer: in a plan of 鄂城区 (in 鄂州市, 湖北省)
区卫健局 is 鄂城区卫生健康局 and 市发改局 is 鄂州市's. :func:`resolve_unit` undoes that
with four rule families, one function each:

* **level prefix** (:func:`jurisdiction_of_level`): 市/区/县/省/州/旗/镇/乡 before the
  department (also 区委X, 团区委) is the nearest of the issuer and its parents whose name
  ends in that character. A county-level 市 that issues a plan is itself 市.
* **explicit place** (:func:`jurisdiction_of_place`): a written place name wins; a short
  form of the issuer or a parent (武穴 for 武穴市, 恩施 for 恩施土家族苗族自治州, by
  :func:`kg.extract.divisions.short_place_name`) is read as that place when a
  department follows it (恩施发改委 in a plan of 利川市 is 恩施's).
* **branch of a higher bureau** (:func:`resolve_branch`): 黄石市生态环境局大冶市分局 is the
  bureau's branch in 大冶市, canonical 大冶市生态环境分局, the same name the plan of that
  place gives it when it writes 市生态环境分局.
* **place inside the name** (:func:`named_place`): a unit written without a jurisdiction
  prefix that names a place after its first characters (人民银行济南分行, 民航山东监管局,
  国网山东省电力公司, 武警山东省总队: offices of national bodies, managed vertically) is
  that place's and keeps its name as written, in every plan that names it.
* **no prefix**: the unit belongs to the issuer (花湖开发区, 城发集团, 东风路街道); the
  issuer's or a parent's own name stands for that place.

The canonical name is the full jurisdiction name followed by the department's full name
(:meth:`kg.vocab.DepartmentVocabulary.full_name`: abbreviations expanded from the
vocabulary's labels, brackets full-width, spaces dropped), so every spelling of one unit
in one jurisdiction gives one name. Department types come from the same vocabulary.

>>> from kg.extract.model import PlanInfo
>>> plan = PlanInfo("a", None, "鄂城区", None, parents=("鄂州市", "湖北省"))
>>> resolve_unit("区卫健局", plan)
ResolvedUnit(canonical='鄂城区卫生健康局', jurisdiction='鄂城区', unit_type='health', unit_types=('health',))
>>> resolve_unit("区卫生健康局", plan).canonical, resolve_unit("市发改局", plan).canonical
('鄂城区卫生健康局', '鄂州市发展和改革局')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocab import load_vocabulary, normalise_name
from .divisions import Entry, short_place_name, table_surfaces
from .divisions import jurisdiction as plan_jurisdiction
from .model import PlanInfo, UnitMention

__all__ = [
    "ResolvedUnit", "resolve_unit", "resolve_collective", "resolve_branch",
    "jurisdiction_of_level", "jurisdiction_of_place", "named_place", "resolve_mention",
]

_BRANCH_RE = re.compile(r"(?P<bureau>.+局)(?P<place>[\u4e00-\u9fff]{2,8}?)分局")
"""A higher-level bureau, then the place of its branch: 黄冈市生态环境局 + 武穴 + 分局."""

_LEVEL_EXCLUDED = {"区": ("自治区",)}
"""Endings a level prefix does not refer to: 区X is a district, not a province-level 自治区."""


@dataclass(frozen=True)
class ResolvedUnit:
    """A unit's normal form: canonical name, jurisdiction and department types (primary first)."""

    canonical: str
    jurisdiction: str | None
    unit_type: str | None
    unit_types: tuple[str, ...] = ()


def _chain(issuer: str | None, parents: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalise_name(p) for p in (issuer, *parents) if p)


def jurisdiction_of_level(level: str, chain: tuple[str, ...]) -> str | None:
    """The first of issuer-then-parents whose name ends in the level character.

    >>> jurisdiction_of_level("市", ("鄂城区", "鄂州市", "湖北省"))
    '鄂州市'
    >>> jurisdiction_of_level("市", ("大冶市", "黄石市", "湖北省")), jurisdiction_of_level("县", ("大冶市",))
    ('大冶市', None)
    """
    excluded = _LEVEL_EXCLUDED.get(level, ())
    for name in chain:
        if name.endswith(level) and not name.endswith(excluded):
            return name
    return None


def jurisdiction_of_place(written: str, chain: tuple[str, ...]) -> str:
    """A written place name, completed when it is the short form of the issuer or a parent.

    >>> jurisdiction_of_place("武穴", ("武穴市", "黄冈市")), jurisdiction_of_place("黄梅县", ("武穴市",))
    ('武穴市', '黄梅县')
    """
    if written in chain:
        return written
    for name in chain:
        if short_place_name(name) == written:
            return name
    return written


def resolve_branch(name: str, chain: tuple[str, ...]) -> ResolvedUnit | None:
    """A branch (分局) of a higher-level bureau, named after the place it serves.

    The bureau must carry its own jurisdiction (黄石市…局, 市…局) and the branch's place
    must not be a department word (开发区分局 is a branch for a zone, not a place).

    >>> resolve_branch("黄石市生态环境局大冶市分局", ("大冶市", "黄石市"))
    ResolvedUnit(canonical='大冶市生态环境分局', jurisdiction='大冶市', unit_type='ecology-environment', unit_types=('ecology-environment',))
    >>> resolve_branch("区公安分局", ("鄂城区",)) is None
    True
    """
    vocab = load_vocabulary()
    m = _BRANCH_RE.fullmatch(name)
    if not m:
        return None
    bureau = vocab.split_name(m.group("bureau"), known=chain)
    place = m.group("place")
    if not bureau.prefix or vocab.segments(place):
        return None
    jurisdiction = jurisdiction_of_place(place, chain)
    department = vocab.full_name(bureau.rest)
    canonical = jurisdiction + department[:-1] + "分局"
    types = vocab.classify(bureau.rest)
    return ResolvedUnit(canonical, jurisdiction, types[0] if types else None, types)


def named_place(name: str, issuer: str | None, parents: tuple[str, ...] = ()) -> str | None:
    """The place a unit name without a jurisdiction prefix names after its first characters, or None.

    The place is one the plan's text would be read as naming (a division of the table, by
    :func:`kg.extract.divisions.table_surfaces` for the plan's jurisdiction), the longest
    at the first position that has one, with something after it and no department label
    across it (振兴 in 乡村振兴局 is not 振兴区). Only a name that starts with neither a place
    nor a level prefix is read so (:meth:`kg.vocab.DepartmentVocabulary.split_name`).

    >>> named_place("人民银行济南分行", "山东省"), named_place("武警山东省总队", "济南市", ("山东省",))
    ('济南市', '山东省')
    >>> named_place("国家金融监督管理总局莱芜监管分局", "济南市", ("山东省",))
    '莱芜区'
    >>> named_place("市场监督管理局", "鄂城区", ("鄂州市", "湖北省")) is None, named_place("城发集团", "武穴市") is None
    (True, True)
    >>> named_place("乡村振兴局", "沈阳市", ("辽宁省",)) is None
    True
    """
    found = _place_in_name(name, issuer, parents)
    return found[0].name if found else None


def _place_in_name(name: str, issuer: str | None, parents: tuple[str, ...]) -> tuple[Entry, int, int] | None:
    """The place :func:`named_place` reads in ``name``, with its offsets."""
    surfaces, longest = _place_surfaces(issuer, parents)
    labels = [seg for seg in load_vocabulary().segments(name) if len(seg.text) > 1]
    for i in range(1, len(name) - 2):
        for size in range(min(longest, len(name) - i - 1), 1, -1):
            entry = surfaces.get(name[i:i + size])
            if entry is not None and not any(seg.start < i + size and i < seg.end for seg in labels):
                return entry, i, i + size
    return None


def _place_ending_prefix(name: str, parts, chain: tuple[str, ...], issuer: str | None,
                         parents: tuple[str, ...]) -> tuple[Entry, bool] | None:
    """The place that ends the place a name seems to start with, when that one is read by its
    ending alone and is no place of the plan's chain or of the table, and whether the characters
    before it name a place too; or None.

    国网鄂州供电公司 is no place 国网鄂州 (…州) but a body's name (国网) before the place 鄂州,
    and 国网山东省电力公司 国网 before 山东省: such a name starts with no place and is read by
    :func:`named_place`. In 沈阳和平区生态环境分局 a short place name stands before the place
    (沈阳 + 和平区): the unit is that place's, like 鄂州市鄂城区财政局.

    >>> found = _place_ending_prefix("国网鄂州供电公司", load_vocabulary().split_name("国网鄂州供电公司"), ("湖北省",), "湖北省", ())
    >>> found[0].name, found[1]
    ('鄂州市', False)
    """
    if not parts.places or not name.startswith(parts.places[0]):
        return None
    first = parts.places[0]
    surfaces = _place_surfaces(issuer, parents)[0]
    if first in chain or first in surfaces:
        return None
    found = _place_in_name(name, issuer, parents)
    if found is None or found[2] != len(first):
        return None
    return found[0], name[:found[1]] in surfaces


@lru_cache(maxsize=256)
def _place_surfaces(issuer: str | None, parents: tuple[str, ...]) -> tuple[dict[str, Entry], int]:
    """The place surfaces of a plan issued by ``issuer`` and the length of the longest (plans of one place share them)."""
    surfaces = table_surfaces(plan_jurisdiction(PlanInfo("", None, issuer, None, parents=parents)))
    return surfaces, max(map(len, surfaces), default=0)


def _short_forms(chain: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(short for short in (short_place_name(n) for n in chain) if short not in chain)


def _jurisdiction(parts, chain: tuple[str, ...], issuer: str | None) -> str | None:
    if parts.places:
        return jurisdiction_of_place(parts.places[-1], chain)
    if parts.level:
        return jurisdiction_of_level(parts.level, chain)
    return normalise_name(issuer) if issuer else None


@lru_cache(maxsize=65536)
def _resolve_unit(surface: str, issuer: str | None, parents: tuple[str, ...]) -> ResolvedUnit:
    name = normalise_name(surface)
    if not name:
        raise ValueError("empty unit name")
    chain = _chain(issuer, parents)
    if name in chain:  # the place itself (its government), named as a unit
        return ResolvedUnit(name, name, None, ())
    branch = resolve_branch(name, chain)
    if branch is not None:
        return branch
    vocab = load_vocabulary()
    parts = vocab.split_name(name, known=chain, short=_short_forms(chain))
    inner = _place_ending_prefix(name, parts, chain, issuer, parents)
    if inner is not None and inner[1]:  # 沈阳和平区生态环境分局: 和平区's
        types = vocab.classify(parts.rest)
        return ResolvedUnit(inner[0].name + vocab.full_name(parts.rest), inner[0].name, types[0] if types else None, types)
    if not parts.prefix or inner is not None:
        place = inner[0].name if inner is not None else named_place(name, issuer, parents)  # found once
        if place is not None:
            types = vocab.classify(name)
            return ResolvedUnit(vocab.full_name(name), place, types[0] if types else None, types)
    jurisdiction = _jurisdiction(parts, chain, issuer)
    body = vocab.full_name(parts.rest)
    canonical = (jurisdiction or parts.prefix) + body
    types = vocab.classify(parts.rest)
    return ResolvedUnit(canonical, jurisdiction, types[0] if types else None, types)


def resolve_unit(surface: str, plan: PlanInfo) -> ResolvedUnit:
    """Canonical name, jurisdiction and department type of a unit named in ``plan``.

    >>> from kg.extract.model import PlanInfo
    >>> daye = PlanInfo("b", None, "大冶市", None, parents=("黄石市", "湖北省"))
    >>> [resolve_unit(s, daye).canonical for s in ("市市场监管局", "市财政局(国资办)", "团市委")]
    ['大冶市市场监督管理局', '大冶市财政局（国资办）', '大冶市团委']
    >>> resolve_unit("光谷东国投集团", daye).jurisdiction, resolve_unit("省发改委", daye).jurisdiction
    ('大冶市', '湖北省')
    >>> lichuan = PlanInfo("d", None, "利川市", None, parents=("恩施土家族苗族自治州", "湖北省"))
    >>> resolve_unit("恩施发改委", lichuan).canonical, resolve_unit("市发改局", lichuan).canonical
    ('恩施土家族苗族自治州发展和改革委员会', '利川市发展和改革局')
    >>> resolve_unit("区招才引智中心", PlanInfo("c.txt", None, None, None))
    ResolvedUnit(canonical='区招才引智中心', jurisdiction='未知区（c）', unit_type='talent', unit_types=('talent',))
    """
    return _unknown_issuer(_resolve_unit(surface, plan.issuer, tuple(plan.parents)), surface, plan)


UNKNOWN_PLACE = "未知{level}（{doc}）"
"""The jurisdiction of a unit whose plan's issuer is unknown and that names no place of its
own (市发改局 in a plan of no known city): one per plan and level, so that units of
different plans are never merged; the manifest's ``issuer`` column replaces it."""


def unknown_place(doc: str, level: str | None) -> str:
    """The stand-in jurisdiction of a plan whose issuer is unknown.

    >>> unknown_place("corpus/003_806b7ce717d61b69.txt", "市"), unknown_place("a.txt", None)
    ('未知市（003_806b7ce717d61b69）', '未知（a）')
    """
    stem = re.sub(r"\.[^./\\]*$", "", re.split(r"[\\/]", doc)[-1]) or doc
    return UNKNOWN_PLACE.format(level=level or "", doc=stem)


def _unknown_issuer(resolved: ResolvedUnit, surface: str, plan: PlanInfo) -> ResolvedUnit:
    """Give a unit of a plan of unknown issuer the stand-in jurisdiction of its level."""
    if resolved.jurisdiction is not None or plan.issuer:
        return resolved
    level = load_vocabulary().split_name(normalise_name(surface), known=()).level
    return ResolvedUnit(resolved.canonical, unknown_place(plan.doc, level), resolved.unit_type, resolved.unit_types)


@lru_cache(maxsize=16384)
def _resolve_collective(surface: str, issuer: str | None, parents: tuple[str, ...]) -> ResolvedUnit:
    name = normalise_name(surface)
    if not name:
        raise ValueError("empty collective name")
    chain = _chain(issuer, parents)
    vocab = load_vocabulary()
    parts = vocab.split_name(name, known=chain)
    jurisdiction = _jurisdiction(parts, chain, issuer)
    rest = parts.rest.replace("(", "（").replace(")", "）")
    canonical = (jurisdiction or parts.prefix) + rest
    types = vocab.classify(parts.rest)
    return ResolvedUnit(canonical, jurisdiction, types[0] if types else None, types)


def resolve_collective(surface: str, plan: PlanInfo) -> ResolvedUnit:
    """A collective (各镇街, 区直各部门 ...): jurisdiction plus the name as written, and the
    members' type when the vocabulary knows it (town and street collectives: township-street).

    >>> from kg.extract.model import PlanInfo
    >>> plan = PlanInfo("a", None, "鄂城区", None, parents=("鄂州市", "湖北省"))
    >>> resolve_collective("各镇街", plan)
    ResolvedUnit(canonical='鄂城区各镇街', jurisdiction='鄂城区', unit_type='township-street', unit_types=('township-street',))
    >>> resolve_collective("区直各部门", plan)
    ResolvedUnit(canonical='鄂城区直各部门', jurisdiction='鄂城区', unit_type=None, unit_types=())
    """
    return _unknown_issuer(_resolve_collective(surface, plan.issuer, tuple(plan.parents)), surface, plan)


_NO_PLAN = PlanInfo(doc="", title=None, issuer=None, date=None)


def resolve_mention(mention: UnitMention, plan: PlanInfo | None) -> UnitMention:
    """A mention with its canonical name, jurisdiction and department types filled in.

    >>> plan = PlanInfo("a", None, "鄂城区", None, parents=("鄂州市", "湖北省"))
    >>> resolve_mention(UnitMention("各镇街", "collective", 0, 3), plan).canonical
    '鄂城区各镇街'
    """
    resolver = resolve_collective if mention.is_collective else resolve_unit
    # a canonical name before resolution is the name the list implies (济南 of 济南、青岛市政府)
    r = resolver(mention.canonical or mention.surface, plan or _NO_PLAN)
    return UnitMention(mention.surface, mention.role, mention.start, mention.end,
                       canonical=r.canonical, unit_type=r.unit_type, jurisdiction=r.jurisdiction, unit_types=r.unit_types,
                       collective=mention.collective)
