"""Workload figures per unit, per department type and per jurisdiction.

Every function takes the :class:`~kg.analysis.convert.WorkloadGraphs` of a graph and
returns rows (dicts) ready for :func:`kg.output.render`. A *scope* is one plan or,
for ``plan=None``, every plan: :func:`workload` then gives the rows of each plan
followed by the rows across plans, whose ``plan`` is :data:`ALL`.

Definitions (per unit and scope):

``led``
    tasks the unit leads (牵头); ``responsible`` tasks it shares without leading.
``weighted``
    ``led * weights["lead"] + responsible * weights["responsible"]``
    (defaults :data:`DEFAULT_WEIGHTS`: lead 1.0, responsible 0.5), computed by
    :func:`weighted_load` and nowhere else.
``share``
    the unit's tasks / the tasks of the plans it appears in within the scope (for one
    plan: that plan's tasks; across plans, units of different governments are not
    diluted by each other's plans).
``goal_areas`` / ``targets``
    distinct goal areas of its tasks / targets set by its tasks.
``plans``
    plans the unit appears in (over the whole graph).
``degree`` ... ``community``
    measures of the co-responsibility graph of the scope (:mod:`kg.analysis.network`).

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE, to_networkx
>>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
>>> for r in workload(graphs, plan="qingshan_plan"):
...     print(r["unit"], r["led"], r["responsible"], r["weighted"], r["share"])
青山区发展和改革局 2 1 2.5 1.0
青山区财政局 1 1 1.5 0.6667
青山区住房和城乡建设局 0 2 1.0 0.6667
>>> [(r["plan"], r["unit_type"], r["weighted"]) for r in workload(graphs, by="type")][-3:]
[('ALL', 'development-reform', 2.5), ('ALL', 'finance', 1.5), ('ALL', '', 1.0)]
>>> workload(graphs, weights={"lead": 2, "responsible": 1})[0]["weighted"]
5.0
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from .convert import WorkloadGraphs
from .network import SEED, centrality, communities

__all__ = [
    "ALL", "DEFAULT_WEIGHTS", "workload", "unit_rows", "type_rows", "by_jurisdiction",
    "coordination_pairs", "ranked_pairs", "pair_row", "hidden_load", "accountability", "task_accountability", "unit_tasks", "resolve_weights",
    "unit_roles", "load_parts", "weighted_load",
]

ALL = "ALL"
"""The ``plan`` value of rows that give figures across plans."""

DEFAULT_WEIGHTS = {"lead": 1.0, "responsible": 0.5}
"""Weight of one task by role: leading weighs twice as much as sharing."""

UNTYPED = ""
"""``unit_type`` of units the department-type vocabulary does not classify."""


def resolve_weights(weights: dict | None) -> dict[str, float]:
    """Defaults completed by ``weights``; unknown roles are an error.

    >>> resolve_weights({"lead": 3})
    {'lead': 3.0, 'responsible': 0.5}
    """
    out = dict(DEFAULT_WEIGHTS)
    for role, value in (weights or {}).items():
        if role not in out:
            raise ValueError(f"unknown role {role!r} in weights; use {', '.join(out)}")
        out[role] = float(value)
    return out


def load_parts(led: int, responsible: int, weights: dict) -> tuple[float, float]:
    """The lead part and the co-responsible part of a weighted workload (a chart draws both).

    >>> load_parts(2, 1, DEFAULT_WEIGHTS)
    (2.0, 0.5)
    """
    return led * weights["lead"], responsible * weights["responsible"]


def weighted_load(led: int, responsible: int, weights: dict) -> float:
    """The weighted workload of ``led`` tasks led and ``responsible`` tasks shared: the one formula.

    >>> weighted_load(2, 1, DEFAULT_WEIGHTS), weighted_load(2, 1, {"lead": 2, "responsible": 1})
    (2.5, 5)
    """
    return round(sum(load_parts(led, responsible, weights)), 4)


def _scopes(graphs: WorkloadGraphs, plan: str | None) -> list[tuple[str, list[str]]]:
    """(plan id or ALL, tasks) for the requested scope(s)."""
    if plan is not None:
        node = graphs.plan_node(plan)
        return [(graphs.graph.nodes[node]["id"], graphs.tasks(node))]
    return [(pid, graphs.tasks(pid)) for pid in graphs.plan_ids()] + [(ALL, graphs.tasks())]


def unit_roles(graphs: WorkloadGraphs, tasks: list[str]) -> dict[str, dict[str, list[str]]]:
    """unit -> {"lead": [tasks], "responsible": [tasks]} within ``tasks``."""
    B = graphs.bipartite
    out: dict = defaultdict(lambda: {"lead": [], "responsible": []})
    for t in tasks:
        for u, data in sorted(B[t].items()):
            if B.nodes[u]["kind"] == "unit":
                out[u][data["role"]].append(t)
    return out


def _projection(graphs: WorkloadGraphs, units, tasks: list[str]) -> nx.Graph:
    """The co-responsibility graph restricted to the given tasks (all tasks: the graph itself).

    ``units`` are the units named for ``tasks``; edges are added in the order of their
    ends' names (the measures of the graph do not depend on how it was built).
    """
    if len(tasks) == graphs.task_count():
        return graphs.coresponsibility
    B = graphs.bipartite
    weights: dict = defaultdict(int)
    for t in tasks:
        for pair in combinations(sorted(u for u in B[t] if B.nodes[u]["kind"] == "unit"), 2):
            weights[pair] += 1
    out = nx.Graph()
    out.add_nodes_from(sorted(units))
    for (a, b), weight in sorted(weights.items()):
        out.add_edge(a, b, weight=weight)
    return out


def _share(graphs: WorkloadGraphs, tasks) -> float:
    """``tasks`` / all tasks of the plans they belong to."""
    G = graphs.graph
    plans = {G.nodes[t]["plan"] for t in tasks}
    total = sum(len(graphs.tasks(p)) for p in plans if p)
    return round(len(tasks) / total, 4) if total else 0.0


def unit_rows(graphs: WorkloadGraphs, scope: str, tasks: list[str], weights: dict | None = None, *,
              backend=None, seed: int = SEED) -> list[dict]:
    """The workload rows of one scope, highest ``weighted`` first (ties by unit name)."""
    w = resolve_weights(weights)
    G = graphs.graph
    roles = unit_roles(graphs, tasks)
    P = _projection(graphs, roles, tasks)
    measures = centrality(P, backend=backend, seed=seed)
    groups = communities(P, backend=backend, seed=seed)
    rows = []
    for u, by_role in roles.items():
        attrs = G.nodes[u]
        mine = by_role["lead"] + by_role["responsible"]
        rows.append({
            "plan": scope,
            "unit": attrs["label"],
            "jurisdiction": attrs.get("jurisdiction") or "",
            "unit_type": attrs.get("unit_type") or UNTYPED,
            "unit_type_label": attrs.get("unit_type_label") or "",
            "led": len(by_role["lead"]),
            "responsible": len(by_role["responsible"]),
            "tasks": len(mine),
            "weighted": weighted_load(len(by_role["lead"]), len(by_role["responsible"]), w),
            "share": _share(graphs, mine),
            "goal_areas": len({G.nodes[t]["goal_area"] for t in mine if G.nodes[t]["goal_area"]}),
            "targets": len({x for t in mine for x in G.nodes[t]["targets"]}),
            "plans": len(attrs.get("plans", ())),
            **measures[u],
            "community": groups[u],
            "iri": u,
        })
    rows.sort(key=lambda r: (-r["weighted"], r["unit"], r["iri"]))
    return rows


def type_rows(graphs: WorkloadGraphs, scope: str, tasks: list[str], units: list[dict]) -> list[dict]:
    """Unit rows of one scope aggregated by department type."""
    G = graphs.graph
    by_type: dict = defaultdict(list)
    for row in units:
        by_type[row["unit_type"]].append(row)
    roles = unit_roles(graphs, tasks)
    rows = []
    for unit_type, members in by_type.items():
        touched = {t for r in members for role in ("lead", "responsible") for t in roles[r["iri"]][role]}
        rows.append({
            "plan": scope,
            "unit_type": unit_type,
            "unit_type_label": members[0]["unit_type_label"] or ("(未分类)" if unit_type == UNTYPED else unit_type),
            "units": len(members),
            "led": sum(r["led"] for r in members),
            "responsible": sum(r["responsible"] for r in members),
            "tasks": len(touched),
            "weighted": round(sum(r["weighted"] for r in members), 4),
            "weighted_per_unit": round(sum(r["weighted"] for r in members) / len(members), 4),
            "share": _share(graphs, touched),
            "targets": len({x for t in touched for x in G.nodes[t]["targets"]}),
            "jurisdictions": len({r["jurisdiction"] for r in members if r["jurisdiction"]}),
            "plans": len({G.nodes[t]["plan_id"] for t in touched}),
        })
    rows.sort(key=lambda r: (-r["weighted"], r["unit_type"]))
    return rows


def workload(graphs: WorkloadGraphs, plan: str | None = None, by: str = "unit", weights: dict | None = None, *,
             backend=None, seed: int = SEED) -> list[dict]:
    """Workload rows per (plan, unit) or, with ``by="type"``, per (plan, department type).

    ``plan`` (an id, file name or IRI) restricts to one plan; otherwise each plan's
    rows come first (plans in id order), then the rows across plans (``plan == "ALL"``).
    Within a plan, rows are sorted by ``weighted``, highest first, ties by name.
    ``backend`` is passed to networkx's dispatchable algorithms.
    """
    if by not in ("unit", "type"):
        raise ValueError(f"by must be 'unit' or 'type', not {by!r}")
    rows: list[dict] = []
    for scope, tasks in _scopes(graphs, plan):
        units = unit_rows(graphs, scope, tasks, weights, backend=backend, seed=seed)
        rows += units if by == "unit" else type_rows(graphs, scope, tasks, units)
    return rows


def by_jurisdiction(graphs: WorkloadGraphs, weights: dict | None = None, *, rows: list[dict] | None = None) -> list[dict]:
    """Weighted workload per (jurisdiction, department type), with its share of the jurisdiction.

    Shows how each government spreads its plans' work over its functions, so that
    jurisdictions can be compared type by type.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> rows = by_jurisdiction(to_networkx(Graph().parse(data=EXAMPLE, format="turtle")))
    >>> [(r["jurisdiction"], r["unit_type"], r["weighted"], r["share"]) for r in rows]
    [('青山区', 'development-reform', 2.5, 0.5), ('青山区', 'finance', 1.5, 0.3), ('青山区', '', 1.0, 0.2)]
    """
    units = rows if rows is not None else unit_rows(graphs, ALL, graphs.tasks(), weights)
    totals: dict = defaultdict(float)
    cells: dict = defaultdict(lambda: {"units": 0, "led": 0, "responsible": 0, "weighted": 0.0, "label": ""})
    for r in units:
        cell = cells[(r["jurisdiction"], r["unit_type"])]
        cell["units"] += 1
        cell["led"] += r["led"]
        cell["responsible"] += r["responsible"]
        cell["weighted"] += r["weighted"]
        cell["label"] = r["unit_type_label"]
        totals[r["jurisdiction"]] += r["weighted"]
    rows = [{
        "jurisdiction": j, "unit_type": t, "unit_type_label": c["label"] or ("(未分类)" if t == UNTYPED else t),
        "units": c["units"], "led": c["led"], "responsible": c["responsible"], "weighted": round(c["weighted"], 4),
        "share": round(c["weighted"] / totals[j], 4) if totals[j] else 0.0,
    } for (j, t), c in cells.items()]
    rows.sort(key=lambda r: (r["jurisdiction"], -r["weighted"], r["unit_type"]))
    return rows


def coordination_pairs(graphs: WorkloadGraphs, plan: str | None = None, min_shared: int = 2,
                       n: int | None = None) -> list[dict]:
    """Pairs of units sharing at least ``min_shared`` tasks (coordination burden), most first.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> [(r["unit_a"], r["unit_b"], r["shared"]) for r in
    ...  coordination_pairs(to_networkx(Graph().parse(data=EXAMPLE, format="turtle")))]
    [('青山区住房和城乡建设局', '青山区发展和改革局', 2), ('青山区发展和改革局', '青山区财政局', 2)]
    """
    scope, within, pairs = ranked_pairs(graphs, plan, min_shared)
    return [pair_row(graphs, scope, pair, within) for pair in (pairs[:n] if n else pairs)]


def ranked_pairs(graphs: WorkloadGraphs, plan: str | None = None,
                 min_shared: int = 2) -> tuple[str, set | None, list[tuple]]:
    """The pairs of :func:`coordination_pairs` before their rows are made: (scope, its tasks or None
    for every task, pairs), each pair ``(shared, unit_a, unit_b, iri, iri)``, most shared first."""
    scope, tasks = _scopes(graphs, plan)[-1]
    G = graphs.graph
    P = _projection(graphs, unit_roles(graphs, tasks), tasks)
    within = None if P is graphs.coresponsibility else set(tasks)
    pairs = []
    for a, b, weight in P.edges(data="weight"):
        if weight >= min_shared:
            pairs.append((weight, *sorted((G.nodes[a]["label"], G.nodes[b]["label"])), a, b))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    return scope, within, pairs


def pair_row(graphs: WorkloadGraphs, scope: str, pair: tuple, within: set | None = None) -> dict:
    """The row of one pair of :func:`ranked_pairs`, with the tasks the two units share."""
    weight, la, lb, a, b = pair
    shared = graphs.shared_tasks(a, b, within)
    return {"plan": scope, "unit_a": la, "unit_b": lb, "shared": weight,
            "tasks": [graphs.graph.nodes[t]["label"] for t in shared], "task_iris": shared}


def hidden_load(graphs: WorkloadGraphs, plan: str | None = None, min_tasks: int = 2, *,
                rows: list[dict] | None = None) -> list[dict]:
    """Units that never lead in the scope yet share at least ``min_tasks`` tasks, most first.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> [(r["unit"], r["responsible"], r["share"]) for r in
    ...  hidden_load(to_networkx(Graph().parse(data=EXAMPLE, format="turtle")))]
    [('青山区住房和城乡建设局', 2, 0.6667)]
    """
    scope, tasks = _scopes(graphs, plan)[-1]
    rows = rows if rows is not None else unit_rows(graphs, scope, tasks)
    rows = [r for r in rows if r["led"] == 0 and r["responsible"] >= min_tasks]
    keep = ("plan", "unit", "jurisdiction", "unit_type", "unit_type_label", "responsible", "share",
            "plans", "goal_areas", "degree", "iri")
    rows.sort(key=lambda r: (-r["responsible"], -r["plans"], r["unit"]))
    return [{k: r[k] for k in keep} for r in rows]


def accountability(graphs: WorkloadGraphs, plan: str | None = None) -> list[dict]:
    """Unit x target: every target a unit answers for (as lead or co-responsible), with the quote.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> for r in accountability(to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))):
    ...     print(r["unit"], r["role"], r["indicator"], r["value"], r["year"])
    青山区财政局 lead 固定资产投资 ≥10% 2024
    青山区住房和城乡建设局 responsible 固定资产投资 ≥10% 2024
    青山区发展和改革局 responsible 固定资产投资 ≥10% 2024
    """
    scope, tasks = _scopes(graphs, plan)[-1]
    return [row for t in tasks for row in task_accountability(graphs, t)]


def task_accountability(graphs: WorkloadGraphs, t: str) -> list[dict]:
    """The rows of :func:`accountability` of one task: its targets x its units, leads first."""
    G, B = graphs.graph, graphs.bipartite
    targets = G.nodes[t]["targets"]
    if not targets:
        return []
    task = G.nodes[t]
    units = [(u, data) for u, data in sorted(B[t].items(), key=lambda kv: (kv[1]["role"] != "lead",
                                                                          G.nodes[kv[0]]["label"]))
             if B.nodes[u]["kind"] == "unit"]
    rows = []
    for x in targets:
        target = G.nodes[x]
        for u, data in units:
            rows.append({
                "plan": task["plan_id"], "unit": G.nodes[u]["label"], "role": data["role"],
                "indicator": target.get("indicator", ""), "value": target.get("value_text", ""),
                "year": target.get("year"), "task": task["label"],
                "quote": target.get("quote", ""), "unit_iri": u, "target_iri": x, "task_iri": t,
            })
    return rows


def unit_tasks(graphs: WorkloadGraphs, unit: str, plan: str | None = None) -> list[dict]:
    """The tasks behind a unit's figures, with the role, the name as written and the quotes.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
    >>> [(r["task"], r["role"]) for r in unit_tasks(graphs, graphs.unit_by_label("青山区财政局"))]
    [('1.招商引资', 'responsible'), ('2.项目建设', 'lead')]
    """
    scope, tasks = _scopes(graphs, plan)[-1]
    G, B = graphs.graph, graphs.bipartite
    rows = []
    for t in tasks:
        if B.has_edge(unit, t):
            edge = B.edges[unit, t]
            task = G.nodes[t]
            rows.append({
                "plan": task["plan_id"], "task": task["label"], "role": edge["role"],
                "section": task.get("section_path", ""), "goal_area": task.get("goal_area") or "",
                "surface": edge.get("surface") or "", "assignment_quote": edge.get("quote") or "",
                "quote": task.get("quote", ""), "start": task.get("start"), "end": task.get("end"), "task_iri": t,
            })
    return rows
