"""The shapes compiled by :mod:`kg.graph.shacl_sparql`, run by Oxigraph over one graph, as a report.

:func:`run` loads a graph's N-Triples into an in-memory ``pyoxigraph.Store`` and runs
the compiled queries; :func:`validate_compiled` turns their rows into the
:class:`~kg.graph.validation_report.ValidationReport` pySHACL's results give
(:func:`kg.graph.validate.validate_graph`): the same focus, label, path, message,
severity, value and shape. Labels and values are read from the graph's triples in
their original order, since the store keeps numbers as values (``7.0`` reads ``7``).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from . import serialize
from .shacl_sparql import Check, CompiledShapes, compiled_shapes
from .validate import _label, class_hierarchy
from .validation_report import ValidationReport, Violation

log = logging.getLogger("kg.graph.shacl_oxigraph")


_SUBCLASS = f"<{RDFS.subClassOf}>".encode()
_CLASSES = f"SELECT DISTINCT ?c WHERE {{ ?s <{RDF.type}> ?c }}"


@lru_cache(maxsize=1)
def _hierarchy_ntriples() -> bytes:
    return serialize.ntriples(class_hierarchy()).encode("utf-8")


def run(compiled: CompiledShapes, ntriples: bytes, quads: bool = False) -> list[tuple[Check, object, object]]:
    """The results of the compiled shapes on a graph given as N-Triples: (check, focus, value) in pyoxigraph terms.

    With ``quads``, ``ntriples`` are N-Quads of one named graph instead, read as they are
    (the queries see the union of the graphs), and written by :mod:`kg.graph.serialize`,
    whose terms rdflib has checked: they are parsed without checking their IRIs again
    (Oxigraph's ``lenient``, a third of the parse).

    pySHACL mixes the ontology's ``rdfs:subClassOf`` statements into the graph: when the
    graph has some of its own, they are loaded with it and the queries follow
    ``rdfs:subClassOf*``; otherwise the queries name the ontology's subclasses
    (:attr:`~kg.graph.shacl_sparql.CompiledShapes.closed_queries`). Raises ``SyntaxError``/``ValueError`` when Oxigraph cannot
    read the graph.
    """
    import pyoxigraph

    queries = compiled.closed_queries
    if _SUBCLASS in ntriples or not queries:  # the graph's own subclasses count too: the ontology's go in
        if quads:  # in the default graph with the ontology's, each statement once
            ntriples, quads = serialize.nquads_to_ntriples(ntriples.decode("utf-8")).encode("utf-8"), False
        queries = compiled.queries
    store = pyoxigraph.Store()
    store.load(ntriples, format=pyoxigraph.RdfFormat.N_QUADS if quads else pyoxigraph.RdfFormat.N_TRIPLES,
               lenient=quads)
    if queries is compiled.queries:
        store.load(_hierarchy_ntriples(), format=pyoxigraph.RdfFormat.N_TRIPLES)

    rows = []
    present = None
    if queries is compiled.closed_queries and compiled.classes:  # the queries of absent classes are not run
        present = {row[0].value for row in store.query(_CLASSES, use_default_graph_as_union=quads)}
    for i, (report, query) in enumerate(zip(compiled.reports, queries, strict=True)):
        if present is not None and compiled.classes[i] is not None and present.isdisjoint(compiled.classes[i]):
            continue
        if isinstance(report, Check):
            for row in store.query(query, use_default_graph_as_union=quads):
                focus = row["this"]
                value = None if report.value == "none" else focus if report.value == "focus" else row["value"] or focus
                rows.append((report, focus, value))
            continue
        for row in store.query(query, use_default_graph_as_union=quads):  # count checks: which of them the focus node breaks
            for i, counted in enumerate(report):
                n = row[f"_n{i}"]
                if counted.broken(0 if n is None else int(n.value)):
                    rows.append((counted.check, row["this"], None))
    return rows


class TripleIndex:
    """``objects``/``value`` over a list of triples, in their order (what rdflib's memory graph returns)."""

    def __init__(self, triples):
        self.index: dict = {}
        for s, p, o in triples:
            found = self.index.setdefault((s, p), {})
            found.setdefault(o, None)

    def objects(self, s, p):
        return iter(self.index.get((s, p), ()))

    def value(self, s, p):
        return next(self.objects(s, p), None)


def _rdflib_term(term):
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    return BNode(term.value)


_NUMERIC = {str(XSD.integer), str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _value_text(origin, focus, check, value) -> str:
    """The value of a result as the graph writes it (the store keeps numbers as values: 7.0 reads 7)."""
    import pyoxigraph

    if not isinstance(value, pyoxigraph.Literal) or check.predicate is None or check.inverse:
        return str(_rdflib_term(value))
    text, datatype = value.value, value.datatype.value
    close = None
    for candidate in origin.objects(focus, URIRef(check.predicate)):
        if not isinstance(candidate, Literal) or (candidate.language or None) != (value.language or None):
            continue
        if not candidate.language and str(candidate.datatype or XSD.string) != datatype:
            continue
        if str(candidate) == text:
            return text
        if close is None and datatype in _NUMERIC:
            try:
                if Decimal(str(candidate)) == Decimal(text):
                    close = str(candidate)
            except ArithmeticError:
                pass
    return close if close is not None else text


def validate_compiled(ntriples: bytes, origin, names, shapes: Graph, source: str | None,
                       checked: int, quads: bool = False) -> ValidationReport | None:
    """The shapes compiled to SPARQL run over ``ntriples`` (N-Quads of one graph with ``quads``);
    None when they cannot be (pySHACL then).

    ``origin()`` gives the graph's triples in their original order (an rdflib graph or a
    :class:`TripleIndex`), read only for the labels and values of violations.
    """
    compiled = compiled_shapes(shapes)
    if compiled is None:
        return None
    try:
        rows = run(compiled, ntriples, quads)
    except (SyntaxError, ValueError, OSError) as exc:
        log.warning("Oxigraph cannot read the graph (%s): validating with pySHACL", exc)
        return None
    data = origin() if rows else None
    violations = []
    for check, focus_term, value in rows:
        focus = _rdflib_term(focus_term)
        path = None
        if check.predicate is not None:
            path = ("^" if check.inverse else "") + names.normalizeUri(URIRef(check.predicate))
        violations.append(Violation(
            focus=names.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus),
            label=_label(data, focus), path=path, message="; ".join(check.messages) or "constraint not met",
            severity=check.severity, value=None if value is None else _value_text(data, focus, check, value)[:80],
            shape=check.shape))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(conforms=not any(v.severity == "Violation" for v in violations),
                            violations=tuple(dict.fromkeys(violations)), source=source, triples=checked)
