"""A read-only SPARQL 1.1 endpoint over a built graph: what ``kg serve`` runs.

The build's Oxigraph store (``build/store``) is opened read-only, or, without one, its
``graph.nq`` is loaded into memory. Queries run over the union of the named graphs (as
``kg query`` does) and may use kg's usual prefixes without declaring them. The SPARQL
1.1 protocol is followed for queries:

* ``GET /query?query=...``, ``POST /query`` with ``application/sparql-query`` or a
  form field ``query``;
* results in the type the ``Accept`` header asks for: SELECT and ASK as
  ``application/sparql-results+json`` (default), ``+xml``, ``text/csv`` or
  ``text/tab-separated-values``; CONSTRUCT and DESCRIBE as ``text/turtle`` (default),
  ``application/n-triples``, ``application/rdf+xml`` or ``application/ld+json``;
* updates (``/update``, a form field ``update``, or update text sent as a query) are
  refused with 403: the endpoint never changes the graph.

The server binds to 127.0.0.1 unless told otherwise, and allows cross-origin requests
so that browser clients such as YASGUI can query it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .errors import EXIT_LOAD, KgError

log = logging.getLogger("kg.serve")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
MAX_BODY = 10_000_000
"""Largest request body accepted (bytes)."""

RESULT_TYPES = {
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
"""Media types for SELECT and ASK results -> pyoxigraph ``QueryResultsFormat`` names, default first."""
GRAPH_TYPES = {
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD", "text/n3": "N3",
}
"""Media types for CONSTRUCT and DESCRIBE results -> pyoxigraph ``RdfFormat`` names, default first."""

_UPDATE_RE = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>|#[^\n]*\n)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


class ServeError(KgError):
    """The graph to serve cannot be opened, or the address cannot be bound."""

    exit_code = EXIT_LOAD


def open_store(source: str | os.PathLike = "build"):
    """A pyoxigraph store over ``source``: a build folder, an Oxigraph store, or an RDF file.

    The on-disk store is opened read-only; files are loaded into memory.
    """
    import pyoxigraph

    from .graph.store import FORMATS, GRAPH_FILES, STORE_DIR, is_oxigraph_dir

    path = Path(source)
    for candidate in (path, path / STORE_DIR):
        if is_oxigraph_dir(candidate):
            try:
                return pyoxigraph.Store.read_only(str(candidate))
            except OSError as exc:
                raise ServeError(f"{candidate}: the Oxigraph store cannot be opened ({exc})") from None
    files = [path] if path.is_file() else [path / n for n in GRAPH_FILES if (path / n).is_file()]
    if not files:
        raise ServeError(f"{path}: no graph here (neither {STORE_DIR}/ nor {', '.join(GRAPH_FILES)}); "
                         "run `kg build` first")
    formats = {"nquads": "N_QUADS", "trig": "TRIG", "turtle": "TURTLE", "nt": "N_TRIPLES", "xml": "RDF_XML",
               "json-ld": "JSON_LD", "n3": "N3"}
    fmt = formats.get(FORMATS.get(files[0].suffix.lower(), ""))
    if fmt is None:
        raise ServeError(f"{files[0]}: not an RDF file kg can serve")
    store = pyoxigraph.Store()
    try:
        store.bulk_load(path=str(files[0]), format=getattr(pyoxigraph.RdfFormat, fmt))
    except (OSError, SyntaxError, ValueError) as exc:
        raise ServeError(f"{files[0]}: cannot be read ({exc})") from None
    return store


def _negotiate(accept: str, types: dict[str, str]) -> tuple[str, str]:
    """The first acceptable media type of ``types`` by the ``Accept`` header's q values."""
    default = next(iter(types.items()))
    wanted = []
    for i, part in enumerate(p.strip() for p in (accept or "").split(",") if p.strip()):
        media, _, params = part.partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        wanted.append((-q, i, media.strip().lower()))
    for _, _, media in sorted(wanted):
        if media in types:
            return media, types[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class SparqlHandler(BaseHTTPRequestHandler):
    """Answers ``/query`` from :attr:`server.store`; refuses updates."""

    server_version = "kg-sparql"
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    # --- responses ------------------------------------------------------------------

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"))

    # --- methods --------------------------------------------------------------------

    def do_OPTIONS(self):  # noqa: N802 - http.server's naming
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse_update(self) -> None:
        self._error(403, "this endpoint is read-only: SPARQL updates are refused")

    def _routed(self) -> bool:
        """Whether the request is for ``/query``; answers every other path itself."""
        url = urlsplit(self.path)
        if url.path == "/update":
            self._refuse_update()
        elif url.path != "/query":
            self._error(404, f"no such resource {url.path}; queries go to /query")
        return url.path == "/query"

    def do_GET(self):  # noqa: N802
        if urlsplit(self.path).path in ("/", ""):
            self._send(200, _INDEX.encode("utf-8"))
            return
        if not self._routed():
            return
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        if "update" in params:
            self._refuse_update()
        elif not params.get("query"):
            self._error(400, "give the query in the 'query' parameter")
        else:
            self._answer(params["query"][0])

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        if not self._routed():
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > MAX_BODY:
            self._error(413 if length > MAX_BODY else 400, "the request body is missing or too large")
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            text = body
        elif ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            if "update" in form:
                self._refuse_update()
                return
            text = (form.get("query") or [""])[0]
        elif ctype == "application/sparql-update":
            self._refuse_update()
            return
        else:
            self._error(415, "send the query as application/sparql-query or as a form field 'query'")
            return
        if not text.strip():
            self._error(400, "the query is empty")
            return
        self._answer(text)

    # --- answering ------------------------------------------------------------------

    def _answer(self, text: str) -> None:
        import pyoxigraph

        from .sparql import with_prefixes

        if _UPDATE_RE.match(text):
            self._refuse_update()
            return
        try:
            result = self.server.store.query(with_prefixes(text), use_default_graph_as_union=True)
            if isinstance(result, pyoxigraph.QueryTriples):
                media, fmt = _negotiate(self.headers.get("Accept", ""), GRAPH_TYPES)
                body = result.serialize(format=getattr(pyoxigraph.RdfFormat, fmt))
            else:
                media, fmt = _negotiate(self.headers.get("Accept", ""), RESULT_TYPES)
                body = result.serialize(format=getattr(pyoxigraph.QueryResultsFormat, fmt))
        except SyntaxError as exc:
            self._error(400, f"the query cannot be parsed: {exc}")
            return
        except (OSError, ValueError, RuntimeError) as exc:
            self._error(500, f"the query failed: {exc}")
            return
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("json", "xml")) else ""
        self._send(200, body or b"", media + charset)


_INDEX = """kg: a read-only SPARQL 1.1 endpoint over a built graph.

  GET  /query?query=SELECT...           (URL-encoded query)
  POST /query  application/sparql-query  (the query as the body)
  POST /query  application/x-www-form-urlencoded, field 'query'

Queries see the union of all named graphs; kg's prefixes (kg:, skos:, dcterms:, ...)
may be used without declaring them. Updates are refused.
"""


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the store its handlers query."""

    daemon_threads = True

    def __init__(self, address, store):
        self.store = store
        super().__init__(address, SparqlHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/query"


def make_server(source: str | os.PathLike = "build", host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> SparqlServer:
    """A server for the graph at ``source`` bound to ``host:port`` (port 0: any free port); not yet serving."""
    store = open_store(source)
    try:
        return SparqlServer((host, port), store)
    except OSError as exc:
        raise ServeError(f"{host}:{port}: cannot listen there ({exc.strerror or exc})") from None


def serve_in_thread(server: SparqlServer) -> threading.Thread:
    """Serve in a background thread (for notebooks and tests); stop with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True)
    thread.start()
    return thread
