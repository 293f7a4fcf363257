"""SPARQL servers: sending queries and updates, with timeouts and retries.

:func:`remote_query` sends a query and reads the answer; :func:`post_update` sends
an update, retrying a 5xx answer with exponential backoff (:data:`RETRIES`,
:data:`BACKOFF`); :func:`timeout_for` sets how long requests wait
(:func:`endpoint_timeout`).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import urllib.error

from .errors import EndpointError, QueryError

log = logging.getLogger("kg.sparql")

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for a SPARQL server to accept a connection, and for each read."""
RETRIES = 3
"""Update requests answered with a 5xx status are sent again this many times."""
BACKOFF = 0.5
"""Seconds before the first retry; doubled before each next one."""


_TIMEOUT: contextvars.ContextVar[float] = contextvars.ContextVar("kg_endpoint_timeout", default=DEFAULT_TIMEOUT)


def endpoint_timeout() -> float:
    """The timeout for SPARQL servers in effect (:data:`DEFAULT_TIMEOUT` unless set by :func:`timeout_for`)."""
    return _TIMEOUT.get()


@contextlib.contextmanager
def timeout_for(seconds: float | None):
    """Within the block, requests to SPARQL servers wait at most ``seconds`` (``kg build --timeout``)."""
    token = _TIMEOUT.set(DEFAULT_TIMEOUT if seconds is None else float(seconds))
    try:
        yield
    finally:
        _TIMEOUT.reset(token)


def _post(url: str, body: str, content_type: str, accept: str, timeout: float | None) -> tuple[bytes, str]:
    """POST to a SPARQL server; ``(body, content type)``. Raises :class:`EndpointError` when the
    server cannot be reached or does not answer in time; :class:`urllib.error.HTTPError` for an
    error status."""
    import urllib.request

    timeout = endpoint_timeout() if timeout is None else timeout
    request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError:
        raise
    except TimeoutError:
        raise EndpointError(f"{url}: the SPARQL server did not answer within {timeout:g} s "
                            "(raise --timeout for a slow server)") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise EndpointError(f"{url}: the SPARQL server did not answer within {timeout:g} s "
                                "(raise --timeout for a slow server)") from None
        raise EndpointError(f"{url}: the SPARQL server cannot be reached ({exc.reason})") from None
    except (OSError, ValueError) as exc:  # connection reset, bad URL
        raise EndpointError(f"{url}: the SPARQL server cannot be reached ({exc})") from None


_RESULT_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/turtle;q=0.8, application/rdf+xml;q=0.7"


def remote_query(endpoint: str, text: str, timeout: float | None = None, name: str = "<query>"):
    """Send a query to a SPARQL 1.1 server; an rdflib :class:`~rdflib.query.Result`."""
    from io import BytesIO

    from rdflib.query import Result

    try:
        data, ctype = _post(endpoint, text, "application/sparql-query; charset=utf-8", _RESULT_ACCEPT, timeout)
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1] if exc.fp else []
        if exc.code >= 500:
                raise EndpointError(f"{endpoint}: the SPARQL server failed: HTTP {exc.code} {' '.join(detail)}".rstrip()) from None
        raise QueryError(f"{name}: the server rejected the query: HTTP {exc.code} {' '.join(detail)}".rstrip()) from None
    media = ctype.split(";")[0].strip().lower()
    try:
        if media in ("text/turtle", "application/rdf+xml", "application/n-triples", "application/ld+json"):
            from rdflib import Graph

            fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/n-triples": "nt",
                   "application/ld+json": "json-ld"}[media]
            result = Result("CONSTRUCT")
            result.graph = Graph().parse(data=data, format=fmt)
            return result
        return Result.parse(BytesIO(data), content_type=media or "application/sparql-results+json")
    except Exception as exc:  # a body that is not what the content type says
        raise QueryError(f"{name}: the server's answer cannot be read as {media or 'SPARQL results'}: {exc}") from None


def post_update(update_endpoint: str, update: str, timeout: float | None = None, retries: int = RETRIES) -> None:
    """Send one SPARQL update; a 5xx answer is retried with exponential backoff."""
    import time

    delay = BACKOFF
    for attempt in range(retries + 1):
        try:
            _post(update_endpoint, update, "application/sparql-update; charset=utf-8", "*/*", timeout)
            return
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()[:1] if exc.fp else []
            message = f"{update_endpoint}: the server answered HTTP {exc.code} {' '.join(detail)}".rstrip()
            if exc.code < 500:
                raise EndpointError(message) from None
            if attempt == retries:
                raise EndpointError(f"{message} ({retries + 1} attempts)") from None
            log.warning("%s; retrying in %g s", message, delay)
            time.sleep(delay)
            delay *= 2
