"""The workload report as data: every figure the renderers show, and the evidence behind it.

:func:`build_report` runs the analyses of :mod:`kg.analysis.workload` once and keeps
their rows; the HTML, Markdown, CSV and JSON renderers only lay them out, so every
format shows the same numbers.

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE, to_networkx
>>> report = build_report(to_networkx(Graph().parse(data=EXAMPLE, format="turtle")))
>>> report.summary["tasks"], report.summary["units"], report.summary["tasks_without_lead"]
(3, 3, 0)
>>> [(r["plan"], r["unit"], r["weighted"]) for r in report.rows][:2]
[('qingshan_plan', '青山区发展和改革局', 2.5), ('qingshan_plan', '青山区财政局', 1.5)]
>>> [(report.tasks[e["task_iri"]]["task"], e["role"]) for e in report.evidence[("qingshan_plan", report.rows[0]["iri"])]]
[('1.招商引资', 'lead'), ('2.项目建设', 'responsible'), ('3.城市更新', 'lead')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..analysis.convert import WorkloadGraphs
from ..analysis.workload import (
    ALL,
    by_jurisdiction,
    hidden_load,
    pair_row,
    ranked_pairs,
    resolve_weights,
    task_accountability,
    type_rows,
    unit_roles,
    unit_rows,
    weighted_load,
)
from ..roles import ROLES
from .followthrough import FollowThroughSection

__all__ = ["WorkloadReport", "Evidence", "TaskRows", "PairRows", "build_report", "top_units"]


class Evidence(Mapping):
    """(plan id or ALL, unit IRI) -> the unit's assignments in that scope, in task order, each
    ``{"task_iri", "role", "surface", "start", "end"}``: made when looked up (a page shows the
    evidence of a few hundred rows), from the bipartite graph.

    ``scopes`` maps each scope to (its plan node, or None for every task; its tasks).

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
    >>> evidence = Evidence(graphs, {"ALL": (None, graphs.tasks())})
    >>> fgj = graphs.unit_by_label("青山区发展和改革局")
    >>> [(e["role"], e["surface"]) for e in evidence["ALL", fgj]], len(evidence), ("ALL", "x") in evidence
    ([('lead', ''), ('responsible', ''), ('lead', '')], 3, False)
    """

    def __init__(self, graphs: WorkloadGraphs, scopes: dict):
        self._graphs, self._scopes = graphs, scopes

    def __getitem__(self, key) -> list[dict]:
        scope, unit = key
        plan, _ = self._scopes[scope]
        G, B = self._graphs.graph, self._graphs.bipartite
        if unit not in B or B.nodes[unit]["kind"] != "unit":
            raise KeyError(key)
        tasks = [t for t in B[unit] if plan is None or G.nodes[t]["plan"] == plan]
        if not tasks:
            raise KeyError(key)
        tasks.sort(key=self._graphs._indexed("position").__getitem__)
        return [_assignment(t, B[unit][t]) for t in tasks]

    def __iter__(self):
        B = self._graphs.bipartite
        for scope, (_, tasks) in self._scopes.items():
            seen: dict = {}
            for t in tasks:
                seen.update((u, None) for u in sorted(B[t]) if B.nodes[u]["kind"] == "unit")
            yield from ((scope, u) for u in seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _assignment(task: str, edge: dict) -> dict:
    return {"task_iri": task, "role": edge["role"], "surface": edge.get("surface") or "",
            "start": edge.get("start"), "end": edge.get("end")}


class _MadeRows(Sequence):
    """Rows made each time they are read (see :class:`TaskRows`); equal to any sequence of the same rows."""

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None


class PairRows(_MadeRows):
    """The rows of :func:`kg.analysis.workload.coordination_pairs`, made when read: only the ranked
    pairs are held, and a row's shared tasks are found when the row is read (the page lists the
    first few hundred pairs, the JSON output all).

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> from kg.analysis.workload import coordination_pairs
    >>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
    >>> rows = PairRows(graphs)
    >>> rows == coordination_pairs(graphs), len(rows), rows[0]["task_iris"] == rows[:1][0]["task_iris"]
    (True, 2, True)
    """

    def __init__(self, graphs: WorkloadGraphs, plan: str | None = None, min_shared: int = 2):
        self._graphs = graphs
        self._scope, self._within, self._pairs = ranked_pairs(graphs, plan, min_shared)

    def _row(self, pair) -> dict:
        return pair_row(self._graphs, self._scope, pair, self._within)

    def __len__(self) -> int:
        return len(self._pairs)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(p) for p in self._pairs[index]]
        return self._row(self._pairs[index])

    def __iter__(self):
        return map(self._row, self._pairs)

    def __repr__(self) -> str:
        return f"PairRows({len(self._pairs)} pairs)"


class TaskRows(_MadeRows):
    """Rows made from a scope's tasks when they are read, not held: ``rows_of(graphs, task)``
    gives one task's rows; iterating gives every row, task by task, and :meth:`of` one plan's.

    A report over thousands of plans has millions of such rows, each renderer reads a part
    of them once (the JSON output all, the pages plan by plan).

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> from kg.analysis.workload import accountability, task_accountability
    >>> graphs = to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))
    >>> rows = TaskRows(graphs, graphs.tasks(), task_accountability)
    >>> rows == accountability(graphs), len(rows), [r["unit"] for r in rows.of("qingshan_plan")][:1]
    (True, 3, ['青山区财政局'])
    """

    def __init__(self, graphs: WorkloadGraphs, tasks: list[str], rows_of):
        self._graphs, self._tasks, self._rows_of = graphs, tasks, rows_of
        self._by_plan: dict | None = None
        self._len: int | None = None

    def __iter__(self):
        for t in self._tasks:
            yield from self._rows_of(self._graphs, t)

    def __len__(self) -> int:
        if self._len is None:
            self._len = sum(len(self._rows_of(self._graphs, t)) for t in self._tasks)
        return self._len

    def __getitem__(self, index):
        return list(self)[index]

    def __repr__(self) -> str:
        return f"TaskRows({len(self._tasks)} tasks)"

    def of(self, plan_id: str) -> list[dict]:
        """The rows of the tasks of one plan (by its id), in order."""
        if self._by_plan is None:
            self._by_plan = defaultdict(list)
            for t in self._tasks:
                self._by_plan[self._graphs.graph.nodes[t]["plan_id"]].append(t)
        return [row for t in self._by_plan.get(plan_id, ()) for row in self._rows_of(self._graphs, t)]


@dataclass
class WorkloadReport:
    """Figures of one workload report (see :func:`build_report`)."""

    by: str
    weights: dict
    plans: list[dict]
    summary: dict
    rows: list[dict]
    """Rows of the requested kind (per unit or per type), each plan then ``ALL``."""
    unit_rows: list[dict]
    type_rows: list[dict]
    jurisdictions: list[dict]
    pairs: PairRows
    """Pairs of units sharing tasks (:func:`kg.analysis.workload.coordination_pairs`), made when read."""
    hidden: list[dict]
    accountability: TaskRows
    """Unit x target rows (:func:`kg.analysis.workload.accountability`), made when read: a :class:`TaskRows`."""
    evidence: Mapping = field(default_factory=dict)
    """(plan id or ALL, unit IRI) -> the unit's assignments behind its figures (task IRI, role, surface):
    an :class:`Evidence`, made when looked up."""
    tasks: dict = field(default_factory=dict)
    """Task IRI -> the task: plan, label, section, quote and offsets, units by role."""
    untyped: list[str] = field(default_factory=list)
    """Units the department-type vocabulary does not classify (to extend it)."""
    follow_through: FollowThroughSection | None = None
    """Targets later documents report on, per department (None: not computed, e.g. from networkx graphs only)."""


def build_report(graphs: WorkloadGraphs, plan: str | None = None, by: str = "unit", weights: dict | None = None,
                 *, backend=None, pairs_min_shared: int = 2, hidden_min_tasks: int = 2,
                 follow_through: FollowThroughSection | None = None) -> WorkloadReport:
    """Compute every figure of the workload report of one plan or of all plans.

    ``follow_through`` (:func:`kg.report.followthrough.follow_through_section`, queried
    from the RDF graph) is kept as it is: the follow-through section of the report.
    """
    if by not in ("unit", "type"):
        raise ValueError(f"by must be 'unit' or 'type', not {by!r}")
    w = resolve_weights(weights)
    G, B = graphs.graph, graphs.bipartite
    plan_nodes = [graphs.plan_node(plan)] if plan is not None else [graphs.plan_node(p) for p in graphs.plan_ids()]
    scopes = [(G.nodes[p]["id"], graphs.tasks(p)) for p in plan_nodes]
    if plan is None:
        scopes.append((ALL, graphs.tasks()))
    units, types = [], []
    for scope, tasks in scopes:
        rows = unit_rows(graphs, scope, tasks, w, backend=backend)
        units += rows
        types += type_rows(graphs, scope, tasks, rows)
    task_info = {t: _task_info(graphs, t) for _, tasks in scopes[: len(plan_nodes)] for t in tasks}
    targets_of_plan: dict = defaultdict(int)
    for x in graphs.nodes_of("target"):
        targets_of_plan[G.nodes[x].get("plan")] += 1
    units_of_plan: dict = defaultdict(int)
    for r in units:
        units_of_plan[r["plan"]] += 1
    plans = []
    for p in plan_nodes:
        attrs = G.nodes[p]
        tasks = graphs.tasks(p)
        plans.append({
            "id": attrs["id"], "title": attrs.get("label") or attrs["id"], "identifier": attrs.get("identifier") or "",
            "jurisdiction": attrs.get("jurisdiction") or "", "date": attrs.get("date") or "",
            "genre": attrs.get("genre") or "", "tasks": len(tasks),
            "tasks_without_lead": sum(1 for t in tasks if not any(d["role"] == "lead" for d in B[t].values())),
            "units": units_of_plan[attrs["id"]],
            "targets": len({x for t in tasks for x in G.nodes[t]["targets"]}),
            "targets_all": targets_of_plan[p],
        })
    all_tasks = [t for _, tasks in scopes[: len(plan_nodes)] for t in tasks]
    unit_nodes = {n for t in all_tasks for n in B[t] if B.nodes[n]["kind"] == "unit"}
    collectives = {n for t in all_tasks for n in B[t] if B.nodes[n]["kind"] == "collective"}
    summary = {
        "plans": len(plan_nodes),
        "jurisdictions": len({p["jurisdiction"] for p in plans if p["jurisdiction"]}),
        "tasks": len(all_tasks),
        "tasks_without_lead": sum(p["tasks_without_lead"] for p in plans),
        "units": len(unit_nodes),
        "collectives": len(collectives),
        "assignments": sum(len(B[t]) for t in all_tasks),
        "targets": sum(p["targets"] for p in plans),
        "targets_all": sum(p["targets_all"] for p in plans),
        "untyped_units": sum(1 for u in unit_nodes if not G.nodes[u].get("unit_type")),
    }
    scope = plan if plan is not None else None
    return WorkloadReport(
        by=by, weights=w, plans=plans, summary=summary,
        rows=units if by == "unit" else types, unit_rows=units, type_rows=types,
        jurisdictions=by_jurisdiction(graphs, w, rows=rows) if plan is None else [],
        pairs=PairRows(graphs, scope, min_shared=pairs_min_shared),
        hidden=hidden_load(graphs, scope, min_tasks=hidden_min_tasks, rows=rows),
        accountability=TaskRows(graphs, scopes[-1][1], task_accountability),
        evidence=Evidence(graphs, {scope: (plan_nodes[i] if i < len(plan_nodes) else None, tasks)
                                   for i, (scope, tasks) in enumerate(scopes)}),
        tasks=task_info,
        untyped=sorted(G.nodes[u]["label"] for u in unit_nodes if not G.nodes[u].get("unit_type")),
        follow_through=follow_through,
    )


def _task_info(graphs: WorkloadGraphs, t: str) -> dict:
    G, B = graphs.graph, graphs.bipartite
    task = G.nodes[t]
    by_role: dict = {role: [] for role in ROLES}
    for agent, edge in sorted(B[t].items(), key=lambda kv: (kv[1].get("start") or 0, kv[0])):
        by_role[edge["role"]].append(G.nodes[agent]["label"])
    return {
        "plan": task["plan_id"], "task": task["label"], "section": task.get("section_path", ""),
        "goal_area": task.get("goal_area") or "", "quote": task.get("quote", ""),
        "start": task.get("start"), "end": task.get("end"), "targets": len(task.get("targets", ())),
        "lead": by_role["lead"], "responsible": by_role["responsible"], "collective": by_role["collective"],
    }


def top_units(graphs: WorkloadGraphs, n: int = 5, weights: dict | None = None) -> dict[str, list[tuple[str, float]]]:
    """The ``n`` units with the highest weighted workload, per plan id and across plans (``ALL``).

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> top_units(to_networkx(Graph().parse(data=EXAMPLE, format="turtle")), n=2)
    {'qingshan_plan': [('青山区发展和改革局', 2.5), ('青山区财政局', 1.5)], 'ALL': [('青山区发展和改革局', 2.5), ('青山区财政局', 1.5)]}
    """
    w = resolve_weights(weights)
    out: dict = {}
    for pid in [*graphs.plan_ids(), ALL]:
        tasks = graphs.tasks() if pid == ALL else graphs.tasks(pid)
        out[pid] = [(r["unit"], r["weighted"]) for r in _top(graphs, pid, tasks, w)[:n]]
    return out


def _top(graphs: WorkloadGraphs, scope: str, tasks: list[str], weights: dict) -> list[dict]:
    """Unit rows without the network measures (cheap): counts and weighted workload only."""
    rows = []
    for u, by_role in unit_roles(graphs, tasks).items():
        weighted = weighted_load(len(by_role["lead"]), len(by_role["responsible"]), weights)
        rows.append({"unit": graphs.graph.nodes[u]["label"], "weighted": weighted, "iri": u})
    rows.sort(key=lambda r: (-r["weighted"], r["unit"], r["iri"]))
    return rows
