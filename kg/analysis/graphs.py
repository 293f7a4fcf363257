"""The networkx graphs of one RDF graph, with indexed lookups (plans, tasks, units).

Built by :func:`kg.analysis.convert.to_networkx`; read, never changed, by the analyses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..errors import KgError
from ..roles import ROLE_RANK, ROLES

__all__ = ["WorkloadGraphs", "UnknownPlanError", "SharedAttrs", "ROLES", "ROLE_RANK"]


class SharedAttrs(dict):
    """Edge attributes that many edges have in common (every ``in_plan`` edge, every co-responsibility
    edge of weight 1), held once: a dict that refuses changes. Copies are plain dicts
    (``G.copy()``, ``dict(d)``); a pickled one comes back shared and unchangeable.

    >>> shared = SharedAttrs(rel="in_plan")
    >>> shared["rel"], shared == {"rel": "in_plan"}, type(shared.copy()).__name__
    ('in_plan', True, 'dict')
    >>> shared["rel"] = "x"
    Traceback (most recent call last):
    ...
    TypeError: these edge attributes are shared by many edges: change a copy of the graph (G.copy())
    """

    __slots__ = ()

    def _refuse(self, *args, **kwargs):
        raise TypeError("these edge attributes are shared by many edges: change a copy of the graph (G.copy())")

    __setitem__ = __delitem__ = __ior__ = update = pop = popitem = clear = setdefault = _refuse

    def __reduce__(self):
        return (SharedAttrs, (dict(self),))


class UnknownPlanError(KgError, KeyError):
    """A plan id, file name or IRI that is not in the graph (a user error: exit code 1)."""

    def __str__(self):
        return str(self.args[0])



@dataclass
class WorkloadGraphs:
    """The networkx graphs of one RDF graph (see the module documentation).

    The graphs are read, not changed, by the analyses; the lookups below are indexed
    once, on first use.
    """

    graph: nx.MultiDiGraph
    bipartite: nx.Graph
    coresponsibility: nx.Graph
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def _indexed(self, name: str):
        if name not in self._cache:
            by_kind: dict = defaultdict(list)
            for n, kind in self.graph.nodes(data="kind"):
                by_kind[kind].append(n)
            kinds = {k: sorted(v) for k, v in by_kind.items()}
            plans: dict = {}
            for n in kinds.get("plan", []):
                attrs = self.graph.nodes[n]
                for key in (attrs.get("identifier"), attrs["id"], n):
                    if key:
                        plans[key] = n
            order = {}
            for t in kinds.get("task", []):
                attrs = self.graph.nodes[t]
                order[t] = (attrs["plan_id"], attrs["start"], t)
            tasks = sorted(kinds.get("task", []), key=order.get)
            by_plan: dict = defaultdict(list)
            for t in tasks:
                by_plan[self.graph.nodes[t]["plan"]].append(t)
            self._cache.update(kinds=kinds, plans=plans, tasks=tasks, by_plan=dict(by_plan),
                               position={t: i for i, t in enumerate(tasks)})
        return self._cache[name]

    def nodes_of(self, kind: str) -> list[str]:
        """Node ids of one kind in the typed graph, sorted."""
        return list(self._indexed("kinds").get(kind, ()))

    def units(self) -> list[str]:
        return self.nodes_of("unit")

    def plan_ids(self) -> list[str]:
        """Short plan ids (the document file name without extension), sorted."""
        return sorted(self.graph.nodes[n]["id"] for n in self.nodes_of("plan"))

    def plan_node(self, plan: str) -> str:
        """The plan node for an id, a file name or an IRI; :class:`UnknownPlanError` naming the choices."""
        found = self._indexed("plans").get(plan)
        if found is not None:
            return found
        known = self.plan_ids()
        shown = ", ".join(known[:20]) + (f" ... ({len(known)} in all)" if len(known) > 20 else "")
        raise UnknownPlanError(f"no plan {plan!r} in the graph; known plans: {shown or '(none)'}")

    def tasks(self, plan: str | None = None) -> list[str]:
        """Task nodes, of one plan (id, file name or IRI) or of all; sorted by plan and offset."""
        if plan is None:
            return list(self._indexed("tasks"))
        return list(self._indexed("by_plan").get(self.plan_node(plan), ()))

    def task_count(self) -> int:
        return len(self._indexed("tasks"))

    def shared_tasks(self, a: str, b: str, within=None) -> list[str]:
        """The tasks units ``a`` and ``b`` are both named for (the tasks behind their
        co-responsibility ``weight``), in the order of :meth:`tasks`; with ``within`` (a
        set of tasks), only those."""
        B = self.bipartite
        if a not in B or b not in B:
            return []
        mine, theirs = B[a], B[b]
        if len(theirs) < len(mine):
            mine, theirs = theirs, mine
        common = [t for t in mine if t in theirs and (within is None or t in within)]
        return sorted(common, key=self._indexed("position").__getitem__)

    def unit_by_label(self, label: str) -> str:
        """The unit node whose label (or an alternative label) is ``label``."""
        for n in self.units():
            attrs = self.graph.nodes[n]
            if label == attrs["label"] or label in attrs.get("alt_labels", ()):
                return n
        raise KeyError(f"no unit labelled {label!r}")
