"""``kg report``: reports over the built graph (``kg report workload``)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ..analysis.workload import DEFAULT_WEIGHTS
from ..output import write_atomic

log = logging.getLogger("kg.report")

SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}


@click.group("report")
def command():
    """Reports over the graph that `kg build` wrote."""


@command.command("workload")
@click.option("--plan", metavar="ID", help="One plan only: its id (file name without extension), file name or IRI.")
@click.option("--by", type=click.Choice(["unit", "type"]), default="unit", show_default=True,
              help="Rows per unit, or per department type.")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "csv", "json"]), default=None,
              help="Output format  [default: from the --out ending, else html]")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--graph", "graph_path", default="build", show_default=True, metavar="PATH",
              help="Build folder, Oxigraph store or RDF file to read.")
@click.option("--lead-weight", type=float, default=DEFAULT_WEIGHTS["lead"], show_default=True,
              help="Weight of a task the unit leads.")
@click.option("--responsible-weight", type=float, default=DEFAULT_WEIGHTS["responsible"], show_default=True,
              help="Weight of a task the unit shares.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that read a build folder's graph.")
def workload(plan, by, fmt, out, graph_path, lead_weight, responsible_weight, workers):
    """Workload of units (or department types) per plan and across plans.

    \b
    html  one self-contained page: summary, charts, sortable tables, evidence quotes
    md    Markdown for pasting into documents
    csv   one row per (plan, unit) or (plan, type); plan ALL = across plans
    json  every table of the report
    """
    from ..graph.store import load_graph
    from ..report import workload_report

    fmt = fmt or (SUFFIX_FORMATS.get(out.suffix.lower(), "html") if out else "html")
    graph = load_graph(graph_path)
    text = workload_report(graph, plan=plan, by=by, fmt=fmt,
                           weights={"lead": lead_weight, "responsible": responsible_weight}, workers=workers)
    if out is None:
        sys.stdout.write(text)
    else:
        write_atomic(out, text)
        log.info("wrote %s", out)
