"""Counting place mentions: where the names of places occur in a text, and which occurrences are not mentions.

:func:`count_mentions` takes every surface form of a place (the division table's, the
countries', those :mod:`kg.extract.place_finders` found) and marks each occurrence by
greedy longest match, left to right, with the character tries of :class:`Matcher`
(built by :func:`matcher`). An occurrence is no mention inside a set phrase
(:data:`SET_PHRASES`), inside a word that is not a place (武昌鱼, 凤凰山庄, 中山路) or
inside a blocked word: a company name, an item of a list of brands (:func:`brand_items`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from .cue_files import read_cues
from .divisions import Entry
from .lexicon import CJK, name_start, segment, word_tag

CUES = read_cues("places")
"""The cue words of this module (``kg/extract/cues/places.json``), each family with its examples."""

SET_PHRASES = CUES.words("set_phrases")

BRAND_LIST_RE = CUES.pattern("brand_list")
_BRAND_HEAD_END = BRAND_LIST_RE.pattern.find(")等")
_BRAND_TAIL_RE = re.compile(BRAND_LIST_RE.pattern[_BRAND_HEAD_END + 1:]) if _BRAND_HEAD_END >= 0 else BRAND_LIST_RE
"""The list's closing words alone (等…商业综合体): the list pattern is tried only where they occur."""


def brand_items(norm: str) -> list[str]:
    """The items of every :data:`BRAND_LIST_RE` list.

    >>> brand_items("推动万达、铜锣湾等商业综合体提档,盘活某商城、东港等传统商圈")
    ['万达', '铜锣湾', '某商城', '东港']
    """
    out: list[str] = []
    done = -1
    for tail in _BRAND_TAIL_RE.finditer(norm):  # the list pattern, slow to scan, is tried only around its closing words
        if tail.start() < done:
            continue
        # a list is Han characters and 、 only: it lies within the run of them around its closing words
        run = _BRAND_RUN_RE.search(norm, _run_start(norm, tail.start()))
        done = run.end()
        for m in BRAND_LIST_RE.finditer(norm, run.start(), done):
            items = m.group(1).split("、")
            start = name_start(norm, m.start(1) + len(items[0]), longest=8)
            if start is not None:
                items[0] = norm[start: m.start(1) + len(items[0])]
            out.extend(i for i in items if len(i) >= 2)
    return out


_BRAND_RUN_RE = re.compile("[\u4e00-\u9fff、]+")
_NOT_RUN_RE = re.compile("[^\u4e00-\u9fff、]")


def _run_start(text: str, i: int) -> int:
    """Where the run of Han characters and 、 that holds ``text[i]`` begins."""
    lo = max(0, i - 200)
    while True:
        last = deque(_NOT_RUN_RE.finditer(text, lo, i), maxlen=1)  # the last character outside a run
        if last:
            return last[0].end()
        if lo == 0:
            return 0
        lo = max(0, lo - 2000)


STREET_AFTER = CUES.pattern("street_after")


def _mask(norm: str, phrases: Iterable[str]) -> str:
    for phrase in phrases:
        norm = norm.replace(phrase, "□" * len(phrase))
    return norm


# ------------------------------------------------------------------ counting


def count_mentions(norm: str, surfaces: dict[str, Entry], blocked: Iterable[str] = (),
                   matchers: tuple[Matcher, ...] | None = None) -> dict[Entry, list[tuple[int, int]]]:
    """Spans of each place: greedy longest match, left to right, outside blocked words.

    ``matchers`` (built by :func:`matcher`) cover the keys of ``surfaces`` (their words
    that are not keys are passed over); by default one is built for them.

    >>> e = Entry("武昌区", "county")
    >>> {k.name: v for k, v in count_mentions("近学武昌,做优武昌鱼", {"武昌": e}).items()}
    {'武昌区': [(2, 4)]}
    """
    masked = _mask(norm, sorted({*SET_PHRASES, *blocked}, key=len, reverse=True))
    if matchers is None:
        matchers = (matcher(surfaces),)
    starts = sorted({pos for x in matchers for pos in x.positions(masked)})
    out: dict[Entry, list[tuple[int, int]]] = {}
    i = 0
    for pos in starts:
        if pos < i:
            continue  # inside the previous mention
        pair, end = masked[pos:pos + 2], 0
        for x in matchers:
            if pair in x.pairs or pair[0] in x.singles:
                end = max(end, _longest_at(x.trie, masked, pos, surfaces) or 0)
        if not end:
            continue
        surface = masked[pos:end]
        entry = surfaces[surface]
        if not _blocked(masked, pos, end, surface, entry, norm):
            out.setdefault(entry, []).append((pos, end))
        i = end
    return out


_END = ""


@dataclass(frozen=True)
class Matcher:
    """A character trie of words and a pattern for where one of them may start.

    The key ``""`` of a trie node marks the end of a word. ``starts`` matches the first
    character of a word followed by a possible second one (or a one-character word);
    there the first two characters are looked up in ``pairs`` (or the first in
    ``singles``) before the trie is walked. A matcher of a document's own few words has
    no pattern (compiling one would cost more than it saves): its ``words`` are looked for.
    """

    trie: dict
    starts: re.Pattern | None
    pairs: frozenset[str]
    singles: frozenset[str]
    words: tuple[str, ...] = ()

    def positions(self, text: str) -> list[int]:
        """Where a word may start in ``text`` (every start of one is among them)."""
        if self.starts is not None:
            return [m.start() for m in self.starts.finditer(text)]
        out = []
        for word in self.words:
            i = text.find(word)
            while i >= 0:
                out.append(i)
                i = text.find(word, i + 1)
        return out


def matcher(words: Iterable[str], pattern: bool = True) -> Matcher:
    """A :class:`Matcher` over ``words`` (without ``pattern``: one that looks for each word).

    >>> m = matcher(["武昌", "武汉市"])
    >>> [x.start() for x in m.starts.finditer("武昌鱼,大武汉")], _longest_at(m.trie, "大武汉市", 1)
    ([0, 5], 4)
    >>> matcher(["武昌", "武汉市"], pattern=False).positions("武昌鱼,大武汉市,武昌")
    [0, 9, 5]
    """
    words = tuple(w for w in words if w)
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = True
    singles = frozenset(ch for ch, node in root.items() if _END in node)
    pairs = frozenset(a + b for a, node in root.items() for b in node if b != _END)
    firsts = "".join(sorted(root))
    seconds = "".join(sorted({p[1] for p in pairs}))
    if not pattern:
        return Matcher(root, None, pairs, singles, words)
    alternatives = [f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])"] if pairs else []
    if singles:
        alternatives.append(f"[{re.escape(''.join(sorted(singles)))}]")
    return Matcher(root, re.compile("|".join(alternatives) or "(?!)"), pairs, singles)


def _longest_at(trie: dict, text: str, i: int, among=None) -> int | None:
    """End of the longest word of ``trie`` (and of ``among``, when given) starting at ``text[i]``, or None."""
    node, best, j, size = trie, None, i, len(text)
    while j < size:
        node = node.get(text[j])
        if node is None:
            break
        j += 1
        if _END in node and (among is None or text[i:j] in among):
            best = j
    return best


def _aligned(norm: str, start: int, end: int) -> bool:
    """Whether ``norm[start:end]`` begins and ends on word boundaries of the text around it."""
    lo = max(0, start - 3)
    bounds, pos = {lo}, lo
    for tok in segment(norm[lo: end + 3]):
        pos += len(tok)
        bounds.add(pos)
    return start in bounds and end in bounds


def _blocked(norm: str, start: int, end: int, surface: str, entry: Entry, plain: str | None = None) -> bool:
    """An occurrence that is part of another word: 武昌鱼, 凤凰山庄, 中山路."""
    for k in (1, 2):
        longer = norm[start: end + k]
        if len(longer) == end + k - start and word_tag(longer) not in (None, "ns"):
            return True
    if surface != entry.name and not entry.natural and STREET_AFTER.match(norm, end):
        return True
    if entry.code and not _aligned(plain or norm, start, end):
        return True  # 打通城乡 does not mention 通城
    if entry.code and surface != entry.name and start and CJK.fullmatch(norm[start - 1]) and end - start == 2:
        following = segment(norm[end - 1: end + 2])
        preceding = segment(norm[max(0, start - 4): start])
        if following and len(following[0]) > 1 and preceding and len(preceding[-1]) == 1 \
                and word_tag(preceding[-1]) not in ("v", "p", "c", "u", "d", "r", "m", "q", "f"):
            return True  # 匡山西游 does not mention 山西: a lone character before it, a word after (西游)
    if entry.natural:
        following = segment(norm[end - 1: end + 3])
        return bool(following) and len(following[0]) > 1 and not norm.startswith(following[0], start)
    return False
