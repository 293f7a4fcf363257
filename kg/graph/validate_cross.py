"""The cross-document checks: what only the union of the documents' graphs can break.

A node shared by several documents' graphs (a unit, a place) may be given more
values than a shape's ``sh:maxCount`` (or two labels in one language) by different
documents while each graph keeps the shape. :func:`cross_checks` finds those
constraints in the shapes (:class:`CrossCheck`), and :func:`cross_document_report`
runs them as SPARQL over the union, through a ``select`` function such as
:func:`oxigraph_select`. Nodes minted under a plan's IRI (:data:`DOCUMENT_SCOPED`)
belong to one graph and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..namespaces import KGR, bind_prefixes
from .iris import label_of
from .validation_report import LABEL_PROPERTIES, ValidationReport, Violation, combine_reports


@dataclass(frozen=True)
class CrossCheck:
    """A constraint on one property of a class that several documents' graphs may break together."""

    shape: str
    target: str
    path: str
    max_count: int | None
    unique_lang: bool
    message: str

    def sparql(self) -> str:
        """A SELECT of the breaking nodes: ``?s`` (the focus), ``?n`` (distinct values) and ``?v`` (one value).

        The union default graph returns a triple once per graph holding it, so a node
        shared by many documents is read through a ``DISTINCT`` sub-select: the cost
        stays linear in the number of graphs. Nodes of one document
        (:data:`DOCUMENT_SCOPED`) are left out.
        """
        local = f"FILTER (!STRSTARTS(STR(?s), \"{DOCUMENT_SCOPED}\"))"
        values = (f"{{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{self.path}> ?o {local} }} }} "
                  f"FILTER EXISTS {{ ?s a <{self.target}> }}")
        if self.unique_lang:
            return (f"SELECT ?s (COUNT(?o) AS ?n) (MIN(STR(?o)) AS ?v) WHERE {{ {values} "
                    f"BIND (LANG(?o) AS ?lang) FILTER (?lang != \"\") }} GROUP BY ?s ?lang HAVING (COUNT(?o) > 1)")
        return (f"SELECT ?s (COUNT(?o) AS ?n) (MIN(STR(?o)) AS ?v) WHERE {{ {values} }} GROUP BY ?s "
                f"HAVING (COUNT(?o) > {self.max_count})")


@lru_cache(maxsize=1)
def cross_checks() -> tuple[CrossCheck, ...]:
    """The shapes' ``sh:maxCount`` (>= 1) and ``sh:uniqueLang`` constraints on a plain property of a target class.

    Those are the constraints a node shared by several documents' graphs can break in
    the union while each graph keeps them (``sh:maxCount 0`` and the rest are local).
    """
    from .validate import shapes_graph

    shapes = shapes_graph()
    checks = []
    for shape, target in shapes.subject_objects(SH.targetClass):
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                continue
            message = str(shapes.value(prop, SH.message) or "constraint not met")
            max_count = shapes.value(prop, SH.maxCount)
            if max_count is not None and int(max_count) >= 1:
                checks.append(CrossCheck(str(shape), str(target), str(path), int(max_count), False, message))
            if str(shapes.value(prop, SH.uniqueLang)).lower() == "true":
                checks.append(CrossCheck(str(shape), str(target), str(path), None, True, message))
    return tuple(sorted(checks, key=lambda c: (c.shape, c.path, c.unique_lang)))


DOCUMENT_SCOPED = str(KGR) + "plan/"
"""IRIs minted under a plan's IRI (:mod:`kg.graph.iris`: its sections, tasks, targets, spans ...)
belong to that plan's graph alone, so the cross-document checks skip them."""


def _shared_instances(select, target: str) -> bool:
    """Whether some instance of ``target`` is not document-scoped (could be in several graphs)."""
    return bool(select(f"SELECT ?s WHERE {{ ?s a <{target}> FILTER (!STRSTARTS(STR(?s), \"{DOCUMENT_SCOPED}\")) }} LIMIT 1"))


def oxigraph_select(store):
    """``select(sparql) -> rows`` (dicts of strings) over a pyoxigraph store's union of named graphs."""

    def select(text: str) -> list[dict]:
        solutions = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        return [{n: (None if row[n] is None else row[n].value) for n in names} for row in solutions]

    return select


def _stored_label(select, node: str) -> str:
    """The readable label of a node, read through ``select`` (see :data:`LABEL_PROPERTIES`)."""
    for prop in LABEL_PROPERTIES:
        rows = select(f"SELECT ?l WHERE {{ <{node}> <{prop}> ?l }} ORDER BY ?l LIMIT 1")
        if rows and rows[0].get("l"):
            return rows[0]["l"]
    return label_of(URIRef(node))


def cross_document_report(select, known: Iterable[Violation] = ()) -> ValidationReport:
    """Run :func:`cross_checks` through ``select(sparql) -> rows`` (dicts of strings) over the union.

    Nodes already reported by a document's own report (``known``, same focus and path)
    are not reported again.
    """
    names = bind_prefixes(Graph()).namespace_manager
    seen = {(v.focus, v.path) for v in known}
    violations = []
    shared = {t: _shared_instances(select, t) for t in sorted({c.target for c in cross_checks()})}
    for check in cross_checks():
        if not shared[check.target]:
            continue
        path = names.normalizeUri(URIRef(check.path))
        for row in select(check.sparql()):
            focus = names.normalizeUri(URIRef(row["s"]))
            if (focus, path) in seen:
                continue
            label = _stored_label(select, row["s"])
            violations.append(Violation(
                focus=focus, label=label if len(label) <= 40 else label[:39] + "…", path=path,
                message=f"{check.message} (values from several documents: {row['n']})", severity="Violation",
                value=(row.get("v") or "")[:80] or None, shape=check.shape))
    return combine_reports([ValidationReport(conforms=not violations, violations=tuple(violations))], triples=0)
