"""``kg validate``: check a graph against the SHACL shapes."""

from __future__ import annotations

import sys

import click

from ..errors import EXIT_OK, EXIT_USER
from ..graph.validate import ENGINES, validate_graph
from ..output import render
from . import format_option


@click.command("validate")
@click.argument("graph", required=False, default="build", type=click.Path())
@format_option(default="table")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
              help="Violations listed in table format (0: all).")
@click.option("--engine", type=click.Choice(ENGINES), default=ENGINES[0], show_default=True,
              help="sparql: the shapes compiled to SPARQL, run by Oxigraph (pySHACL for shapes it cannot "
                   "compile); pyshacl: pySHACL, the reference.")
def command(graph, fmt, limit, engine):
    """Validate GRAPH (a build folder or an RDF file; default: build/) against the SHACL shapes.

    \b
    Each violation is listed with its focus node's label, the property path and the
    shape's message. Exit code 0 when the graph conforms, 1 when it does not, 2 when
    it cannot be loaded.
    """
    report = validate_graph(graph, engine=engine)
    if fmt == "table":
        sys.stdout.write(report.text(limit=limit or None))
    else:
        sys.stdout.write(render(report.rows(), fmt, columns=["severity", "focus", "path", "message", "value", "node"]))
    sys.exit(EXIT_OK if report.conforms else EXIT_USER)
