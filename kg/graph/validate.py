"""SHACL validation of the graph (``ontology/shapes.ttl``).

:func:`validate_graph` takes a graph, a dataset or a path (a build folder or an RDF
file), runs the shapes with the ontology's class hierarchy mixed in, and returns a
:class:`ValidationReport` whose violations read as sentences: the focus node's
label, the property path and the shape's message. Two engines give the same
reports (:data:`ENGINES`): the shapes compiled to SPARQL and run by Oxigraph
(:mod:`kg.graph.shacl_sparql`, the default; :func:`validate_ntriples` and
:func:`validate_named_graph` check one document's graph, as N-Triples or as its
N-Quads, without an rdflib Graph) and pySHACL, the reference, which also
checks shapes the compiler does not handle and graphs with blank nodes.

A build validates each document's named graph on its own (each holds the units,
places and spans its triples point to) and caches the report with the document;
what only the union can break, a shared node (a unit, a place) given more values
than a shape's ``sh:maxCount`` (or two labels in one language) by different
documents, is checked by :func:`cross_document_report` as SPARQL over the store (a build
asks only about the nodes :mod:`kg.graph.crosscheck` found given too many values).
Reports are combined by :func:`combine_reports`. The reports themselves are in
:mod:`kg.graph.validation_report`, the cross-document checks in :mod:`kg.graph.validate_cross`.

>>> from rdflib import Graph
>>> bad = Graph().parse(data='''
... @prefix kg: <https://w3id.org/kg-policy/ontology#> .
... @prefix dcterms: <http://purl.org/dc/terms/> .
... <https://w3id.org/kg-policy/id/plan/a/task/0> a kg:Task ; dcterms:title "推行产业链长制" .
... ''', format="turtle")
>>> report = validate_graph(bad)
>>> report.conforms
False
>>> sorted({(v.label, v.path) for v in report.violations})
[('推行产业链长制', 'kg:evidence'), ('推行产业链长制', 'kg:inPlan')]
"""

from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.paths import Path as RdfPath

from ..namespaces import RDFS, bind_prefixes
from ..resources import ontology_file
from .iris import label_of
from .validate_cross import DOCUMENT_SCOPED, CrossCheck, cross_checks, cross_document_report, oxigraph_select
from .validation_report import (
    LABEL_PROPERTIES,
    ValidationReport,
    Violation,
    combine_reports,
    report_from_dict,
    report_to_dict,
)

__all__ = ["DOCUMENT_SCOPED", "ENGINES", "LABEL_PROPERTIES", "ONTOLOGY_FILES", "SHAPES_FILE", "CrossCheck",
           "ValidationReport", "Violation", "class_hierarchy", "combine_reports", "cross_checks",
           "cross_document_report", "ontology_graph", "oxigraph_select", "report_from_dict", "report_to_dict",
           "shapes_graph", "validate_graph", "validate_named_graph", "validate_ntriples", "validate_store"]

log = logging.getLogger("kg.graph.validate")

SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILES = ("policy.ttl", "department-types.ttl", "indicators.ttl")
"""Files of ``ontology/`` loaded as the ontology (a missing optional file is skipped)."""


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The SHACL shapes of ``ontology/shapes.ttl``."""
    return Graph().parse(ontology_file(SHAPES_FILE), format="turtle")


@lru_cache(maxsize=1)
def class_hierarchy() -> Graph:
    """The ``rdfs:subClassOf`` statements of the ontology: all that ``sh:class`` needs from it."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in ontology_graph().triples((None, RDFS.subClassOf, None)))
    return graph


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology and the department-type scheme, as one graph."""
    graph = bind_prefixes(Graph())
    for name in ONTOLOGY_FILES:
        path = ontology_file(name)
        if path.is_file():
            graph.parse(path, format="turtle")
        else:
            log.debug("ontology file %s not found; skipped", path)
    return graph


def _data_graph(graph) -> tuple[Graph, str | None]:
    """An in-memory graph to validate, and where it came from."""
    from .serialize import union_graph

    if graph is None or isinstance(graph, (str, Path)):
        from .store import load_graph

        source = "build" if graph is None else str(graph)
        return union_graph(load_graph(source, store="memory")), source
    if hasattr(graph, "contexts"):  # a Dataset or ConjunctiveGraph: validate the union
        return union_graph(graph), None
    if type(graph.store).__name__ != "Memory":  # e.g. an Oxigraph or SPARQL store: copy once
        copy = Graph()
        copy += graph
        return copy, None
    return graph, None


def _label(data: Graph, node) -> str:
    for prop in LABEL_PROPERTIES:
        value = data.value(node, prop)
        if value is not None:
            text = str(value)
            return text if len(text) <= 40 else text[:39] + "…"
    return label_of(node) if isinstance(node, URIRef) else str(node)


def _path(results: Graph, path_node, data: Graph) -> str | None:
    if path_node is None:
        return None
    inverse = results.value(path_node, SH.inversePath)
    if inverse is not None:
        return f"^{data.namespace_manager.normalizeUri(inverse)}"
    if isinstance(path_node, RdfPath):
        return str(path_node)
    if isinstance(path_node, URIRef):
        return data.namespace_manager.normalizeUri(path_node)
    return str(path_node)


ENGINES = ("sparql", "pyshacl")
"""How shapes are checked: compiled to SPARQL and run by Oxigraph (:mod:`kg.graph.shacl_sparql`),
or by pySHACL (the reference; also what ``sparql`` falls back to for shapes it cannot compile)."""


def validate_graph(graph=None, shapes: Graph | None = None, inplace: bool = False,
                   engine: str = "sparql") -> ValidationReport:
    """Validate a graph (or dataset, or path; default ``build/``) against kg's SHACL shapes.

    ``engine`` is one of :data:`ENGINES`. ``inplace`` lets pySHACL add the class
    hierarchy to ``graph`` itself instead of a copy (for a graph made only to be
    validated).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r} (one of {', '.join(ENGINES)})")
    if shapes is None and (graph is None or isinstance(graph, (str, Path))):
        store = _store_of(Path("build" if graph is None else graph))
        if store is not None:
            return validate_store(store, source="build" if graph is None else str(graph), engine=engine)
    data, source = _data_graph(graph)
    bind_prefixes(data)
    checked = len(data)
    if engine == "sparql" and not any(isinstance(t, BNode) for triple in data for t in triple):
        from .serialize import ntriples
        from .shacl_oxigraph import validate_compiled

        report = validate_compiled(ntriples(data).encode("utf-8"), lambda: data, data.namespace_manager,
                                   shapes if shapes is not None else shapes_graph(), source, checked)
        if report is not None:
            return report
    return _validate_pyshacl(data, shapes, inplace, source, checked)


def _validate_pyshacl(data: Graph, shapes: Graph | None, inplace: bool, source: str | None,
                      checked: int) -> ValidationReport:
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        ont_graph=class_hierarchy(),
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
        inplace=inplace,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        violations.append(Violation(
            focus=data.namespace_manager.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus),
            label=_label(data, focus),
            path=_path(results, results.value(result, SH.resultPath), data),
            message="; ".join(messages) or "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            value=None if value is None else str(value)[:80],
            shape=None if results.value(result, SH.sourceShape) is None else str(results.value(result, SH.sourceShape)),
        ))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(conforms=bool(conforms), violations=tuple(dict.fromkeys(violations)), source=source,
                            triples=checked)


@lru_cache(maxsize=1)
def _names():
    return bind_prefixes(Graph()).namespace_manager


def validate_ntriples(text: str, triples=None, engine: str = "sparql") -> ValidationReport:
    """Validate one graph given as sorted, de-duplicated N-Triples ``text``.

    ``triples`` (optional) are the same triples as rdflib terms in the order they were
    made: labels of violations are looked up in that order, as in a graph built from
    them (without it, in the order of ``text``).
    """
    from rdflib import Graph as RdfGraph

    def graph() -> Graph:
        data = bind_prefixes(RdfGraph())
        if triples is not None:
            data.addN((s, p, o, data) for s, p, o in triples)
        elif text.strip():
            data.parse(data=text, format="nt")
        return data

    checked = text.count("\n")
    if engine == "sparql" and "_:" not in text:
        from .shacl_oxigraph import TripleIndex, validate_compiled

        origin = (lambda: TripleIndex(triples)) if triples is not None else graph
        report = validate_compiled(text.encode("utf-8"), origin, _names(), shapes_graph(), None, checked)
        if report is not None:
            return report
    data = graph()
    return _validate_pyshacl(data, None, True, None, len(data))


def validate_named_graph(nquads: bytes, triples=None) -> ValidationReport:
    """Validate one named graph given as sorted, de-duplicated N-Quads (:func:`kg.graph.serialize.named_graph`).

    What :func:`validate_ntriples` reports for the same triples, read by Oxigraph as
    they are (no N-Triples text is made); ``triples`` as there.
    """
    if b"_:" not in nquads:
        from .shacl_oxigraph import TripleIndex, validate_compiled

        origin = (lambda: TripleIndex(triples)) if triples is not None else (
            lambda: bind_prefixes(Graph()).parse(data=_ntriples_of(nquads), format="nt"))
        report = validate_compiled(nquads, origin, _names(), shapes_graph(), None, nquads.count(b"\n"), quads=True)
        if report is not None:
            return report
    return validate_ntriples(_ntriples_of(nquads), triples)


def _ntriples_of(nquads: bytes) -> str:
    from .serialize import nquads_to_ntriples

    return nquads_to_ntriples(nquads.decode("utf-8"))

def _store_of(path: Path) -> Path | None:
    from .store import STORE_DIR, is_oxigraph_dir

    if is_oxigraph_dir(path):
        return path
    if path.is_dir() and is_oxigraph_dir(path / STORE_DIR):
        return path / STORE_DIR
    return None


def validate_store(path: str | os.PathLike, source: str | None = None, engine: str = "sparql") -> ValidationReport:
    """Validate an Oxigraph store one named graph at a time, then the cross-document checks.

    What a build checks, read back from its store: memory holds one graph at a time.
    """
    import pyoxigraph

    from .store import check_complete

    check_complete(path)
    store = pyoxigraph.Store.read_only(str(path))
    reports = []
    for name in sorted(store.named_graphs(), key=lambda g: g.value):
        text = store.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=name).decode("utf-8")
        if engine == "sparql":
            reports.append(validate_ntriples(text, engine=engine))
        else:
            graph = Graph()
            graph.parse(data=text, format="nt")
            reports.append(validate_graph(graph, inplace=True, engine=engine))

    select = oxigraph_select(store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }"
    triples = int(select(count)[0]["n"])
    cross = cross_document_report(select, [v for r in reports for v in r.violations])
    return combine_reports([*reports, cross], triples=triples, source=source)
