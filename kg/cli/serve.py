"""``kg serve``: a read-only SPARQL 1.1 endpoint over the built graph."""

from __future__ import annotations

import click

from ..serve import DEFAULT_HOST, DEFAULT_PORT, make_server


@click.command("serve")
@click.argument("build", default="build", required=False, type=click.Path())
@click.option("--port", type=click.IntRange(min=0, max=65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to bind; 0.0.0.0 makes the graph reachable from other machines.")
def command(build, port, host):
    """Serve the graph of BUILD (a build folder, an Oxigraph store or an RDF file) as a
    read-only SPARQL 1.1 endpoint at http://HOST:PORT/query, until Ctrl-C.

    \b
    Any SPARQL client (YASGUI, Protégé, curl, rdflib) can query it:
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?t a kg:Task }' \\
           http://127.0.0.1:7878/query
    Queries see the union of the named graphs; updates are refused.
    """
    server = make_server(build, host=host, port=port)
    click.echo(f"kg: serving {build} read-only at {server.url} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
