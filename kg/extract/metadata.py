"""What a document is (title, issuer, date, genre) when the manifest does not say.

Web pages wrap a plan in navigation lines and footers; :func:`is_chrome` recognises
those lines (:data:`CHROME_CUES`) so that they never become the title. The title is
the plan a cover notice or letter carries (关于印发《…》的通知, 关于商请会签《…》的函:
:func:`cover_title`), else the first title line of the head (:func:`is_title_line`: it
ends with a document kind of :data:`TITLE_CUES` and is not a sentence or a numbered
heading); a preamble sentence is never a title. The issuer (:func:`find_issuer`) is a
jurisdiction read off the title, an organ's name or the text, never off a verb phrase.

>>> from kg.document import Document
>>> doc = Document.from_text("首页 > 政府信息公开\\n发布日期：2022-01-12\\n武穴市人民政府办公室关于印发《武穴市推进“三百”工程行动方案》的通知\\n正文")
>>> info = find_plan_info(doc)
>>> info.title, info.issuer, info.date, info.genre
('武穴市推进“三百”工程行动方案', '武穴市', '2022-01-12', 'plan')
"""

from __future__ import annotations

import datetime
import logging
import re
from functools import lru_cache

from ..document import Document
from .cue_files import read_cues
from .model import PlanInfo
from .patterns import alternation

log = logging.getLogger("kg.extract.metadata")

CUES = read_cues("metadata")
"""The cue words of what a document is (``cues/metadata.json``)."""

CHROME_CUES = CUES.words("chrome_cues")
"""Cues of web-page chrome: navigation, metadata bars, share buttons, footers."""

_CHROME_RE = re.compile(alternation(CHROME_CUES))

TITLE_CUES = CUES.words("title_cues")
"""Words that end the title of a plan, a report or a speech."""

GENRES = tuple((g["kind"], tuple(g["words"])) for g in CUES.groups("genres"))
"""Genre by the words of the title, first match wins."""

_PLACE_RE = re.compile(r"^(?:中共)?(?P<place>[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗|镇|乡|街道))")
_FORWARD_RE = re.compile(r"关于印发[《<](?P<title>[^》>]+)[》>]的通知")
DATE_LABELS = CUES.words("date_labels")
"""Labels of a web page's date line (发布日期：2024-03-15)."""
_DATE_RES = (
    re.compile(f"(?:{alternation(DATE_LABELS)})" r"\s*[:：]\s*(?P<y>\d{4})[-./年](?P<m>\d{1,2})[-./月](?P<d>\d{1,2})"),
    re.compile(r"^\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*$", re.M),
)
HEAD_LINES = 40
MAX_DIVISION_NAME = 12
CHROME_MAX = 80
"""Chrome lines are short; a long line that happens to hold a cue is text."""
_NOT_A_PLACE = CUES.words("not_a_place")
_NOT_IN_PLACE = CUES.words("not_in_place")
"""Determiners, prepositions and verbs: a name outside the division table that holds one is a
phrase (为加快全市, 成立由市, 加强全省), not a place."""
_PAGINATION_RE = re.compile(r"\s*[(（]第\s*\d+\s*/\s*\d+\s*页[)）]\s*$")


def is_chrome(line: str) -> bool:
    """A navigation, metadata or footer line of a web page.

    >>> is_chrome("信息来源:鄂城融媒 日期:2024-03-15"), is_chrome("一、总体要求")
    (True, False)
    """
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= CHROME_MAX and _CHROME_RE.search(stripped) is not None


COVER_VERBS = CUES.words("cover_verbs")
"""Verbs of a cover notice or letter that carries a plan (关于印发《…》的通知, 关于商请会签《…》的函)."""

_SENTENCE_MARKS = "，。；：,;:！？!?"
_COMMAS = "，,"
_COVER_RE = re.compile(
    rf"^[^{_SENTENCE_MARKS}《》\n]{{0,80}}?关于(?:{'|'.join(COVER_VERBS)})?[^{_SENTENCE_MARKS}《》\n]{{0,6}}?(?=[《<〈])"
)
_HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+\s*[、.．，]|[-—－]\s*、|[（(]\s*[一二三四五六七八九十百]+\s*[)）]|\d{1,3}\s*[.．﹒、。]|"
    r"[（(]\s*\d{1,3}\s*[)）]|[①-⑳]|第[一二三四五六七八九十百零\d]+[章节条部分篇])"
)
"""A numbered heading: the body has begun, and a heading is never the document's title."""
_TRAILING_BRACKETS_RE = re.compile(r"(?:\s*[（(][^（()）]{0,30}[)）])+\s*$")
_OPENING_CLOSERS = {"《": "》", "<": ">", "〈": "〉"}


def _quoted_title(text: str, pos: int) -> str | None:
    """The title quoted at ``pos`` (《…》, nesting allowed); a title quoted inside it (the joint
    form 《中共X省委办公厅X省人民政府办公厅〈关于…的若干措施〉》) is the plan's own."""
    depth, start, inner = 0, pos + 1, None
    for i in range(pos, min(len(text), pos + 200)):
        ch = text[i]
        if ch in _OPENING_CLOSERS:
            depth += 1
            if depth == 2 and inner is None:
                inner = i
        elif ch in _OPENING_CLOSERS.values():
            depth -= 1
            if depth == 0:
                title = text[start:i].strip()
                if inner is not None:
                    nested = _quoted_title(text, inner)
                    if nested and title.startswith(text[start:inner].strip()) and len(nested) >= 6:
                        return nested
                return title or None
    return None


_NOTICE_RE = re.compile(
    rf"^[^{_SENTENCE_MARKS}《》\n]{{0,80}}?关于(?:印发|转发)(?P<title>[^{_SENTENCE_MARKS}《》\n]{{6,100}}?)的通知\s*$"
)


def cover_title(line: str) -> str | None:
    """The plan a cover notice or letter carries, when ``line`` opens with one: an organ and
    its reference number, then 关于 + a verb of :data:`COVER_VERBS` + 《title》. A quoted title
    later in a sentence (根据《…关于印发…的通知》) is not a cover.

    >>> cover_title("某省发展和改革委员会某发函〔2021〕3号关于商请会签《某项工作方案(2021-2025年)》的函各有关单位：")
    '某项工作方案(2021-2025年)'
    >>> cover_title("某省住房和城乡建设厅关于征求《中共某省委办公厅某省人民政府办公厅<关于推动绿色发展的若干措施>》意见的函")
    '关于推动绿色发展的若干措施'
    >>> cover_title("某省人民政府办公厅关于印发某项政策和某省行动计划(2021—2023年)的通知")
    '某项政策和某省行动计划(2021—2023年)'
    >>> cover_title("为加快建设，根据《某市人民政府关于印发某政策的通知》，制定本细则。") is None
    True
    """
    m = _COVER_RE.match(line)
    if m:
        return _quoted_title(line, m.end())
    m = _NOTICE_RE.match(line.strip())
    return m.group("title") if m else None


PREAMBLE_OPENERS = CUES.words("preamble_openers")
PREAMBLE_VERBS = CUES.words("preamble_verbs")
_PREAMBLE_RE = re.compile(f"^(?:{alternation(PREAMBLE_OPENERS)})|(?:{alternation(PREAMBLE_VERBS)})(?:本|如下|以下)")
"""A sentence of the preamble (为加快…，制定本方案; 根据…，现提出如下意见), never a title: it opens with
one of :data:`PREAMBLE_OPENERS` or holds one of :data:`PREAMBLE_VERBS` before 本, 如下 or 以下."""


def is_title_line(line: str) -> bool:
    """Whether ``line`` reads as a document's title: not a sentence (no 。；：！？ inside; a
    comma only outside a preamble sentence), not a numbered heading, and it ends (before a
    bracketed period or draft mark) with a document kind of :data:`TITLE_CUES`.

    >>> [is_title_line(t) for t in ("某省服务业数字化转型行动方案（2021—2023）", "三、保障措施",
    ...  "为加快全市产业发展，制定本行动计划", "关于加快“科创某市”建设的若干政策措施",
    ...  "关于进一步优化营商环境，激发市场主体活力的实施意见", "制造业是立国之本。为加快发展，特制订本行动计划")]
    [True, False, False, True, True, False]
    """
    body = line.strip().rstrip("。.")
    if not 6 <= len(body) <= 90 or _HEADING_RE.match(body) or any(ch in body and ch not in _COMMAS for ch in _SENTENCE_MARKS):
        return False
    if any(ch in body for ch in _COMMAS) and _PREAMBLE_RE.search(body):
        return False
    return _TRAILING_BRACKETS_RE.sub("", body).endswith(TITLE_CUES)


def _head_lines(doc: Document) -> list[str]:
    """The lines before the body: up to the first numbered heading, at most :data:`HEAD_LINES`."""
    out = []
    for line in doc.text.split("\n", HEAD_LINES)[:HEAD_LINES]:
        line = _PAGINATION_RE.sub("", line.strip())
        if _HEADING_RE.match(line):
            break
        out.append(line)
    return out


def find_title(doc: Document) -> str | None:
    """The document's title: the plan a cover notice carries (关于印发《…》的通知), else the
    first title line of the head (:func:`is_title_line`), else a headline (a short line
    without punctuation) that opens the document. A sentence of the preamble (为…，制定本
    方案) and a numbered heading are never the title: a document without a title line has none.

    >>> [find_title(Document.from_text(t)) for t in ("为加快发展，制定本行动计划。\\n一、总体要求",
    ...  "第一章　总则\\n第一条 为规范管理，制定本细则。", "某市2024年工作要点\\n一、总体要求")]
    [None, None, '某市2024年工作要点']
    """
    lines = _head_lines(doc)
    for line in lines:
        title = cover_title(line)
        if title:
            return title
    for line in lines:
        if line and not is_chrome(line) and is_title_line(line):
            return line.rstrip("。.")
    # a headline: the first line that is not chrome opens the document, short and not a sentence
    for line in lines:
        if not line or is_chrome(line):
            continue
        if 6 <= len(line) <= 60 and not any(ch in line for ch in _SENTENCE_MARKS) and not line.endswith(("、", "-")):
            return line
        break
    return None


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
        if place:
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


def find_date(doc: Document) -> str | None:
    """The publication date in the first lines, as ``YYYY-MM-DD``; a date that does not exist is passed over.

    >>> find_date(Document.from_text("发布日期:2024-13-45\\n成文日期:2024-02-29"))
    '2024-02-29'
    """
    head = "\n".join(doc.norm.split("\n")[:HEAD_LINES * 3])
    for pattern in _DATE_RES:
        for m in pattern.finditer(head):
            try:
                return datetime.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
            except ValueError:
                continue
    return None


SELF_REFERENCE_VERBS = CUES.words("self_reference_verbs")
"""Verbs by which a preamble names the document's own kind (制定本行动方案)."""
_SELF_REFERENCE_RE = re.compile(rf"(?:{alternation(SELF_REFERENCE_VERBS)})本(?P<kind>[\u4e00-\u9fff]{{0,6}}?(?:{'|'.join(TITLE_CUES)}))"
                                r"|提出(?:如下|以下)(?P<opinion>意见)")


def find_genre(title: str | None, doc: Document | None = None) -> str | None:
    """The genre by the words of the title (:data:`GENRES`); without a title, by the kind the
    preamble gives itself (制定本行动方案, 现提出如下意见).

    >>> find_genre(None, Document.from_text("为加快发展，特制定本行动计划。\\n一、总体要求")), find_genre("某某讲话")
    ('plan', 'speech')
    """
    if not title and doc is not None:
        head = "\n".join(_head_lines(doc))
        m = _SELF_REFERENCE_RE.search(head)
        title = (m.group("kind") or m.group("opinion")) if m else None
    if not title:
        return None
    for genre, cues in GENRES:
        if any(cue in title for cue in cues):
            return genre
    return None


def find_plan_info(doc: Document) -> PlanInfo:
    """Title, issuer, date and genre inferred from the text of ``doc``."""
    title = find_title(doc)
    issuer, parents = find_issuer(title, doc)
    return PlanInfo(doc=doc.name, title=title, issuer=issuer, date=find_date(doc), genre=find_genre(title, doc), parents=parents)


def merge_plan_info(inferred: PlanInfo, given: PlanInfo | None) -> PlanInfo:
    """The manifest's values where it has them, the inferred ones elsewhere.

    When neither says who issued the plan, a warning names the document and the manifest
    columns that fix it (its units then get a stand-in jurisdiction, see
    :func:`kg.extract.units.unknown_place`).
    """
    merged = _merge(inferred, given)
    if not merged.issuer:
        from .units import unknown_place

        log.warning("%s: who issued this plan cannot be inferred from its title or text; units named by "
                    "their level (市发改局) get a stand-in jurisdiction such as %s. To fix it, give the issuer "
                    "in manifest.csv beside the document: columns 'issuer' (e.g. 大冶市) and 'parents' "
                    "(e.g. 黄石市;湖北省)", merged.doc, unknown_place(merged.doc, "市"))
    return merged


def issuer_parents(issuer: str | None) -> tuple[str, ...]:
    """The places above ``issuer``, nearest first, when the division table names it exactly.

    >>> issuer_parents("广州市"), issuer_parents("某县"), issuer_parents(None)
    (('广东省',), (), ())
    """
    found = divisions_at(issuer) if issuer else ()
    return parents_of(found[-1]) if found and found[-1].name == issuer else ()


def _merge(inferred: PlanInfo, given: PlanInfo | None) -> PlanInfo:
    if given is None:
        return inferred
    parents = given.parents
    if not parents and given.issuer and given.issuer != inferred.issuer:
        parents = issuer_parents(given.issuer)  # the parents of the manifest's issuer, not the text's
    elif not parents:
        parents = inferred.parents
    return PlanInfo(
        doc=inferred.doc,
        title=given.title or inferred.title,
        issuer=given.issuer or inferred.issuer,
        date=given.date or inferred.date,
        genre=given.genre or inferred.genre,
        parents=parents,
        source=given.source or inferred.source,
    )
