"""The Doc as kg's components leave it: span groups, their attributes, and the records made from them.

Every component of :func:`kg.load` writes what it finds into ``doc.spans`` under one
key (:data:`SPAN_KEYS`), one span per finding, with its attributes on the span
(``span._.role``, ``span._.canonical``, ``span._.value`` ...). The Doc has one token
per character, so a span's ``start_char``/``end_char`` are its token offsets too.
Document-level facts (the file name, the manifest row, the plan read from the text)
are ``doc._.kg_name``, ``doc._.kg_given_plan`` and ``doc._.kg_plan``.

This module is the one place that turns records into spans (:func:`write_records`)
and spans back into records (:func:`read_records`, :func:`extraction_from_doc`):
components read what earlier ones found through it, and ``kg extract`` prints what
:func:`extraction_from_doc` returns.

A span's attributes are one dict in ``doc.user_data`` under the span's label, kb_id, id and
offsets, so two spans with the same offsets in different groups (a task and its
heading) or in one group (two targets read from one phrase) keep their own values,
and a Doc sent between processes (``nlp.pipe(n_process=...)``) keeps them all.
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, fields
from functools import cache

from spacy.tokens import Doc, Span

from ..document import Document
from .model import Enterprise, Extraction, Goal, Heading, Place, PlanInfo, Project, Target, Task, UnitMention
from .unit_lists import unwrap

SPAN_KEYS = {
    "headings": "kg.headings",
    "assignments": "kg.assignments",
    "units": "kg.units",
    "tasks": "kg.tasks",
    "goals": "kg.goals",
    "targets": "kg.targets",
    "cue_clauses": "kg.cue_clauses",
    "enterprises": "kg.enterprises",
    "places": "kg.places",
    "place_mentions": "kg.place_mentions",
    "projects": "kg.projects",
}
"""``doc.spans`` key of each kind of finding."""

LABELS = {
    "headings": "HEADING", "assignments": "ASSIGNMENT", "tasks": "TASK", "goals": "GOAL",
    "targets": "TARGET", "cue_clauses": "CUE_CLAUSE", "enterprises": "ENTERPRISE", "places": "PLACE",
    "projects": "PROJECT",
}
"""Span label of each kind; a unit's label is its role in upper case (LEAD, RESPONSIBLE, COLLECTIVE)."""

RENAMED = {"id": "number", "end": "section_end"}
"""Record fields stored under another attribute name (``id`` is spaCy's; a heading's span ends with its title)."""

SPAN_ATTRIBUTES = (
    # headings
    "number", "style", "ordinal", "depth", "title", "section_end",
    # units
    "role", "canonical", "unit_type", "unit_types", "jurisdiction", "task", "collective",
    # assignments
    "labelled",
    # tasks and goals
    "section", "goal", "uid",
    # targets
    "indicator", "change", "value", "unit", "comparator", "year", "frequency", "kind", "quote",
    # projects, places
    "name", "places", "level", "parent", "code", "mentions", "surface",
)
"""Every ``span._`` attribute kg sets; components of other packages may add their own."""

DOC_ATTRIBUTES = ("kg_name", "kg_content_hash", "kg_given_plan", "kg_plan", "kg_error")


def _key(span: Span) -> tuple:
    # token offsets: kg's Docs have one token per character, and a token index is cheaper to read
    return ("kg._.", span.label, span.kb_id, span.id, span.start, span.end)


def _attrs(span: Span) -> dict:
    """The attributes of one span (one entry of ``doc.user_data``)."""
    return span.doc.user_data.get(_key(span)) or {}


def _get(span: Span, name: str):
    return _attrs(span).get(name)


def _set(span: Span, name: str, value) -> None:
    span.doc.user_data.setdefault(_key(span), {})[name] = value


def _new_span(doc: Doc, start: int, end: int, label: str, i: int, attrs: dict) -> Span:
    span = Span(doc, start, end, label=label, span_id=i)
    doc.user_data[_key(span)] = attrs
    return span


def _attribute(name: str):
    return (lambda span: _get(span, name)), (lambda span, value: _set(span, name, value))


def register_extensions() -> None:
    """Register kg's ``Span`` and ``Doc`` extensions (idempotent)."""
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            getter, setter = _attribute(name)
            Span.set_extension(name, getter=getter, setter=setter)
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()

# --- the Document view of a Doc ------------------------------------------------------

_SOURCES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_TEXT_KEY = ("kg.text",)


def remember_text(doc: Doc, text: str) -> None:
    """Keep the text a tokenizer made ``doc`` from in ``doc.user_data``, so that it travels with the Doc
    (``doc.text`` joins every token anew on each call)."""
    doc.user_data[_TEXT_KEY] = text


def _text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def source(doc: Doc) -> Document:
    """The :class:`~kg.document.Document` (text, width-folded text, name) that rule functions read."""
    found = _SOURCES.get(doc)
    if found is None:
        found = Document(name=doc._.kg_name or "<text>", text=_text(doc), content_hash=doc._.kg_content_hash or "")
        _SOURCES[doc] = found
    return found


def attach_source(doc: Doc, document: Document) -> None:
    """Let :func:`source` return ``document`` itself (already decoded and folded) for ``doc``."""
    if len(document.text) != len(doc):
        raise ValueError(f"{document.name}: the Doc's text is not the document's text")
    _SOURCES[doc] = document
    doc._.kg_name = document.name
    doc._.kg_content_hash = document.content_hash


# --- records <-> spans -----------------------------------------------------------------

_RECORD_TYPES = {
    "headings": Heading, "tasks": Task, "goals": Goal, "targets": Target,
    "enterprises": Enterprise, "places": Place, "projects": Project,
}
_SPAN_END = {Heading: "title_end"}


@cache
def _stored_fields(cls) -> tuple[tuple[str, str], ...]:
    """(field, attribute) of a record type's fields kept as span attributes."""
    end = _SPAN_END.get(cls, "end")
    out = []
    for f in fields(cls):
        if f.name in ("start", end, "units"):
            continue
        out.append((f.name, RENAMED.get(f.name, f.name)))
    return tuple(out)


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def _typed(value):
    return tuple(value) if isinstance(value, list) else value


def _make(cls, values: dict):
    """A record from its field values, without the frozen dataclass's per-field ``__setattr__`` (no checks to skip)."""
    record = object.__new__(cls)
    record.__dict__.update(values)
    return record


def write_records(doc: Doc, kind: str, records) -> None:
    """Write ``records`` (dataclasses of :mod:`kg.extract.model`) as ``doc.spans[SPAN_KEYS[kind]]``."""
    cls = _RECORD_TYPES[kind]
    end_field = _SPAN_END.get(cls, "end")
    label = LABELS[kind]
    spans = []
    stored = _stored_fields(cls)
    for i, record in enumerate(records):
        attrs = {attr: _plain(getattr(record, field_name)) for field_name, attr in stored}
        spans.append(_new_span(doc, record.start, getattr(record, end_field), label, i, attrs))
    doc.spans[SPAN_KEYS[kind]] = spans


def read_records(doc: Doc, kind: str, units: bool = True) -> tuple:
    """The records of ``doc.spans[SPAN_KEYS[kind]]`` (tasks with their units, unless ``units`` is false)."""
    key = SPAN_KEYS[kind]
    if key not in doc.spans:
        return ()
    cls = _RECORD_TYPES[kind]
    end_field = _SPAN_END.get(cls, "end")
    by_task = _units_by_task(doc) if cls is Task and units else {}
    out = []
    stored = _stored_fields(cls)
    data = doc.user_data
    for span in doc.spans[key]:
        start, end = span.start, span.end
        values = {"start": start, end_field: end}
        attrs = data.get(("kg._.", span.label, span.kb_id, span.id, start, end)) or {}  # _attrs(span), inlined
        for field_name, attr in stored:
            value = attrs.get(attr)
            values[field_name] = tuple(value) if type(value) is list else value
        if cls is Task:
            values["units"] = by_task.get(values["uid"], ())
        out.append(_make(cls, values))
    return tuple(out)


def write_units(doc: Doc, units: list[tuple[UnitMention, str | int | None]]) -> None:
    """Write unit mentions as ``doc.spans["kg.units"]``, each with the task (uid) or clause (index) it belongs to."""
    doc.spans[SPAN_KEYS["units"]] = [_unit_span(doc, u, owner, i) for i, (u, owner) in enumerate(units)]


def assign_units(doc: Doc, tasks: list[tuple[str, tuple[UnitMention, ...]]]) -> None:
    """Give unit spans their task: ``(uid, units)`` per task, in order.

    A task whose units are clause spans already in ``kg.units`` (same offsets and role, in
    the same order) takes those spans; the units of other tasks (table rows) are appended.
    A clause's unit that no task took (a repeat merged into an earlier one) keeps its clause.
    """
    key = SPAN_KEYS["units"]
    group = doc.spans[key] if key in doc.spans else None
    data = doc.user_data
    free: dict[tuple, int] = {}
    owners = []
    for i, span in enumerate(group if group is not None else ()):
        k = _key(span)
        attrs = data.setdefault(k, {})
        owners.append(attrs)
        if not isinstance(attrs.get("task"), str):
            free.setdefault((span.start, span.end, attrs.get("role")), i)
    added: list[tuple[UnitMention, str]] = []
    for uid, units in tasks:
        found = [free.get((u.start, u.end, u.role)) for u in units]
        if units and None not in found and found == sorted(found):
            for i in found:
                owners[i]["task"] = uid
            for u in units:
                free.pop((u.start, u.end, u.role), None)
        else:
            added += [(u, uid) for u in units]
    if added:
        start = len(owners)
        new = [_unit_span(doc, u, owner, start + j) for j, (u, owner) in enumerate(added)]
        if group is None:
            doc.spans[key] = new
        else:
            group.extend(new)


def _unit_span(doc: Doc, u: UnitMention, owner, i: int) -> Span:
    attrs = {"role": u.role, "canonical": u.canonical, "unit_type": u.unit_type, "jurisdiction": u.jurisdiction,
             "unit_types": list(u.unit_types), "task": owner, "collective": u.collective}
    return _new_span(doc, u.start, u.end, u.role.upper(), i, attrs)


def unit_of(span: Span, text: str | None = None) -> UnitMention:
    """The mention a unit span stands for (``text``: the Doc's text, when at hand)."""
    return _unit(span, _attrs(span), text)


def _unit(span: Span, a: dict, text: str | None) -> UnitMention:
    start, end = span.start, span.end
    return _make(UnitMention, {
        "surface": unwrap(span.text if text is None else text[start:end]), "role": a.get("role"), "start": start, "end": end,
        "canonical": a.get("canonical"), "unit_type": a.get("unit_type"), "jurisdiction": a.get("jurisdiction"),
        "unit_types": tuple(a.get("unit_types") or ()), "collective": bool(a.get("collective"))})


def read_units(doc: Doc) -> list[tuple[UnitMention, str | int | None]]:
    """``(mention, owner)`` of every unit span, in order."""
    if SPAN_KEYS["units"] not in doc.spans:
        return []
    text = source(doc).text
    data = doc.user_data
    out = []
    for span in doc.spans[SPAN_KEYS["units"]]:
        a = data.get(_key(span)) or {}
        out.append((_unit(span, a, text), a.get("task")))
    return out


def update_units(doc: Doc, resolve) -> None:
    """Replace the attributes of every unit span with those of ``resolve(mention)`` (same offsets and role)."""
    text = source(doc).text
    data = doc.user_data
    for span in doc.spans.get(SPAN_KEYS["units"], ()):
        key = _key(span)
        attrs = data.setdefault(key, {})
        u = resolve(_unit(span, attrs, text))
        attrs.update(canonical=u.canonical, unit_type=u.unit_type, jurisdiction=u.jurisdiction,
                     unit_types=list(u.unit_types))


def _units_by_task(doc: Doc) -> dict[str, tuple[UnitMention, ...]]:
    out: dict[str, list[UnitMention]] = {}
    for unit, owner in read_units(doc):
        if isinstance(owner, str):
            out.setdefault(owner, []).append(unit)
    return {k: tuple(v) for k, v in out.items()}


def write_plan(doc: Doc, plan: PlanInfo) -> None:
    doc._.kg_plan = {k: _plain(v) for k, v in asdict(plan).items()}


def read_plan(doc: Doc) -> PlanInfo | None:
    """The plan read by ``kg_plan`` (manifest values first), or None before it ran."""
    return _plan_of(doc._.kg_plan)


def given_plan(doc: Doc) -> PlanInfo | None:
    """The manifest row given with the document, if any."""
    return _plan_of(doc._.kg_given_plan)


def _plan_of(data: dict | None) -> PlanInfo | None:
    if data is None:
        return None
    return PlanInfo(**{k: tuple(v) if k == "parents" else v for k, v in data.items()})


def plan_to_dict(plan: PlanInfo | None) -> dict | None:
    return None if plan is None else {k: _plain(v) for k, v in asdict(plan).items()}


def extraction_from_doc(doc: Doc) -> Extraction:
    """The records of one processed Doc: what ``kg extract`` prints and the graph is built from."""
    plan = read_plan(doc) or PlanInfo(doc=doc._.kg_name or "<text>", title=None, issuer=None, date=None)
    return Extraction(
        plan=plan,
        headings=read_records(doc, "headings"),
        tasks=read_records(doc, "tasks"),
        goals=read_records(doc, "goals"),
        targets=read_records(doc, "targets"),
        projects=read_records(doc, "projects"),
        enterprises=read_records(doc, "enterprises"),
        places=read_records(doc, "places"),
        text=source(doc).text,
        content_hash=source(doc).content_hash,
    )
