"""Named queries: the files of ``kg/queries/*.rq``, their headers and their parameters.

Each query starts with a header::

    # summary: Units ranked by the tasks they lead in each plan
    # param: plan (string, optional) part of a plan's file name, e.g. 003
    # param: min_plans (integer, default 2) keep units named in at least this many plans

A parameter's type is ``string``, ``integer``, ``decimal``, ``year``, ``iri`` or
``plan``; it is required unless marked ``optional`` or given a ``default``. A ``plan``
value is a string that must be part of the file name of a plan in the graph: one that
matches no plan is an :class:`~kg.sparql.errors.UnknownPlanError` (exit 1) naming the
plans there are, rather than an empty result that looks like an answer. Values are
turned into RDF terms (:func:`to_term`, :func:`bind_params`).

>>> [q.params[0].name for q in list_queries() if q.name == "units-by-tasks-led"]
['plan']
>>> parse_header("# summary: Tasks\\n# param: plan (string, optional) part of a file name\\nSELECT * {}").params[0]
Param(name='plan', type='string', description='part of a file name', required=False, default=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..resources import queries_dir
from .errors import QueryUsageError

PARAM_TYPES = ("string", "integer", "decimal", "year", "iri", "plan")
_HEADER_RE = re.compile(r"^#\s*(?P<key>summary|param)\s*:\s*(?P<value>.*)$")
_PARAM_RE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<description>.*)$")
_QUERY_FORMS = re.compile(r"^\s*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I | re.M)


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
