"""Extraction records -> RDF triples: a pure step, no I/O.

:func:`extraction_to_triples` turns everything read from one document into the
triples of that document's named graph, following the layout of
``ontology/policy.ttl``: plan, sections, goals, tasks with their qualified
assignments, units, collectives, targets, projects, enterprises and places, each
fact with an evidence span (``<plan>#char=start,end``) that quotes the text.

Records are linked by character offsets, not by printed numbers (which repeat in a
plan): a target, project or enterprise belongs to the innermost task whose text
contains it, else to the goal that contains it.

>>> from kg.extract.model import Extraction, PlanInfo, Task, UnitMention
>>> text = "1.推行产业链长制。(牵头单位:区财政局)"
>>> at = text.index("区财政局")
>>> unit = UnitMention("区财政局", "lead", at, at + 4, canonical="区财政局", unit_type="finance")
>>> ex = Extraction(PlanInfo("a.txt", "方案", "鄂城区", "2024"), text=text,
...                 tasks=(Task("1.", "推行产业链长制", (), 0, len(text), (unit,)),))
>>> g = triples_graph(ex)
>>> task = iris.task_iri("a", 0)
>>> [str(u) for u in g.objects(task, KG.leadUnit)]
['https://w3id.org/kg-policy/id/unit/%E9%84%82%E5%9F%8E%E5%8C%BA/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80']
>>> str(g.value(iris.span_iri("a", at, at + 4), OA.exact))
'区财政局'
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from .. import namespaces
from ..extract.model import Extraction, Heading, Place, Project, Target, Task, UnitMention
from ..indicators import indicator_vocabulary
from ..namespaces import bind_prefixes
from ..readers.provenance import source_triples
from ..roles import ROLE_PROPERTIES, ROLE_TERMS
from . import iris

Triple = tuple[URIRef, URIRef, URIRef | Literal]

SECTION_PATH_SEPARATOR = " > "


class _Terms:
    """A namespace whose terms are looked up once each, then read as plain attributes.

    rdflib's defined namespaces check every attribute access; the conversion reads
    a few dozen terms hundreds of thousands of times.
    """

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, KG, OA, ORG, PROV, RDF, RDFS, SKOS, XSD = (
    _Terms(getattr(namespaces, n)) for n in ("DCTERMS", "KG", "OA", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD"))

_CACHED = 1 << 14
"""Entries of each memo of terms (literals, places, units): names and offsets recur within and across plans."""

_literal = lru_cache(maxsize=_CACHED, typed=True)(Literal)
"""A plain literal of a (short) string or an int, made once per value (literals are immutable)."""


@lru_cache(maxsize=_CACHED)
def zh(text: str) -> Literal:
    """A Chinese label."""
    return Literal(text, lang="zh")


@lru_cache(maxsize=_CACHED, typed=True)
def decimal(value) -> Literal:
    """An ``xsd:decimal`` from an int or float, written the short way.

    >>> decimal(7.0), decimal(0.25)
    (rdflib.term.Literal('7.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')), rdflib.term.Literal('0.25', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')))
    """
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    return Literal(number, datatype=XSD.decimal)


def date_literal(value: str | None) -> Literal | None:
    """``2024-03-15`` -> xsd:date, ``2024`` -> xsd:gYear, ``2024-03`` -> xsd:gYearMonth.

    >>> [str(date_literal(v).datatype).rsplit("#")[1] for v in ("2024-03-15", "2024", "2024-03")]
    ['date', 'gYear', 'gYearMonth']
    >>> date_literal("去年") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    kinds = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}
    if len(parts) not in kinds or any(len(p) != 2 for p in parts[1:]):
        return None
    return Literal(value, datatype=kinds[len(parts)])


class _Context:
    """What every record of one document needs: the stem, the text, offset indexes."""

    def __init__(self, extraction: Extraction):
        self.ex = extraction
        self.stem = iris.doc_stem(extraction.plan.doc)
        self.plan = iris.plan_iri(self.stem)
        self.text = extraction.text
        self.headings = sorted(extraction.headings, key=lambda h: (h.start, h.depth))
        self._heading_starts = [h.start for h in self.headings]
        self.tasks = sorted(extraction.tasks, key=lambda t: (t.start, -t.end))
        self.goals = sorted(extraction.goals, key=lambda g: (g.start, -g.end))
        self.issuer = extraction.plan.issuer

    def span(self, start: int, end: int, fallback: str = "") -> tuple[URIRef, list[Triple]]:
        """The evidence span IRI and its triples; the quote is cut from the text."""
        node = iris.span_iri(self.stem, start, end)
        if not self.text:  # nothing to cut the quote from: keep the record's own words
            exact = fallback
        else:  # offsets outside the text give an empty quote, which validation reports
            exact = self.text[start:end] if 0 <= start <= end <= len(self.text) else ""
        return node, [
            (node, RDF.type, OA.TextPositionSelector),
            (node, RDF.type, OA.TextQuoteSelector),
            (node, OA.start, _literal(start)),
            (node, OA.end, _literal(end)),
            (node, OA.exact, _literal(exact)),
            (node, DCTERMS.source, self.plan),
        ]

    def evidence(self, subject: URIRef, start: int, end: int, fallback: str = "") -> Iterator[Triple]:
        node, triples = self.span(start, end, fallback)
        yield (subject, KG.evidence, node)
        yield from triples

    def enclosing_heading(self, offset: int) -> Heading | None:
        """The innermost heading that opened strictly before ``offset`` and still runs there."""
        best = None
        for h in self.headings[: bisect.bisect_left(self._heading_starts, offset)]:
            if h.start < offset < h.end and (best is None or h.depth >= best.depth):
                best = h
        return best

    def parent_heading(self, h: Heading) -> Heading | None:
        """The section a heading's section sits in (its kg:parentSection)."""
        parent = self.enclosing_heading(h.start)
        return parent if parent is not None and parent.depth < h.depth else None

    def task_section(self, t: Task) -> Heading | None:
        """The innermost heading of a task's section path (``t.section``): its kg:inSection.

        The task's other sections follow from it through kg:parentSection, so the path
        is kept as links, not as the joined kg:sectionPath text.
        """
        h = self.enclosing_heading(t.start)
        while h is not None and t.section:
            if h.label == t.section[-1]:
                return h
            h = self.parent_heading(h)
        return None

    def enclosing_task(self, offset: int) -> Task | None:
        """The innermost (shortest) task whose text contains ``offset``."""
        inside = [t for t in self.tasks if t.start <= offset < t.end]
        return min(inside, key=lambda t: (t.end - t.start, t.start)) if inside else None

    def enclosing_goal(self, offset: int):
        inside = [g for g in self.goals if g.start <= offset < g.end]
        return min(inside, key=lambda g: (g.end - g.start, g.start)) if inside else None

    def goal_by_name(self, name: str | None):
        if not name:
            return None
        found = [g for g in self.goals if name in (g.id, g.title, f"{g.id}{g.title}")]
        return found[0] if len(found) == 1 else None


@lru_cache(maxsize=_CACHED)
def _place_node(name: str) -> tuple[URIRef, tuple[Triple, ...]]:
    node = iris.place_iri(name)
    return node, ((node, RDF.type, KG.Place), (node, RDFS.label, zh(name)))


GOVERNMENT_SUFFIX = "党委政府"
"""Label of a jurisdiction's kg:Government: the place name and this word (party committee and government)."""


@lru_cache(maxsize=_CACHED)
def government_node(place_name: str) -> tuple[URIRef, tuple[Triple, ...]]:
    """The kg:Government of a jurisdiction: the agent that publishes its plans and holds its units.

    >>> node, triples = government_node("鄂城区")
    >>> [str(o) for _, p, o in triples if p == SKOS.prefLabel]
    ['鄂城区党委政府']
    """
    node = iris.government_iri(place_name)
    place, triples = _place_node(place_name)
    return node, (*triples, (node, RDF.type, KG.Government), (node, RDF.type, ORG.Organization),
                  (node, SKOS.prefLabel, zh(place_name + GOVERNMENT_SUFFIX)), (node, KG.governs, place))


def plan_triples(ctx: _Context) -> Iterator[Triple]:
    """The plan, its issuer and the places above the issuer."""
    info, plan = ctx.ex.plan, ctx.plan
    yield (plan, RDF.type, KG.Plan)
    yield (plan, DCTERMS.identifier, Literal(info.doc.replace("\\", "/").rsplit("/", 1)[-1]))
    if info.title:
        yield (plan, DCTERMS.title, zh(info.title))
    date = date_literal(info.date)
    if date is not None:
        yield (plan, DCTERMS.date, date)
    if info.genre:
        yield (plan, KG.genre, Literal(info.genre))
    if info.source:
        yield (plan, KG.sourceName, Literal(info.source))
    if ctx.ex.content_hash:
        yield (plan, KG.contentHash, Literal(ctx.ex.content_hash))
        yield from source_triples(plan, info.doc, ctx.ex.content_hash)  # the file the text was read from
    if ctx.text:
        yield (plan, KG.text, Literal(ctx.text))
    chain = [n for n in (info.issuer, *info.parents) if n]
    for i, name in enumerate(chain):
        node, triples = _place_node(name)
        yield from triples
        if i == 0:
            government, triples = government_node(name)
            yield from triples
            yield (plan, KG.issuer, node)
            yield (plan, DCTERMS.publisher, government)
        if i + 1 < len(chain):
            yield (node, KG.locatedIn, iris.place_iri(chain[i + 1]))


def section_triples(ctx: _Context) -> Iterator[Triple]:
    """One kg:Section per heading, linked to its parent heading."""
    for h in ctx.headings:
        node = iris.section_iri(ctx.stem, h.start)
        yield (node, RDF.type, KG.Section)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, KG.printedId, _literal(h.number))
        yield (node, DCTERMS.title, zh(h.title))
        yield (node, KG.level, _literal(h.depth))
        parent = ctx.parent_heading(h)
        if parent is not None:
            yield (node, KG.parentSection, iris.section_iri(ctx.stem, parent.start))
        yield from ctx.evidence(node, h.start, max(h.title_end, h.start + 1), h.label)


def goal_triples(ctx: _Context) -> Iterator[Triple]:
    for g in ctx.goals:
        node = iris.goal_iri(ctx.stem, g.start)
        yield (node, RDF.type, KG.Goal)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, DCTERMS.title, zh(g.title))
        if g.id:
            yield (node, KG.printedId, _literal(g.id))
        section = ctx.enclosing_heading(g.start)
        if section is not None:
            yield (node, KG.inSection, iris.section_iri(ctx.stem, section.start))
        yield from ctx.evidence(node, g.start, g.end, g.title)


def unit_triples(ctx: _Context, mention: UnitMention) -> tuple[URIRef, tuple[Triple, ...]]:
    """The Unit or Collective a mention names, with its labels, jurisdiction and types."""
    types = tuple(t for t in (mention.unit_type, *mention.unit_types) if t)
    return _agent(mention.jurisdiction or ctx.issuer, mention.canonical or mention.surface, mention.surface,
                  mention.is_collective, types)


@lru_cache(maxsize=_CACHED)
def _agent(jurisdiction: str | None, name: str, surface: str, is_collective: bool,
           types: tuple[str, ...]) -> tuple[URIRef, tuple[Triple, ...]]:
    """:func:`unit_triples` of a mention reduced to what they depend on (the same unit recurs in a plan)."""
    out: list[Triple] = []
    if jurisdiction:
        place, triples = _place_node(jurisdiction)
        out += triples
    else:
        place = None
    if is_collective:
        node = iris.collective_iri(jurisdiction, name)
        out.append((node, RDF.type, KG.Collective))
    else:
        node = iris.unit_iri(jurisdiction, name)
        out.append((node, RDF.type, KG.Unit))
        if types:
            out.append((node, KG.departmentType, iris.department_type_iri(types[0])))
            out += [(node, KG.alsoDepartmentType, iris.department_type_iri(t)) for t in dict.fromkeys(types[1:]) if t != types[0]]
    out.append((node, SKOS.prefLabel, zh(name)))
    if surface != name:
        out.append((node, SKOS.altLabel, zh(surface)))
    if place is not None:
        out.append((node, KG.jurisdiction, place))
        if not is_collective:
            government, triples = government_node(jurisdiction)
            out += triples
            out.append((node, ORG.subOrganizationOf, government))
    return node, tuple(out)


def task_triples(ctx: _Context) -> Iterator[Triple]:
    """Tasks with their section, goal, evidence and assignments (direct and qualified)."""
    for t in ctx.tasks:
        node = iris.task_iri(ctx.stem, t.start)
        yield (node, RDF.type, KG.Task)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, KG.printedId, _literal(t.id))
        yield (node, DCTERMS.title, zh(t.title))
        if t.section:
            yield (node, KG.sectionPath, _literal(SECTION_PATH_SEPARATOR.join(t.section)))
        section = ctx.task_section(t)
        if section is not None:
            yield (node, KG.inSection, iris.section_iri(ctx.stem, section.start))
        goal = ctx.goal_by_name(t.goal)
        if goal is not None:
            yield (node, KG.servesGoal, iris.goal_iri(ctx.stem, goal.start))
        yield from ctx.evidence(node, t.start, t.end, t.title)
        for mention in t.units:
            agent, triples = unit_triples(ctx, mention)
            yield from triples
            yield (node, ROLE_PROPERTIES[mention.role], agent)
            assignment = iris.assignment_iri(ctx.stem, mention.start, mention.role)
            yield (node, KG.hasAssignment, assignment)
            yield (assignment, RDF.type, KG.Assignment)
            yield (assignment, PROV.wasDerivedFrom, ctx.plan)
            yield (assignment, KG.role, ROLE_TERMS[mention.role])
            yield (assignment, KG.agent, agent)
            yield (assignment, KG.surface, _literal(mention.surface))
            yield from ctx.evidence(assignment, mention.start, mention.end, mention.surface)


def _owner_task(ctx: _Context, start: int, task_uid: str | None) -> URIRef | None:
    """The task a target or project belongs to: the one extraction named (by uid), else by offset."""
    task = next((t for t in ctx.tasks if t.uid == task_uid), None) if task_uid else None
    task = task or ctx.enclosing_task(start)
    return None if task is None else iris.task_iri(ctx.stem, task.start)


def _owner(ctx: _Context, start: int, task_id: str | None, goal_name: str | None = None) -> URIRef | None:
    """The task, else the goal, a target belongs to."""
    owner = _owner_task(ctx, start, task_id)
    if owner is not None:
        return owner
    goal = ctx.enclosing_goal(start) or ctx.goal_by_name(goal_name)
    return None if goal is None else iris.goal_iri(ctx.stem, goal.start)


def target_triples(ctx: _Context) -> Iterator[Triple]:
    seen: dict[int, int] = {}
    for t in sorted(ctx.ex.targets, key=lambda t: (t.start, t.end)):
        n = seen.get(t.start, 0)
        seen[t.start] = n + 1
        node = iris.target_iri(ctx.stem, t.start, n)
        yield from _target(ctx, node, t)
        owner = _owner(ctx, t.start, t.task, t.goal)
        if owner is not None:
            yield (owner, KG.hasTarget, node)


def _target(ctx: _Context, node: URIRef, t: Target) -> Iterator[Triple]:
    yield (node, RDF.type, KG.Target)
    yield (node, KG.inPlan, ctx.plan)
    yield (node, PROV.wasDerivedFrom, ctx.plan)
    yield (node, KG.indicator, _literal(t.indicator))
    concept = indicator_vocabulary().concept_of(t.indicator)
    if concept is not None:  # the indicator concept, for comparing targets with later results
        yield (node, KG.measures, URIRef(concept))
    if t.change:
        yield (node, KG.change, _literal(t.change))
    if isinstance(t.value, (tuple, list)):
        low, high = t.value
        yield (node, KG.valueMin, decimal(low))
        yield (node, KG.valueMax, decimal(high))
    else:
        yield (node, KG.value, decimal(t.value))
    if t.unit:
        yield (node, KG.unitOfMeasure, _literal(t.unit))
    yield (node, KG.comparator, _literal(t.comparator))
    if t.year is not None:
        yield (node, KG.targetYear, Literal(f"{int(t.year):04d}", datatype=XSD.gYear))
    if t.frequency:
        yield (node, KG.frequency, _literal(t.frequency))
    yield (node, KG.targetKind, _literal(t.kind))
    yield from ctx.evidence(node, t.start, t.end, t.quote)


def project_triples(ctx: _Context) -> Iterator[Triple]:
    for p in sorted(ctx.ex.projects, key=lambda p: (p.start, p.end)):
        node = iris.project_iri(ctx.stem, p.start)
        yield from _project(ctx, node, p)
        owner = _owner_task(ctx, p.start, p.task)
        if owner is not None:
            yield (owner, KG.namesProject, node)


def _project(ctx: _Context, node: URIRef, p: Project) -> Iterator[Triple]:
    yield (node, RDF.type, KG.Project)
    yield (node, RDFS.label, zh(p.name))
    yield (node, KG.projectKind, _literal(p.kind))
    yield (node, KG.inPlan, ctx.plan)
    yield (node, PROV.wasDerivedFrom, ctx.plan)
    for name in p.places:
        place, triples = _place_node(name)
        yield from triples
        yield (node, KG.locatedIn, place)
    yield from ctx.evidence(node, p.start, p.end, p.name)


def enterprise_triples(ctx: _Context) -> Iterator[Triple]:
    """Enterprises are shared across plans; the task (else the plan) that names one links to it."""
    for e in ctx.ex.enterprises:
        node = iris.enterprise_iri(e.name)
        yield (node, RDF.type, KG.Enterprise)
        yield (node, RDFS.label, zh(e.name))
        task = ctx.enclosing_task(e.start)
        yield (iris.task_iri(ctx.stem, task.start) if task else ctx.plan, KG.namesEnterprise, node)
        yield from ctx.evidence(node, e.start, e.end, e.name)


def place_triples(ctx: _Context) -> Iterator[Triple]:
    """Places (shared across plans) and, per plan, a kg:PlaceMention with the count."""
    for p in ctx.ex.places:
        yield from _place(ctx, p)


def _place(ctx: _Context, p: Place) -> Iterator[Triple]:
    node, triples = _place_node(p.name)
    yield from triples
    if p.level:
        yield (node, KG.placeLevel, _literal(p.level))
    if p.parent:
        parent, triples = _place_node(p.parent)
        yield from triples
        yield (node, KG.locatedIn, parent)
    if p.code:
        yield (node, KG.divisionCode, _literal(p.code))
    mention = iris.place_mention_iri(ctx.stem, p.name)
    yield (mention, RDF.type, KG.PlaceMention)
    yield (mention, KG.place, node)
    yield (mention, KG.mentionedIn, ctx.plan)
    yield (mention, KG.mentions, _literal(int(p.mentions)))
    if p.surface and p.surface != p.name:
        yield (mention, RDFS.label, zh(p.surface))  # the name as the plan writes it (鄂城 for 鄂城区)
    if 0 <= p.start < p.end:
        yield from ctx.evidence(mention, p.start, p.end, p.name)


STEPS = (plan_triples, section_triples, goal_triples, task_triples, target_triples, project_triples,
         enterprise_triples, place_triples)
"""The conversion, one function per record kind, in this order."""


def extraction_to_triples(extraction: Extraction) -> Iterator[Triple]:
    """Every triple of one document's named graph (may repeat a triple; a graph dedupes)."""
    ctx = _Context(extraction)
    for step in STEPS:
        yield from step(ctx)


def triples_graph(extraction: Extraction, identifier=None) -> Graph:
    """The document's triples in an rdflib :class:`~rdflib.Graph` (prefixes bound)."""
    graph = bind_prefixes(Graph(identifier=identifier))
    graph.addN((s, p, o, graph) for s, p, o in extraction_to_triples(extraction))
    return graph
