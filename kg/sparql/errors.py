"""The errors a query raises: it fails, it is asked for wrongly, it names no plan, or its server fails."""

from __future__ import annotations

from ..errors import EXIT_LOAD, EXIT_USER, KgError
from ..graph.store import GraphLoadError


class QueryError(KgError):
    """A query that fails: it does not parse or cannot be evaluated."""

    exit_code = EXIT_USER


class QueryUsageError(QueryError):
    """A query asked for wrongly: unknown name, missing, unknown or malformed parameter."""

    exit_code = EXIT_LOAD


class UnknownPlanError(QueryError):
    """A ``plan`` parameter that matches no plan of the graph (a user error: exit 1)."""

    exit_code = EXIT_USER


class EndpointError(GraphLoadError):
    """A SPARQL server cannot be reached, does not answer in time, or keeps failing (exit 2)."""
