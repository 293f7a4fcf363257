"""``kg query``: run a named query, a .rq file or SPARQL from standard input."""

from __future__ import annotations

import logging
import sys

import click

from ..graph.store import STORES, load_graph
from ..output import render
from ..sparql import DEFAULT_LIMIT, list_queries, query, read_query_text
from . import format_option

log = logging.getLogger("kg.query")


def _params(values) -> dict:
    out = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not key=value", param_hint="--param")
        if key.strip() in out:
            raise click.BadParameter(f"{key.strip()} is given twice ({out[key.strip()]!r} and {value!r}); "
                                     "give each parameter once", param_hint="--param")
        out[key.strip()] = value
    return out


@click.command("query")
@click.argument("source", required=False, metavar="NAME|FILE|-")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; repeat the option for several parameters, each given once.")
@format_option()
@click.option("--graph", "graph_path", default="build", show_default=True, type=click.Path(),
              help="A build folder, an Oxigraph store folder or an RDF file.")
@click.option("--store", type=click.Choice(STORES), default="auto", show_default=True,
              help="Engine for --graph: the embedded Oxigraph store, or rdflib's memory.")
@click.option("--endpoint", metavar="QUERY_URL", help="Query this SPARQL 1.1 server instead of --graph.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60, show_default=True,
              help="Seconds to wait for the --endpoint server to connect and answer.")
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT, show_default=True,
              help="Rows at most (one page); 0 for every row. A note on stderr says when more rows follow.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Rows to skip before the first one shown (the next page: --offset LIMIT).")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their parameters.")
def command(source, params, fmt, graph_path, store, endpoint, timeout, limit, offset, list_):
    """Run a SPARQL query over the graph: a named query (see --list), a .rq file, or - for stdin.

    \b
    Examples:
      kg query units-by-tasks-led --param plan=003
      kg query targets-by-year --limit 100 --offset 100
      kg query unit-responsibilities -p unit=发改 --format md
      echo 'SELECT (COUNT(*) AS ?n) WHERE { ?t a kg:Task }' | kg query -
    """
    if list_:
        rows = [{"name": q.name, "summary": q.summary,
                 "params": "; ".join(f"{p.name} ({p.type}{'' if p.required else ', optional' if p.default is None else f', default {p.default}'})"
                                     for p in q.params)} for q in list_queries()]
        sys.stdout.write(render(rows, fmt, columns=["name", "summary", "params"]))
        return
    if not source:
        raise click.UsageError("give a query NAME, FILE or - (or --list to see the named queries)")
    text = read_query_text(source)
    graph = None if endpoint else load_graph(graph_path, store=store)
    result = query(text, graph=graph, params=_params(params), endpoint=endpoint, timeout=timeout,
                   limit=limit or None, offset=offset)
    sys.stdout.write(render(result.rows, fmt, columns=result.columns))
    if result.more:
        log.warning("more rows follow the %d shown (rows %d-%d); the next page: --offset %d; every row: --limit 0",
                    len(result.rows), offset + 1, offset + len(result.rows), offset + len(result.rows))
