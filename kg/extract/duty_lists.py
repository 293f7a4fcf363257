"""Assignments in documents without assignment blocks: duty lists keyed by unit
(``(三)县财政局：负责…``) and 由X牵头 written in a task's sentence.

:func:`kg.extract.assignments.find_assignments` reads these only when a document has no
bracket or labelled line that assigns: where a document has blocks, a unit named in a
task's body (配合市发改委做好…) is not an assignment.
"""

from __future__ import annotations

import re

from ..document import Document
from .assignment_cues import DEFAULT_CUES, AssignmentCues
from .model import Assignment
from .unit_lists import (
    Item,
    _clauses,
    _dedupe,
    _mentions,
    _names,
    _strip_item,
    _unit_core,
    looks_like_unit,
    split_items,
)

_DUTY_KEY_RE = re.compile(r"[ \t]*([^:,;。()\n]{2,30}?)[ \t]*:")
"""The key of a duty-list entry: a name, then a colon, right after the entry's number."""


def duty_list_assignments(doc: Document, headings, cues: AssignmentCues = DEFAULT_CUES) -> list[Assignment]:
    """Entries of a duty list keyed by unit: ``(三)县财政局：负责…；…``.

    Each numbered entry whose text opens with a unit name and a colon assigns the entry
    to that unit (co-responsible: the entry states its duties, not a lead); units named
    inside the duties are not assignments. A list needs at least two such entries, so a
    lone ``(一)主要目标：…`` or one keyed line is never read as one. Names joined by 和
    in a key are split when both read as units.

    >>> from kg.extract.structure import find_headings
    >>> d = Document.from_text("三、成员单位职责\\n（一）县财政局：负责资金保障。\\n（二）县应急局：牵头统筹救灾工作，会同县水利局做好防汛。")
    >>> [[(u.surface, u.role) for u in a.units] for a in duty_list_assignments(d, find_headings(d))]
    [[('县财政局', 'responsible')], [('县应急局', 'responsible')]]
    """
    norm = doc.norm
    found: list[Assignment] = []
    for h in headings:
        body = h.start + len(h.number)
        m = _DUTY_KEY_RE.match(norm, body)
        if not m:
            continue
        a, b = m.span(1)
        items = [s for s in (_strip_item(i, cues) for i in split_items(doc.text, norm, a, b)) if s]
        pieces: list[Item] = []
        for item in items:
            parts = item.text.split("和")
            if len(parts) == 2 and all(looks_like_unit(x, cues) for x in parts):
                pieces.append(Item(parts[0], item.start, item.start + len(parts[0]), item.sep))
                pieces.append(Item(parts[1], item.end - len(parts[1]), item.end, "和"))
            else:
                pieces.append(item)
        if not pieces or not all(looks_like_unit(i.text, cues) for i in pieces):
            continue
        end = h.end
        line_end = norm.find("\n", m.end(), end)
        end = line_end if line_end != -1 else end
        while end > m.end() and doc.text[end - 1] in " \t\n":
            end -= 1
        found.append(Assignment(a, end, _dedupe(_mentions(doc, pieces, "responsible", cues)), True))
    return found if len(found) >= 2 else []


_SENTENCE_RE = re.compile(r"[^。;!?\n]+")
_PROSE_LEAD_RE = re.compile(
    r"\s*(?:\(\d+\)|\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)?"
    r"(?:由(?P<by>.+?)牵头(?:负责)?(?P<rest>.*)|(?P<name>.+?)牵头(?:负责)?)")
_LEVEL_STARTS = "省市州盟县区旗镇乡"


def _glued_tail(norm: str, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> int:
    """Where a unit name glued to a preceding name begins (综合协调组省交通运输厅牵头: the
    group's own name, then its lead), or ``start``."""
    for p in range(start + 2, end - 1):
        if (norm[p] in _LEVEL_STARTS and _unit_core(norm[start:p]).endswith(cues.unit_suffixes)
                and looks_like_unit(norm[p:end], cues)):
            return p
    return start


def prose_assignments(doc: Document, cues: AssignmentCues = DEFAULT_CUES) -> list[Assignment]:
    """``由X牵头，Y配合`` written in a task's sentence, for documents without assignment blocks.

    A sentence assigns when one of its clauses is ``由X牵头…`` or ``X牵头`` with X a list of
    unit names; the clauses right after it that are names with a role suffix (``Y配合``,
    ``Y按职责分工负责``) add co-responsible units. A sentence naming units without 牵头
    (``由X负责日常工作``, ``配合X做好…``) assigns nothing: the text does not say who leads.

    >>> d = Document.from_text("1.建立机制。由县发改局牵头，县财政局、县统计局配合，建立考核机制。")
    >>> [[(u.surface, u.role) for u in a.units] for a in prose_assignments(d)]
    [[('县发改局', 'lead'), ('县财政局', 'responsible'), ('县统计局', 'responsible')]]
    """
    from .assignments import suffix_assignment  # the clauses after the lead read as in brackets

    norm = doc.norm
    found: list[Assignment] = []
    for sentence in _SENTENCE_RE.finditer(norm):
        clauses = _clauses(norm, sentence.start(), sentence.end())
        for k, (a, b) in enumerate(clauses):
            m = _PROSE_LEAD_RE.fullmatch(norm, a, b)
            if not m:
                continue
            na, nb = m.span("by") if m.group("by") is not None else m.span("name")
            if m.group("name") is not None:
                na = _glued_tail(norm, na, nb, cues)
            items = split_items(doc.text, norm, na, nb)
            names = _names(items, cues)
            if not names or not all(looks_like_unit(n, cues) for n in names):
                continue
            mentions = _mentions(doc, items, "lead", cues)
            end = nb
            if not (m.group("rest") or "").strip():
                for c, d in clauses[k + 1:]:
                    more = suffix_assignment(doc, c, d, cues)
                    if not more or any(u.role == "lead" for u in more):
                        break
                    mentions.extend(more)
                    end = d
            found.append(Assignment(na, end, _dedupe(mentions), False))
            break
    return found
