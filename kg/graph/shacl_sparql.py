"""SHACL shapes compiled to SPARQL and run by Oxigraph: the fast engine of :mod:`kg.graph.validate`.

:func:`compile_shapes` reads a shapes graph (``ontology/shapes.ttl``) and turns each
shape into SPARQL SELECTs of its results (``?this``, the focus node, and ``?value``),
one query per check (the ``sh:minCount`` / ``sh:maxCount`` checks of one target: one
query), that :mod:`kg.graph.shacl_oxigraph` runs over a graph. The
shapes stay data: the compiler knows the SHACL constructs below and refuses
(:class:`UnsupportedShapes`) a shapes graph using any other, so that the caller
validates with pySHACL instead, which stays the reference the tests compare with.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf``), ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; property shapes with a predicate
path or an ``sh:inversePath``; ``sh:minCount``, ``sh:maxCount``, ``sh:class``,
``sh:datatype``, ``sh:in``, ``sh:nodeKind``, ``sh:pattern`` (``sh:flags``),
``sh:minInclusive`` and the other range bounds, ``sh:minLength``, ``sh:maxLength``,
``sh:uniqueLang``, ``sh:lessThan``, ``sh:lessThanOrEquals``, ``sh:or``, ``sh:xone``,
``sh:and``, ``sh:not`` (their member shapes holding value constraints, or property
shapes with ``sh:minCount 1`` / ``sh:maxCount 0``), SPARQL-based constraints
(``sh:sparql`` with ``sh:select``, ``$this`` bound by the query's own patterns) and
``sh:severity``. Every shape reporting results needs an ``sh:message`` (pySHACL's
generated messages are not reproduced).

Results are reported per (focus, path, value, message): the pairs of constraint
components that pySHACL reports separately for the same value collapse into one
violation there too (:func:`kg.graph.validate.validate_graph` de-duplicates them).

The compiler itself is :mod:`kg.graph.shacl_compiler`; the compiled form (:class:`CompiledShapes`,
:class:`Check`, :class:`Counted`) is in :mod:`kg.graph.shacl_checks`.
"""

from __future__ import annotations

import itertools
import logging
import re
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from .shacl_checks import Check, CompiledShapes, Counted, UnsupportedShapes
from .shacl_compiler import Compiler

__all__ = ["Check", "CompiledShapes", "Counted", "UnsupportedShapes", "compile_shapes", "compiled_shapes"]

log = logging.getLogger("kg.graph.shacl_sparql")


def compile_shapes(shapes: Graph, hierarchy: Graph | None = None) -> CompiledShapes:
    """Every shape with a target, as SPARQL queries and the checks their rows belong to.

    ``hierarchy``: the ``rdfs:subClassOf`` statements mixed into the data (default:
    the ontology's, :func:`kg.graph.validate.class_hierarchy`). Raises
    :class:`UnsupportedShapes` naming the first construct it cannot compile.
    """
    if hierarchy is None:
        from .validate import class_hierarchy

        hierarchy = class_hierarchy()
    c = Compiler(shapes)
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        if (s, RDF.type, RDFS.Class) in shapes:
            raise UnsupportedShapes(f"{s} is also a class (implicit class target)")
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    roots = sorted({s for t in targets for s in shapes.subjects(t, None)})
    parts: list[tuple[Check | tuple[Counted, ...], str]] = []
    targets: list[str] = []
    for root in roots:
        made = c.shape(root)
        parts.extend(made)
        targets += [c.last_target] * len(made)
    counts = c.count_queries()
    parts.extend(counts)
    targets += list(c.counts)
    left = c.leftovers()
    if left:
        raise UnsupportedShapes(", ".join(left[:5]))
    queries = tuple(query for _, query in parts)
    if c.reads_hierarchy:
        return CompiledShapes(tuple(report for report, _ in parts), queries)
    closed = tuple(_closed(q, hierarchy) for q in queries)

    def instances_of(target: str) -> frozenset[str] | None:
        classes = c.target_classes.get(target)
        if classes is None:
            return None
        return frozenset(str(k) for cls in classes for k in (cls, *hierarchy.transitive_subjects(RDFS.subClassOf, cls)))

    return CompiledShapes(tuple(report for report, _ in parts), queries, closed, tuple(map(instances_of, targets)))


_INSTANCE = re.compile(r"(\?\w+) <" + re.escape(str(RDF.type)) + ">/<" + re.escape(str(RDFS.subClassOf))
                       + r">\* <([^>]+)>")


_CLASS_TARGET = re.compile(r"\{ SELECT DISTINCT \?this WHERE \{ \{ \?this <" + re.escape(str(RDF.type)) + ">/<"
                           + re.escape(str(RDFS.subClassOf)) + r">\* <([^>]+)> \} \} \}")
"""The targets of a shape with one ``sh:targetClass`` (:meth:`Compiler.target`)."""


def _closed(query: str, hierarchy: Graph) -> str:
    """``query`` with ``?x rdf:type/rdfs:subClassOf* <C>`` as ``VALUES ?c { C and its subclasses } ?x rdf:type ?c``.

    The targets of a class without subclasses are its instances, ``?this rdf:type <C>``:
    the sub-select that keeps each once is left out (a graph holds a triple once; the
    queries' results are distinct, their counts count distinct values).
    """
    names = itertools.count()

    def instances(match) -> str:
        cls = URIRef(match.group(1))
        if any(True for _ in hierarchy.subjects(RDFS.subClassOf, cls)):
            return match.group(0)
        return f"?this <{RDF.type}> <{cls}> ."

    def expand(match) -> str:
        cls = URIRef(match.group(2))
        classes = sorted({cls, *hierarchy.transitive_subjects(RDFS.subClassOf, cls)})
        c = f"?_class{next(names)}"
        return f"VALUES {c} {{ {' '.join(f'<{k}>' for k in classes)} }} {match.group(1)} <{RDF.type}> {c}"

    return _INSTANCE.sub(expand, _CLASS_TARGET.sub(instances, query))


@lru_cache(maxsize=8)
def _compiled(shapes: Graph) -> CompiledShapes | None:
    try:
        return compile_shapes(shapes)
    except UnsupportedShapes as exc:
        log.warning("SHACL shapes not compiled to SPARQL (%s): validating with pySHACL", exc)
        return None


def compiled_shapes(shapes: Graph) -> CompiledShapes | None:
    """:func:`compile_shapes`, once per shapes graph; None (and a log line) when it cannot."""
    return _compiled(shapes)
