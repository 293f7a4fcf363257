"""``kg viz``: an interactive, offline HTML page of the graph."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from ..output import write_atomic
from ..viz import DEFAULT_MAX_TASKS, DEFAULT_TOP

log = logging.getLogger("kg.viz")


@click.command("viz")
@click.option("--plan", metavar="ID", help="One plan only: its id (file name without extension), file name or IRI.")
@click.option("--unit", metavar="NAME", help="Units whose name contains NAME, their tasks and co-responsible units.")
@click.option("--type", "unit_type", metavar="TYPE", help="Units of one department type (slug or Chinese label).")
@click.option("--top", type=click.IntRange(min=0), default=DEFAULT_TOP, show_default=True,
              help="Show the N units with the highest workload (0: all).")
@click.option("--max-tasks", type=click.IntRange(min=0), default=DEFAULT_MAX_TASKS, show_default=True,
              help="Show at most N tasks (0: all).")
@click.option("--format", "fmt", type=click.Choice(["html", "json"]), default="html", show_default=True,
              help="html: the offline page; json: the nodes and edges it draws.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              default=None, help="File to write ('-' for stdout)  [default: build/graph.html for html, stdout for json]")
@click.option("--graph", "graph_path", default="build", show_default=True, metavar="PATH",
              help="Build folder, Oxigraph store or RDF file to read.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes that read a build folder's graph.")
def command(plan, unit, unit_type, top, max_tasks, fmt, out, graph_path, workers):
    """Draw plans, tasks, units, goals, targets, projects and places as a network page.

    Nodes are coloured by class and units sized by workload; hover for the task text
    and the quoted source. The page works offline. On large graphs the caps say on
    stderr and on the page what was left out.
    """
    from ..analysis.convert import to_networkx
    from ..graph.store import load_graph
    from ..viz import graph_data, render_graph_html

    graphs = to_networkx(load_graph(graph_path), workers=workers)
    options = {"plan": plan, "unit": unit, "unit_type": unit_type, "top": top or None, "max_tasks": max_tasks or None}
    if fmt == "json":
        page = json.dumps(graph_data(graphs, **options), ensure_ascii=False, indent=2) + "\n"
        out = out or Path("-")
    else:
        page = render_graph_html(graphs, **options)
        out = out or Path("build/graph.html")
    if str(out) == "-":
        sys.stdout.write(page)
    else:
        write_atomic(out, page)
        log.info("wrote %s", out)
