"""The one conversion from the RDF graph to networkx.

:func:`to_networkx` reads a graph in kg's RDF layout (an rdflib ``Graph``, or a
``Dataset``/``ConjunctiveGraph`` whose named graphs are read as their union) and
returns :class:`WorkloadGraphs`:

``graph``
    a ``MultiDiGraph`` of every typed node (``kind`` = plan, goal, task, unit,
    collective, target, project, place, enterprise) and relation (``rel`` = lead,
    responsible, collective, in_plan, serves_goal, has_target, names_project,
    names_enterprise, located_in, issuer, jurisdiction). Role edges point from the
    agent to the task and carry the surface and quote of the assignment, and
    ``roles``, every role the agent has on the task.
``bipartite``
    the Unit–Task graph: unit, collective and task nodes; one edge per (agent, task)
    whose ``role`` is the strongest role the agent has on the task (lead before
    responsible before collective; all of them in ``roles``). Its attributes are those
    of the typed graph's edge of that role: the same dict.
``coresponsibility``
    its projection on units (collectives left out): an edge joins two units that
    share a task, ``weight`` = number of shared tasks. The tasks themselves are found
    when asked for, from the bipartite graph: :meth:`WorkloadGraphs.shared_tasks`.

A node's attributes are one dict, the same object in all three graphs (read them, do not
change them); unit, collective and task nodes also carry ``bipartite`` (0 for tasks, 1
for agents), networkx's convention for bipartite graphs. Edges whose attributes are the
same share one :class:`~kg.analysis.graphs.SharedAttrs` (every edge of a structural
relation; every co-responsibility edge of a weight), which refuses changes: change a
copy (``G.copy()``).

Units are nodes once per jurisdiction (the graph mints one IRI per jurisdiction and
canonical name), so a unit named in several plans of the same government is one node.
Task nodes carry ``sections``, the labels of the sections above the task, read from
the graph's links (``kg:inSection``, then ``kg:parentSection``), and ``section_path``,
the same joined for display. Unit nodes carry ``plans`` (plan ids), ``goal_areas``
(the goal each task serves, else the innermost section above it) and ``targets`` (the targets set by the tasks it leads
or shares). The small Turtle graph :data:`EXAMPLE` is used by the examples of
:mod:`kg.analysis`:

>>> from rdflib import Graph
>>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
>>> sorted(graphs.bipartite.nodes[n]["label"] for n in graphs.units())
['青山区住房和城乡建设局', '青山区发展和改革局', '青山区财政局']
>>> graphs.plan_ids()
['qingshan_plan']
>>> fgj = graphs.unit_by_label("青山区发展和改革局")
>>> sorted(d["role"] for _, _, d in graphs.bipartite.edges(fgj, data=True))
['lead', 'lead', 'responsible']
>>> czj = graphs.unit_by_label("青山区财政局")
>>> graphs.coresponsibility.edges[fgj, czj]["weight"]
2
>>> [graphs.graph.nodes[t]["label"] for t in graphs.shared_tasks(fgj, czj)]
['1.招商引资', '2.项目建设']
"""

from __future__ import annotations

import logging
from collections import defaultdict
from itertools import combinations
from urllib.parse import unquote

import networkx as nx
from rdflib import URIRef

from ..graph.triples import SECTION_PATH_SEPARATOR
from ..namespaces import DCTERMS, DEPT, KG, OA, RDF, RDFS, SKOS
from ..roles import ROLE_PROPERTIES, ROLE_RANK, ROLES, role_of
from .graphs import SharedAttrs, UnknownPlanError, WorkloadGraphs
from .rdfread import Index, as_number, as_year, plan_id, scheme_labels, slug, sort_key

log = logging.getLogger("kg.analysis")

__all__ = ["WorkloadGraphs", "to_networkx", "EXAMPLE", "ROLES", "ROLE_RANK", "UnknownPlanError"]

# rdf:type -> node kind; the order is the order nodes are added (deterministic).
KINDS = (
    (KG.Plan, "plan"), (KG.Goal, "goal"), (KG.Task, "task"), (KG.Unit, "unit"),
    (KG.Collective, "collective"), (KG.Target, "target"), (KG.Project, "project"),
    (KG.Place, "place"), (KG.Enterprise, "enterprise"),
)

# structural relations of the typed graph: (predicate, rel name)
_RELATIONS = (
    (KG.inPlan, "in_plan"), (KG.servesGoal, "serves_goal"), (KG.hasTarget, "has_target"),
    (KG.namesProject, "names_project"), (KG.namesEnterprise, "names_enterprise"),
    (KG.locatedIn, "located_in"), (KG.issuer, "issuer"), (KG.jurisdiction, "jurisdiction"),
)

READ = (
    RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.identifier, DCTERMS.title, DCTERMS.date,
    KG.genre, KG.jurisdiction, KG.departmentType, KG.alsoDepartmentType, KG.printedId,
    KG.inSection, KG.parentSection, KG.projectKind, KG.placeLevel, KG.evidence, OA.start, OA.end, OA.exact,
    KG.value, KG.valueMin, KG.valueMax, KG.unitOfMeasure, KG.indicator, KG.comparator, KG.change, KG.targetYear,
    KG.frequency, KG.targetKind, KG.hasAssignment, KG.role, KG.agent, KG.surface,
    *(p for p, _ in _RELATIONS), *ROLE_PROPERTIES.values(),
)
"""Every predicate :func:`to_networkx` reads (read in one pass when the graph's N-Quads files are at hand)."""

EDGE_READ = (
    KG.hasAssignment, KG.role, KG.agent, KG.surface, KG.evidence, OA.start, OA.end, OA.exact,
    *(p for p, _ in _RELATIONS), *ROLE_PROPERTIES.values(),
)
"""The predicates still read once the nodes are made: those of the relations and of the role edges."""

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "约", "=": ""}
"""How a target's comparator is shown before its value (``value_text``)."""

EXAMPLE = """
@prefix kg: <https://w3id.org/kg-policy/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dept: <https://w3id.org/kg-policy/department-type/> .
@prefix plan: <https://w3id.org/kg-policy/id/plan/> .
@prefix task: <https://w3id.org/kg-policy/id/plan/qingshan_plan/task/> .
@prefix unit: <https://w3id.org/kg-policy/id/unit/qingshan/> .
@prefix place: <https://w3id.org/kg-policy/id/place/> .
@prefix sec: <https://w3id.org/kg-policy/id/plan/qingshan_plan/section/> .

plan:qingshan_plan a kg:Plan ; dcterms:title "青山区行动方案" ; kg:issuer place:qingshan .
place:qingshan a kg:Place ; rdfs:label "青山区"@zh .
dept:finance skos:prefLabel "财政"@zh .
dept:development-reform skos:prefLabel "发展和改革"@zh .
unit:fgj a kg:Unit ; skos:prefLabel "青山区发展和改革局"@zh ; kg:jurisdiction place:qingshan ;
    kg:departmentType dept:development-reform .
unit:czj a kg:Unit ; skos:prefLabel "青山区财政局"@zh ; kg:jurisdiction place:qingshan ;
    kg:departmentType dept:finance .
unit:zjj a kg:Unit ; skos:prefLabel "青山区住房和城乡建设局"@zh ; kg:jurisdiction place:qingshan .
sec:3 a kg:Section ; kg:printedId "三、" ; dcterms:title "重点任务" .
sec:3-1 a kg:Section ; kg:printedId "(一)" ; dcterms:title "构建新产业" ; kg:parentSection sec:3 .
sec:3-2 a kg:Section ; kg:printedId "(二)" ; dcterms:title "打造新环境" ; kg:parentSection sec:3 .
task:1 a kg:Task ; kg:inPlan plan:qingshan_plan ; kg:printedId "1." ; dcterms:title "招商引资" ;
    kg:sectionPath "三、重点任务 > (一)构建新产业" ; kg:inSection sec:3-1 ; kg:leadUnit unit:fgj ; kg:responsibleUnit unit:czj .
task:2 a kg:Task ; kg:inPlan plan:qingshan_plan ; kg:printedId "2." ; dcterms:title "项目建设" ;
    kg:sectionPath "三、重点任务 > (一)构建新产业" ; kg:inSection sec:3-1 ; kg:leadUnit unit:czj ;
    kg:responsibleUnit unit:fgj , unit:zjj ; kg:hasTarget task:2-t .
task:2-t a kg:Target ; kg:indicator "固定资产投资" ; kg:value 10.0 ; kg:unitOfMeasure "%" ;
    kg:comparator ">=" ; kg:targetYear "2024"^^xsd:gYear .
task:3 a kg:Task ; kg:inPlan plan:qingshan_plan ; kg:printedId "3." ; dcterms:title "城市更新" ;
    kg:sectionPath "三、重点任务 > (二)打造新环境" ; kg:inSection sec:3-2 ; kg:leadUnit unit:fgj ;
    kg:responsibleUnit unit:zjj .
"""
"""A three-task plan in kg's RDF layout, used by the examples of :mod:`kg.analysis`."""


# -- the conversion ---------------------------------------------------------------------

def to_networkx(graph) -> WorkloadGraphs:
    """Convert an RDF graph in kg's layout into :class:`WorkloadGraphs` (module docs)."""
    G = _typed_graph(graph)  # the predicate index is gone once this returns
    _annotate(G)
    bipartite = _bipartite(G)
    return WorkloadGraphs(graph=G, bipartite=bipartite, coresponsibility=_project(bipartite))


def _typed_graph(graph) -> nx.MultiDiGraph:
    """The typed graph's nodes, attributes and edges, read from the RDF graph through one :class:`Index`.

    Each node's id is one string, used again by every edge that touches the node, and
    equal strings read for different nodes (labels, quotes, section paths) are kept once.
    """
    idx = Index(graph, predicates=READ, objects={RDF.type: [cls for cls, _ in KINDS]})
    G = nx.MultiDiGraph()
    shared: dict = {}
    kinds: dict = {}
    typed: dict = defaultdict(list)
    for s, classes in idx.items(RDF.type):
        for cls in classes:
            typed[cls].append(s)
    for cls, kind in KINDS:
        for s in sorted(typed.get(cls, ()), key=sort_key):
            if isinstance(s, URIRef) and s not in kinds:
                kinds[s] = kind
    dept_labels = None
    ids: dict = {}  # term -> node id
    for node, kind in kinds.items():
        attrs = {"kind": kind, **_evidence(idx, node)}
        if kind == "plan":
            identifier = idx.text(node, DCTERMS.identifier)
            issuer = idx.one(node, KG.issuer)
            attrs.update(id=plan_id(str(node), identifier), identifier=identifier,
                         label=idx.text(node, DCTERMS.title) or plan_id(str(node), identifier),
                         date=idx.text(node, DCTERMS.date), genre=idx.text(node, KG.genre),
                         jurisdiction=idx.text(issuer, RDFS.label, SKOS.prefLabel) if issuer else None)
        elif kind in ("unit", "collective"):
            place = idx.one(node, KG.jurisdiction)
            types = [slug(c) for c in idx.all(node, KG.departmentType)]
            types += [t for t in (slug(c) for c in idx.all(node, KG.alsoDepartmentType)) if t not in types]
            if types and dept_labels is None:
                dept_labels = _dept_labels(idx)
            attrs.update(label=idx.text(node, SKOS.prefLabel, RDFS.label) or unquote(str(node).rsplit("/", 1)[-1]),
                         alt_labels=sorted(str(v) for v in idx.all(node, SKOS.altLabel)),
                         jurisdiction=idx.text(place, RDFS.label, SKOS.prefLabel) if place else None,
                         unit_type=types[0] if types else None,
                         unit_type_label=(dept_labels or {}).get(types[0], types[0]) if types else None,
                         unit_types=tuple(types))
        elif kind == "task":
            printed = idx.text(node, KG.printedId) or ""
            title = idx.text(node, DCTERMS.title) or ""
            sections = _sections(idx, node)
            attrs.update(printed_id=printed, title=title, label=f"{printed}{title}" or str(node),
                         sections=sections, section_path=SECTION_PATH_SEPARATOR.join(sections))
        elif kind == "goal":
            attrs.update(printed_id=idx.text(node, KG.printedId) or "",
                         label=idx.text(node, DCTERMS.title, RDFS.label) or str(node))
        elif kind == "target":
            attrs.update(_target_attrs(idx, node))
        else:
            attrs.update(label=idx.text(node, RDFS.label, SKOS.prefLabel, DCTERMS.title) or unquote(str(node)))
            if kind == "project":
                attrs["project_kind"] = idx.text(node, KG.projectKind)
            if kind == "place":
                attrs["level"] = idx.text(node, KG.placeLevel)
        ids[node] = key = str(node)
        G.add_node(key, **{k: _kept(shared, v) for k, v in attrs.items()})
    del typed
    idx.keep_only(EDGE_READ)  # the labels and figures are in the nodes now; of the spans, the assignments' are read
    idx.restrict((OA.start, OA.end, OA.exact), {idx.one(a, KG.evidence) for _, assignments in
                                                idx.items(KG.hasAssignment) for a in assignments})
    _add_relations(G, idx, ids)
    _add_roles(G, idx, kinds, ids, shared)
    return G


def _kept(shared: dict, value):
    """``value``, or the equal value kept before (strings, tuples and ints: of one type, so 1 is never True)."""
    return shared.setdefault(value, value) if type(value) in (str, tuple, int) else value


def _sections(idx: Index, task) -> tuple[str, ...]:
    """The labels of the sections above a task, outermost first: its kg:inSection, then kg:parentSection up."""
    path: list[str] = []
    section, seen = idx.one(task, KG.inSection), set()
    while section is not None and section not in seen:
        seen.add(section)
        path.append(f"{idx.text(section, KG.printedId) or ''}{idx.text(section, DCTERMS.title) or ''}")
        section = idx.one(section, KG.parentSection)
    return tuple(reversed(path))


def _dept_labels(idx: Index) -> dict[str, str]:
    labels = dict(scheme_labels())
    for concept in idx(SKOS.prefLabel):
        if str(concept).startswith(str(DEPT)):
            labels[str(concept)] = idx.text(concept, SKOS.prefLabel)
    return {slug(k): v for k, v in labels.items() if v}


def _evidence(idx: Index, node) -> dict:
    """The start, end and quote of a node's evidence span (empty when it has none with a start)."""
    span = idx.one(node, KG.evidence)
    start = None if span is None else idx.one(span, OA.start)
    if start is None:
        return {}
    return {"start": as_number(start), "end": as_number(idx.one(span, OA.end)), "quote": idx.text(span, OA.exact) or ""}


def _target_attrs(idx: Index, node) -> dict:
    value = as_number(idx.one(node, KG.value))
    low, high = as_number(idx.one(node, KG.valueMin)), as_number(idx.one(node, KG.valueMax))
    unit = idx.text(node, KG.unitOfMeasure) or ""
    shown = f"{value:g}" if value is not None else (f"{low:g}–{high:g}" if low is not None else "")
    indicator = idx.text(node, KG.indicator) or ""
    comparator = idx.text(node, KG.comparator)
    change = idx.text(node, KG.change)
    year = as_year(idx.one(node, KG.targetYear))
    return {
        "indicator": indicator, "change": change, "value": value, "value_min": low, "value_max": high,
        "unit_of_measure": unit or None, "comparator": comparator, "year": year,
        "frequency": idx.text(node, KG.frequency), "target_kind": idx.text(node, KG.targetKind),
        "value_text": f"{COMPARATOR_SIGNS.get(comparator, '') if value is not None else ''}{shown}{unit}",
        "label": " ".join(x for x in (indicator, change or "", f"{shown}{unit}") if x),
    }


def _add_relations(G: nx.MultiDiGraph, idx: Index, ids: dict) -> None:
    for predicate, rel in _RELATIONS:
        attrs = SharedAttrs(rel=rel)  # one dict for every edge of the relation
        for s, objects in sorted(idx.items(predicate), key=lambda kv: sort_key(kv[0])):
            if s not in ids:
                continue
            for o in sorted(objects, key=sort_key):
                if o in ids:
                    G.add_edge(ids[s], ids[o], key=rel)
                    G._adj[ids[s]][ids[o]][rel] = attrs


def _add_roles(G: nx.MultiDiGraph, idx: Index, kinds: dict, ids: dict, shared: dict) -> None:
    """Role edges agent -> task, from the direct properties and the qualified assignments."""
    found: dict = {}
    for task, assignments in idx.items(KG.hasAssignment):
        for a in assignments:
            role = role_of(idx.one(a, KG.role))
            agent = idx.one(a, KG.agent)
            if role is None or agent not in kinds:
                continue
            info = {"surface": idx.text(a, KG.surface), **_evidence(idx, a)}
            key = (task, agent, role)
            if key not in found or (info.get("start") or 0) < (found[key].get("start") or 0):
                found[key] = info
    for role, predicate in ROLE_PROPERTIES.items():  # the direct properties, same roles
        for task, agents in idx.items(predicate):
            for agent in agents:
                found.setdefault((task, agent, role), {})
    def order(key):
        task, agent, role = key
        return ids.get(task) or str(task), ids.get(agent) or str(agent), role

    for key in sorted(found, key=order):
        task, agent, role = key
        info = found.pop(key)  # let go of each as its edge is made
        if kinds.get(task) == "task" and kinds.get(agent) in ("unit", "collective"):
            G.add_edge(ids[agent], ids[task], key=role, rel=role, role=role, surface=_kept(shared, info.get("surface")),
                       quote=_kept(shared, info.get("quote")), start=_kept(shared, info.get("start")),
                       end=_kept(shared, info.get("end")))


def _annotate(G: nx.MultiDiGraph) -> None:
    """Derived attributes: a task's plan and goal area and targets; a unit's plans, areas, targets."""
    for t in [n for n, k in G.nodes(data="kind") if k == "task"]:
        attrs = G.nodes[t]
        rels = defaultdict(list)
        for _, o, rel in G.out_edges(t, keys=True):
            rels[rel].append(o)
        plan = min(rels["in_plan"], default=None)
        goals = sorted(rels["serves_goal"])
        attrs["plan"] = plan
        attrs["plan_id"] = G.nodes[plan]["id"] if plan else ""
        attrs["goal"] = goals[0] if goals else None
        sections = list(attrs.get("sections", ()))
        if sections and sections[-1] in (attrs["label"], attrs.get("printed_id")):
            sections.pop()  # a path that ends with the task's own heading
        attrs["goal_area"] = G.nodes[goals[0]]["label"] if goals else (sections[-1] if sections else None)
        attrs["targets"] = sorted(rels["has_target"])
        attrs["projects"] = sorted(rels["names_project"])
        attrs.setdefault("start", 0)
    for n, kind in G.nodes(data="kind"):
        if kind in ("goal", "target", "project"):
            plans = [o for _, o, rel in G.out_edges(n, keys=True) if rel == "in_plan"]
            G.nodes[n]["plan"] = min(plans, default=None)
    for n, kind in list(G.nodes(data="kind")):
        if kind not in ("unit", "collective"):
            continue
        tasks = {t for _, t, rel in G.out_edges(n, keys=True) if rel in ROLES}
        G.nodes[n]["plans"] = sorted({G.nodes[t]["plan_id"] for t in tasks if G.nodes[t]["plan_id"]})
        G.nodes[n]["goal_areas"] = sorted({G.nodes[t]["goal_area"] for t in tasks if G.nodes[t]["goal_area"]})
        answered = {t for _, t, rel in G.out_edges(n, keys=True) if rel in ("lead", "responsible")}
        G.nodes[n]["targets"] = sorted({x for t in answered for x in G.nodes[t]["targets"]})


def _bipartite(G: nx.MultiDiGraph) -> nx.Graph:
    B = nx.Graph()
    for n, attrs in G.nodes(data=True):
        if attrs["kind"] in ("unit", "collective", "task"):
            attrs["bipartite"] = 0 if attrs["kind"] == "task" else 1
            B.add_node(n)
            B._node[n] = attrs  # the typed graph's attribute dict itself, not a copy
    edges: dict = defaultdict(dict)
    for agent, task, role, data in G.edges(keys=True, data=True):
        if role in ROLES:
            edges[(agent, task)][role] = data
    kept: dict = {}
    for (agent, task), by_role in sorted(edges.items()):
        roles = tuple(sorted(by_role, key=ROLE_RANK.get))
        roles = kept.setdefault(roles, roles)
        for data in by_role.values():
            data["roles"] = roles
        B.add_edge(agent, task)
        B._adj[agent][task] = B._adj[task][agent] = by_role[roles[0]]  # the typed graph's edge of the strongest role
    return B


def _project(B: nx.Graph) -> nx.Graph:
    """Unit–Unit co-responsibility: weight = number of shared tasks (collectives excluded)."""
    P = nx.Graph()
    for n, attrs in sorted(B.nodes(data=True)):
        if attrs["kind"] == "unit":
            P.add_node(n)
            P._node[n] = attrs  # shared with the typed and the bipartite graph
    tasks = sorted((n for n, k in B.nodes(data="kind") if k == "task"),
                   key=lambda t: (B.nodes[t]["plan_id"], B.nodes[t]["start"], t))
    weights: dict = {}
    for t in tasks:
        units = sorted(u for u in B[t] if B.nodes[u]["kind"] == "unit")
        for pair in combinations(units, 2):
            weights[pair] = weights.get(pair, 0) + 1
    attrs: dict = {}  # weight -> the one dict of the edges of that weight
    for (a, b), weight in weights.items():  # in the order the pairs were first met
        P.add_edge(a, b)
        P._adj[a][b] = P._adj[b][a] = attrs.get(weight) or attrs.setdefault(weight, SharedAttrs(weight=weight))
    return P
