"""Changes to a query's text before it runs: parameters, prefixes, pages and ranks.

Parameter values are never pasted into the query text as raw strings: on rdflib's
own in-memory store they are passed as ``initBindings``; for stores that evaluate
SPARQL themselves (the embedded Oxigraph store, whose substitutions only reach the
projection, and remote servers) :func:`inject_values` puts a ``VALUES`` block made
of ``term.n3()`` at the start of the query's ``WHERE`` group. :func:`with_prefixes`
declares kg's usual prefixes, :func:`paged` asks for one page of rows and
:func:`rank_subselects` ranks a marked sub-select's rows in Python.

>>> print(inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://example.org/p")}))
SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }
"""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import BNode, Literal, URIRef

from ..namespaces import _PREFIXES
from .errors import QueryError


def _skip_tokens(text: str):
    """Yield (index, char) of the query text outside IRIs, strings and comments."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if ch == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i += len(re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]).group(0))
            continue
        if ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        yield i, ch
        i += 1


_VALUES_MARK = re.compile(r"^[ \t]*#[ \t]*values[ \t]*$", re.M)
_PAGE_MARK = re.compile(r"^[ \t]*#[ \t]*page[ \t]*$", re.M)
_RANK_MARK = re.compile(r"^[ \t]*#[ \t]*rank[ \t]+\?(?P<var>[A-Za-z_][A-Za-z0-9_]*)"
                        r"(?:[ \t]+page[ \t]+\?(?P<page>[A-Za-z_][A-Za-z0-9_]*))?[ \t]*$", re.M)
_INLINE_MARK = re.compile(r"^[ \t]*#[ \t]*inline[ \t]*$", re.M)
_STAGE_MARK = re.compile(f"{_RANK_MARK.pattern}|{_INLINE_MARK.pattern}", re.M)
_ORDER_KEY = re.compile(r"\s*(?:(?P<dir>ASC|DESC)\s*\(\s*\?(?P<var1>\w+)\s*\)|\?(?P<var2>\w+))", re.I)


def inject_values(text: str, bindings: dict) -> str:
    """Put a ``VALUES`` block with ``bindings`` at the start of the query's WHERE group, or in
    place of each ``# values`` line (a sub-select that filters on parameters marks its group so).

    >>> print(inject_values("SELECT ?x WHERE {\\n  { SELECT ?x WHERE {\\n  # values\\n  ?x ?p ?o } }\\n}", {"p": Literal("a")}))
    SELECT ?x WHERE {
      { SELECT ?x WHERE {
      VALUES (?p) { ("a") }
      ?x ?p ?o } }
    }

    >>> print(inject_values('CONSTRUCT { ?s ?p "{" } WHERE { ?s ?p ?o }', {"o": Literal("x")}))
    CONSTRUCT { ?s ?p "{" } WHERE { VALUES (?o) { ("x") } ?s ?p ?o }
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(bindings[n].n3() for n in names) + ") }"
    if _VALUES_MARK.search(text):
        return _VALUES_MARK.sub(lambda m: m.group(0)[: len(m.group(0)) - len(m.group(0).lstrip())] + block, text)
    braces, where = [], None
    for i, ch in _skip_tokens(text):
        if ch == "{":
            braces.append(i)
        elif (where is None and ch in "Ww" and text[i:i + 5].upper() == "WHERE"
              and not re.match(r"[\w?$:]", text[i - 1:i] or " ") and not re.match(r"\w", text[i + 5:i + 6] or " ")):
            where = i
    construct = re.match(r"\s*CONSTRUCT\b", _strip_prologue(text), re.I)
    if where is not None and (construct or not braces or where < braces[0]):
        anchor = next((b for b in braces if b > where), None)
    else:
        anchor = braces[0] if braces else None
    if anchor is None:
        raise QueryError("cannot find the WHERE group of the query to bind its parameters")
    return text[: anchor + 1] + " " + block + text[anchor + 1:]


def _strip_prologue(text: str) -> str:
    return re.sub(r"^(?:\s*(?:#[^\n]*|PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>))*", "", text, flags=re.I)


def with_prefixes(text: str) -> str:
    """Declare kg's usual prefixes that the query uses without declaring them."""
    missing = [p for p in sorted(_PREFIXES) if re.search(rf"(?<![\w:<]){p}:", text)
               and not re.search(rf"PREFIX\s+{p}\s*:", text, re.I)]
    return "".join(f"PREFIX {p}: <{_PREFIXES[p]}>\n" for p in missing) + text


def paged(text: str, limit: int | None, offset: int = 0) -> tuple[str, bool]:
    """The query asking for one page of rows (one more than ``limit``, to know whether more
    rows follow), and whether the page was put into the query. A query that orders its rows
    in a sub-select (one row per row of the sub-select, sorted again outside) marks with a
    ``# page`` line where the clauses go, after that sub-select's ``ORDER BY``; other SELECT
    queries without a ``LIMIT``, ``OFFSET`` or ``VALUES`` of their own get them appended; for
    the rest the caller cuts the rows.

    >>> paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20)
    ('SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\\nLIMIT 11 OFFSET 20', True)
    >>> paged("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", 10)
    ('SELECT ?s WHERE { ?s ?p ?o } LIMIT 5', False)
    >>> paged("ASK { ?s ?p ?o }", 10)
    ('ASK { ?s ?p ?o }', False)
    """
    if limit is None and not offset:
        return text, True
    clauses = ([f"LIMIT {limit + 1}"] if limit is not None else []) + ([f"OFFSET {offset}"] if offset else [])
    if _PAGE_MARK.search(text):  # a query ordered in a sub-select: the page is cut there
        return _PAGE_MARK.sub(" ".join(clauses), text, count=1), True
    if not re.match(r"\s*SELECT\b", _strip_prologue(text), re.I):
        return text, False
    depth, closed, tail = 0, False, []
    for _, ch in _skip_tokens(text):  # what follows the WHERE group, outside IRIs, strings and comments
        if closed and depth == 0:
            tail.append(ch)
        depth += {"{": 1, "}": -1}.get(ch, 0)
        closed = closed or (ch == "}" and depth == 0)
    if not closed or re.search(r"\b(?:LIMIT|OFFSET|VALUES)\b", "".join(tail), re.I):
        return text, False
    return text.rstrip() + "\n" + " ".join(clauses), True


def _groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every ``{ ... }`` group of the query, outside IRIs, strings and comments."""
    opened, pairs = [], []
    for i, ch in _skip_tokens(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            pairs.append((opened.pop(), i))
    return pairs


def term_order_key(term):
    """A sort key for RDF terms in SPARQL's ``ORDER BY`` order: unbound, blank nodes, IRIs,
    then literals (numbers by value, other literals by their text, as Oxigraph compares them).

    >>> sorted([Literal("b"), None, URIRef("http://a"), Literal("a")], key=term_order_key)
    [None, rdflib.term.URIRef('http://a'), rdflib.term.Literal('a'), rdflib.term.Literal('b')]
    """
    if term is None:
        return (0,)
    if isinstance(term, BNode):
        return (1, str(term))
    if isinstance(term, URIRef):
        return (2, str(term))
    value = term.toPython() if isinstance(term, Literal) else term
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (3, 0, float(value), "")
    return (3, 1, 0.0, str(term))


def rank_subselects(text: str, run, rows: int | None = None) -> str:
    """Replace each sub-select marked ``# rank ?var`` by a ``VALUES`` block of its rows with their
    rank in its ``ORDER BY`` order (1, 2, ...; equal sort keys share a rank) bound to ``?var``, and
    each sub-select marked ``# inline`` by a ``VALUES`` block of its rows.

    Oxigraph reads strings and IRIs from its store at each comparison of a sort, so sorting
    many rows by text is slow; a query that sorts by a text key of a few thousand values (plan
    files, unit names) ranks them here, in Python, and sorts its rows by the integer rank. The
    marked sub-select's rows are fetched with ``run(sparql)`` (without its ``ORDER BY``, which
    only simple variables may make up) and sorted by :func:`term_order_key`. Run as plain SPARQL
    (the marker is a comment) the rank stays unbound: the query orders by the text key after
    the rank, so that its rows come in the same order either way.

    A query whose rows are sorted by the rank first, and hold at least one row for each value of
    ``?key`` of the ranked rows, may mark them ``# rank ?var page ?key``: when only the first
    ``rows`` rows of the query are wanted, the ranked rows after the ``rows``-th value of
    ``?key`` are left out (with those that share their rank).

    A sub-select marked ``# inline`` is answered first, the same way, and the rest of the query
    joined from its rows: Oxigraph plans the rest of the query around a ``VALUES`` block of
    known rows by one index look-up per row, where around the sub-select itself it may read an
    OPTIONAL's patterns over the whole store. Marks are answered in the order of the text, so a
    marked sub-select inside another is answered first.

    >>> text = "SELECT * WHERE {\\n { SELECT ?f WHERE { ?p <http://x/f> ?f } ORDER BY DESC(?f)\\n # rank ?r\\n }\\n}"
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='<http://x/p> <http://x/f> "a", "b" .', format="turtle")
    >>> print(rank_subselects(text, g.query))
    SELECT * WHERE {
     { VALUES (?f ?r) { ("b" 1) ("a" 2) } }
    }
    >>> print(rank_subselects(text.replace("ORDER BY DESC(?f)\\n # rank ?r", "\\n # inline"), g.query))
    SELECT * WHERE {
     { VALUES (?f) { ("a") ("b") } }
    }
    """
    while (mark := _STAGE_MARK.search(text)) is not None:
        inner = [(a, b) for a, b in _groups(text) if a < mark.start() < b]
        if not inner:
            raise QueryError("a `# rank` or `# inline` line must be inside a sub-select")
        start, end = max(inner)
        body = text[start + 1:mark.start()]
        rank_var = mark["var"]
        if not re.match(r"\s*SELECT\b", body, re.I):
            raise QueryError("a `# rank` or `# inline` line must be inside a sub-select")
        keys = []
        if rank_var is not None:
            order = re.search(r"\bORDER\s+BY\b", body, re.I)
            if not order:
                raise QueryError("the sub-select marked `# rank` needs an ORDER BY")
            for m in _ORDER_KEY.finditer(body[order.end():]):
                keys.append((m["var1"] or m["var2"], (m["dir"] or "ASC").upper() == "DESC"))
            if not keys or _ORDER_KEY.sub("", body[order.end():]).strip():
                raise QueryError("the ORDER BY of a sub-select marked `# rank` may name variables only")
            body = body[:order.start()]
        page = (mark["page"], rows) if rank_var is not None and mark["page"] else None
        text = text[:start] + _rows_block(text, body, run, keys, rank_var, page) + text[end + 1:]
    return text


def _rows_block(text: str, sub: str, run, keys: list[tuple[str, bool]], rank_var: str | None,
               page: tuple[str, int | None] | None = None) -> str:
    """The rows of the sub-select ``sub`` as a ``VALUES`` block, ranked by ``keys`` into ``?rank_var``;
    with ``page`` ``(key, n)``, those up to the rank of the ``n``-th value of ``?key``."""
    prologue = "".join(m.group(0) + "\n" for m in re.finditer(r"PREFIX\s+[\w.-]*:\s*<[^>]*>", text, re.I))
    result = run(prologue + sub)
    columns = [str(v) for v in result.vars]
    rows = [tuple(row[c] if c in row.labels else None for c in columns) for row in result]
    for var, desc in reversed(keys):
        if var not in columns:
            raise QueryError(f"the sub-select marked `# rank` orders by ?{var}, which it does not select")
        at = columns.index(var)
        rows.sort(key=lambda row: term_order_key(row[at]), reverse=desc)
    at = [columns.index(var) for var, _ in keys]
    values: list = []
    rank, previous = 0, object()
    for row in rows:
        cells = " ".join("UNDEF" if t is None else t.n3() for t in row)
        if rank_var is not None:
            key = tuple(term_order_key(row[i]) for i in at)
            rank += key != previous
            previous = key
            cells += f" {rank}"
        values.append((rank, f"({cells})"))
    if page is not None and page[1] is not None and page[0] in columns:
        seen, at_key = set(), columns.index(page[0])
        for (rank, _), row in zip(values, rows, strict=True):
            seen.add(row[at_key])
            if len(seen) == page[1]:
                values = [v for v in values if v[0] <= rank]
                break
    values = [cells for _, cells in values]
    names = columns + ([rank_var] if rank_var is not None else [])
    block = "VALUES (" + " ".join(f"?{c}" for c in names) + ") { " + " ".join(values) + " }"
    if page is not None:  # rdflib loses the rows an OPTIONAL does not extend after a bare VALUES group
        block = "SELECT * WHERE { " + block + " }"
    return ("{ " + block + " }") if values \
        else "{ FILTER (1 = 0) }"  # rdflib fails on an empty VALUES


def _bound(text: str, bindings: dict) -> str:
    """A sub-select with the parameters bound where it marks them (`# values`), else as it is."""
    return inject_values(text, bindings) if _VALUES_MARK.search(text) else text
