"""Running a query: :func:`query` over a graph, a build folder or a SPARQL server, a page of rows at a time."""

from __future__ import annotations

import os
import sys
import urllib.error

from ..errors import KgError
from .endpoint import remote_query
from .errors import QueryError, QueryUsageError, UnknownPlanError
from .named import NamedQuery, bind_params, get_query
from .results import QueryResult, _checked, _page, _result
from .rewrite import _STAGE_MARK, _VALUES_MARK, _bound, inject_values, paged, rank_subselects, with_prefixes

# The plans and their file names are read in two sub-selects joined by hashing (a plain join
# looks up each plan in the index) and sorted in Python (Oxigraph reads each text it compares).
_PLAN_FILES = """PREFIX kg: <https://w3id.org/kg-policy/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?file WHERE { { SELECT ?plan WHERE { ?plan a kg:Plan } }
                              { SELECT ?plan ?file WHERE { ?plan dcterms:identifier ?file } } }"""


def _evaluates_itself(graph) -> bool:
    """True for stores that run SPARQL themselves (Oxigraph, SPARQL endpoints)."""
    store = getattr(graph, "store", None)
    return type(store).__name__ in ("OxigraphStore", "SPARQLStore", "SPARQLUpdateStore")


DEFAULT_LIMIT = 1000
"""Rows of one page of a query's answer, unless asked otherwise (``limit=None``: every row)."""


def query(name_or_path_or_text: str, graph=None, params: dict | None = None, endpoint: str | None = None,
          timeout: float | None = None, limit: int | None = DEFAULT_LIMIT, offset: int = 0) -> QueryResult:
    """Run a named query, a ``.rq`` file or SPARQL text; return columns and rows.

    ``graph`` is an rdflib graph or dataset, or a path for :func:`kg.graph.store.load_graph`
    (default ``build``); ``endpoint`` queries a SPARQL server instead, waiting at most
    ``timeout`` seconds (default :func:`endpoint_timeout`) to connect and for each read.
    Rows come a page at a time: at most ``limit`` rows (default :data:`DEFAULT_LIMIT`;
    ``None`` for all of them) after skipping ``offset``; the result's ``more`` says whether
    rows follow the page.
    """
    from ..graph.store import load_graph

    if (limit is not None and limit < 0) or offset < 0:
        raise QueryUsageError("limit and offset cannot be negative")
    q = get_query(name_or_path_or_text)
    bindings = bind_params(q, params)
    text, in_query = paged(with_prefixes(q.text), limit, offset)
    if endpoint:
        if _STAGE_MARK.search(text):
            text = rank_subselects(text, lambda sub: _checked(remote_query(endpoint, _bound(sub, bindings), timeout, q.name), q),
                                   _wanted(limit, offset, in_query))
        return _page(_result(remote_query(endpoint, inject_values(text, bindings), timeout, q.name), q),
                     limit, offset, in_query)
    if graph is None or isinstance(graph, (str, os.PathLike)):
        graph = load_graph("build" if graph is None else graph)
    try:
        _check_plans(q, bindings, graph)
        if _STAGE_MARK.search(text):
            text = rank_subselects(text, lambda sub: graph.query(_bound(sub, bindings)), _wanted(limit, offset, in_query))
        if _evaluates_itself(graph) or _VALUES_MARK.search(text):
            result = graph.query(inject_values(text, bindings))
        else:
            result = graph.query(text, initBindings=bindings)
        return _page(_result(result, q), limit, offset, in_query)
    except KgError:
        raise
    except urllib.error.HTTPError as exc:  # the server answered: it rejected the query
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1] if exc.fp else []
        raise QueryError(f"{q.path or q.name}: the server rejected the query: HTTP {exc.code} {' '.join(detail)}") from exc
    except OSError as exc:  # urllib's URLError included: the server cannot be reached
        from ..graph.store import GraphLoadError

        raise GraphLoadError(f"{endpoint or q.name}: the SPARQL server cannot be reached ({exc})") from exc
    except Exception as exc:  # parse errors, HTTP errors, evaluation errors
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"{q.path or q.name}: the query failed: {message}") from exc


def _wanted(limit: int | None, offset: int, in_query: bool) -> int | None:
    """How many rows of the query the page needs (one more than ``limit``, to know whether more follow)."""
    return None if limit is None else limit + 1 + offset


def _check_plans(q: NamedQuery, bindings: dict, graph) -> None:
    """Every ``plan`` parameter given must be part of the file name of a plan in the graph."""
    given = [(p.name, str(bindings[p.name])) for p in q.params if p.type == "plan" and p.name in bindings]
    if not given:
        return
    files = sorted(str(row[0]) for row in graph.query(_PLAN_FILES))
    for name, value in given:
        if not any(value in f for f in files):
            shown = ", ".join(files[:20]) + (f" ... ({len(files)} in all)" if len(files) > 20 else "")
            raise UnknownPlanError(f"{q.name}: --param {name}={value} matches no plan in the graph; "
                                   f"plans: {shown or '(none)'}")


def read_query_text(source: str) -> str:
    """``-`` reads the query from standard input; anything else is returned unchanged."""
    return sys.stdin.read() if source == "-" else source
