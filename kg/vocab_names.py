"""The pieces of a unit name: organisational and place suffixes, level prefixes, and the parts a name splits into.

:data:`ORG_SUFFIXES` say what a unit is (局, 委员会, 集团), :data:`PLACE_SUFFIXES` end a
place name and :data:`LEVEL_PREFIXES` are the one-character jurisdictions (市, 区, 县), both
read from ``ontology/jurisdiction-words.ttl``;
:func:`normalise_name` folds a name's width and drops its white space, :func:`split_suffix`
cuts the organisational suffix off a label. A name read by
:class:`~kg.vocab.DepartmentVocabulary` comes out as :class:`NameParts` and :class:`Segment`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import fold_width

ORG_SUFFIXES = (
    "有限责任公司",
    "委员会", "管委会", "办公室", "办公厅", "有限公司",
    "公司", "集团", "分局", "中心", "大队", "支队",
    "局", "委", "办", "厅", "部", "社", "所", "站", "室", "处",
)
"""Organisational suffixes, longest first: what a unit *is* rather than what it does.
Cut off a label to get its stem (发改委 -> 发改 + 委), and the sign that an abbreviation is
used as a name (卫健 followed by 局). A stem keeps at least two characters."""

JURISDICTION_WORDS_FILE = "jurisdiction-words.ttl"
"""The words of jurisdictions in unit names (``ontology/jurisdiction-words.ttl``, SKOS)."""


def jurisdiction_words() -> dict[str, tuple[str, ...]]:
    """The collections of :data:`JURISDICTION_WORDS_FILE` by name, each its words in order (parsed once, cached).

    >>> jurisdiction_words()["level-prefixes"][:3]
    ('省', '市', '州')
    """
    from .datacache import cached
    from .resources import ontology_file
    from .vocab_scheme import _read_jurisdiction_words

    path = ontology_file(JURISDICTION_WORDS_FILE)
    return cached("jurisdiction-words", [path], lambda: _read_jurisdiction_words(path))


_WORDS = jurisdiction_words()

PLACE_SUFFIXES = _WORDS["place-suffixes"]
"""Endings of administrative place names (黄石市, 恩施土家族苗族自治州, 东风路街道), longest first:
the collection ``place-suffixes`` of :data:`JURISDICTION_WORDS_FILE`."""

LEVEL_PREFIXES = "".join(_WORDS["level-prefixes"])
"""One-character jurisdiction prefixes: 市发改局 is the 发改局 of the city in question (the
collection ``level-prefixes`` of :data:`JURISDICTION_WORDS_FILE`)."""

FORM_GROUPS = ("state-owned-enterprises", "public-institutions", "zones", "grassroots")
"""Groups whose concepts name a kind of organisation, not a government function; when a
name ends in one, it gives the unit's primary type (市水务集团 -> state-owned-platform)."""

_PLACE_RE = re.compile(
    r"[\u4e00-\u9fff]{2,10}?(?:" + "|".join(PLACE_SUFFIXES) + ")"
)
"""An explicit place name at the start of a unit name: 2-10 Han characters and an ending."""

_YOUTH_LEAGUE_RE = re.compile(r"团([" + LEVEL_PREFIXES + r"])委")
"""团市委 / 团区委: the level prefix written inside the Youth League's name."""

_PARTY_PREFIX = "中共"
"""Dropped before a place name: 中共鄂城区委组织部."""


def normalise_name(name: str) -> str:
    """Width-folded (ASCII brackets and punctuation) with all white space removed.

    >>> normalise_name(" 市财政局（国资办） ")
    '市财政局(国资办)'
    """
    return "".join(fold_width(name).split())


def split_suffix(label: str) -> tuple[str, str]:
    """``(stem, suffix)``: the longest :data:`ORG_SUFFIXES` ending cut off if two characters remain.

    >>> split_suffix("发改委"), split_suffix("委办公室"), split_suffix("卫生健康")
    (('发改', '委'), ('委办公室', ''), ('卫生健康', ''))
    """
    for suffix in ORG_SUFFIXES:
        if label.endswith(suffix):
            stem = label[: -len(suffix)]
            return (stem, suffix) if len(stem) >= 2 else (label, "")
    return label, ""


def is_subsequence(short: str, long: str) -> bool:
    """Whether the characters of ``short`` occur in ``long`` in order (how Chinese abbreviates).

    >>> is_subsequence("卫健", "卫生健康"), is_subsequence("综合执法", "城市管理执法")
    (True, False)
    """
    it = iter(long)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class Segment:
    """A stretch of a name that names one function (or a merged bureau's several)."""

    start: int
    end: int
    text: str
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class NameParts:
    """A unit name split into its written jurisdiction and the rest.

    ``prefix`` is the text removed, ``places`` the explicit place names in it (outermost
    first), ``level`` a one-character prefix (市, 区 ...) when the jurisdiction is written
    that way, ``rest`` the department (委组织部, 发改局, 团委 ...).
    """

    prefix: str
    places: tuple[str, ...]
    level: str | None
    rest: str
