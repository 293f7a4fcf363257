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
>>> from kg.namespaces import OA
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

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef

from ..extract.model import Extraction, Place, Project, Target
from ..indicators import indicator_vocabulary
from ..namespaces import bind_prefixes
from ..readers.provenance import source_triples
from ..roles import ROLE_PROPERTIES, ROLE_TERMS
from . import iris
from .triples_agents import government_node, place_node, unit_triples
from .triples_context import Context
from .triples_terms import DCTERMS, KG, PROV, RDF, RDFS, XSD, Triple, date_literal, decimal, literal, zh

SECTION_PATH_SEPARATOR = " > "


def plan_triples(ctx: Context) -> Iterator[Triple]:
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
        node, triples = place_node(name)
        yield from triples
        if i == 0:
            government, triples = government_node(name)
            yield from triples
            yield (plan, KG.issuer, node)
            yield (plan, DCTERMS.publisher, government)
        if i + 1 < len(chain):
            yield (node, KG.locatedIn, iris.place_iri(chain[i + 1]))


def section_triples(ctx: Context) -> Iterator[Triple]:
    """One kg:Section per heading, linked to its parent heading."""
    for h in ctx.headings:
        node = iris.section_iri(ctx.stem, h.start)
        yield (node, RDF.type, KG.Section)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, KG.printedId, literal(h.number))
        yield (node, DCTERMS.title, zh(h.title))
        yield (node, KG.level, literal(h.depth))
        parent = ctx.parent_heading(h)
        if parent is not None:
            yield (node, KG.parentSection, iris.section_iri(ctx.stem, parent.start))
        yield from ctx.evidence(node, h.start, max(h.title_end, h.start + 1), h.label)


def goal_triples(ctx: Context) -> Iterator[Triple]:
    for g in ctx.goals:
        node = iris.goal_iri(ctx.stem, g.start)
        yield (node, RDF.type, KG.Goal)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, DCTERMS.title, zh(g.title))
        if g.id:
            yield (node, KG.printedId, literal(g.id))
        section = ctx.enclosing_heading(g.start)
        if section is not None:
            yield (node, KG.inSection, iris.section_iri(ctx.stem, section.start))
        yield from ctx.evidence(node, g.start, g.end, g.title)



def task_triples(ctx: Context) -> Iterator[Triple]:
    """Tasks with their section, goal, evidence and assignments (direct and qualified)."""
    for t in ctx.tasks:
        node = iris.task_iri(ctx.stem, t.start)
        yield (node, RDF.type, KG.Task)
        yield (node, KG.inPlan, ctx.plan)
        yield (node, PROV.wasDerivedFrom, ctx.plan)
        yield (node, KG.printedId, literal(t.id))
        yield (node, DCTERMS.title, zh(t.title))
        if t.section:
            yield (node, KG.sectionPath, literal(SECTION_PATH_SEPARATOR.join(t.section)))
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
            yield (assignment, KG.surface, literal(mention.surface))
            yield from ctx.evidence(assignment, mention.start, mention.end, mention.surface)


def _owner_task(ctx: Context, start: int, task_uid: str | None) -> URIRef | None:
    """The task a target or project belongs to: the one extraction named (by uid), else by offset."""
    task = next((t for t in ctx.tasks if t.uid == task_uid), None) if task_uid else None
    task = task or ctx.enclosing_task(start)
    return None if task is None else iris.task_iri(ctx.stem, task.start)


def _owner(ctx: Context, start: int, task_id: str | None, goal_name: str | None = None) -> URIRef | None:
    """The task, else the goal, a target belongs to."""
    owner = _owner_task(ctx, start, task_id)
    if owner is not None:
        return owner
    goal = ctx.enclosing_goal(start) or ctx.goal_by_name(goal_name)
    return None if goal is None else iris.goal_iri(ctx.stem, goal.start)


def target_triples(ctx: Context) -> Iterator[Triple]:
    seen: dict[int, int] = {}
    for t in sorted(ctx.ex.targets, key=lambda t: (t.start, t.end)):
        n = seen.get(t.start, 0)
        seen[t.start] = n + 1
        node = iris.target_iri(ctx.stem, t.start, n)
        yield from _target(ctx, node, t)
        owner = _owner(ctx, t.start, t.task, t.goal)
        if owner is not None:
            yield (owner, KG.hasTarget, node)


def _target(ctx: Context, node: URIRef, t: Target) -> Iterator[Triple]:
    yield (node, RDF.type, KG.Target)
    yield (node, KG.inPlan, ctx.plan)
    yield (node, PROV.wasDerivedFrom, ctx.plan)
    yield (node, KG.indicator, literal(t.indicator))
    concept = indicator_vocabulary().concept_of(t.indicator)
    if concept is not None:  # the indicator concept, for comparing targets with later results
        yield (node, KG.measures, URIRef(concept))
    if t.change:
        yield (node, KG.change, literal(t.change))
    if isinstance(t.value, (tuple, list)):
        low, high = t.value
        yield (node, KG.valueMin, decimal(low))
        yield (node, KG.valueMax, decimal(high))
    else:
        yield (node, KG.value, decimal(t.value))
    if t.unit:
        yield (node, KG.unitOfMeasure, literal(t.unit))
    yield (node, KG.comparator, literal(t.comparator))
    if t.year is not None:
        yield (node, KG.targetYear, Literal(f"{int(t.year):04d}", datatype=XSD.gYear))
    if t.frequency:
        yield (node, KG.frequency, literal(t.frequency))
    yield (node, KG.targetKind, literal(t.kind))
    yield from ctx.evidence(node, t.start, t.end, t.quote)


def project_triples(ctx: Context) -> Iterator[Triple]:
    for p in sorted(ctx.ex.projects, key=lambda p: (p.start, p.end)):
        node = iris.project_iri(ctx.stem, p.start)
        yield from _project(ctx, node, p)
        owner = _owner_task(ctx, p.start, p.task)
        if owner is not None:
            yield (owner, KG.namesProject, node)


def _project(ctx: Context, node: URIRef, p: Project) -> Iterator[Triple]:
    yield (node, RDF.type, KG.Project)
    yield (node, RDFS.label, zh(p.name))
    yield (node, KG.projectKind, literal(p.kind))
    yield (node, KG.inPlan, ctx.plan)
    yield (node, PROV.wasDerivedFrom, ctx.plan)
    for name in p.places:
        place, triples = place_node(name)
        yield from triples
        yield (node, KG.locatedIn, place)
    yield from ctx.evidence(node, p.start, p.end, p.name)


def enterprise_triples(ctx: Context) -> Iterator[Triple]:
    """Enterprises are shared across plans; the task (else the plan) that names one links to it."""
    for e in ctx.ex.enterprises:
        node = iris.enterprise_iri(e.name)
        yield (node, RDF.type, KG.Enterprise)
        yield (node, RDFS.label, zh(e.name))
        task = ctx.enclosing_task(e.start)
        yield (iris.task_iri(ctx.stem, task.start) if task else ctx.plan, KG.namesEnterprise, node)
        yield from ctx.evidence(node, e.start, e.end, e.name)


def place_triples(ctx: Context) -> Iterator[Triple]:
    """Places (shared across plans) and, per plan, a kg:PlaceMention with the count."""
    for p in ctx.ex.places:
        yield from _place(ctx, p)


def _place(ctx: Context, p: Place) -> Iterator[Triple]:
    node, triples = place_node(p.name)
    yield from triples
    if p.level:
        yield (node, KG.placeLevel, literal(p.level))
    if p.parent:
        parent, triples = place_node(p.parent)
        yield from triples
        yield (node, KG.locatedIn, parent)
    if p.code:
        yield (node, KG.divisionCode, literal(p.code))
    mention = iris.place_mention_iri(ctx.stem, p.name)
    yield (mention, RDF.type, KG.PlaceMention)
    yield (mention, KG.place, node)
    yield (mention, KG.mentionedIn, ctx.plan)
    yield (mention, KG.mentions, literal(int(p.mentions)))
    if p.surface and p.surface != p.name:
        yield (mention, RDFS.label, zh(p.surface))  # the name as the plan writes it (鄂城 for 鄂城区)
    if 0 <= p.start < p.end:
        yield from ctx.evidence(mention, p.start, p.end, p.name)


STEPS = (plan_triples, section_triples, goal_triples, task_triples, target_triples, project_triples,
         enterprise_triples, place_triples)
"""The conversion, one function per record kind, in this order."""


def extraction_to_triples(extraction: Extraction) -> Iterator[Triple]:
    """Every triple of one document's named graph (may repeat a triple; a graph dedupes)."""
    ctx = Context(extraction)
    for step in STEPS:
        yield from step(ctx)


def triples_graph(extraction: Extraction, identifier=None) -> Graph:
    """The document's triples in an rdflib :class:`~rdflib.Graph` (prefixes bound)."""
    graph = bind_prefixes(Graph(identifier=identifier))
    graph.addN((s, p, o, graph) for s, p, o in extraction_to_triples(extraction))
    return graph
