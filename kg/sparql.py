"""SPARQL over the graph: named queries, parameters bound as RDF terms, plain rows.

Named queries are the files of ``kg/queries/*.rq``. Each starts with a header::

    # summary: Units ranked by the tasks they lead in each plan
    # param: plan (string, optional) part of a plan's file name, e.g. 003
    # param: min_plans (integer, default 2) keep units named in at least this many plans

A parameter's type is ``string``, ``integer``, ``decimal``, ``year``, ``iri`` or
``plan``; it is required unless marked ``optional`` or given a ``default``. A ``plan``
value is a string that must be part of the file name of a plan in the graph: one that
matches no plan is an :class:`UnknownPlanError` (exit 1) naming the plans there are,
rather than an empty result that looks like an answer. Values are turned into
RDF terms and never pasted into the query text as raw strings: on rdflib's own
in-memory store they are passed as ``initBindings``; for stores that evaluate SPARQL
themselves (the embedded Oxigraph store, whose substitutions only reach the
projection, and remote servers) a ``VALUES`` block made of ``term.n3()`` is put at
the start of the query's ``WHERE`` group.

>>> [q.params[0].name for q in list_queries() if q.name == "units-by-tasks-led"]
['plan']
>>> parse_header("# summary: Tasks\\n# param: plan (string, optional) part of a file name\\nSELECT * {}").params[0]
Param(name='plan', type='string', description='part of a file name', required=False, default=None)
>>> print(inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": URIRef("http://example.org/p")}))
SELECT ?x WHERE { VALUES (?p) { (<http://example.org/p>) } ?x ?p ?o }
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import re
import sys
import urllib.error
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from .errors import EXIT_LOAD, EXIT_USER, KgError
from .graph.store import GraphLoadError
from .namespaces import _PREFIXES
from .resources import queries_dir

log = logging.getLogger("kg.sparql")

PARAM_TYPES = ("string", "integer", "decimal", "year", "iri", "plan")
_HEADER_RE = re.compile(r"^#\s*(?P<key>summary|param)\s*:\s*(?P<value>.*)$")
_PARAM_RE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)$")
_QUERY_FORMS = re.compile(r"^\s*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I | re.M)


class QueryError(KgError):
    """A query that fails: it does not parse or cannot be evaluated."""

    exit_code = EXIT_USER


class QueryUsageError(QueryError):
    """A query asked for wrongly: unknown name, missing, unknown or malformed parameter."""

    exit_code = EXIT_LOAD


class UnknownPlanError(QueryError):
    """A ``plan`` parameter that matches no plan of the graph (a user error: exit 1)."""

    exit_code = EXIT_USER


# The plans and their file names are read in two sub-selects joined by hashing (a plain join
# looks up each plan in the index) and sorted in Python (Oxigraph reads each text it compares).
_PLAN_FILES = """PREFIX kg: <https://w3id.org/kg-policy/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?file WHERE { { SELECT ?plan WHERE { ?plan a kg:Plan } }
                              { SELECT ?plan ?file WHERE { ?plan dcterms:identifier ?file } } }"""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    required: bool = True
    default: str | None = None


@dataclass(frozen=True)
class NamedQuery:
    """A query with its header: summary and parameters."""

    name: str
    summary: str
    params: tuple[Param, ...]
    text: str = field(repr=False)
    path: Path | None = None

    def usage(self) -> str:
        """``name``, the summary and one line per parameter."""
        lines = [f"{self.name}: {self.summary}"]
        for p in self.params:
            flag = "required" if p.required else (f"default {p.default}" if p.default is not None else "optional")
            lines.append(f"    --param {p.name}=<{p.type}>  ({flag}) {p.description}")
        return "\n".join(lines)


def parse_header(text: str, name: str = "<query>", path: Path | None = None) -> NamedQuery:
    """Read the ``# summary:`` and ``# param:`` comment lines at the top of a query."""
    summary, params = "", []
    for line in text.splitlines():
        if not line.strip():
            continue
        m = _HEADER_RE.match(line.strip())
        if not m:
            if line.lstrip().startswith("#"):
                continue
            break
        if m["key"] == "summary":
            summary = m["value"].strip()
            continue
        pm = _PARAM_RE.match(m["value"].strip())
        if not pm:
            raise QueryUsageError(f"{path or name}: bad param line {line.strip()!r}; expected '# param: name (type) description'")
        spec = [s.strip() for s in pm["spec"].split(",") if s.strip()]
        ptype = spec[0] if spec else "string"
        if ptype not in PARAM_TYPES:
            raise QueryUsageError(f"{path or name}: param {pm['name']}: unknown type {ptype!r} (use {', '.join(PARAM_TYPES)})")
        default = next((s.split(None, 1)[1] for s in spec[1:] if s.startswith("default ")), None)
        optional = "optional" in spec[1:] or default is not None
        params.append(Param(pm["name"], ptype, pm["description"].strip(), not optional, default))
    return NamedQuery(name=name, summary=summary, params=tuple(params), text=text, path=path)


def list_queries() -> list[NamedQuery]:
    """The named queries shipped with kg, sorted by name."""
    return [parse_header(p.read_text(encoding="utf-8"), p.stem, p) for p in sorted(queries_dir().glob("*.rq"))]


def get_query(name_or_path_or_text: str) -> NamedQuery:
    """A named query, a ``.rq`` file, or SPARQL text, with its header read."""
    source = name_or_path_or_text
    named = queries_dir() / f"{source}.rq"
    if re.fullmatch(r"[\w.-]+", source) and named.is_file():
        return parse_header(named.read_text(encoding="utf-8"), source, named)
    if "\n" not in source and "{" not in source and len(source) < 4096:
        path = Path(source)
        if path.is_file():
            try:
                return parse_header(path.read_text(encoding="utf-8"), path.stem, path)
            except (OSError, UnicodeDecodeError) as exc:
                raise QueryUsageError(f"{path}: cannot be read ({exc})") from None
        if not _QUERY_FORMS.search(source):
            names = ", ".join(q.name for q in list_queries())
            raise QueryUsageError(f"no named query or file {source!r}; named queries: {names}")
    return parse_header(source)


def to_term(value, ptype: str = "string", name: str = "value"):
    """A parameter value as an RDF term of its declared type.

    >>> to_term("2024", "year")
    rdflib.term.Literal('2024', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> to_term("<https://w3id.org/kg-policy/id/plan/a>", "iri")
    rdflib.term.URIRef('https://w3id.org/kg-policy/id/plan/a')
    >>> to_term("市发改局\\" } ; DROP ALL #").n3()
    '"市发改局\\\\" } ; DROP ALL #"'
    """
    if isinstance(value, (URIRef, Literal)):
        return value
    text = str(value).strip()
    if ptype == "iri":
        iri = text[1:-1] if text.startswith("<") and text.endswith(">") else text
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", iri):
            raise QueryUsageError(f"param {name}: {text!r} is not an absolute IRI")
        return URIRef(iri)
    if ptype == "integer":
        try:
            return Literal(int(text))
        except ValueError:
            raise QueryUsageError(f"param {name}: {text!r} is not an integer") from None
    if ptype == "decimal":
        try:
            return Literal(Decimal(text), datatype=XSD.decimal)
        except InvalidOperation:
            raise QueryUsageError(f"param {name}: {text!r} is not a number") from None
    if ptype == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise QueryUsageError(f"param {name}: {text!r} is not a year (four digits)")
        return Literal(text, datatype=XSD.gYear)
    return Literal(str(value))


def bind_params(query: NamedQuery, params: dict | None) -> dict[str, object]:
    """Check ``params`` against the query's declared parameters and turn them into terms."""
    params = dict(params or {})
    declared = {p.name: p for p in query.params}
    out: dict[str, object] = {}
    if declared or query.summary:  # a query with a header declares every parameter it takes
        unknown = sorted(set(params) - set(declared))
        if unknown:
            takes = f"it takes: {', '.join(declared)}" if declared else "it takes none"
            raise QueryUsageError(f"{query.name}: unknown param {', '.join(unknown)}; {takes}")
    for p in query.params:
        if p.name in params and params[p.name] is not None:
            out[p.name] = to_term(params[p.name], p.type, p.name)
        elif p.default is not None:
            out[p.name] = to_term(p.default, p.type, p.name)
        elif p.required:
            raise QueryUsageError(f"{query.name}: missing --param {p.name}=<{p.type}> ({p.description})")
    for name, value in params.items():  # undeclared params of an ad-hoc query
        if name not in declared and value is not None:
            text = str(value)
            out[name] = to_term(text, "iri" if text.startswith("<") and text.endswith(">") else "string", name)
    return out


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
_RANK_MARK = re.compile(r"^[ \t]*#[ \t]*rank[ \t]+\?(?P<var>[A-Za-z_][A-Za-z0-9_]*)[ \t]*$", re.M)
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


def _evaluates_itself(graph) -> bool:
    """True for stores that run SPARQL themselves (Oxigraph, SPARQL endpoints)."""
    store = getattr(graph, "store", None)
    return type(store).__name__ in ("OxigraphStore", "SPARQLStore", "SPARQLUpdateStore")


DEFAULT_LIMIT = 1000
"""Rows of one page of a query's answer, unless asked otherwise (``limit=None``: every row)."""


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


def rank_subselects(text: str, run) -> str:
    """Replace each sub-select marked ``# rank ?var`` by a ``VALUES`` block of its rows with their
    rank in its ``ORDER BY`` order (1, 2, ...; equal sort keys share a rank) bound to ``?var``.

    Oxigraph reads strings and IRIs from its store at each comparison of a sort, so sorting
    many rows by text is slow; a query that sorts by a text key of a few thousand values (plan
    files, unit names) ranks them here, in Python, and sorts its rows by the integer rank. The
    marked sub-select's rows are fetched with ``run(sparql)`` (without its ``ORDER BY``, which
    only simple variables may make up) and sorted by :func:`term_order_key`. Run as plain SPARQL
    (the marker is a comment) the rank stays unbound: the query orders by the text key after
    the rank, so that its rows come in the same order either way.

    >>> text = "SELECT * WHERE {\\n { SELECT ?f WHERE { ?p <http://x/f> ?f } ORDER BY DESC(?f)\\n # rank ?r\\n }\\n}"
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='<http://x/p> <http://x/f> "a", "b" .', format="turtle")
    >>> print(rank_subselects(text, g.query))
    SELECT * WHERE {
     { VALUES (?f ?r) { ("b" 1) ("a" 2) } }
    }
    """
    while (mark := _RANK_MARK.search(text)) is not None:
        inner = [(a, b) for a, b in _groups(text) if a < mark.start() < b]
        if not inner:
            raise QueryError("a `# rank` line must be inside a sub-select")
        start, end = max(inner)
        body = text[start + 1:mark.start()]
        order = re.search(r"\bORDER\s+BY\b", body, re.I)
        if not order or not re.match(r"\s*SELECT\b", body, re.I):
            raise QueryError("the sub-select marked `# rank` needs an ORDER BY")
        keys = []
        for m in _ORDER_KEY.finditer(body[order.end():]):
            keys.append((m["var1"] or m["var2"], (m["dir"] or "ASC").upper() == "DESC"))
        if not keys or _ORDER_KEY.sub("", body[order.end():]).strip():
            raise QueryError("the ORDER BY of a sub-select marked `# rank` may name variables only")
        sub = body[:order.start()]
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
        values, rank, previous = [], 0, object()
        for row in rows:
            key = tuple(term_order_key(row[i]) for i in at)
            rank += key != previous
            previous = key
            values.append("(" + " ".join("UNDEF" if t is None else t.n3() for t in row) + f" {rank})")
        block = ("{ VALUES (" + " ".join(f"?{c}" for c in columns) + f" ?{mark['var']}) {{ "
                 + " ".join(values) + " } }") if values else "{ FILTER (1 = 0) }"  # rdflib fails on an empty VALUES
        text = text[:start] + block + text[end + 1:]
    return text


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
    from .graph.store import load_graph

    if (limit is not None and limit < 0) or offset < 0:
        raise QueryUsageError("limit and offset cannot be negative")
    q = get_query(name_or_path_or_text)
    bindings = bind_params(q, params)
    text, in_query = paged(with_prefixes(q.text), limit, offset)
    if endpoint:
        if _RANK_MARK.search(text):
            text = rank_subselects(text, lambda sub: _checked(remote_query(endpoint, _bound(sub, bindings), timeout, q.name), q))
        return _page(_result(remote_query(endpoint, inject_values(text, bindings), timeout, q.name), q),
                     limit, offset, in_query)
    if graph is None or isinstance(graph, (str, os.PathLike)):
        graph = load_graph("build" if graph is None else graph)
    try:
        _check_plans(q, bindings, graph)
        if _RANK_MARK.search(text):
            text = rank_subselects(text, lambda sub: graph.query(_bound(sub, bindings)))
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
        from .graph.store import GraphLoadError

        raise GraphLoadError(f"{endpoint or q.name}: the SPARQL server cannot be reached ({exc})") from exc
    except Exception as exc:  # parse errors, HTTP errors, evaluation errors
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise QueryError(f"{q.path or q.name}: the query failed: {message}") from exc


def _page(result: QueryResult, limit: int | None, offset: int, in_query: bool) -> QueryResult:
    """Cut the rows to the page asked for (the query gave one row more than ``limit``, or all rows)."""
    rows = result.rows if in_query else result.rows[offset:]
    result.offset = offset
    if limit is not None and len(rows) > limit:
        rows, result.more = rows[:limit], True
    result.rows = rows
    return result


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


def _bound(text: str, bindings: dict) -> str:
    """A sub-select with the parameters bound where it marks them (`# values`), else as it is."""
    return inject_values(text, bindings) if _VALUES_MARK.search(text) else text


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


def read_query_text(source: str) -> str:
    """``-`` reads the query from standard input; anything else is returned unchanged."""
    return sys.stdin.read() if source == "-" else source



# --- SPARQL servers: timeouts and retries --------------------------------------------

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for a SPARQL server to accept a connection, and for each read."""
RETRIES = 3
"""Update requests answered with a 5xx status are sent again this many times."""
BACKOFF = 0.5
"""Seconds before the first retry; doubled before each next one."""

class EndpointError(GraphLoadError):
    """A SPARQL server cannot be reached, does not answer in time, or keeps failing (exit 2)."""


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
