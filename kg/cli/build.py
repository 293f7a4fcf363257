"""``kg build``: documents -> RDF graph files, validation and the embedded store (or a SPARQL server)."""

from __future__ import annotations

import sys

import click

from ..errors import KgError
from ..graph.build import AUTO_FILES_MAX_DOCUMENTS, LOCK_WAIT, build_graph, file_kinds
from ..graph.engine import ENGINES, SCHEDULER_ENV
from ..output import render
from ..sparql import timeout_for
from . import format_option, show_progress


def check_files(ctx, param, value):
    """``--files``: a usage error (exit 2) for an unknown kind."""
    try:
        file_kinds(value, 0)
    except KgError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


files_option = click.option(
    "--files", "files", default="auto", show_default=True, metavar="KINDS", callback=check_files,
    help=f"Whole-corpus files to write: auto (nq,trig,ttl for at most {AUTO_FILES_MAX_DOCUMENTS} documents, "
         "none above), none, all, or a list such as nq,ttl,trig,jsonld. The store and the per-document "
         "N-Quads in OUT/cache/ are always there.")
wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=LOCK_WAIT, show_default=True, metavar="SECONDS",
    help="While another build writes OUT, wait this long for it to finish, then fail (exit 2).")
engine_option = click.option(
    "--engine", type=click.Choice(ENGINES), default="local", show_default=True,
    help="Extract in local processes, or on a Dask cluster (a local one of --workers processes, "
         "one per core by default, unless --scheduler is given).")
scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS", envvar=SCHEDULER_ENV, show_envvar=True,
    help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786).")
gsp_option = click.option(
    "--gsp", metavar="STORE_URL",
    help="Send each document's graph to the server with a Graph Store Protocol PUT to this URL "
         "(Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).")
endpoint_option = click.option(
    "--endpoint", metavar="QUERY_URL", help="Load into this SPARQL 1.1 server instead of the embedded store.")
update_endpoint_option = click.option(
    "--update-endpoint", metavar="UPDATE_URL",
    help="The server's update URL (default: QUERY_URL with a final /query replaced by /update).")
timeout_option = click.option(
    "--timeout", default=60.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
    help="Seconds to wait for the SPARQL server (--endpoint, --gsp) to connect and answer each request.")


def engine_options(command):
    """The options where and how a build runs, shared by ``kg build`` and ``kg run``."""
    for option in reversed((files_option, wait_option, endpoint_option, update_endpoint_option, gsp_option,
                            timeout_option, engine_option, scheduler_option)):
        command = option(command)
    return command


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--out", default="build", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.nq, graph.trig, the cache and the store.")
@click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(min=1),
              help="Extract documents in this many processes.")
@click.option("--validate/--no-validate", default=True, show_default=True,
              help="Check the graph against the SHACL shapes (ontology/shapes.ttl).")
@click.option("--jsonld", is_flag=True, help="Also write graph.jsonld.")
@click.option("--no-cache", is_flag=True, help="Extract every document again, ignoring OUT/cache/.")
@engine_options
@format_option(default="table")
@click.pass_context
def command(ctx, paths, out, workers, validate, jsonld, files, wait, no_cache, endpoint, update_endpoint, gsp,
            timeout, engine, scheduler, fmt):
    """Build the graph of PATHS (files or folders; default: corpus/) into OUT.

    \b
    Loads the embedded Oxigraph store OUT/store (or the server given by --endpoint;
    with --gsp, one HTTP PUT per document's graph) and writes the whole-corpus files
    --files asks for: OUT/graph.ttl (union), OUT/graph.nq and OUT/graph.trig (one
    named graph per document), OUT/graph.jsonld (also with --jsonld). By default
    (auto) a corpus of up to 200 documents gets the first three and a larger one none,
    since each build rewrites them whole; `kg build --files nq,ttl,trig` writes them
    later without extracting again. With --engine dask or --scheduler, documents are
    extracted on a Dask cluster; the files are the same as a local build's. Only
    documents that changed since the last build are extracted again, only their graphs
    replaced in the store, and the cross-document checks rerun only over the nodes
    those graphs touch. OUT is locked while building: a second build into it waits for
    the first (up to --wait seconds), then fails (exit 2). When no document can be
    read, nothing in OUT changes (exit 2). Progress bars go to stderr when it is a
    terminal (not with -q). Exit code 2 if a document cannot be read (the others are
    still built), 1 if the graph does not conform to the shapes, else 0.
    """
    with timeout_for(timeout):
        result = build_graph(
            paths or ("corpus",), out=out, workers=workers, validate=validate, endpoint=endpoint,
            update_endpoint=update_endpoint, jsonld=jsonld, use_cache=not no_cache,
            progress=show_progress(ctx), engine=engine, scheduler=scheduler or None, gsp=gsp, timeout=timeout,
            files=files, wait=wait,
        )
    for error in result.errors:
        click.echo(f"kg: error: {error}", err=True)
    if result.validation is not None and not result.validation.conforms:
        click.echo(result.validation.text(limit=20), err=True, nl=False)
    sys.stdout.write(render(result.summary(), fmt))
    sys.exit(result.exit_code)
