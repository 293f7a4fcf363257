"""Who issued a plan: the jurisdiction read off its title, an organ's name or its text.

:func:`find_issuer` tries the division that opens the title, the organ that opens the
head or signs the document off, then the divisions the text names most
(:func:`issuer_from_text`). :func:`divisions_at` reads the GB/T 2260 divisions named at
the start of a text, :func:`parents_of` and :func:`issuer_parents` the places above one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..document import Document
from .metadata_title import _SENTENCE_MARKS, CUES, _head_lines, cover_title, is_chrome

_PLACE_RE = re.compile(r"^(?:中共)?(?P<place>[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|镇|乡|街道))")
MAX_DIVISION_NAME = 12
_NOT_A_PLACE = CUES.words("not_a_place")
_NOT_IN_PLACE = CUES.words("not_in_place")
"""Determiners, prepositions and verbs: a name outside the division table that holds one is a
phrase (为加快全市, 成立由市, 加强全省), not a place."""


def divisions_at(text: str) -> list:
    """The administrative divisions named one after another at the start of ``text``.

    Names come from the GB/T 2260 table (:mod:`kg.extract.divisions`), longest first; a
    short form counts when it names one division only, or one under the division
    before it. The last one is the most specific:

    >>> [d.name for d in divisions_at("成都市武侯区2025年工作要点")]
    ['成都市', '武侯区']
    >>> [d.name for d in divisions_at("武穴推进工程")], divisions_at("关于推进")
    (['武穴市'], [])
    """
    from .divisions import names_index

    index = names_index()
    found: list = []
    pos = 0
    while pos < len(text):
        chosen = None
        for n in range(min(MAX_DIVISION_NAME, len(text) - pos), 1, -1):
            units = index.get(text[pos:pos + n])
            if not units:
                continue
            full = [d for d in units if d.name == text[pos:pos + n]]
            under = [d for d in (full or units) if found and _under(d, found[-1])]
            pick = under or full or units
            if len(pick) == 1:
                chosen = pick[0]
                pos += n
                break
        if chosen is None:
            break
        found.append(chosen)
    return found


def _under(unit, parent) -> bool:
    from .divisions import divisions

    table = divisions()
    code = unit.parent
    while code:
        if code == parent.code:
            return True
        code = table[code].parent if code in table else None
    return False


def parents_of(unit) -> tuple[str, ...]:
    """Names of the divisions above ``unit``, nearest first."""
    from .divisions import divisions

    table = divisions()
    out, code = [], unit.parent
    while code and code in table:
        out.append(table[code].name)
        code = table[code].parent
    return tuple(out)


ORGAN_WORDS = CUES.words("organ_words")
"""Words that follow a jurisdiction in an organ's name (某县人民政府, 某市发展和改革委员会)."""
SIGN_OFF_LINES = 8
"""How many last lines of a document may hold its sign-off (the issuing organ above the date)."""
_TITLE_PREFIX_RE = re.compile(r"^(?:关于|在|中共)?(?:印发)?")


_ORGAN_LINE_RE = re.compile(
    rf"^(?:中共)?[\u4e00-\u9fff]{{2,30}}?(?:{'|'.join(ORGAN_WORDS)})(?:[\u4e00-\u9fff]{{0,6}}[〔\[［(（]\s*\d{{4}}|关于|$)"
)
"""A line that opens with an organ's name: followed by a reference number (某发〔2024〕3号),
关于 (a notice or letter), or nothing (a sign-off)."""


def _organ_place(text: str) -> str | None:
    """The jurisdiction that opens ``text`` outside the division table (某某县人民政府, 某某县2024年
    工作要点), or None when what ends in a level word is a phrase (为加快全市, 加强全省).

    >>> [_organ_place(t) for t in ("某某县人民政府", "为加快全市人工智能发展", "加强全省煤炭储备", "成立由市领导")]
    ['某某县', None, None, None]
    """
    m = _PLACE_RE.match(text)
    if not m or len(m.group("place")) < 2 or m.group("place").startswith(_NOT_A_PLACE):
        return None
    place = m.group("place")
    return None if any(w in place for w in _NOT_IN_PLACE) else place


def _division_ending(place: str) -> tuple | None:
    """The divisions whose name or short form ends a would-be place outside the table after two
    characters or more, or None: 国网鄂州 (read off 国网鄂州供电公司 by its ending 州) is a national
    body's name before the place 鄂州, not a place (as :func:`kg.extract.units.named_place` reads
    such a unit).

    >>> [d.name for d in _division_ending("国网鄂州")], _division_ending("某某县")
    (['鄂州市'], None)
    """
    from .divisions import names_index

    index = names_index()
    for i in range(2, len(place) - 1):
        if place[i:] in index:
            return index[place[i:]]
    return None


def _sign_off(doc: Document) -> list[str]:
    """The last lines that consist of an organ's name only (the sign-off above the date)."""
    lines = [ln.strip() for ln in doc.text.rstrip().rsplit("\n", SIGN_OFF_LINES)[-SIGN_OFF_LINES:] if ln.strip()]
    return [ln for ln in lines if len(ln) <= 30 and not any(ch in ln for ch in _SENTENCE_MARKS)
            and ln.endswith(ORGAN_WORDS)]


def find_issuer(title: str | None, doc: Document) -> tuple[str | None, tuple[str, ...]]:
    """The jurisdiction that issued the plan, and its parents (nearest first).

    In order: the division that opens the title (某市2024年工作要点, 关于印发某县…的通知), the
    organ that opens the head (a cover notice: 某省发展和改革委员会关于商请会签《…》的函)
    or signs the document off, then the divisions the text names (:func:`issuer_from_text`).
    A name of the division table gives the full name and the parents; a name outside it
    counts when it ends in a level word (县, 区, 镇 …) and opens the title or an organ's
    name, never in a sentence (为加快全市…, 成立由市…).

    >>> from kg.document import Document
    >>> from kg.extract.metadata_title import find_title
    >>> [find_issuer(find_title(d), d)[0] for d in (Document.from_text(t) for t in (
    ...  "为加快全市产业发展，制定本行动计划。\\n一、总体要求", "某某县人民政府办公室关于印发《乡村振兴实施方案》的通知\\n正文",
    ...  "乡村振兴实施方案\\n正文。\\n某某县人民政府\\n2024年3月1日"))]
    [None, '某某县', '某某县']
    """
    cleaned = _TITLE_PREFIX_RE.sub("", title) if title else None
    head = [ln for ln in _head_lines(doc) if ln and not is_chrome(ln)]
    organs = [ln for ln in head if _ORGAN_LINE_RE.match(ln) or cover_title(ln)] + _sign_off(doc)
    for text in ([cleaned] if cleaned else []) + organs:
        found = divisions_at(_TITLE_PREFIX_RE.sub("", text))
        if found:
            return found[-1].name, parents_of(found[-1])
    for text in ([cleaned] if cleaned else []) + organs:
        place = _organ_place(_TITLE_PREFIX_RE.sub("", text))
        inside = _division_ending(place) if place else None
        if inside is not None:  # 国网鄂州供电公司: the office of a national body in 鄂州市
            if len(inside) == 1:
                return inside[0].name, parents_of(inside[0])
        elif place:
            return place, ()
    found = issuer_from_text(doc.text, title)
    if found is not None:
        return found.name, parents_of(found)
    return None, ()


TEXT_SCAN_CHARS = 20_000
"""How much of a document :func:`issuer_from_text` reads: the issuer is named early."""
MIN_MENTIONS = 3
"""Fewer mentions than this of the most named division are no evidence of the issuer."""
SPECIFIC_SHARE = 1 / 3
"""A division inside the most named one wins when it is named at least this share as often
(a county's plan names its prefecture often, when it quotes the prefecture's decisions)."""
_ORDINARY_WORD_FREQUENCY = 100
_LEVEL_PREFIX_RE = re.compile(
    r"[(（、:：;；,，]\s*(?P<level>省|市|县|区)(?!委员会)[\u4e00-\u9fff]{1,12}?(?:局|厅|委|办|部|中心|集团|公司)"
)
"""A unit named by its level (省发展改革委, 市财政局) in a list of responsible units."""
_LEVEL_ENDINGS = {"省": ("省", "自治区"), "市": ("市",), "县": ("县", "旗"), "区": ("区",)}


def _counts_as_place(short: str) -> bool:
    """A short form counts as a mention unless the lexicon knows it as an ordinary word (资源, 合作)."""
    from .lexicon import frequency, word_tag

    return word_tag(short) in ("ns", "nr", "j") or frequency(short) < _ORDINARY_WORD_FREQUENCY


@lru_cache(maxsize=1)
def _name_lengths() -> dict[str, tuple[int, ...]]:
    """The lengths of the division names and short forms by their first character, longest first."""
    from .divisions import names_index

    out: dict[str, set[int]] = {}
    for name in names_index():
        out.setdefault(name[:1], set()).add(len(name))
    return {c: tuple(sorted(n, reverse=True)) for c, n in out.items()}


@lru_cache(maxsize=1)
def _name_starts() -> re.Pattern:
    """Where a division name or short form (two characters or more) may start: its first
    character, followed by a character that comes second in one."""
    from .divisions import names_index

    firsts = "".join(sorted({name[0] for name in names_index()}))
    seconds = "".join(sorted({name[1] for name in names_index()}))
    return re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")


def _named_divisions(text: str) -> tuple[dict[str, int], set[str], dict]:
    """``(mentions by code, codes named in full, divisions by code)`` of ``text``, longest name first."""
    from .divisions import names_index

    index = names_index()
    lengths = _name_lengths()
    counts: dict[str, int] = {}
    full: set[str] = set()
    by_code: dict = {}
    starts = _name_starts()
    i = 0
    while i < len(text):
        hit = starts.search(text, i)  # no name starts before it: those characters are passed one by one
        if hit is None:
            break
        i = hit.start()
        for n in lengths.get(text[i], ()):
            surface = text[i:i + n]
            units = index.get(surface) if len(surface) == n else None
            if not units:
                continue
            if len(units) == 1 and (units[0].name == surface or _counts_as_place(surface)):
                d = units[0]
                counts[d.code] = counts.get(d.code, 0) + 1
                by_code[d.code] = d
                if d.name == surface:
                    full.add(d.code)
            i += n
            break
        else:
            i += 1
    return counts, full, by_code


def _most_specific(codes: list[str], counts: dict[str, int], by_code: dict):
    """The first of ``codes`` (best first), replaced by a division inside it that is named
    at least :data:`SPECIFIC_SHARE` as often."""
    top = by_code[codes[0]]
    inside = [c for c in codes[1:] if counts[c] >= counts[top.code] * SPECIFIC_SHARE and _under(by_code[c], top)]
    return by_code[inside[0]] if inside else top


def issuer_from_text(text: str, title: str | None = None):
    """The division a plan is about, from its title, its units' prefixes and its text, or None.

    Used when the head of the title and the first lines do not name the issuer.

    1. A division named anywhere in the title (数字山东, 作出大冶贡献) and at least
       :data:`MIN_MENTIONS` times in the text: the most specific when several are.
    2. Else every name of the division table in the first :data:`TEXT_SCAN_CHARS`
       characters is counted, longest first (大冶市发展和改革局 and 大冶贡献 both name
       大冶市); short forms that are ordinary words (资源, 合作) do not count. When the
       units are mostly named by a level (省发展改革委, 市财政局), only divisions of that
       level compete. The most named must be named at least :data:`MIN_MENTIONS`
       times, once in full; a division inside it named nearly as often wins.

    >>> issuer_from_text("大冶市融媒体中心。落实黄石市委部署。(牵头单位:大冶市发改局;责任单位:市财政局、"
    ...                  "黄石市生态环境局大冶市分局)").name
    '大冶市'
    >>> issuer_from_text("为湖北先行区建设作出大冶贡献,大冶市、大冶。", title="作出大冶贡献的实施方案").name
    '大冶市'
    >>> issuer_from_text("山东省人民政府。(省发展改革委、省能源局、省财政厅按职责分工负责)"
    ...                  "在山东省、山东,济南市、济南市、济南市、国铁济南局").name
    '山东省'
    >>> issuer_from_text("关于推进资源合作的实施方案,加强合作,节约资源。") is None
    True
    >>> issuer_from_text("(省发展改革委、省财政厅、省科技厅负责)支持山东青岛市、青岛市、青岛市、青岛市做强产业").name
    '山东省'
    >>> issuer_from_text("(省发展改革委、省财政厅、省科技厅负责)支持青岛市、青岛市、青岛市做强产业") is None
    True
    """
    head = text[:TEXT_SCAN_CHARS]
    counts, full, by_code = _named_divisions(head)
    if title:
        in_title, _, title_codes = _named_divisions(title)
        in_title = {c: n for c, n in in_title.items() if counts.get(c, 0) >= MIN_MENTIONS}
        if in_title:
            ranked = sorted(in_title, key=lambda c: (-counts.get(c, 0), c))
            deepest = [c for c in ranked if not any(_under(title_codes[o], title_codes[c]) for o in ranked if o != c)]
            return title_codes[deepest[0]]
    levels: dict[str, int] = {}
    for m in _LEVEL_PREFIX_RE.finditer(head):
        levels[m.group("level")] = levels.get(m.group("level"), 0) + 1
    ranked = sorted((c for c in counts if c in full), key=lambda c: (-counts[c], c))
    if levels:
        level = max(levels, key=lambda k: (levels[k], k))
        if levels[level] >= MIN_MENTIONS:
            same = [c for c in ranked if by_code[c].name.endswith(_LEVEL_ENDINGS[level])]
            if not same:
                # the units say which level issued the plan: a division of another level
                # (a city a provincial plan names often) is not the issuer
                named = sorted((c for c in counts if by_code[c].name.endswith(_LEVEL_ENDINGS[level])),
                               key=lambda c: (-counts[c], c))
                return by_code[named[0]] if named else None
            ranked = same
    if not ranked or counts[ranked[0]] < MIN_MENTIONS:
        return None
    return _most_specific(ranked, counts, by_code)

def issuer_parents(issuer: str | None) -> tuple[str, ...]:
    """The places above ``issuer``, nearest first, when the division table names it exactly.

    >>> issuer_parents("广州市"), issuer_parents("某县"), issuer_parents(None)
    (('广东省',), (), ())
    """
    found = divisions_at(issuer) if issuer else ()
    return parents_of(found[-1]) if found and found[-1].name == issuer else ()
