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
from .patterns import alternation
from .unit_lists import (
    _dedupe,
    _mentions,
    _names,
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
    found: list[tuple[object, Assignment]] = []
    for h in headings:
        a = _keyed_entry(doc, h, _DUTY_KEY_RE, cues)
        if a is not None:
            found.append((h, a))
    if len(found) < 2:
        return []
    # entries of the same list whose unit has no colon: the names, then a duty verb
    kinds = {(h.style, h.depth) for h, _ in found}
    taken = {h.start for h, _ in found}
    subject_re = re.compile(r"[ \t]*([^:,;。()\n]{2,30}?)(?=" + alternation(cues.duty_verbs) + ")")
    ordered = sorted(headings, key=lambda h: h.start)
    for previous, h in zip(ordered, ordered[1:], strict=False):
        # right after an entry of the list, numbered like it
        if h.start not in taken and previous.start in taken and (h.style, h.depth) in kinds:
            a = _keyed_entry(doc, h, subject_re, cues)
            if a is not None:
                found.append((h, a))
                taken.add(h.start)
    return sorted((a for _, a in found), key=lambda a: a.start)


def _keyed_entry(doc: Document, h, key_re: re.Pattern, cues: AssignmentCues) -> Assignment | None:
    """The assignment of one entry of a duty list: its key's units, co-responsible, over the entry."""
    norm = doc.norm
    m = key_re.match(norm, h.start + len(h.number))
    if not m:
        return None
    a, b = m.span(1)
    items = split_items(doc.text, norm, a, b)
    names = _names(items, cues)
    if not names or not all(looks_like_unit(n, cues) for n in names):
        return None
    end = h.end
    line_end = norm.find("\n", m.end(), end)
    end = line_end if line_end != -1 else end
    while end > m.end() and doc.text[end - 1] in " \t\n":
        end -= 1
    return Assignment(a, end, _dedupe(_mentions(doc, items, "responsible", cues)), True)


_SENTENCE_RE = re.compile(r"[^。;!?\n]+")
_PROSE_LEAD_RE = re.compile(
    r"\s*(?:\(\d+\)|\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)?"
    r"(?:由(?P<by>.+?)牵头(?:负责)?(?P<rest>.*)|(?P<name>.+?)牵头(?:负责)?)")


def _glued_tail(norm: str, start: int, end: int, cues: AssignmentCues = DEFAULT_CUES) -> int:
    """Where a unit name glued to a preceding name begins (综合协调组省交通运输厅牵头: the
    group's own name, then its lead), or ``start``. A name begins at one of the cue family
    ``level_prefixes`` (省, 市, 县 ...)."""
    for p in range(start + 2, end - 1):
        if (norm[p] in cues.level_prefixes and _unit_core(norm[start:p]).endswith(cues.unit_suffixes)
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
    from .assignments import _suffixed_clauses, suffix_assignment  # the clauses after the lead read as in brackets

    norm = doc.norm
    found: list[Assignment] = []
    for sentence in _SENTENCE_RE.finditer(norm):
        clauses = _suffixed_clauses(doc, sentence.start(), sentence.end(), cues)
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
