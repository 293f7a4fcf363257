"""The cue words of projects and what makes a project's name: its project word, its kind, a proper part.

:data:`SUFFIXES` are the project words (产业园, 高速, 综合体 …) by kind; :func:`_kind_of`
reads the kind of a name ending in one; :func:`named` tells a stem with a proper part (a
place, a brand, a number: 花湖临空, G106) from a generic one (文化, 区级养老服务). A
:class:`Candidate` is a name found in the text, before the choice among overlapping ones
(:func:`kg.extract.projects.find_projects`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .cue_files import read_cues
from .divisions import abbreviation_chars
from .divisions import names_index as division_names
from .enterprises import brand_like
from .lexicon import CJK, segment, word_tag
from .namewords import PROJECT_GENERIC_STEMS as GENERIC_STEMS
from .patterns import alternation

CUES = read_cues("projects")
"""The cue words of this module (``kg/extract/cues/projects.json``), each family with its examples."""

SUFFIXES = tuple((g["kind"], tuple(g["words"])) for g in CUES.groups("suffixes"))

PHASE = CUES.pattern("phase")

NEEDS_PLACE = frozenset(CUES.words("needs_place"))


DISTINCTIVE = frozenset(CUES.words("distinctive"))

INFRASTRUCTURE = ("road", "rail", "bridge", "airport_port")
BUILD_BEFORE = CUES.pattern("build_before")
BUILD_AFTER = CUES.pattern("build_after")

QUOTE = re.compile(r"“([^“”\n。]{1,24})”")
PROGRAMME_HEADS = CUES.pattern("programme_heads")

PROGRAMME_ENDINGS = CUES.words("programme_endings")

LIST_HEADS = CUES.pattern("list_heads")

LIST_HEAD_KINDS = tuple((g["kind"], re.compile(alternation(g["words"]))) for g in CUES.groups("list_head_kinds"))
"""The kind a list head gives all its items (等城市更新项目: urban renewal); the last group whose word is in the head decides."""

LAUNCH = CUES.pattern("launch")

ROUTES = CUES.pattern("routes")

TITLED = CUES.pattern("titled", re.M)

ZONE_WORDS = CUES.words("zone_words")
SCOPE_WORDS = CUES.words("scope_words")

NUMBERED_ROAD = CUES.pattern("numbered_road")

LEVEL_FACILITY = CUES.pattern("level_facility")
LEVEL_FACILITY_WORDS = CUES.words("level_facility_words")

PLACE_WORKS = CUES.words("place_works")

INNER_CONNECTIVES = CUES.chars("inner_connectives")
"""Connectives (:data:`CONNECTIVES`) that may stand inside a project's name (武汉至鄂州高速公路): they do not end its left side."""


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    name: str
    kind: str


_QUOTES_AND_SPACES_RE = re.compile(r"[“”\"'‘’\s]")


def _clean(text: str) -> str:
    return _QUOTES_AND_SPACES_RE.sub("", text)


_WORDS_LONGEST_FIRST = tuple(sorted(((w, kind) for kind, words in SUFFIXES for w in words), key=lambda p: -len(p[0])))
_WORDS = tuple(w for w, _ in _WORDS_LONGEST_FIRST)
_WORDS_RE = re.compile(alternation(_WORDS))
_KIND_OF_WORD = {w: kind for w, kind in reversed(_WORDS_LONGEST_FIRST)}  # the first listed wins
_WORD_LENGTHS = tuple(sorted({len(w) for w in _WORDS}, reverse=True))
_PHASE_AT_END = re.compile("(?:" + PHASE.pattern + ")$")


def _kind_of(name: str) -> tuple[str, str] | None:
    """(kind, project word) of a name ending in one of :data:`SUFFIXES` (and a phase)."""
    if ROUTES.fullmatch(name):
        return ("road", "")
    phase = _PHASE_AT_END.search(name)
    if phase and phase.start() > 0:
        name = name[: phase.start()]
    for n in _WORD_LENGTHS:
        kind = _KIND_OF_WORD.get(name[-n:])
        if kind is not None:
            return (kind, name[-n:])
    return None


_COUNTED_RE = re.compile(r"\d+[-~至]?\d*[个家项条座处]")
_PROPER_CHAR_RE = re.compile(r"[0-9A-Za-z·]")


def named(stem: str, places: Iterable[str] = ()) -> bool:
    """Whether a project name's stem has a proper part: a place, a brand, a number.

    >>> [named(s) for s in ("意邦", "仙人山红色教育", "文化", "区级养老服务", "G106", "城市中央", "3个知名城市", "京港澳")]
    [True, False, False, False, True, False, False, True]
    >>> named("仙人山红色教育", places=["仙人山"])
    True
    """
    stem = _clean(stem)
    if not stem or stem in GENERIC_STEMS or any(stem.startswith(g) and len(stem) <= len(g) + 2 for g in ("区级", "市级", "县级")):
        return False
    if _COUNTED_RE.match(stem):
        return False
    if _PROPER_CHAR_RE.search(stem) or any(p and p in stem for p in places):
        return True
    if 2 <= len(stem) <= 4 and all(c in abbreviation_chars() for c in stem):
        return True  # 京港澳, 沪苏湖: named after the places it joins
    if CJK.fullmatch(stem) and any(len(t) > 1 and t in division_names() for t in segment(stem)):
        return True  # 宁德时代新能源: a place's name in it
    return CJK.fullmatch(stem) is not None and (brand_like(stem) or word_tag(stem) == "nr")
