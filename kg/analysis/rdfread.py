"""Reading kg's RDF layout: predicate indexes over a graph or a dataset, literal helpers.

Used by :func:`kg.analysis.convert.to_networkx` only.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import PurePosixPath
from urllib.parse import unquote

from rdflib import Graph, Literal
from rdflib.graph import ConjunctiveGraph

from ..namespaces import DEPT, KGR, SKOS


def pairs(graph, predicate, obj=None):
    """(subject, object) pairs of a predicate, across every named graph of a dataset."""
    if isinstance(graph, ConjunctiveGraph):
        return ((s, o) for s, _, o, _ in graph.quads((None, predicate, obj)))
    return ((s, o) for s, o in graph.subject_objects(predicate) if obj is None or o == obj)


class Index:
    """Lazily built subject -> objects maps, one per predicate (values deduplicated)."""

    def __init__(self, graph):
        self.graph = graph
        self._maps: dict = {}

    def __call__(self, predicate) -> dict:
        if predicate not in self._maps:
            out: dict = defaultdict(set)
            for s, o in pairs(self.graph, predicate):
                out[s].add(o)
            self._maps[predicate] = out
        return self._maps[predicate]

    def all(self, subject, predicate) -> list:
        return sorted(self(predicate).get(subject, ()), key=sort_key)

    def one(self, subject, predicate):
        values = self.all(subject, predicate)
        return values[0] if values else None

    def text(self, subject, *predicates) -> str | None:
        """The best literal of the first predicate that has one: Chinese first, then plain."""
        for predicate in predicates:
            values = [v for v in self(predicate).get(subject, ()) if isinstance(v, Literal)]
            if values:
                values.sort(key=lambda v: ({"zh": 0, None: 1}.get(v.language and v.language.split("-")[0], 2), str(v)))
                return str(values[0])
        return None


def sort_key(term):
    return (type(term).__name__, str(term))


def as_number(literal):
    """A decimal literal as int when integral, else float; None when absent or not numeric."""
    if literal is None:
        return None
    try:
        value = float(str(literal))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def as_year(literal):
    if literal is None:
        return None
    text = str(literal).strip()
    return int(text[:4]) if text[:4].isdigit() else None


@lru_cache(maxsize=1)
def scheme_labels() -> dict[str, str]:
    """zh labels of the department types from ``ontology/department-types.ttl``, if present."""
    try:
        from ..resources import ontology_file

        path = ontology_file("department-types.ttl")
    except FileNotFoundError:
        return {}
    if not path.is_file():
        return {}
    scheme = Graph().parse(path, format="turtle")
    index = Index(scheme)
    return {str(c): index.text(c, SKOS.prefLabel) for c in index(SKOS.prefLabel)}


def slug(concept) -> str:
    text = str(concept)
    return text[len(str(DEPT)):] if text.startswith(str(DEPT)) else text


def plan_id(iri: str, identifier: str | None) -> str:
    prefix = str(KGR) + "plan/"
    if iri.startswith(prefix) and "/" not in iri[len(prefix):]:
        return unquote(iri[len(prefix):])
    if identifier:
        return PurePosixPath(identifier).stem
    return iri
