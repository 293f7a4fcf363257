"""The lexicon behind name boundaries: jieba's dictionary (shipped with the package,
nothing is downloaded), read as words with their part of speech, and the rule that
finds where a name without spaces starts.

Chinese text has no spaces, so a name found by its last word (陈贵镇, 海虹物流园) is
bounded on the left by a delimiter, a connective, or a verb that opens the clause
(:data:`LEAD_WORDS`); :func:`name_start` walks back to that point. The lexicon also
says whether a word is an ordinary word (矿山, 上市) or a place (昆山).

>>> segment("凤凰山庄"), word_tag("武汉"), is_place_word("城市")
(['凤凰山', '庄'], 'ns', False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from math import exp, log

from ..memo import document_cache
from .cue_files import read_cues
from .patterns import alternation

CUES = read_cues("lexicon")
"""The cue words that bound names (``cues/lexicon.json``)."""

CJK = re.compile(r"[\u4e00-\u9fff]+")

DELIMITERS = frozenset("、,;:。.!?()\"“”‘’'《》<>\n\t /|-—…+=*~·#&%□")
"""Characters that never belong to a name."""

CONNECTIVES = frozenset(CUES.chars("connectives"))
"""One-character words that end a name's left side (A和B, 把A; ``cues/lexicon.json``)."""

PLACE_PREFIXES = frozenset(CUES.chars("place_prefixes"))
"""One-character words before a place that are not part of it (环西雷山 -> 西雷山; ``cues/lexicon.json``)."""

LEAD_WORDS = frozenset(CUES.words("lead_words"))
"""Verbs and adverbs that open a clause in plans; a name never starts with them."""

_LEADS_RE = re.compile(alternation(LEAD_WORDS))


def _lead_at(norm: str, start: int, end: int) -> str | None:
    """The longest lead word at ``norm[start:end]``'s start."""
    m = _LEADS_RE.match(norm, start, end)
    return m.group() if m else None

STOP_TAGS = frozenset(("v", "vd", "d", "p", "c", "u", "r", "ad", "uj", "ul", "ud", "ug", "uv", "uz", "y", "e", "o", "m", "q", "f"))
"""Parts of speech (jieba's tags) of a word a place name does not contain."""


@lru_cache(maxsize=1)
def _lexicon():
    """jieba's tokenizer and the lexicon's tables: ``(tokenizer, tags)``.

    The tables are read from the dictionary file jieba uses, as jieba reads it
    (``Tokenizer.gen_pfdict``: ``word freq [tag]`` lines, every prefix of a word kept
    with frequency 0, later lines winning) and the tags as ``jieba.posseg`` reads them,
    without importing ``jieba.posseg``, whose tagging model the extractor does not use.
    jieba itself is not initialised (nor imported, unless the tables must be parsed): the
    parsed tables are kept between runs (:func:`kg.datacache.cached`). When jieba has
    already been initialised in the process (perhaps with words added), its frequencies
    are taken as they are. The tokenizer is None when jieba was not imported.
    """
    import sys

    from ..datacache import cached

    tokenizer = _jieba() if "jieba" in sys.modules else None
    if tokenizer is None:  # jieba not even imported: its own dictionary, read as it would read it
        source = _default_dictionary()
    else:
        with tokenizer.get_dict_file() as fh:
            source = getattr(fh, "name", None)
    if isinstance(source, str):
        route, tags, log_total = cached("word-tables", [source], lambda: _tables(tokenizer or _jieba()))
    else:  # a dictionary that is not a file: read it every time
        route, tags, log_total = _tables(tokenizer or _jieba())
    if tokenizer is not None and tokenizer.initialized:  # its frequencies as they are (words may have been added)
        route, log_total = _route(tokenizer.FREQ, tokenizer.total)
        tags = {w: t for w, t in tags.items() if route.get(w, _PREFIX) != _PREFIX}
    _WORDS[:] = [(route, tags, log_total)]
    _CHARS[:] = [({w: p for w, p in route.items() if len(w) == 1}, {w: t for w, t in tags.items() if len(w) == 1})]
    return tokenizer, tags


def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.dt


def _default_dictionary() -> str | None:
    """The path of the dictionary shipped with jieba, found without importing it."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.origin:
        return None
    path = os.path.join(os.path.dirname(spec.origin), "dict.txt")
    return path if os.path.isfile(path) else None


_PREFIX = 1.0
"""The route table's value for a fragment that only begins words (a log probability is never positive)."""

_WORDS: list[tuple[dict[str, float], dict[str, str], float]] = []
"""``(route, tags of the words, log of the total frequency)`` once :func:`_lexicon` has run: the route
table maps every word of the dictionary and every prefix of one to the word's log probability
(``log(freq) - log(total)``, as jieba computes it), or :data:`_PREFIX`."""


_CHARS: list[tuple[dict[str, float], dict[str, str]]] = []
"""``(route, tags)`` of the one-character entries alone, filled with :data:`_WORDS`: most lookups are of
one character, and a small table answers them from the processor's cache where the whole one (half a
million entries) would be read from memory."""


def _chars() -> tuple[dict[str, float], dict[str, str]]:
    if not _CHARS:
        _lexicon()
    return _CHARS[0]


def _words() -> tuple[dict[str, float], dict[str, str], float]:
    """The lexicon's tables, read directly by the hot lookups (no cached call each time)."""
    if not _WORDS:
        _lexicon()
    return _WORDS[0]


def _route(freq: dict[str, int], total: int) -> tuple[dict[str, float], float]:
    log_total = log(total)
    return {w: log(f) - log_total if f else _PREFIX for w, f in freq.items()}, log_total


def _tables(tokenizer) -> tuple[dict[str, float], dict[str, str], float]:
    """``(route, tags, log total)`` read from the tokenizer's dictionary file (tags of words only)."""
    route, log_total = _route(*tokenizer.gen_pfdict(tokenizer.get_dict_file()))
    tags = {w: t for w, t in _read_tags(tokenizer).items() if route.get(w, _PREFIX) != _PREFIX}
    return route, tags, log_total


def _read_tags(tokenizer) -> dict[str, str]:
    tags: dict[str, str] = {}
    with tokenizer.get_dict_file() as fh:
        for line in fh.read().decode("utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def word_tag(word: str) -> str | None:
    """The lexicon's part of speech for a word it knows, else None.

    >>> word_tag("武汉"), word_tag("推进"), word_tag("泽林")
    ('ns', 'v', None)
    """
    return (_chars() if len(word) == 1 else _words())[1].get(word)


NOT_PLACE_WORDS = frozenset(CUES.words("not_place_words"))
"""Words the lexicon tags as place names that are ordinary nouns in plans."""


def frequency(word: str) -> int:
    """How often the lexicon has seen ``word`` (0 for a word it does not know).

    >>> frequency("推进") > frequency("推进器") > 0, frequency("泽林")
    (True, 0)
    """
    route, _, log_total = _words()
    p = route.get(word, _PREFIX)
    return 0 if p == _PREFIX else round(exp(p + log_total))


def is_place_word(word: str) -> bool:
    """Whether the lexicon knows ``word`` as a place name (``ns``), not an ordinary noun.

    >>> is_place_word("昆山"), is_place_word("城市"), is_place_word("推进")
    (True, False, False)
    """
    return word_tag(word) == "ns" and word not in NOT_PLACE_WORDS


def segment(text: str) -> list[str]:
    """Dictionary-only segmentation of a short span (unknown names fall apart into characters).

    >>> segment("凤凰山庄")
    ['凤凰山', '庄']
    """
    return list(_segment(text)) if text else []


@document_cache()
def _segment(text: str) -> tuple[str, ...]:
    if _HAN.fullmatch(text):  # one block (the common case)
        return tuple(_cut_block(text))
    out: list[str] = []
    for m in _BLOCKS.finditer(text):
        block = m.group()
        if _HAN.fullmatch(block):
            out.extend(_cut_block(block))
        else:
            out.append(block)
    return tuple(out)


# jieba's accurate mode without its HMM (``jieba.lcut(text, HMM=False)``), written for
# short spans: the same dictionary, the same most probable route and the same ties,
# without jieba's per-call overhead. tests/test_lexicon.py checks the two agree.
_HAN = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")
_BLOCKS = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+|\r\n|.", re.S)


def _cut_block(block: str) -> list[str]:
    """The most probable route through the dictionary's words, runs of single ASCII
    letters and digits joined (jieba's ``__cut_DAG_NO_HMM``)."""
    get = _words()[0].get
    char = _chars()[0].get
    size = len(block)
    score, last = [0.0] * (size + 1), [0] * (size + 1)
    unknown = -_WORDS[0][2]  # a character the dictionary lacks counts as frequency 1, as in jieba
    for start in range(size - 1, -1, -1):
        best, best_end = None, start
        end = start + 1
        p = char(block[start])
        while p is not None:  # every prefix of a word is in the route table
            if p != _PREFIX:
                p += score[end]
                if best is None or p >= best:  # a tie goes to the longer word, as in jieba
                    best, best_end = p, end - 1
            if end == size:
                break
            end += 1
            p = get(block[start:end])
        if best is None:
            best = unknown + score[start + 1]
        score[start], last[start] = best, best_end
    words, buf, x = [], "", 0
    while x < size:
        y = last[x] + 1
        word = block[x:y]
        if y - x == 1 and word.isascii() and word.isalnum():
            buf += word
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(word)
        x = y
    if buf:
        words.append(buf)
    return words


def name_start(
    norm: str, end: int, *, longest: int, shortest: int = 2, floor: int = 0, lead_only: bool = False, inner: str = "",
    strict: bool = False,
) -> int | None:
    """Where a name ending at ``end`` starts, or None when it would be shorter than ``shortest``.

    The clause runs back to a delimiter (other than those in ``inner``) or ``floor``.
    By default words are taken from the right while they can be part of a place name
    (not a verb, a connective, a number) and the name stays within ``longest``
    characters; ``strict`` stops at one-character verbs too (跨, 学). With ``lead_only``
    the whole clause is the name once its opening verbs (:data:`LEAD_WORDS`) and
    connectives are dropped.

    >>> text = "加强陈贵镇建设,谋划启动环西雷山更新,提档升级莲花山"
    >>> text[name_start(text, 4, longest=3): 4], text[name_start(text, 15, longest=3): 15]
    ('陈贵', '西雷')
    >>> text[name_start(text, 16, longest=12, lead_only=True): 16], text[name_start(text, 26, longest=12, lead_only=True): 26]
    ('环西雷山', '莲花山')
    """
    i = end
    while i > floor and (norm[i - 1] not in DELIMITERS or norm[i - 1] in inner) and end - i < longest + 12:
        i -= 1
    if lead_only:
        start = i
        while end - start > shortest:
            word = _lead_at(norm, start, end)
            if word is None:
                tok = segment(norm[start:end])[0]
                if (len(tok) == 1 and tok in CONNECTIVES) or (len(tok) > 1 and word_tag(tok) in ("v", "d", "p", "c", "r", "ad")):
                    word = tok
            if word is None or end - start - len(word) < shortest:
                break
            start += len(word)
        start = max(start, end - longest)
    else:
        start = end
        for tok in reversed(segment(norm[i:end])):
            if len(tok) == 1 and (tok in CONNECTIVES or tok in PLACE_PREFIXES or (strict and word_tag(tok) == "v")):
                break
            if len(tok) > 1 and (tok in LEAD_WORDS or word_tag(tok) in STOP_TAGS):
                break
            if not CJK.fullmatch(tok) or end - start + len(tok) > longest:
                break
            start -= len(tok)
        lead = _lead_at(norm, start, end)
        if lead and end - start - len(lead) >= shortest:
            start += len(lead)  # 做实滨江科技新区: segmented 做/实/…
    return start if end - start >= shortest else None
