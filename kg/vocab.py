"""The department-type vocabulary (``ontology/department-types.ttl``) as a fast matcher.

A unit name such as 市发展改革和经济信息化局 is read in three steps:

1. **Split off the jurisdiction** (:meth:`DepartmentVocabulary.split_name`): explicit
   place names (湖北省黄石市, 鄂城区), a one-character level prefix (市, 区, 县 ...), the
   Youth League's 团市委 form. 区委X keeps its 委 in the rest (委组织部), which is how a
   party committee's departments are named.
2. **Find the functions** (:meth:`DepartmentVocabulary.segments`): every zh label of every
   concept, and every label with its organisational suffix (:data:`ORG_SUFFIXES`) cut off,
   is compiled once into a longest-first regex alternation; scanning the name left to
   right takes the longest label at each position. Single characters (镇, 乡, 委, 村)
   classify a name only when nothing longer matched and they end it (大箕铺镇).
3. **Order** (:meth:`DepartmentVocabulary.match`): concepts in the order their labels
   appear. When the name *ends* in a label saying what kind of organisation the unit
   is (a company, a zone, a town, a hospital: :data:`FORM_GROUPS`), the first concept
   of those groups comes first, so 水务集团 is an enterprise before it is about water,
   while 公安局开发区分局 stays a police unit. A bare organisational form (公司, 集团)
   only counts when nothing else in its group was found.

>>> v = load_vocabulary()
>>> v.match("市发展改革和经济信息化局")
('development-reform', 'economy-information')
>>> v.match("县自然资源局"), v.match("区卫生健康委员会")
(('natural-resources-planning',), ('health',))
>>> v.full_name("卫健委"), v.full_name("发改局"), v.full_name("自然资源局")
('卫生健康委员会', '发展和改革局', '自然资源局')

Abbreviations are expanded from the data alone: see :meth:`DepartmentVocabulary.expansion`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import astuple
from functools import lru_cache
from pathlib import Path

from .vocab_names import (
    _PARTY_PREFIX,
    _PLACE_RE,
    _YOUTH_LEAGUE_RE,
    FORM_GROUPS,
    LEVEL_PREFIXES,
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    NameParts,
    Segment,
    is_subsequence,
    normalise_name,
    split_suffix,
)
from .vocab_scheme import _SCHEME, Concept, VocabularyError, _read_concepts  # noqa: F401 (_SCHEME: defined here before)

__all__ = [
    "Concept", "Segment", "NameParts", "DepartmentVocabulary", "VocabularyError",
    "load_vocabulary", "normalise_name", "split_suffix", "ORG_SUFFIXES", "FORM_GROUPS",
]


class DepartmentVocabulary:
    """Matcher over the department types; build with :func:`load_vocabulary`."""

    def __init__(self, concepts: Iterable[Concept]):
        self._concepts = {c.slug: c for c in concepts}
        types = [c for c in self._concepts.values() if not c.top]
        explicit: dict[str, set[str]] = {}
        hidden: dict[str, set[str]] = {}
        for c in types:
            for text in (c.zh, *c.alt, *c.hidden):
                explicit.setdefault(text, set()).add(c.slug)
            for text in c.hidden:
                hidden.setdefault(text, set()).add(c.slug)
        owners = {text: set(slugs) for text, slugs in explicit.items()}
        derived: dict[str, set[str]] = {}
        for c in types:
            for label in (c.zh, *c.alt):
                stem, _ = split_suffix(label)
                if stem != label and stem not in explicit:
                    derived.setdefault(stem, set()).add(c.slug)
        for stem, slugs in derived.items():
            # a stem cut from labels of several unrelated concepts would be ambiguous
            if len(slugs) == 1 or self._merged_stem(stem, slugs, explicit):
                owners[stem] = slugs
        self._hidden = {text: frozenset(s) for text, s in hidden.items()}
        self._owners = {text: self._order(text, slugs, explicit) for text, slugs in owners.items()}
        multi = sorted((t for t in self._owners if len(t) > 1), key=lambda t: (-len(t), t))
        self._regex = re.compile("|".join(map(re.escape, multi)))
        self._single = {t: s for t, s in self._owners.items() if len(t) == 1}
        self._full: dict[frozenset, list[str]] = {}
        for text, slugs in self._owners.items():
            if self._is_full(text, slugs):
                self._full.setdefault(frozenset(slugs), []).append(text)
        self._expansions: dict[str, str | None] = {}

    @staticmethod
    def _merged_stem(stem, slugs, explicit) -> bool:
        return any(set(explicit.get(label, ())) == slugs for label in explicit if label.startswith(stem))

    def _order(self, text: str, slugs: set[str], explicit) -> tuple[str, ...]:
        """Owners of a shared label in the order their functions appear in it."""
        if len(slugs) == 1:
            return tuple(slugs)

        def position(slug):
            c = self._concepts[slug]
            own = [t for t in (c.zh, *c.alt, *c.hidden) if explicit.get(t) == {slug} and t in text]
            if own:
                return min(text.index(t) for t in own)
            return next((i for i, ch in enumerate(text) if ch in c.zh), len(text))

        return tuple(sorted(slugs, key=lambda s: (position(s), s)))

    def _is_full(self, text: str, slugs) -> bool:
        """A label written in full: a prefLabel, or a label that neither is nor ends in an abbreviation."""
        if any(self._concepts[s].zh == text for s in slugs):
            return True
        stem, _ = split_suffix(text)
        return text not in self._hidden and stem not in self._hidden

    # -- the scheme -----------------------------------------------------------------

    def concepts(self) -> tuple[str, ...]:
        """Slugs of the department types (groups excluded), sorted.

        >>> "development-reform" in load_vocabulary().concepts()
        True
        """
        return tuple(sorted(s for s, c in self._concepts.items() if not c.top))

    def groups(self) -> tuple[str, ...]:
        """Slugs of the top concepts that group the types (party-organs, zones ...)."""
        return tuple(sorted(s for s, c in self._concepts.items() if c.top))

    def concept(self, slug: str) -> Concept:
        return self._concepts[slug]

    def label(self, slug: str, lang: str = "zh") -> str:
        """The preferred label of a concept in ``zh`` or ``en``.

        >>> load_vocabulary().label("health"), load_vocabulary().label("health", "en")
        ('卫生健康', 'Health')
        """
        c = self._concepts[slug]
        if lang == "zh":
            return c.zh
        if lang == "en":
            return c.en or c.zh
        raise ValueError(f"no labels in language {lang!r} (zh, en)")

    def broader(self, slug: str) -> str | None:
        """The group of a type: ``broader("finance") == "government-departments"``."""
        return self._concepts[slug].broader

    # -- reading names ----------------------------------------------------------------

    def segments(self, text: str) -> tuple[Segment, ...]:
        """The labels found in ``text`` (no jurisdiction stripping), left to right.

        >>> [(s.text, s.slugs) for s in load_vocabulary().segments("财政局(国资办)")]
        [('财政局', ('finance',)), ('国资办', ('state-assets',))]
        """
        found = [Segment(m.start(), m.end(), m.group(), self._owners[m.group()]) for m in self._regex.finditer(text)]
        if not found:
            bare = text.split("(", 1)[0]
            if bare and bare[-1] in self._single:
                found.append(Segment(len(bare) - 1, len(bare), bare[-1], self._owners[bare[-1]]))
        return tuple(found)

    def _longest_at(self, text: str, pos: int) -> int:
        m = self._regex.match(text, pos)
        return len(m.group()) if m else 0

    def split_name(self, name: str, known: Iterable[str] = (), short: Iterable[str] = ()) -> NameParts:
        """Split the written jurisdiction off a unit name.

        ``known`` are place names accepted as prefixes whatever follows them (a plan's
        issuer and its parents); ``short`` (their short forms, 恩施) and other place
        names are accepted when what follows them names a department and the place name
        itself contains no department label.

        >>> v = load_vocabulary()
        >>> v.split_name("市委组织部")
        NameParts(prefix='市', places=(), level='市', rest='委组织部')
        >>> v.split_name("团区委")
        NameParts(prefix='区', places=(), level='区', rest='团委')
        >>> v.split_name("黄石市生态环境局大冶市分局").places
        ('黄石市',)
        >>> v.split_name("市场监督管理局").level is None, v.split_name("东风路街道").places
        (True, ())
        """
        s = normalise_name(name)
        league = _YOUTH_LEAGUE_RE.match(s)
        if league:
            return NameParts(league.group(1), (), league.group(1), "团委" + s[league.end():])
        start = len(_PARTY_PREFIX) if s.startswith(_PARTY_PREFIX) else 0
        known = sorted({normalise_name(k) for k in known if k}, key=len, reverse=True)
        short = sorted({k for k in short if k}, key=len, reverse=True)
        places: list[str] = []
        pos = start
        while True:
            place = self._place_at(s, pos, known, short)
            if not place:
                break
            places.append(place)
            pos += len(place)
        if places:
            return NameParts(s[start:pos], tuple(places), None, s[pos:])
        if len(s) > 1 and s[0] in LEVEL_PREFIXES and self._longest_at(s, 0) <= self._longest_at(s, 1):
            return NameParts(s[0], (), s[0], s[1:])
        return NameParts("", (), None, s)

    def _place_at(self, s: str, pos: int, known: list[str], short: list[str] = ()) -> str | None:
        for name in known:
            if s.startswith(name, pos) and len(s) > pos + len(name):
                return name
        for name in short:  # 武穴 in 武穴街道 names the street, not the city's department
            rest = s[pos + len(name):]
            if s.startswith(name, pos) and rest and not rest.startswith(PLACE_SUFFIXES) and self._names_department(rest):
                return name
        m = _PLACE_RE.match(s, pos)
        if not m or s[pos] in LEVEL_PREFIXES or m.end() == len(s):
            return None
        if any(seg.start < m.end() - pos for seg in self.segments(s[pos:]) if len(seg.text) > 1):
            return None
        return m.group() if self._names_department(s[m.end():]) else None

    def _names_department(self, rest: str) -> bool:
        """Whether ``rest`` (what follows a place name) names a department: 委…, or a department word."""
        return rest[0] == "委" or any(len(seg.text) > 1 for seg in self.segments(rest))

    def classify(self, rest: str) -> tuple[str, ...]:
        """Types named by a jurisdiction-free name, primary first (see the module doc)."""
        text = normalise_name(rest)
        segments = self.segments(text)
        slugs: list[str] = []
        generic: set[str] = set()
        for seg in segments:
            bare = seg.text in ORG_SUFFIXES or len(seg.text) == 1
            for slug in seg.slugs:
                if slug not in slugs:
                    slugs.append(slug)
                    if bare:
                        generic.add(slug)
                elif not bare:
                    generic.discard(slug)
        groups = {s: self.broader(s) for s in slugs}
        slugs = [s for s in slugs if s not in generic or not any(
            groups[o] == groups[s] and o not in generic for o in slugs)]
        ends_in_form = bool(segments) and segments[-1].end == len(text.split("(", 1)[0]) and any(
            self.broader(s) in FORM_GROUPS for s in segments[-1].slugs)
        form = next((s for s in slugs if groups[s] in FORM_GROUPS), None) if ends_in_form else None
        if form is not None:
            slugs.remove(form)
            slugs.insert(0, form)
        return tuple(slugs)

    def match(self, name: str) -> tuple[str, ...]:
        """Department types of a unit name, primary first; ``()`` when none is known.

        >>> v = load_vocabulary()
        >>> v.match("市科经局"), v.match("市财政局(国资办)")
        (('science-technology', 'economy-information'), ('finance', 'state-assets'))
        >>> v.match("市水务集团"), v.match("光谷东国投集团"), v.match("大箕铺镇")
        (('state-owned-platform', 'water-resources'), ('state-owned-platform',), ('township-street',))
        >>> v.match("区招才引智中心"), v.match("某某协调小组")
        (('talent',), ())
        """
        return self.classify(self.split_name(name).rest)

    # -- canonical names --------------------------------------------------------------

    def expansion(self, text: str) -> str | None:
        """The full form of an abbreviated label, from the labels alone; ``None`` if not abbreviated.

        ``text`` is abbreviated when it, or its stem (:func:`split_suffix`), is a hiddenLabel
        of its concept(s) and a *full* label of the same concept(s) (the prefLabel, or a
        label that neither is nor ends in a hiddenLabel) contains its characters in order.
        The shortest such full label wins, among those whose suffix extends the written one
        (卫健委 -> 卫生健康委员会, not 卫生健康局); ties go to the prefLabel, then to the
        label that sorts first. Bare organisational forms (公司, 镇) never expand.

        >>> v = load_vocabulary()
        >>> v.expansion("资规局"), v.expansion("科经"), v.expansion("市场监管")
        ('自然资源和规划局', '科技和经济信息化', '市场监督管理')
        >>> v.expansion("自然资源局"), v.expansion("城投"), v.expansion("文创") is None
        (None, None, True)
        """
        if text not in self._expansions:
            self._expansions[text] = self._expand(text)
        return self._expansions[text]

    def _expand(self, text: str) -> str | None:
        slugs = self._owners.get(text)
        if not slugs or len(text) == 1 or text in ORG_SUFFIXES:
            return None
        stem, suffix = split_suffix(text)
        key = frozenset(slugs)
        if not (self._hidden.get(text) == key or self._hidden.get(stem) == key):
            return None
        prefs = {self._concepts[s].zh for s in slugs}
        candidates = [
            f for f in self._full.get(key, ())
            if len(f) > len(text) and is_subsequence(text, f) and split_suffix(f)[1].startswith(suffix)
        ]
        if candidates:
            return min(candidates, key=lambda f: (len(f), f not in prefs, f))
        if suffix and stem in self._owners and self._owners[stem] == slugs:
            full_stem = self._expand(stem)
            return full_stem + suffix if full_stem else None
        return None

    def full_name(self, rest: str) -> str:
        """A jurisdiction-free unit name with abbreviations written in full.

        An abbreviation is expanded where it is the department's whole name: at the start
        (or after a party committee's 委), and followed by nothing, a bracket or an
        organisational suffix (卫健局, 委办; but not 应急救援中心, nor the second half of
        an unlisted merged bureau). Bracketed parts are kept as written; brackets come
        out full-width (（）).

        >>> v = load_vocabulary()
        >>> v.full_name("市场监管局"), v.full_name("财政局(国资办)"), v.full_name("招才引智中心")
        ('市场监督管理局', '财政局（国资办）', '招才引智中心')
        >>> v.full_name("委办"), v.full_name("消防大队"), v.full_name("科学技术和经济信息化局")
        ('委办公室', '消防救援大队', '科学技术和经济信息化局')
        >>> v.full_name("教育和经济信息化局")
        '教育和经济信息化局'
        """
        s = normalise_name(rest)
        depth, inside = 0, []
        for ch in s:
            depth += ch == "("
            inside.append(depth > 0)
            depth -= ch == ")" and depth > 0
        out, pos = [], 0
        for seg in self.segments(s):
            if inside[seg.start]:
                continue
            before, after = s[:seg.start], s[seg.end:]
            if before not in ("", "委") and not before.endswith("("):
                continue
            if after and not after.startswith("(") and not after.startswith(ORG_SUFFIXES):
                continue
            full = self.expansion(seg.text)
            if full:
                out += [s[pos:seg.start], full]
                pos = seg.end
        out.append(s[pos:])
        return "".join(out).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=8)
def _load(path: str) -> DepartmentVocabulary:
    from .datacache import cached

    rows = cached("department-types", [path], lambda: [astuple(c) for c in _read_concepts(Path(path))])
    return DepartmentVocabulary(Concept(*row) for row in rows)


def load_vocabulary(path: str | Path | None = None) -> DepartmentVocabulary:
    """The vocabulary of ``path`` (default ``ontology/department-types.ttl``), parsed once per path."""
    if path is None:
        return _default_vocabulary()  # extraction asks for it per unit: no path resolved each time
    return _load(str(Path(path).resolve()))


@lru_cache(maxsize=1)
def _default_vocabulary() -> DepartmentVocabulary:
    from .resources import ontology_file

    return _load(str(Path(ontology_file("department-types.ttl")).resolve()))
