"""Workload reports: HTML, Markdown, CSV and JSON from one report model.

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE
>>> graph = Graph().parse(data=EXAMPLE, format="turtle")
>>> lines = workload_report(graph, fmt="csv").splitlines()
>>> lines[0].split(",")[:9]
['plan', 'unit', 'jurisdiction', 'unit_type', 'unit_type_label', 'led', 'responsible', 'tasks', 'weighted']
>>> lines[1].split(",")[:9]
['qingshan_plan', '青山区发展和改革局', '青山区', 'development-reform', '发展和改革', '2', '1', '3', '2.5']
>>> top_units(graph, n=1)
{'qingshan_plan': [('青山区发展和改革局', 2.5)], 'ALL': [('青山区发展和改革局', 2.5)]}
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..analysis.convert import WorkloadGraphs, to_networkx
from ..output import render
from .model import WorkloadReport, build_report
from .model import top_units as _top_units

__all__ = ["workload_report", "render_report", "write_reports", "top_units", "build_report", "WorkloadReport",
           "REPORT_FORMATS", "CSV_COLUMNS"]

REPORT_FORMATS = ("html", "md", "csv", "json")

CSV_COLUMNS = {
    "unit": ["plan", "unit", "jurisdiction", "unit_type", "unit_type_label", "led", "responsible", "tasks", "weighted",
             "share", "goal_areas", "targets", "plans", "degree", "weighted_degree", "betweenness", "pagerank",
             "community", "iri"],
    "type": ["plan", "unit_type", "unit_type_label", "units", "led", "responsible", "tasks", "weighted",
             "weighted_per_unit", "share", "targets", "jurisdictions", "plans"],
}
"""Columns of the CSV, per ``by``: one row per (plan, unit) or (plan, type); ``plan == "ALL"`` across plans."""


def _graphs(graph, workers: int = 1) -> WorkloadGraphs:
    return graph if isinstance(graph, WorkloadGraphs) else to_networkx(graph, workers=workers)


def _follow_through(graph, given=None):
    """The follow-through section: ``given``, else queried from an RDF graph (None for networkx graphs)."""
    if given is not None or isinstance(graph, WorkloadGraphs):
        return given
    from .followthrough import follow_through_section

    return follow_through_section(graph)


def workload_report(graph, plan: str | None = None, by: str = "unit", fmt: str = "html",
                    weights: dict | None = None, *, backend=None, workers: int = 1) -> str:
    """The workload report of an RDF graph (or its :class:`WorkloadGraphs`) as text.

    ``fmt`` is one of :data:`REPORT_FORMATS`; ``plan`` restricts to one plan (id, file
    name or IRI); ``by`` is ``"unit"`` or ``"type"``; ``weights`` overrides
    :data:`kg.analysis.workload.DEFAULT_WEIGHTS`; ``workers`` processes read a build folder
    (:func:`~kg.analysis.convert.to_networkx`).
    """
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(REPORT_FORMATS)}")
    return render_report(build_report(_graphs(graph, workers), plan=plan, by=by, weights=weights, backend=backend,
                                      follow_through=_follow_through(graph) if plan is None else None), fmt)


def render_report(report: WorkloadReport, fmt: str) -> str:
    """Lay out a computed report in one of :data:`REPORT_FORMATS`."""
    if fmt == "csv":
        return render(report.rows, "csv", columns=CSV_COLUMNS[report.by])
    if fmt == "json":
        return json.dumps(_json(report), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from .html import render_html

        return render_html(report)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(REPORT_FORMATS)}")


OUTPUT_FILES = {"report.html": "html", "report.md": "md", "workload.csv": "csv"}
"""What :func:`write_reports` writes, besides the graph page ``graph.html``."""


def write_reports(graph, out: str | os.PathLike = "build", weights: dict | None = None,
                  follow_through=None) -> dict[str, Path]:
    """Write ``report.html``, ``report.md``, ``workload.csv`` and ``graph.html`` into ``out``.

    The graph is converted and the figures computed once for all four files; each file
    is written atomically. ``follow_through`` is the follow-through section
    (:func:`kg.report.followthrough.follow_through_section`), queried from ``graph``
    when that is an RDF graph. Returns file name -> path.
    """
    from ..output import write_atomic
    from ..viz import render_graph_html

    graphs = _graphs(graph)
    report = build_report(graphs, weights=weights, follow_through=_follow_through(graph, follow_through))
    out = Path(out)
    written = {name: write_atomic(out / name, render_report(report, fmt)) for name, fmt in OUTPUT_FILES.items()}
    written["graph.html"] = write_atomic(out / "graph.html", render_graph_html(graphs, weights=weights))
    return written


def _json(report: WorkloadReport) -> dict:
    return {
        "by": report.by, "weights": report.weights, "summary": report.summary, "plans": report.plans,
        "workload": [{k: r.get(k) for k in CSV_COLUMNS[report.by]} for r in report.rows],
        "by_type": report.type_rows, "by_jurisdiction": report.jurisdictions,
        "coordination_pairs": list(report.pairs), "hidden_load": report.hidden,
        "accountability": list(report.accountability), "untyped_units": report.untyped,
        "tasks": [{"iri": iri, **info} for iri, info in report.tasks.items()],
        "follow_through": None if report.follow_through is None else {
            "findings": report.follow_through.findings(), "rows": report.follow_through.rows,
            "coverage": report.follow_through.coverage},
    }


def top_units(graph, n: int = 5, weights: dict | None = None) -> dict[str, list[tuple[str, float]]]:
    """The ``n`` units with the highest weighted workload per plan id, and across plans under ``"ALL"``.

    Accepts an RDF graph or its :class:`WorkloadGraphs`.
    """
    return _top_units(_graphs(graph), n=n, weights=weights)
