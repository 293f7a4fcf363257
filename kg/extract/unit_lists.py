"""Lists of unit names inside an assignment: splitting, classifying, reading.

Lists are split at top-level separators (、 , ; and spaces between names), never inside
nested brackets or quotes, so ``市财政局（国资办）`` and ``各乡镇（场）、街道`` stay whole;
names joined by 和 / 及 / 会同 are split when every part ends like a name. Collectives
(:func:`is_collective`) keep their own role; a bare level noun or a generic tail following
a collective (``相关镇、街道``, ``各区、县级市``) belongs to it. Names are classified
(a unit, a collective, no name) by :mod:`kg.extract.unit_classes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document, fold_width
from ..memo import document_dict
from .assignment_cues import DEFAULT_CUES, AssignmentCues
from .model import UnitMention
from .unit_classes import (  # noqa: F401 (classifying names was done here: these names stay importable from this module)
    _ALIAS_AT_END_RE,
    _unit_core,
    is_collective,
    is_level_noun,
    is_not_name,
    looks_like_unit,
)

_OPEN, _CLOSE = "(“‘\"", ")”’\""
_SEPARATORS = "、,;。"
_WRAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


def is_wrap(norm: str, i: int) -> bool:
    """Whether the line break at ``norm[i]`` only wraps a line inside a bracket (text copied from
    a PDF page: 青岛市绿色低碳高⏎质量发展先行区建设办公室负责)): characters of words on both
    sides, and the next line closes the bracket before it opens another or ends.

    >>> s = "(青岛市绿色低碳高\\n质量发展办公室负责)(十七)"
    >>> is_wrap(s, 9), is_wrap("(一\\n二、推进(区发改局)", 2), is_wrap("(一\\n二", 2)
    (True, False, False)
    """
    if not _WRAP_RE.match(norm, i):
        return False
    line_end = norm.find("\n", i + 1)
    line = norm[i + 1:len(norm) if line_end == -1 else line_end]
    close, opener = line.find(")"), line.find("(")
    return close != -1 and (opener == -1 or close < opener)


def unwrap(text: str) -> str:
    """``text`` without the line breaks that wrap a word (:func:`is_wrap`)."""
    return _WRAP_RE.sub("", text) if "\n" in text else text


@dataclass(frozen=True)
class Item:
    """A list item: its text as written and its offsets."""

    text: str
    start: int
    end: int
    sep: str = ""


def split_items(text: str, norm: str, start: int, end: int) -> list[Item]:
    """Split ``norm[start:end]`` at top-level separators; offsets are absolute.

    >>> s = "市财政局(国资办)、各乡镇(场),街道"
    >>> [i.text for i in split_items(s, s, 0, len(s))]
    ['市财政局(国资办)', '各乡镇(场)', '街道']
    """
    items: list[Item] = []
    depth = 0
    quote = False
    piece_start = start

    sep = ""

    def flush(stop: int) -> None:
        raw = text[piece_start:stop]
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            items.append(Item(body, piece_start + lead, piece_start + lead + len(body), sep))

    for i in range(start, end):
        ch = norm[i]
        if ch in "“‘":
            quote = True
        elif ch in "”’":
            quote = False
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0 and not quote:
            flush(i)
            piece_start, sep = i + 1, ch
    flush(end)
    return items


def _strip_item(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> Item | None:
    text = item.text.rstrip("。.,;:： ")
    for word in cues.leading_words if text.startswith(cues.leading_words) and not text.startswith(cues.not_name_prefixes) else ():
        # 由X负责, 请X落实, 以X为牵头单位: the frame's opening word, when a name follows it
        # (以下简称… is an aside, and 以下各项任务… a remark)
        if text.startswith(word) and len(text) > len(word) and looks_like_unit(_without_frame_end(text[len(word):], cues), cues):
            text = text[len(word):]
            break
    text = _without_end(text, cues.trailing_verbs)
    cut = _without_end(text, cues.trailing_noise)
    text = cut if cut != text else _without_etc(text, cues)
    text = _without_share_note(text.strip(), cues)
    if not text:
        return None
    offset = item.text.find(text)
    return Item(text, item.start + offset, item.start + offset + len(text), item.sep)


def _without_share_note(text: str, cues: AssignmentCues) -> str:
    """``text`` without a closing bracket that holds a note on how the roles share the work
    (区财政局（以牵头单位为主，配合单位为辅） -> 区财政局): the note names no unit.

    >>> _without_share_note("区财政局（以牵头单位为主，配合单位为辅）", DEFAULT_CUES), _without_share_note("市财政局（国资办）", DEFAULT_CUES)
    ('区财政局', '市财政局（国资办）')
    """
    if not text.endswith((")", "）")):
        return text
    m = _ALIAS_AT_END_RE.search(fold_width(text))
    if m and cues.share_re.search(m.group()[1:-1]):
        return text[:m.start()].rstrip()
    return text


def _without_frame_end(text: str, cues: AssignmentCues) -> str:
    """``text`` without a trailing verb or 等 ending, to tell whether a name stands after a frame's opening word."""
    return _without_end(text, cues.trailing_verbs + cues.trailing_noise)


def _without_end(text: str, ends: tuple[str, ...]) -> str:
    """``text`` without the first of ``ends`` that ends it with something before it; as is when none does.

    >>> _without_end("区财政局负责落实", ("负责落实", "落实")), _without_end("落实", ("落实",))
    ('区财政局', '落实')
    """
    if text.endswith(ends):
        for end in ends:
            if text.endswith(end) and len(text) > len(end):
                return text[: -len(end)]
    return text


_COUNT_RE = re.compile(r"(?:\d+|[一二三四五六七八九十两]+)")


def _without_etc(text: str, cues: AssignmentCues = DEFAULT_CUES) -> str:
    """A name without what follows its last 等 when that is a class of units, possibly counted
    (区财政局等相关部门和单位, 区财政局等3个部门 -> 区财政局); other names as they are.

    >>> [_without_etc(t) for t in ("区财政局等相关部门和单位", "区财政局等3个部门", "区财政局等五家单位", "各高等学校")]
    ['区财政局', '区财政局', '区财政局', '各高等学校']
    """
    at = text.rfind("等")
    if at < 1:
        return text
    rest = text[at + 1:]
    count = _COUNT_RE.match(rest)
    if count:
        rest = rest[count.end():]
        rest = rest[1:] if rest.startswith(cues.noise_counters) else rest
    if rest and ("等" + rest in cues.trailing_noise or is_collective(rest, cues)):
        return text[:at]
    return text


def _joined(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> list[Item]:
    """Names joined by 和 / 及 / 会同 inside one item, split when every part ends like a unit
    name or names a collective (省文化和旅游厅, 有关部门和单位 stay whole).

    >>> [i.text for i in _joined(Item("市发改委会同市财政局", 0, 10))]
    ['市发改委', '市财政局']
    >>> [i.text for i in _joined(Item("省文化和旅游厅", 0, 7))], [i.text for i in _joined(Item("有关部门和单位", 0, 7))]
    (['省文化和旅游厅'], ['有关部门和单位'])
    >>> [i.text for i in _joined(Item("各市工业和信息化局", 0, 9))], [i.text for i in _joined(Item("市财政局及各区县", 0, 8))]
    (['各市工业和信息化局'], ['市财政局', '各区县'])
    >>> [i.text for i in _joined(Item("市工业和信息化局及专班成员单位", 0, 15))]
    ['市工业和信息化局', '专班成员单位']
    """
    if not cues.list_joiners or "(" in item.text or "（" in item.text:
        return [item]

    def ends_like_name(p: str) -> bool:
        return _unit_core(p).endswith(cues.unit_suffixes + tuple(cues.level_nouns) + cues.collective_infixes)

    # cut at a joiner only where the part before it ends like a name (各市工业和信息化局 is one
    # collective, 市工业和信息化局及专班成员单位 two names); the last part may be a collective
    # of any form (市财政局及各区县)
    parts, pos = [], 0
    for m in cues.joiner_re.finditer(item.text):
        if ends_like_name(item.text[pos:m.start()]):
            parts.append((item.text[pos:m.start()], pos))
            pos = m.end()
    parts.append((item.text[pos:], pos))
    if len(parts) < 2 or not all(p for p, _ in parts[:-1]) or not (
            parts[-1][0] and (ends_like_name(parts[-1][0]) or is_collective(parts[-1][0], cues))):
        return [item]
    return [Item(p, item.start + off, item.start + off + len(p), item.sep if not off else "和") for p, off in parts]


_SPACE_RE, _NON_SPACE_RE = re.compile(r"\s"), re.compile(r"\S+")


def _space_split(item: Item, cues: AssignmentCues = DEFAULT_CUES) -> list[Item]:
    """Names separated only by spaces (common in text copied from PDFs)."""
    if not _SPACE_RE.search(unwrap(item.text)):
        return [item]  # one part at most (a line break wrapping a name splits nothing)
    parts = [(m.group(), m.start()) for m in _NON_SPACE_RE.finditer(item.text)]
    if len(parts) > 1 and all(looks_like_unit(p, cues) for p, _ in parts):
        return [Item(p, item.start + off, item.start + off + len(p), item.sep) for p, off in parts]
    return [item]


def _mentions(doc: Document, items: list[Item], role: str, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention]:
    """Unit mentions from list items, merging a bare level noun into the collective before it."""
    out: list[UnitMention] = []
    for raw in items:
        for piece, item in _pieces(raw, cues):
            tail = item.sep in ("、", "和") and _is_tail(item.text, cues)
            if (tail or is_level_noun(item.text, cues)) and out and out[-1].is_collective:
                prev = out.pop()
                out.append(UnitMention(unwrap(doc.text[prev.start:item.end]), prev.role, prev.start, item.end,
                                       collective=prev.collective))
                continue
            item_role = role
            marker = cues.role_marker_re.search(fold_width(item.text))
            if marker and marker.start() > 0:
                # 市发改委（牵头）: the role written after the name
                item_role = "lead" if marker.group(1) in cues.lead_markers else "responsible"
                item = Item(item.text[:marker.start()].rstrip(), item.start, item.start + len(item.text[:marker.start()].rstrip()), item.sep)
            collective = is_collective(item.text, cues)
            if collective and item_role != "lead":
                item_role = "collective"  # a collective keeps its own role unless the text makes it lead
            out.append(UnitMention(unwrap(item.text), item_role, item.start, item.end, collective=collective and item_role == "lead"))
            after = _collective_after_etc(doc, piece, item, cues)
            if after is not None:
                out.append(after)
    return _shared_endings(doc, out, cues)


def _shared_endings(doc: Document, mentions: list[UnitMention], cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention]:
    """Place names sharing the ending of the last name of their 、 run (济南、青岛、烟台市政府):
    each keeps its surface (济南) and gets the name the list implies (济南市政府) as its
    canonical name, which :func:`kg.extract.units.resolve_mention` resolves in its place.
    The endings a place name may share are the cue family ``place_suffixes`` (市, 县, 区 ...).

    >>> d = Document.from_text("济南、青岛、烟台市政府")
    >>> [(m.surface, m.canonical) for m in _shared_endings(d, [UnitMention("济南", "responsible", 0, 2),
    ...     UnitMention("青岛", "responsible", 3, 5), UnitMention("烟台市政府", "responsible", 6, 11)])]
    [('济南', '济南市政府'), ('青岛', '青岛市政府'), ('烟台市政府', None)]
    """
    from ..vocab import load_vocabulary

    out = list(mentions)
    run_end, last_parts = len(out) - 1, None
    for i in range(len(out) - 1, -1, -1):
        name = out[i].surface
        if (i < run_end and doc.text[out[i].end:out[i + 1].start].strip() == "、" and not out[i].is_collective
                and 2 <= len(name) <= 4 and not name.endswith(cues.place_suffixes) and not looks_like_unit(name, cues)):
            last = out[run_end]
            if last_parts is None:  # the last name of the run, split once
                last_parts = load_vocabulary().split_name(last.surface)
            parts = last_parts
            place = parts.places[0] if len(parts.places) == 1 else ""
            if place.endswith(cues.place_suffixes) and last.surface.startswith(place) and parts.rest:
                implied = name + last.surface[len(place) - 1:]
                if load_vocabulary().split_name(implied).places == (name + place[-1],):
                    m = out[i]
                    out[i] = UnitMention(m.surface, m.role, m.start, m.end, canonical=implied, collective=m.collective)
                    continue
        run_end, last_parts = i, None
    return out


def _is_tail(name: str, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A generic name that belongs to the collective before it: a collective tail, or two of them
    (县(市、区)人民政府, 县市区党委).

    >>> [_is_tail(n) for n in ("县级市", "县（市、区）人民政府", "县市区党委", "市发改委", "人民")]
    [True, True, True, False, False]
    """
    folded = name.replace("（", "(").replace("）", ")")
    if folded in cues.collective_tails:
        return True
    return any(folded[:i] in cues.collective_tails and folded[i:] in cues.collective_tails for i in range(1, len(folded)))


_PIECES: dict = document_dict()
"""``(item, id(cues)) -> (cues, pieces)``: an item is read as names while its list is checked
and again when its mentions are made; the cues are kept so that their id stays theirs."""


def _pieces(raw: Item, cues: AssignmentCues = DEFAULT_CUES) -> tuple[tuple[Item, Item], ...]:
    """The names of a list item, each with the piece it was cut from: split at spaces
    (:func:`_space_split`) and joiners (:func:`_joined`), trailing 等 and verbs dropped."""
    key = (raw, id(cues))
    hit = _PIECES.get(key)
    if hit is not None and hit[0] is cues:
        return hit[1]
    if len(_PIECES) >= 4096:  # called outside a pipeline, where no document start clears it
        _PIECES.clear()
    out = tuple(_cut_pieces(raw, cues))
    _PIECES[key] = (cues, out)
    return out


def _cut_pieces(raw: Item, cues: AssignmentCues) -> list[tuple[Item, Item]]:
    out = []
    for piece in _space_split(raw, cues):
        item = _strip_item(piece, cues)
        if item is not None:
            out.extend((piece, part) for part in _joined(item, cues))
    return out


def _names(items: list[Item], cues: AssignmentCues = DEFAULT_CUES) -> list[str]:
    return [item.text for raw in items for _, item in _pieces(raw, cues)]


def _collective_after_etc(doc: Document, raw: Item, item: Item, cues: AssignmentCues) -> UnitMention | None:
    """The collective of ``A、B等有关部门``: what follows 等 when it names a class of units."""
    rest = doc.text[item.end:raw.end].rstrip("。.,;:： ")
    if not rest.startswith("等"):
        return None
    name = rest[1:].strip()
    for verb in cues.trailing_verbs:
        if name.endswith(verb):
            name = name[: -len(verb)]
            break
    if not name or not is_collective(name, cues):
        return None
    start = item.end + rest.index(name)
    return UnitMention(name, "collective", start, start + len(name))


def _clauses(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level clauses split at , ; 。 (not at 、)."""
    out, depth, piece = [], 0, start
    for i in range(start, end):
        ch = norm[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch in ",;。" and depth == 0:
            out.append((piece, i))
            piece = i + 1
    out.append((piece, end))
    return [(a, b) for a, b in out if norm[a:b].strip()]


def _dedupe(mentions: list[UnitMention]) -> tuple[UnitMention, ...]:
    seen, out = set(), []
    for m in mentions:
        key = (m.role, m.surface)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return tuple(out)
