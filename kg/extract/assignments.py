"""Unit assignments: the clauses that say which units lead or share a task.

Three families of cue, each read by one function:

* :func:`labelled_assignment` -- a label of the 牵头单位 / 责任单位 family inside any
  bracket (or opening a line), possibly after other text (a deadline, a score):
  ``（牵头单位：区发改局；责任单位：区财政局、各镇街）``. Each label's list (and a table's
  unit column) is read by :func:`labelled_list`, which also cuts a role suffix written
  after a label (``牵头单位：由区发改局负责``).
* :func:`suffix_assignment` -- no label, the role given by a suffix:
  ``（市发改委牵头，市财政局、市自然资源局配合）``, ``（区住建局负责）``; a role word may be
  followed by a generic verb (``配合落实``) and preceded by an adverb (``具体负责``).
* :func:`bare_assignment` -- a bracket closing a sentence that holds nothing but unit
  names: ``（市发改委、市财政局）``. Everyone is responsible unless the document states
  a rule such as 列第一位的为牵头单位 (:func:`first_listed_leads`).

A rule the document states once (列第一位的为牵头单位, 分号前的单位为牵头单位), in its
cover text or inside its first block (…，下同), gives the leads of lists that name none,
whichever family read them (:mod:`kg.extract.lead_rules`); without one, no lead is ever inferred.

Lists of names are read by :mod:`kg.extract.unit_lists`; the cue words come from
:mod:`kg.extract.assignment_cues`. Documents without any block are read by
:mod:`kg.extract.duty_lists` (duty lists keyed by unit, 由X牵头 in prose).
"""

from __future__ import annotations

import re
from itertools import groupby

from ..document import Document
from ..intervals import span_index
from .assignment_cues import CUES_FILE, DEFAULT_CUES, AssignmentCues, cues_from_data, load_cues
from .duty_lists import duty_list_assignments, prose_assignments
from .lead_rules import (  # noqa: F401 (the lead rules were read here: these names stay importable from this module)
    FIRST_LEADS_RE,
    PUNCT_LEADS_RE,
    _apply_rule,
    _as_lead,
    _without_rule,
    first_listed_leads,
    lead_rule,
)
from .model import Assignment, UnitMention
from .unit_lists import (
    _SEPARATORS,
    Item,
    _clauses,
    _dedupe,
    _mentions,
    _names,
    _unit_core,
    is_collective,
    is_level_noun,
    is_not_name,
    is_wrap,
    looks_like_unit,
    split_items,
)

__all__ = [
    "CUES_FILE", "DEFAULT_CUES", "AssignmentCues", "cues_from_data", "load_cues", "Item", "split_items",
    "is_collective", "is_level_noun", "is_not_name", "looks_like_unit", "labelled_assignment", "labelled_list",
    "suffix_assignment", "bare_assignment", "lead_rule", "first_listed_leads", "duty_list_assignments",
    "prose_assignments", "top_level_brackets", "find_assignments",
]

def _is_label(norm: str, m: re.Match, start: int, cues: AssignmentCues, end: int | None = None) -> bool:
    """A label counts when a colon follows it, or (not a bare label) when it opens a group:
    in 含牵头单位本身 or 包括牵头单位自身 it is a word of the text. A label in its own brackets
    right after a name and before a separator (市发改委（牵头单位）、市财政局) marks that name's
    role: it is read with the name (:func:`kg.extract.unit_lists._mentions`), not as a label.
    A label that a word of the ``role_shares`` family follows is the subject of a note on how
    the roles share the work (以牵头单位为主，配合单位为辅), which names no unit."""
    if m.group("label") and cues.share_re.match(norm, m.start("label"), len(norm) if end is None else end):
        return False
    if m.group("blabel"):
        before = norm[start:m.start()].rstrip()
        after = norm[m.end():end if end is not None else len(norm)].lstrip()
        return not before or before[-1] in "(、,;。:\n)" or bool(after) and after[0] not in "、,;。"
    if re.match(r"\s*:", norm[m.end("label"):m.end("label") + 3]):
        return True
    if m.group("label") in cues.bare_labels:
        return False
    before = norm[start:m.start()].rstrip()
    return not before or before[-1] in "(、,;。:\n"


def labelled_assignment(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """Units named after labels of the 牵头单位 / 责任单位 family in ``norm[start:end]``.

    Text before the first label (a deadline, a score) is ignored; after a label, its
    list runs to the next label, or to a ``;`` or ``。`` followed by something that is
    not a unit name.

    >>> d = Document.from_text("（2024年底前完成；牵头单位：区发改局；责任单位：区财政局、各镇（街），花湖开发区等）")
    >>> [(u.surface, u.role) for u in labelled_assignment(d, 1, len(d.text) - 1)]
    [('区发改局', 'lead'), ('区财政局', 'responsible'), ('各镇（街）', 'collective'), ('花湖开发区', 'responsible')]
    """
    norm = doc.norm
    labels = [m for m in cues.label_re.finditer(norm, start, end) if _is_label(norm, m, start, cues, end)]
    if not labels:
        return None
    mentions: list[UnitMention] = []
    for idx, m in enumerate(labels):
        role = "lead" if (m.group("blabel") or m.group("label")) in cues.lead_labels else "responsible"
        stop = labels[idx + 1].start() if idx + 1 < len(labels) else end
        mentions.extend(labelled_list(doc, m.end(), stop, role, cues))
    return mentions


def labelled_list(doc: Document, start: int, end: int, role: str, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention]:
    """The units of ``doc.text[start:end]``, a list that a label (or a table's unit column) says
    holds units in ``role``. The list stops at text that is not a name (a deadline, another
    label), or at a sentence break followed by something that does not read as a unit; a role
    suffix ending a clause is cut (:func:`_without_role_suffix`).

    >>> d = Document.from_text("由县发改局负责，县财政局配合，2025年底前完成")
    >>> [(u.surface, u.role) for u in labelled_list(d, 0, len(d.text), "lead")]
    [('县发改局', 'lead'), ('县财政局', 'responsible')]
    """
    kept: list[tuple[Item, str]] = []
    clause = 0  # where the clause of the current item begins in ``kept``
    for item in split_items(doc.text, doc.norm, start, end):
        if item.sep in ",;。" and item.sep:
            clause = len(kept)
        if ":" in doc.norm[item.start:item.end]:
            break  # another label, one the cues do not know (督导单位：…)
        item, suffix_role = _without_role_suffix(item, role, cues)
        names = _names([item], cues) or [item.text]
        if any(is_not_name(n, cues) for n in names) or (
                item.sep in ";。" and item.sep and not all(looks_like_unit(n, cues) for n in names)):
            break
        if suffix_role is not None:  # the suffix gives its role to its clause (区发改局牵头、区财政局配合: two)
            kept[clause:] = [(k, suffix_role) for k, _ in kept[clause:]]
        kept.append((item, suffix_role or role))
        if suffix_role is not None:
            clause = len(kept)
    mentions: list[UnitMention] = []
    for item_role, group in groupby(kept, key=lambda k: k[1]):
        mentions.extend(_mentions(doc, [k for k, _ in group], item_role, cues))
    return mentions


def _without_role_suffix(item: Item, role: str, cues: AssignmentCues = DEFAULT_CUES) -> tuple[Item, str | None]:
    """A labelled name followed by a role suffix (牵头单位：由区发改局负责, 责任单位：请A、B落实):
    the name without the suffix, and the role of the clause it ends. A suffix that names a role
    (牵头, or a role marker such as 配合) gives that role; a generic one (负责, 落实) keeps the
    label's. The suffix is cut only when what stands before it reads as a unit.

    >>> [(i.text, r) for i, r in (_without_role_suffix(Item(t, 0, len(t)), "lead") for t in ("由区发改局负责", "区财政局配合", "区发改局", "加快落实"))]
    [('由区发改局', 'lead'), ('区财政局', 'responsible'), ('区发改局', None), ('加快落实', None)]
    """
    for cut, suffixes in _suffix_cuts(item.text, cues):
        name = Item(item.text[:cut], item.start, item.start + cut, item.sep)
        names = _names([name], cues)
        if names and all(looks_like_unit(n, cues) for n in names):
            if any(r == "lead" for _, r in suffixes):
                return name, "lead"
            # 配合 names a role; 负责, 落实 leave it to the label
            return name, "responsible" if any(w in cues.responsible_markers for w, _ in suffixes) else role
    return item, None


def _suffix_cuts(text: str, cues: AssignmentCues = DEFAULT_CUES) -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    """Where the role suffixes ending ``text`` begin, deepest first, each with the suffixes cut
    (word, role): the longest suffix, then the suffix before it (a role word before a generic
    verb: 配合落实, 牵头落实, 负责组织实施); an adverb standing before a suffix (各镇街具体负责,
    各有关部门密切配合) is cut with it. The caller keeps the first cut whose names read as units,
    so a collective (各…, which reads as one whatever follows) loses the whole frame.

    >>> [(c, [w for w, _ in s]) for c, s in _suffix_cuts("区民政局配合落实")]
    [(4, ['落实', '配合']), (6, ['落实'])]
    >>> [(c, [w for w, _ in s]) for c, s in _suffix_cuts("各镇街具体负责")], _suffix_cuts("区财政局")
    ([(3, ['负责'])], [])
    """
    out: list[tuple[int, tuple[tuple[str, str], ...]]] = []
    end, cut = len(text), ()
    for _ in range(2):
        if not text.endswith(cues.role_suffix_words, 0, end):
            break
        for suffix, suffix_role in cues.role_suffixes:
            if text.endswith(suffix, 0, end) and end > len(suffix):
                end -= len(suffix)
                for adverb in cues.role_adverbs:
                    if text.endswith(adverb, 0, end) and end > len(adverb):
                        end -= len(adverb)
                        break
                cut += ((suffix, suffix_role),)
                out.append((end, cut))
                break
        else:
            break
    return out[::-1]


def _suffixed_clauses(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> list[tuple[int, int]]:
    """The clauses of ``norm[start:end]`` (:func:`_clauses`), a clause also ending at a 、 that
    follows names with a role suffix (区发改局牵头、区财政局配合: two clauses).

    >>> d = Document.from_text("区发改局牵头、区财政局配合，各镇街负责")
    >>> [d.text[a:b] for a, b in _suffixed_clauses(d, 0, len(d.text))]
    ['区发改局牵头', '区财政局配合', '各镇街负责']
    """
    out = []
    for a, b in _clauses(doc.norm, start, end):
        items = split_items(doc.text, doc.norm, a, b)
        for item in items[:-1]:
            if _without_role_suffix(item, "responsible", cues)[1] is not None:
                out.append((a, item.end))
                a = item.end + 1
        out.append((a, b))
    return out


def suffix_assignment(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """Units whose role is given by a suffix (…牵头, …负责, …配合, …按职责分工负责).

    Every clause must be a list of unit names, with or without a role suffix; at
    least one clause carries a suffix. A clause without one is co-responsible. A deadline
    or a score may come first (2024年底前完成，…). Once a suffixed clause has been read, a
    clause that is not a list of names (a remark: 以下各项任务均需…落实，不再一一列出) ends the block.

    >>> d = Document.from_text("（市发改委牵头，市财政局、市自然资源局按职责分工负责）")
    >>> [(u.surface, u.role) for u in suffix_assignment(d, 1, len(d.text) - 1)]
    [('市发改委', 'lead'), ('市财政局', 'responsible'), ('市自然资源局', 'responsible')]
    """
    norm = doc.norm
    mentions: list[UnitMention] = []
    suffixed = False
    for a, b in _suffixed_clauses(doc, start, end, cues):
        clause = norm[a:b].rstrip()
        before = suffixed
        # 区民政局配合落实: the role word before a generic verb; the first cut whose names read
        # as units is kept, else the last (no suffix: the whole clause)
        for cut in _suffix_cuts(clause, cues) or ((len(clause), ()),):
            items = split_items(doc.text, norm, a, a + cut[0])
            names = _names(items, cues)
            units = all(looks_like_unit(n, cues) for n in names)
            if units:
                break
        suffixes = cut[1]
        role = "lead" if any(r == "lead" for _, r in suffixes) else "responsible"
        suffixed = suffixed or bool(suffixes)
        if not names or not units:
            if not mentions and is_not_name(clause, cues):
                suffixed = before  # a deadline or a score before the list: （2024年底前完成，区发改局牵头）
                continue
            if suffixed and mentions:
                break
            return None
        mentions.extend(_mentions(doc, items, role, cues))
    return mentions if suffixed else None


def bare_assignment(doc: Document, start: int, end: int, first_leads: bool = False,
                    cues: AssignmentCues = DEFAULT_CUES) -> list[UnitMention] | None:
    """A bracket of nothing but unit names; the first leads when the document says so.

    >>> d = Document.from_text("（市发改委、市财政局、各县市区）")
    >>> [(u.surface, u.role) for u in bare_assignment(d, 1, len(d.text) - 1, first_leads=True)]
    [('市发改委', 'lead'), ('市财政局', 'responsible'), ('各县市区', 'collective')]
    """
    names = _names(split_items(doc.text, doc.norm, start, end), cues)
    if not names or not all(looks_like_unit(n, cues) for n in names):
        return None
    mentions = _mentions(doc, split_items(doc.text, doc.norm, start, end), "responsible", cues)
    if first_leads and mentions and mentions[0].role in ("responsible", "collective"):
        mentions[0] = _as_lead(mentions[0])
    return mentions


# --- finding assignments -----------------------------------------------------------

_BRACKET_OR_BREAK_RE = re.compile(r"[()\n]")


def top_level_brackets(norm: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every outermost bracket pair; ``end`` is past the closer. A bracket
    spans no line break, unless the break only wraps a line inside a name (:func:`is_wrap`).

    >>> top_level_brackets("a(b(c)d)e(f)")
    [(1, 8), (9, 12)]
    """
    out, stack = [], []
    for m in _BRACKET_OR_BREAK_RE.finditer(norm):
        i, ch = m.start(), m.group()
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            begin = stack.pop()
            if not stack:
                out.append((begin, i + 1))
        elif ch == "\n" and stack and not is_wrap(norm, i):
            # an unclosed bracket never spans paragraphs
            stack.clear()
    return out


def _ends_sentence(norm: str, start: int, end: int) -> bool:
    """Whether a sentence ends (or the text does) right before ``start`` or right after ``end``, spaces aside."""
    while start and norm[start - 1] in " \t":
        start -= 1
    while end < len(norm) and norm[end] in " \t":
        end += 1
    return not start or norm[start - 1] in "。;!?\n" or end == len(norm) or norm[end] in "。;!?\n"


def _is_alias(doc: Document, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> bool:
    """A bracket holding one name without a jurisdiction, right after a name: another name of
    what precedes it (工程研究中心（实验室）), not the unit that carries the sentence.

    >>> d = Document.from_text("认定为工程研究中心（实验室）。")
    >>> _is_alias(d, 9, 14), _is_alias(Document.from_text("建成服务中心（市民政局）。"), 6, 12)
    (True, False)
    """
    inner = doc.norm[start + 1:end - 1].strip()
    if not inner or any(sep in inner for sep in _SEPARATORS):
        return False
    before = doc.norm[max(0, start - 12):start]
    if not before or not _unit_core(before).endswith(cues.unit_suffixes):
        return False
    from ..vocab import load_vocabulary

    parts = load_vocabulary().split_name(inner)
    return not (parts.level or parts.places) and not is_collective(inner, cues)




def find_assignments(doc: Document, headings=(), cues: AssignmentCues = DEFAULT_CUES) -> tuple[Assignment, ...]:
    """Every assignment clause in ``doc``, in document order (``cues``: see :func:`load_cues`).

    >>> d = Document.from_text("1.推行链长制。内容（牵头单位：区发改局；责任单位：区财政局）\\n2.其他。（由市教育局负责）")
    >>> [[(u.surface, u.role) for u in a.units] for a in find_assignments(d)]
    [[('区发改局', 'lead'), ('区财政局', 'responsible')], [('市教育局', 'responsible')]]
    """
    norm = doc.norm
    rule = lead_rule(doc)
    found: list[Assignment] = []
    covered: list[tuple[int, int]] = []
    for start, end in top_level_brackets(norm):
        inner_start, inner_end = start + 1, _without_rule(norm, start + 1, end - 1)
        units = labelled_assignment(doc, inner_start, inner_end, cues)
        labelled = units is not None
        if labelled:
            units = _apply_rule(units, rule, norm, inner_start, inner_end)
        if units is None:
            units = suffix_assignment(doc, inner_start, inner_end, cues)
            if units:  # （A、B负责，列第一位者为牵头部门）: no suffix names a lead, the rule does
                units = _apply_rule(units, rule, norm, inner_start, inner_end)
        if units is None and _ends_sentence(norm, start, end) and not _is_alias(doc, start, end, cues):
            units = bare_assignment(doc, inner_start, inner_end, False, cues)
            if units:
                units = _apply_rule(units, rule, norm, inner_start, inner_end)
        if units:
            found.append(Assignment(start, end, _dedupe(units), labelled))
        covered.append((start, end))
    # labels opening a line, outside any bracket: 牵头单位：… 责任单位：…
    heading_starts = sorted(h.start for h in headings)
    brackets = span_index(tuple(covered))
    taken: tuple[int, int] | None = None  # the labelled line taken last (they come in text order, apart)
    for m in cues.line_label_re.finditer(norm):
        pos = m.end()
        if any(a < pos for a, _ in brackets.containing(pos)) or (taken and taken[0] < pos < taken[1]):
            continue
        # the labelled text runs to the end of the line, the next heading, or a full stop
        stop = norm.find("\n", pos)
        stop = len(norm) if stop == -1 else stop
        stop = min([stop] + [h for h in heading_starts if pos < h < stop])
        full_stop = norm.find("。", pos, stop)
        stop = stop if full_stop == -1 else full_stop
        units = labelled_assignment(doc, pos, stop, cues)
        if units:
            end = stop
            while end and doc.text[end - 1] in " \t。":
                end -= 1
            found.append(Assignment(pos, end, _dedupe(units), True))
            covered.append((pos - 1, end))
            taken = (pos - 1, end)
    if not found:
        found = duty_list_assignments(doc, headings, cues) or prose_assignments(doc, cues)
    found.sort(key=lambda a: a.start)
    return tuple(found)
