"""The cue words of unit assignments, read from a data file (``cues/assignments.json``).

Each family of the file lists its words and documented examples (labels, role suffixes,
unit endings, collectives ...); :func:`load_cues` reads a file shaped like it into an
:class:`AssignmentCues`, which also holds the regular expressions built from the words.
A user's file, given to the ``kg_assignments`` component's ``initialize``, replaces it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document import fold_width
from .patterns import alternation

CUES_FILE = Path(__file__).with_name("cues") / "assignments.json"
"""The cue families (labels, role suffixes, unit endings, collectives ...) with their examples."""


@dataclass(frozen=True)
class AssignmentCues:
    """The cue words of assignments, read from a data file (:data:`CUES_FILE`) by :func:`load_cues`."""

    lead_labels: tuple[str, ...]
    responsible_labels: tuple[str, ...]
    bare_labels: frozenset[str]
    role_suffixes: tuple[tuple[str, str], ...]
    lead_markers: tuple[str, ...]
    responsible_markers: tuple[str, ...]
    unit_suffixes: tuple[str, ...]
    collective_prefixes: tuple[str, ...]
    collective_infixes: tuple[str, ...]
    level_nouns: frozenset[str]
    not_name_prefixes: tuple[str, ...]
    trailing_noise: tuple[str, ...]
    collective_tails: frozenset[str] = frozenset()
    not_name_words: tuple[str, ...] = ()
    list_joiners: tuple[str, ...] = ()
    trailing_verbs: tuple[str, ...] = ()
    leading_words: tuple[str, ...] = ()
    role_adverbs: tuple[str, ...] = ()
    label_copulas: tuple[str, ...] = ()
    label_prefixes: tuple[str, ...] = ()
    noise_counters: tuple[str, ...] = ()
    label_asides: tuple[str, ...] = ()
    row_deadlines: tuple[str, ...] = ()
    place_suffixes: tuple[str, ...] = ()
    duty_verbs: tuple[str, ...] = ()
    role_shares: tuple[str, ...] = ()
    level_prefixes: frozenset[str] = frozenset()
    """One-character jurisdictions that open a unit's name (县民政局): where a name glued to the text before it may begin."""
    row_list_openers: frozenset[str] = frozenset()
    """First characters of the collective words that may open a flattened table row's unit list (各镇街, 有关部门)."""
    label_re: re.Pattern = field(repr=False, compare=False, default=None)
    line_label_re: re.Pattern = field(repr=False, compare=False, default=None)
    role_marker_re: re.Pattern = field(repr=False, compare=False, default=None)
    not_name_re: re.Pattern = field(repr=False, compare=False, default=None)
    joiner_re: re.Pattern = field(repr=False, compare=False, default=None)
    share_re: re.Pattern = field(repr=False, compare=False, default=None)
    """A label, then a word of :attr:`role_shares` ending its clause: a note on how the roles share the work (配合单位为辅)."""
    role_suffix_words: tuple[str, ...] = field(repr=False, compare=False, default=())
    """The words of :attr:`role_suffixes`, for one ``str.endswith`` test before looking for which one."""

    def __post_init__(self):
        object.__setattr__(self, "role_suffix_words", tuple(w for w, _ in self.role_suffixes))
        labels = self.lead_labels + self.responsible_labels
        full = alternation(x for x in labels if x not in self.bare_labels)
        # a label, possibly in its own brackets (【牵头单位】 folds to (牵头单位)), then an optional colon
        # 其他责任单位, 牵头部门（单位）: a prefix before the label, an aside after it
        prefix = r"(?:" + alternation(self.label_prefixes) + r")?" if self.label_prefixes else ""
        aside = r"(?:\s*(?:" + alternation(fold_width(a) for a in self.label_asides) + r"))?" if self.label_asides else ""
        object.__setattr__(self, "label_re", re.compile(
            r"(?:\(\s*(?P<blabel>" + full + r")\s*\)|" + prefix + r"(?P<label>" + alternation(labels) + r")" + aside
            + r")\s*(?::|：" + "".join("|" + re.escape(c) for c in self.label_copulas) + r")?\s*"))
        # the first lookahead (a character that may open the line's label) lets the scan pass over other text quickly
        firsts = re.escape("".join(sorted({x[0] for x in labels + self.label_prefixes if x and x not in self.bare_labels})))
        object.__setattr__(self, "line_label_re", re.compile(
            r"(?=[ \t(" + firsts + r"])(?:(?<=^)|(?<=\n)|(?<=[。;]))[ \t]*(?=" + prefix + r"(?:" + full + r")" + aside
            + r"\s*:|\(\s*(?:" + full + r")\s*\))", re.M))
        object.__setattr__(self, "joiner_re", re.compile(alternation(self.list_joiners)))
        # 以牵头单位为主，配合单位为辅: a label as the subject of a note (never matches when no word is given)
        share = r"(?:" + alternation(labels) + r")\s*(?:" + alternation(self.role_shares) + r")(?=\s*(?:[,;。)\n]|$))"
        object.__setattr__(self, "share_re", re.compile(share))
        object.__setattr__(self, "not_name_re", re.compile(r"\d|[年月]|" + alternation(self.not_name_words) + "|" + share))
        object.__setattr__(self, "role_marker_re", re.compile(  # 市发改委（牵头）, 市发改委（牵头单位）
            r"\((" + alternation(self.lead_markers + self.responsible_markers) + r")(?:单位|部门)?\)$"))


def _words(family: dict, key: str = "words") -> tuple[str, ...]:
    return tuple(family.get(key, ()))


def load_cues(path: str | Path | None = None) -> AssignmentCues:
    """The assignment cues of a JSON file shaped like :data:`CUES_FILE` (that file by default).

    >>> cues = load_cues()
    >>> "牵头单位" in cues.lead_labels, ("按照职责分工负责", "responsible") in cues.role_suffixes, ("为牵头单位", "lead") in cues.role_suffixes
    (True, True, True)
    """
    with open(path or CUES_FILE, encoding="utf-8") as fh:
        return cues_from_data(json.load(fh))


def _qualified(labels: tuple[str, ...], qualifiers: tuple[str, ...]) -> tuple[str, ...]:
    """Labels with each qualifier put before their 单位/部门 (牵头单位 -> 牵头考核单位), the labels first.

    >>> _qualified(("牵头单位", "责任主体"), ("考核",))
    ('牵头单位', '责任主体', '牵头考核单位')
    """
    more = [w[:-2] + q + w[-2:] for w in labels if w.endswith(("单位", "部门")) for q in qualifiers]
    return tuple(dict.fromkeys(labels + tuple(m for m in more if m not in labels)))


def cues_from_data(data: dict) -> AssignmentCues:
    """The assignment cues of the parsed JSON of a cue file."""
    lead, resp = data["lead_labels"], data["responsible_labels"]
    qualifiers = _words(data.get("label_qualifiers", {}))
    suffixes = [(w, "lead") for w in _words(data["role_suffixes"], "lead")]
    suffixes += [(w, "responsible") for w in _words(data["role_suffixes"], "responsible")]
    # 市发改委为牵头单位: a copula and a label after the names
    copulas = _words(data.get("label_copulas", {}))
    suffixes += [(c + w, "lead") for c in copulas for w in _qualified(_words(lead), qualifiers)]
    suffixes += [(c + w, "responsible") for c in copulas for w in _qualified(_words(resp), qualifiers)]
    return AssignmentCues(
        lead_labels=_qualified(_words(lead), qualifiers) + _words(lead, "bare"),
        responsible_labels=_qualified(_words(resp), qualifiers) + _words(resp, "bare"),
        bare_labels=frozenset(_words(lead, "bare") + _words(resp, "bare")),
        role_suffixes=tuple(sorted(suffixes, key=lambda x: len(x[0]), reverse=True)),
        lead_markers=_words(data["role_markers"], "lead"),
        responsible_markers=_words(data["role_markers"], "responsible"),
        unit_suffixes=_words(data["unit_suffixes"]),
        collective_prefixes=_words(data["collective_prefixes"]),
        collective_infixes=_words(data["collective_infixes"]),
        level_nouns=frozenset(_words(data["level_nouns"])),
        not_name_prefixes=_words(data["not_name_prefixes"]),
        trailing_noise=tuple(sorted(_words(data["trailing_noise"]), key=len, reverse=True)),
        collective_tails=frozenset(_words(data.get("collective_tails", {}))),
        not_name_words=_words(data.get("not_name_words", {})),
        list_joiners=tuple(sorted(_words(data.get("list_joiners", {})), key=len, reverse=True)),
        trailing_verbs=tuple(sorted(_words(data.get("trailing_verbs", {})), key=len, reverse=True)),
        leading_words=tuple(sorted(_words(data.get("leading_words", {})), key=len, reverse=True)),
        role_adverbs=tuple(sorted(_words(data.get("role_adverbs", {})), key=len, reverse=True)),
        label_copulas=copulas,
        label_prefixes=_words(data.get("label_prefixes", {})),
        noise_counters=_words(data["trailing_noise"], "counters"),
        label_asides=_words(data.get("label_asides", {})),
        row_deadlines=_words(data.get("row_deadlines", {})),
        place_suffixes=_words(data.get("place_suffixes", {})),
        duty_verbs=_words(data.get("duty_verbs", {})),
        role_shares=tuple(sorted(_words(data.get("role_shares", {})), key=len, reverse=True)),
        level_prefixes=frozenset(_words(data.get("level_prefixes", {}))),
        row_list_openers=frozenset(w[0] for w in _words(data.get("row_list_openers", {})) if w),
    )


DEFAULT_CUES = load_cues()
"""The cues of :data:`CUES_FILE`, used when a function is given none."""
