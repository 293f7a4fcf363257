"""Interactive graph pages: pyvis networks of plans, tasks, units, goals, targets, projects, places.

:func:`render_graph_html` returns one offline HTML page (vis-network inlined, no
request leaves the page). Nodes are coloured by class, units sized by weighted
workload, role edges labelled 牵头 / 配合 / 集合, tooltips give the task text and the
quoted source. Filters (plan, unit, department type) and caps (``top`` units,
``max_tasks`` tasks) keep the page usable on thousands of plans; what was left out is
said on the page and logged.

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE
>>> page = render_graph_html(Graph().parse(data=EXAMPLE, format="turtle"), top=2)
>>> page.startswith("<!DOCTYPE html>"), "另有 1 个单位未显示" in page
(True, True)
"""

from __future__ import annotations

import logging

from ..analysis.convert import WorkloadGraphs, to_networkx
from .page import build_network, render_page
from .select import DEFAULT_MAX_TASKS, DEFAULT_TOP, Selection, select

log = logging.getLogger("kg.viz")

__all__ = ["render_graph_html", "graph_data", "select", "Selection", "DEFAULT_TOP", "DEFAULT_MAX_TASKS"]


def graph_data(graph, plan: str | None = None, unit: str | None = None, unit_type: str | None = None,
               top: int | None = DEFAULT_TOP, max_tasks: int | None = DEFAULT_MAX_TASKS,
               weights: dict | None = None) -> dict:
    """The nodes and edges the page would draw, as plain data (``kg viz --format json``).

    Same filters and caps as :func:`render_graph_html`; tooltips are left out (they are
    HTML), the text of each node is in ``text``.

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE
    >>> data = graph_data(Graph().parse(data=EXAMPLE, format="turtle"), top=2)
    >>> sorted({n["kind"] for n in data["nodes"]}), sorted({e["label"] for e in data["edges"]} - {""})
    (['place', 'plan', 'target', 'task', 'unit'], ['牵头', '配合'])
    """
    graphs = graph if isinstance(graph, WorkloadGraphs) else to_networkx(graph)
    selection = select(graphs, plan=plan, unit=unit, unit_type=unit_type, top=top, max_tasks=max_tasks,
                       weights=weights)
    nodes, edges, *_ = build_network(graphs, selection).get_network_data()
    return {
        "message": selection.message(),
        "nodes": [{"id": n["id"], "kind": n["kind"], "label": n["label"], "size": n["size"], "text": n["search"]}
                  for n in nodes],
        "edges": [{"from": e["from"], "to": e["to"], "label": e.get("role") or ""} for e in edges],
    }


def render_graph_html(graph, plan: str | None = None, unit: str | None = None, unit_type: str | None = None,
                      top: int | None = DEFAULT_TOP, max_tasks: int | None = DEFAULT_MAX_TASKS,
                      weights: dict | None = None, title: str | None = None) -> str:
    """The graph page of an RDF graph (or its :class:`~kg.analysis.convert.WorkloadGraphs`).

    ``plan`` (id, file name or IRI), ``unit`` (part of a unit name) and ``unit_type``
    (department-type slug or Chinese label) filter; ``top`` units by weighted workload
    and ``max_tasks`` tasks are shown at most (``None`` or 0: no cap).
    """
    graphs = graph if isinstance(graph, WorkloadGraphs) else to_networkx(graph)
    selection = select(graphs, plan=plan, unit=unit, unit_type=unit_type, top=top, max_tasks=max_tasks,
                       weights=weights)
    message = selection.message()
    if selection.omitted.get("units") or selection.omitted.get("tasks"):
        log.warning("%s", message)
    else:
        log.info("%s", message)
    if not selection.units:
        message = "没有符合筛选条件的单位。" + message
    if title is None:
        title = "任务与责任单位关系图"
        if plan is not None:
            title += f"：{graphs.graph.nodes[graphs.plan_node(plan)]['label']}"
    return render_page(build_network(graphs, selection), title=title, message=message)
