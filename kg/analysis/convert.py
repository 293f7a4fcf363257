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

import networkx as nx

from ..roles import ROLE_RANK, ROLES
from .graphs import SharedAttrs, UnknownPlanError, WorkloadGraphs
from .nodes import COMPARATOR_SIGNS, KINDS, READ
from .typed import typed_graph

log = logging.getLogger("kg.analysis")

__all__ = ["WorkloadGraphs", "to_networkx", "EXAMPLE", "ROLES", "ROLE_RANK", "UnknownPlanError", "READ", "KINDS",
           "COMPARATOR_SIGNS"]

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

def to_networkx(graph, workers: int = 1) -> WorkloadGraphs:
    """Convert an RDF graph in kg's layout into :class:`WorkloadGraphs` (module docs).

    ``workers`` > 1 reads a build folder's entries in that many processes (the same graphs).
    """
    G = typed_graph(graph, workers=workers)
    _annotate(G)
    bipartite = _bipartite(G)
    return WorkloadGraphs(graph=G, bipartite=bipartite, coresponsibility=_project(bipartite))


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
