"""SPARQL over the graph: named queries, parameters bound as RDF terms, plain rows.

:func:`query` runs a named query, a ``.rq`` file or SPARQL text over a graph, a
build folder or a SPARQL server. Its parts:

* :mod:`kg.sparql.named` -- the named queries of ``kg/queries/*.rq``, their headers
  and parameters;
* :mod:`kg.sparql.rewrite` -- changes to a query's text: parameters as a ``VALUES``
  block, prefixes, pages, ranks;
* :mod:`kg.sparql.run` -- :func:`query` itself;
* :mod:`kg.sparql.results` -- the answer as rows of plain Python values;
* :mod:`kg.sparql.endpoint` -- SPARQL servers: requests, timeouts and retries;
* :mod:`kg.sparql.errors` -- the errors a query raises.

Every name below is importable from ``kg.sparql`` itself.
"""

from __future__ import annotations

from .endpoint import (
    BACKOFF,
    DEFAULT_TIMEOUT,
    RETRIES,
    endpoint_timeout,
    post_update,
    remote_query,
    timeout_for,
)
from .errors import EndpointError, QueryError, QueryUsageError, UnknownPlanError
from .named import PARAM_TYPES, NamedQuery, Param, bind_params, get_query, list_queries, parse_header, to_term
from .results import QueryResult, to_python
from .rewrite import inject_values, paged, rank_subselects, term_order_key, with_prefixes
from .run import DEFAULT_LIMIT, query, read_query_text

__all__ = [
    "BACKOFF", "DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "PARAM_TYPES", "RETRIES", "EndpointError", "NamedQuery", "Param",
    "QueryError", "QueryResult", "QueryUsageError", "UnknownPlanError", "bind_params", "endpoint_timeout",
    "get_query", "inject_values", "list_queries", "paged", "parse_header", "post_update", "query",
    "rank_subselects", "read_query_text", "remote_query", "term_order_key", "timeout_for", "to_python", "to_term",
    "with_prefixes",
]
