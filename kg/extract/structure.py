"""Document structure: numbered headings and the sections they open.

Chinese plans number their outline with a handful of families, nested in an order
that varies from one document to the next. :data:`NUMBERING` lists them as data; a
marker counts as a heading when it starts a line or follows the end of a sentence
(so a document flattened onto one line still parses) and when its number continues
the outline: ``1`` opens a new level, ``n + 1`` continues one already open, and a
family may also continue its numbering across a change of parent (``(一) 1. … 5.``
then ``(二) 6. …``). Depth follows the order in which families are opened.

>>> from kg.document import Document
>>> doc = Document.from_text("一、总体要求。概述。二、重点任务。(一)构建新产业。1.推行产业链长制。内容。2.推动老树发新芽。")
>>> [(h.number, h.depth, h.title) for h in find_headings(doc)]
[('一、', 1, '总体要求'), ('二、', 1, '重点任务'), ('(一)', 2, '构建新产业'), ('1.', 3, '推行产业链长制'), ('2.', 3, '推动老树发新芽')]
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from .cue_files import read_cues
from .model import Heading

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_CHARS = "一二三四五六七八九十百零〇"
_CN = f"[{_CN_CHARS}]{{1,4}}"
# characters that make a number a quantity, not an item number (3年, 12个, 5万)
_MEASURE_WORDS = "年月日时号个项家万亿千百十元角分人次名位所条座批种类倍只台套户栋层米吨度岁周天期届轮级星"


def cn_number(text: str) -> int | None:
    """Value of a Chinese numeral up to the hundreds (一 … 九十九, 一百 …).

    >>> [cn_number(s) for s in ("一", "十", "十二", "二十", "二十三", "一百零五", "两")]
    [1, 10, 12, 20, 23, 105, 2]
    """
    if not text:
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True)
class Family:
    """One numbering family: a regex whose group ``n`` is the number, and how to read it."""

    name: str
    pattern: str
    kind: str  # "cn", "arabic" or "circled"
    line_start: bool = False  # a heading only where it starts a line


NUMBERING: tuple[Family, ...] = (
    # 第一章 / 第一部分 / 第一篇 — chapters of long plans
    Family("chapter", rf"第(?P<n>{_CN}|\d{{1,2}})(?:章|部分|篇)", "cn"),
    # 第一条 — articles of rules and measures (numbered through the chapters)
    Family("article", rf"第(?P<n>{_CN})条", "cn"),
    # 一、 二、 — the usual top level
    Family("cn_dun", rf"(?P<n>{_CN})(?:、|\.(?!\d))", "cn"),
    # （一） (一) 〔一〕 — the usual second level (all brackets fold to ASCII)
    Family("cn_paren", rf"\((?P<n>{_CN})\)", "cn"),
    # 1. 1． 1﹒ 1、 and the typo 1。 — third level; not a decimal (1.5) and not a date (2024.1),
    # except at the start of a line, where a title may begin with digits (11.121人才工程)
    Family("ar_dot", r"(?P<n>\d{1,2})(?:[.﹒](?!\d)|、|。|[.﹒](?=\d+[\u4e00-\u9fff]))", "arabic"),
    # （1） (1)
    Family("ar_paren", r"\((?P<n>\d{1,2})\)", "arabic"),
    # ①
    Family("circled", rf"(?P<n>[{CIRCLED}])", "circled"),
    # 1突破关键技术 — a number run into its title (or separated by a private-use glyph a converter
    # could not map), only at the start of a line and not before a unit of measure (12个, 3年)
    Family("ar_bare", rf"(?P<n>\d{{1,2}})(?=[\ue000-\uf8ff]?[\u4e00-\u9fff])(?![{_MEASURE_WORDS}])", "arabic",
           line_start=True),
)

# A heading marker starts a line or follows the end of a sentence or of a bracket (or see below).
# The lookahead names every character a marker can start with, so the scan skips the rest quickly.
_ANY_MARKER_RE = re.compile(
    rf"(?=[第(\d{_CN_CHARS}{CIRCLED}])(?:" + "|".join(f"(?P<{f.name}>{f.pattern.replace('(?P<n>', f'(?P<{f.name}_n>')})" for f in NUMBERING) + ")"
)
_BOUNDARY_CHARS = "\n。;!?:)\"”’"
# After a run of spaces a marker may follow the end of a name or sentence, not a number or a verb.
_SPACED_AFTER_RE = re.compile(r"[。;!?:)\"”’\u4e00-\u9fff]")
# Where a heading's lead phrase ends.
_TITLE_END_RE = re.compile(r"[。;:!?\n]|\((?:牵头|责任)")
MAX_TITLE = 60
# the label of a cover notice's list of annexes, right before its first item
_ANNEX_RE = re.compile(r"附件\s*:?\s*$")


def _value(family: Family, raw: str) -> int | None:
    if family.kind == "arabic":
        return int(raw)
    if family.kind == "circled":
        return CIRCLED.index(raw) + 1
    return cn_number(raw)


def _candidates(norm: str):
    """Yield ``(family, value, marker start, marker end, bounded)`` for every marker.

    ``bounded`` says the marker starts a line or follows the end of a sentence; an
    unbounded marker may still be a heading in flattened text (see :func:`find_headings`).
    """
    for m in _ANY_MARKER_RE.finditer(norm):
        i = m.start()
        while i and norm[i - 1] in " \t":
            i -= 1
        spaced = m.start() > i
        line_start = not i or norm[i - 1] == "\n"
        bounded = (line_start or norm[i - 1] in _BOUNDARY_CHARS
                   or (spaced and _SPACED_AFTER_RE.match(norm[i - 1]) is not None))
        for family in NUMBERING:
            if m.group(family.name) is not None:
                end = m.end(family.name)
                # a marker that could be read as a decimal (11.121人才) counts only at a line start
                if (family.line_start or norm[end - 1] in ".﹒" and norm[end:end + 1].isdigit()) and not line_start:
                    break
                value = _value(family, m.group(f"{family.name}_n"))
                if value:
                    yield family, value, m.start(family.name), end, bounded
                break


def _title(text: str, norm: str, start: int, run_on: bool = True) -> tuple[str, int]:
    """The lead phrase after a marker and where it ends.

    A heading that runs into its body with no punctuation ends before the word that opens
    the body (:func:`body_openers`):

    >>> from kg.document import fold_width
    >>> s = "建立完善市场化机制按照公益性定位，推动改革。"
    >>> _title(s, fold_width(s), 0)
    ('建立完善市场化机制', 9)
    """
    window = norm[start:start + MAX_TITLE + 1]
    m = _TITLE_END_RE.search(window)
    end = start + (m.start() if m else min(len(window), MAX_TITLE))
    comma = norm.find(",", start, end) if run_on else -1
    if comma > start:
        opener = body_openers().search(norm, start + _MIN_RUN_ON_TITLE, comma)
        if opener is not None:
            end = opener.start()
    title = text[start:end].strip()
    return title, start + len(text[start:end].rstrip())


HEADING_CUES_FILE = Path(__file__).with_name("cues") / "headings.json"
_MIN_RUN_ON_TITLE = 4


CUES = read_cues("headings")
"""The structure cue words: :data:`HEADING_CUES_FILE`, or a user's file given to ``kg_structure`` (``cues``)."""


def heading_cues() -> dict:
    """The structure cue words (:data:`CUES`)."""
    return CUES.data


@functools.cache
def body_openers() -> re.Pattern:
    """A pattern matching the words that open a section's body (``body_openers`` of the cue file)."""
    words = sorted(heading_cues()["body_openers"]["words"], key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def find_headings(doc: Document) -> tuple[Heading, ...]:
    """Every numbered heading of ``doc`` with its depth and section extent.

    Numbering restarts under each parent, or continues across parents; a marker out
    of sequence is ordinary text:

    >>> from kg.document import Document
    >>> text = "一、甲\\n1.子一\\n2.子二\\n二、乙\\n1.子三\\n(一)丙\\n3.不是标题\\n(二)丁"
    >>> [(h.number, h.depth) for h in find_headings(Document.from_text(text))]
    [('一、', 1), ('1.', 2), ('2.', 2), ('二、', 1), ('1.', 2), ('(一)', 3), ('(二)', 3)]
    """
    text, norm = doc.text, doc.norm
    stack: list[list] = []  # [family name, last value]
    last_value: dict[str, int] = {}
    accepted: list[tuple[int, int, int, str, str, int]] = []  # start, depth, value, family, number, marker end
    annex: tuple[str, int, int] | None = None  # family, value and end of the last item of an annex list
    for family, value, start, end, bounded in _candidates(norm):
        # the lead phrase must contain words, not only punctuation or another marker
        title, _ = _title(text, norm, end)
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", title):
            continue
        # a cover notice's list of annexes (附件：1.名单 2.方案) numbers files, not sections
        if _ANNEX_RE.search(norm, max(0, start - 8), start) or (
                annex is not None and annex[0] == family.name and value == annex[1] + 1
                and not re.search(r"[。;!?]|\n\s*\n", norm[annex[2]:start])):
            annex = (family.name, value, end)
            continue
        names = [s[0] for s in stack]
        if not bounded and not _runs_on(norm, accepted, start, end) and not _opens_child(
                norm, start, end, family, value, stack, last_value):
            continue
        if family.name in names:
            i = names.index(family.name)
            if value != stack[i][1] + 1 and (value != 1 or not bounded):
                continue
            del stack[i + 1:]
            stack[i][1] = value
        elif value == 1 or value == last_value.get(family.name, -1) + 1 or not accepted:
            stack.append([family.name, value])
        else:
            continue
        last_value[family.name] = value
        accepted.append((start, len(stack), value, family.name, text[start:end].strip(), end))
    headings: list[Heading] = []
    for idx, (start, depth, value, fam, number, mend) in enumerate(accepted):
        end = len(text)
        for later in accepted[idx + 1:]:
            if later[1] <= depth:
                end = later[0]
                break
        title, title_end = _title(text, norm, mend, run_on=fam != "article")
        if idx + 1 < len(accepted) and accepted[idx + 1][0] < title_end:
            # flattened text: the next heading follows this title without punctuation
            title_end = accepted[idx + 1][0]
            title = text[mend:title_end].strip()
        headings.append(Heading(number=number, style=fam, ordinal=value, depth=depth, title=title,
                                start=start, title_end=title_end, end=end))
    return tuple(headings)


def _runs_on(norm: str, accepted: list, start: int, end: int) -> bool:
    """An unbounded marker is a heading only in flattened text, right after another heading's title.

    It must follow the previous heading's marker within :data:`MAX_TITLE` characters with
    no sentence end between, and its own lead phrase must start with a word, not a digit
    (1、2号线 is a list of numbers).
    """
    if not accepted:
        return False
    previous_end = accepted[-1][5]
    gap = norm[previous_end:start]
    return (0 < len(gap) <= MAX_TITLE and not re.search(r"[。;!?\n]", gap)
            and re.match(r"\s*[\u4e00-\u9fff]", norm[end:end + 2]) is not None)


def _opens_child(norm: str, start: int, end: int, family: Family, value: int, stack: list,
                 last_value: dict[str, int]) -> bool:
    """An unbounded marker is a heading in flattened text when it continues an open level
    (二、 after 一、, not a restart) and its short title runs straight into the next marker of
    another family that continues that family's numbering (…表二、深入调整产业结构(三)淘汰…).

    A list of numerals inside a sentence (一、二、三产业) is not: the marker must not follow
    another numeral or 、.
    """
    names = [s[0] for s in stack]
    if family.name not in names or value != stack[names.index(family.name)][1] + 1:
        return False
    if start and norm[start - 1] in "、" + _CN_CHARS:
        return False
    window = norm[end:end + MAX_TITLE + 1]
    stop = re.search(r"[。;!?\n]", window)
    window = window[:stop.start()] if stop else window
    for m in _ANY_MARKER_RE.finditer(window):
        if m.start() < 2:
            continue
        for other in NUMBERING:
            if m.group(other.name) is not None:
                if other.name == family.name or other.line_start:
                    break
                v = _value(other, m.group(f"{other.name}_n"))
                if v and v == last_value.get(other.name, -1) + 1:
                    return True
                break
    return False


def heading_path(headings: tuple[Heading, ...], position: int) -> tuple[Heading, ...]:
    """The chain of headings whose sections contain ``position``, outermost first."""
    from ..intervals import span_index

    return tuple(span_index(headings).containing(position))
