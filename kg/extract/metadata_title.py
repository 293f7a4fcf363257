"""A document's title, date and genre read off its head, and the web-page chrome around it.

:func:`is_chrome` recognises navigation lines and footers (:data:`CHROME_CUES`) so that
they never become the title. :func:`find_title` takes the plan a cover notice or letter
carries (:func:`cover_title`), else the first title line of the head
(:func:`is_title_line`), else a headline; :func:`find_date` reads the publication date
of the first lines and :func:`find_genre` the genre of the title (:data:`GENRES`). The
cue words are ``cues/metadata.json`` (:data:`CUES`).
"""

from __future__ import annotations

import datetime
import re

from ..document import Document
from .cue_files import read_cues
from .patterns import alternation

CUES = read_cues("metadata")
"""The cue words of what a document is (``cues/metadata.json``)."""

CHROME_CUES = CUES.words("chrome_cues")
"""Cues of web-page chrome: navigation, metadata bars, share buttons, footers."""

_CHROME_RE = re.compile(alternation(CHROME_CUES))

TITLE_CUES = CUES.words("title_cues")
"""Words that end the title of a plan, a report or a speech."""

GENRES = tuple((g["kind"], tuple(g["words"])) for g in CUES.groups("genres"))
"""Genre by the words of the title, first match wins."""

_FORWARD_RE = re.compile(r"关于印发[《<](?P<title>[^》>]+)[》>]的通知")
DATE_LABELS = CUES.words("date_labels")
"""Labels of a web page's date line (发布日期：2024-03-15)."""
_DATE_RES = (
    re.compile(f"(?:{alternation(DATE_LABELS)})" r"\s*[:：]\s*(?P<y>\d{4})[-./年](?P<m>\d{1,2})[-./月](?P<d>\d{1,2})"),
    re.compile(r"^\s*(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日\s*$", re.M),
)
HEAD_LINES = 40
CHROME_MAX = 80
"""Chrome lines are short; a long line that happens to hold a cue is text."""
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
