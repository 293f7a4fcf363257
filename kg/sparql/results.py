"""A query's answer as plain rows: :class:`QueryResult`, with each RDF term made a Python value
(:func:`to_python`), cut to the page asked for."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Literal
from rdflib.namespace import XSD

from .errors import QueryError
from .named import NamedQuery


def to_python(term):
    """An RDF term as a plain Python value: numbers, booleans, strings (IRIs and dates as text)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        dt = term.datatype
        if dt in (XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger):
            try:
                return int(term)
            except ValueError:
                return str(term)
        if dt in (XSD.decimal, XSD.double, XSD.float):
            try:
                return float(term)
            except ValueError:
                return str(term)
        if dt == XSD.boolean:
            return term.toPython() if isinstance(term.toPython(), bool) else str(term).lower() == "true"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


@dataclass
class QueryResult:
    """Columns and rows (dicts of plain values) of a query; iterate it for the rows.

    ``offset`` is the number of rows skipped before the first one; ``more`` is true when the
    query has rows after the last one given (the page was cut at its ``limit``).
    """

    columns: list[str]
    rows: list[dict]
    query: str = ""
    offset: int = 0
    more: bool = False

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def column(self, name: str) -> list:
        return [row.get(name) for row in self.rows]


def _page(result: QueryResult, limit: int | None, offset: int, in_query: bool) -> QueryResult:
    """Cut the rows to the page asked for (the query gave one row more than ``limit``, or all rows)."""
    rows = result.rows if in_query else result.rows[offset:]
    result.offset = offset
    if limit is not None and len(rows) > limit:
        rows, result.more = rows[:limit], True
    result.rows = rows
    return result


def _checked(result, q: NamedQuery):
    if isinstance(result, tuple):  # rdflib's SPARQL store reports an HTTP error as (code, message, None)
        raise QueryError(f"{q.path or q.name}: the server rejected the query: {result[1]}")
    return result


def _result(result, q: NamedQuery) -> QueryResult:
    result = _checked(result, q)
    if result.type == "ASK":
        return QueryResult(["ask"], [{"ask": bool(result.askAnswer)}], q.name)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(({"subject": to_python(s), "predicate": to_python(p), "object": to_python(o)}
                       for s, p, o in result.graph), key=lambda r: (r["subject"], r["predicate"], str(r["object"])))
        return QueryResult(["subject", "predicate", "object"], rows, q.name)
    columns = [str(v) for v in result.vars]
    rows = [{c: to_python(row[c]) if c in row.labels else None for c in columns} for row in result]
    return QueryResult(columns, rows, q.name)
