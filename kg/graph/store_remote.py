"""Sending a build's named graphs to a SPARQL server.

:func:`load_remote` replaces each graph with SPARQL Update requests (``DROP SILENT
GRAPH`` then ``INSERT DATA`` in chunks of :data:`REMOTE_CHUNK_CHARS`);
:func:`put_graphs` sends each with one Graph Store Protocol ``PUT`` to the URL
:func:`gsp_graph_url` gives.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import URIRef

from ..errors import KgError
from .store import GraphLoadError, default_update_endpoint, remote_dataset
from .store_sync import GraphSource

REMOTE_CHUNK_CHARS = 1_000_000
"""Size of one ``INSERT DATA`` request when loading a SPARQL server."""


def _chunks(text: str, size: int):
    lines = [line for line in text.split("\n") if line]  # not splitlines: literals may hold U+2028 or a form feed
    chunk: list[str] = []
    length = 0
    for line in lines:
        if chunk and length + len(line) > size:
            yield "\n".join(chunk)
            chunk, length = [], 0
        chunk.append(line)
        length += len(line) + 1
    if chunk:
        yield "\n".join(chunk)


def load_remote(endpoint: str, graphs: Mapping[str, str | GraphSource], update_endpoint: str | None = None,
                timeout: float | None = None) -> int:
    """Replace each named graph on a SPARQL server (``DROP SILENT GRAPH`` then ``INSERT DATA``).

    Graphs of the server that are not in ``graphs`` are left alone. Returns the number
    of update requests sent. Each request waits at most ``timeout`` seconds (default
    :func:`kg.sparql.endpoint.endpoint_timeout`); a 5xx answer is retried
    (:func:`kg.sparql.endpoint.post_update`).
    """
    from ..sparql.endpoint import post_update

    ds = remote_dataset(endpoint, update_endpoint)
    requests = 0
    try:
        for name in sorted(graphs):
            ref = URIRef(name).n3()
            text = graphs[name].ntriples() if isinstance(graphs[name], GraphSource) else graphs[name]
            body = [f"INSERT DATA {{ GRAPH {ref} {{\n{chunk}\n}} }}" for chunk in _chunks(text, REMOTE_CHUNK_CHARS)]
            first = f"DROP SILENT GRAPH {ref}" + (" ;\n" + body[0] if body else "")
            for update in [first, *body[1:]]:
                post_update(update_endpoint or default_update_endpoint(endpoint), update, timeout)
                requests += 1
    except Exception as exc:
        if isinstance(exc, KgError):
            raise
        raise GraphLoadError(f"{endpoint}: loading the graph failed: {exc}") from None
    finally:
        ds.close()
    return requests


def gsp_graph_url(gsp: str, name: str) -> str:
    """The Graph Store Protocol URL of the named graph ``name`` (indirect identification).

    >>> gsp_graph_url("http://127.0.0.1:7878/store", "https://example.org/g/a b")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fg%2Fa%20b'
    """
    from urllib.parse import quote

    return f"{gsp}{'&' if '?' in gsp else '?'}graph={quote(name, safe='')}"


def put_graphs(gsp: str, graphs: Mapping[str, str | GraphSource], timeout: float = 60.0) -> int:
    """Replace each named graph on a server with one Graph Store Protocol ``PUT`` (N-Triples body).

    ``gsp`` is the server's graph store URL (Oxigraph: ``/store``; Fuseki:
    ``/DATASET/data``). Graphs of the server that are not in ``graphs`` are left
    alone. Each request may take ``timeout`` seconds. Returns the number of requests.
    """
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    requests = 0
    for name in sorted(graphs):
        source = graphs[name]
        body = (source.ntriples() if isinstance(source, GraphSource) else source).encode("utf-8")
        request = Request(gsp_graph_url(gsp, name), data=body, method="PUT",
                          headers={"Content-Type": "application/n-triples"})
        try:
            with urlopen(request, timeout=timeout) as response:
                response.read()
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            raise GraphLoadError(f"{gsp}: storing graph <{name}> failed: HTTP {exc.code} {detail}") from None
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GraphLoadError(f"{gsp}: storing graph <{name}> failed: {reason}") from None
        requests += 1
    return requests
