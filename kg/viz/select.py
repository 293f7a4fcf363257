"""Which part of the graph a page shows: filters and caps that keep big corpora usable.

:func:`select` picks units (by plan, name, department type), keeps the ``top``
units by weighted workload and the tasks they work on (at most ``max_tasks``), then
adds what those tasks link to: their plans, goals, targets, projects, collectives and
places. What was left out is counted in :attr:`Selection.omitted` and described by
:meth:`Selection.message`.

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE, to_networkx
>>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
>>> s = select(graphs, top=2)
>>> sorted(graphs.graph.nodes[u]["label"] for u in s.units)
['青山区发展和改革局', '青山区财政局']
>>> s.omitted["units"], s.message()
(1, '显示工作负荷最高的 2 个单位（另有 1 个单位未显示）及其 3 项任务。')
>>> [graphs.graph.nodes[u]["label"] for u in select(graphs, unit="住房").units]
['青山区住房和城乡建设局', '青山区发展和改革局', '青山区财政局']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.convert import WorkloadGraphs
from ..analysis.workload import resolve_weights, unit_roles, weighted_load

__all__ = ["Selection", "select", "DEFAULT_TOP", "DEFAULT_MAX_TASKS"]

DEFAULT_TOP = 150
"""Units shown by default: the 150 with the highest weighted workload."""

DEFAULT_MAX_TASKS = 600
"""Tasks shown at most; those linking the most shown units are kept."""


@dataclass
class Selection:
    """The nodes a page shows, with the workload of each unit and what was left out."""

    units: list[str]
    tasks: list[str]
    others: list[str]
    workload: dict[str, dict] = field(default_factory=dict)
    omitted: dict[str, int] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    def nodes(self) -> list[str]:
        return [*self.units, *self.tasks, *self.others]

    def message(self) -> str:
        """What the page shows and what it leaves out, in one sentence."""
        head = "、".join(f"{k} = {v}" for k, v in self.filters.items())
        text = f"筛选条件 {head}；" if head else ""
        text += f"显示工作负荷最高的 {len(self.units)} 个单位"
        if self.omitted.get("units"):
            text += f"（另有 {self.omitted['units']} 个单位未显示）"
        text += f"及其 {len(self.tasks)} 项任务"
        if self.omitted.get("tasks"):
            text += f"（另有 {self.omitted['tasks']} 项任务未显示）"
        return text + "。"


def _matches(attrs: dict, needle: str) -> bool:
    needle = needle.casefold()
    names = [attrs.get("label") or "", *attrs.get("alt_labels", ())]
    return any(needle in n.casefold() for n in names)


def _type_matches(attrs: dict, wanted: str) -> bool:
    wanted = wanted.casefold()
    return any(wanted == (t or "").casefold() for t in attrs.get("unit_types", ())) or \
        wanted == (attrs.get("unit_type_label") or "").casefold()


def select(graphs: WorkloadGraphs, plan: str | None = None, unit: str | None = None, unit_type: str | None = None,
           top: int | None = DEFAULT_TOP, max_tasks: int | None = DEFAULT_MAX_TASKS,
           weights: dict | None = None) -> Selection:
    """Choose the nodes of a page (see the module documentation).

    ``unit`` (a substring of a unit's name or alternative name) shows the matching
    units, their tasks and the units they share them with; ``unit_type`` (a
    department-type slug such as ``finance``, or its Chinese label) keeps units of that
    type; ``plan`` keeps one plan. ``top`` / ``max_tasks`` of ``None`` or 0 mean no cap.
    """
    G, B = graphs.graph, graphs.bipartite
    w = resolve_weights(weights)
    tasks = graphs.tasks(plan)
    roles = unit_roles(graphs, tasks)
    load = {u: {"led": len(r["lead"]), "responsible": len(r["responsible"]),
                "weighted": weighted_load(len(r["lead"]), len(r["responsible"]), w)}
            for u, r in roles.items()}
    candidates = list(roles)
    filters = {}
    if plan is not None:
        filters["plan"] = G.nodes[graphs.plan_node(plan)]["id"]
    if unit_type:
        filters["type"] = unit_type
        candidates = [u for u in candidates if _type_matches(G.nodes[u], unit_type)]
    if unit:
        filters["unit"] = unit
        focus = [u for u in candidates if _matches(G.nodes[u], unit)]
        focus_tasks = {t for u in focus for t in roles[u]["lead"] + roles[u]["responsible"]}
        neighbours = {n for t in focus_tasks for n in B[t] if B.nodes[n]["kind"] == "unit"} - set(focus)
        tasks = [t for t in tasks if t in focus_tasks]
        candidates = focus + sorted(neighbours, key=lambda u: (-load[u]["weighted"], G.nodes[u]["label"], u))
    else:
        candidates.sort(key=lambda u: (-load[u]["weighted"], G.nodes[u]["label"], u))
    units = candidates[:top] if top else candidates
    kept = set(units)
    linked = [t for t in tasks if any(n in kept for n in B[t])]
    if max_tasks and len(linked) > max_tasks:
        position = {t: i for i, t in enumerate(linked)}
        ranked = sorted(linked, key=lambda t: (-sum(1 for n in B[t] if n in kept), position[t]))
        chosen = set(ranked[:max_tasks])
        shown_tasks = [t for t in linked if t in chosen]
    else:
        shown_tasks = linked
    others = _context(graphs, shown_tasks)
    return Selection(
        units=units, tasks=shown_tasks, others=others,
        workload={u: load[u] for u in units},
        omitted={"units": len(candidates) - len(units), "tasks": len(linked) - len(shown_tasks)},
        filters=filters,
    )


def _context(graphs: WorkloadGraphs, tasks: list[str]) -> list[str]:
    """Plans, goals, targets, projects, collectives and places linked to the tasks."""
    G, B = graphs.graph, graphs.bipartite
    seen: dict[str, None] = {}
    for t in tasks:
        for n in B[t]:
            if B.nodes[n]["kind"] == "collective":
                seen[n] = None
        for _, o, rel in G.out_edges(t, keys=True):
            if rel in ("in_plan", "serves_goal", "has_target", "names_project"):
                seen[o] = None
    for n in list(seen):
        for _, o, rel in G.out_edges(n, keys=True):
            if rel in ("issuer", "located_in", "has_target") and G.nodes[o]["kind"] in ("place", "target"):
                seen[o] = None
    return sorted(seen, key=lambda n: (G.nodes[n]["kind"], n))
