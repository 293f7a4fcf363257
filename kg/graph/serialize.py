"""Canonical serialisations: the same triples always give the same bytes.

* N-Triples / N-Quads: one statement per line, lines sorted, duplicates dropped.
* Turtle: rdflib's serializer (it sorts subjects, predicates and objects); the union
  of every named graph.
* TriG: named graphs in IRI order, each written like the Turtle above.
* JSON-LD: rdflib's JSON-LD, re-serialised with sorted keys and sorted node lists.

No blank nodes are minted by kg, so no blank-node labels can vary between runs.

>>> from rdflib import Literal, URIRef
>>> s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
>>> print(ntriples([(s, p, Literal("b")), (s, p, Literal("a")), (s, p, Literal("a"))]), end="")
<http://example.org/s> <http://example.org/p> "a" .
<http://example.org/s> <http://example.org/p> "b" .
>>> print(nquads({"http://example.org/g": ntriples([(s, p, Literal("a"))])}), end="")
<http://example.org/s> <http://example.org/p> "a" <http://example.org/g> .
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Mapping

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer

from ..namespaces import bind_prefixes


def ntriples(triples: Iterable[tuple]) -> str:
    """Sorted, de-duplicated N-Triples text of some triples."""
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return sort_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))


def sort_lines(text: str) -> str:
    """Sort statement lines, drop blank lines, comments and duplicates."""
    lines = sorted({line for line in text.splitlines() if line.strip() and not line.startswith("#")})
    return "".join(line + "\n" for line in lines)


def nquads(graphs: Mapping[str, str]) -> str:
    """N-Quads of named graphs given as ``{graph IRI: N-Triples text}``; sorted."""
    lines = []
    for name, text in graphs.items():
        suffix = f" <{name}> ."
        for line in text.splitlines():
            line = line.rstrip()
            if line and not line.startswith("#"):
                if not line.endswith(" ."):
                    raise ValueError(f"not an N-Triples statement: {line[:80]!r}")
                lines.append(line[:-2] + suffix)
    return "".join(line + "\n" for line in sorted(set(lines)))


def dataset_from_nquads(text: str) -> Dataset:
    """An in-memory rdflib Dataset (union default graph) holding N-Quads text."""
    ds = bind_prefixes(Dataset(default_union=True))
    if text.strip():
        ds.parse(data=text, format="nquads")
    return ds


def union_graph(ds: Dataset) -> Graph:
    """Every triple of every graph of ``ds`` in one plain in-memory Graph."""
    graph = bind_prefixes(Graph())
    for context in _graphs(ds):
        graph.addN((s, p, o, graph) for s, p, o in context)
    return graph


def _graphs(ds):
    """The graphs of a Dataset (``graphs()``) or of a ConjunctiveGraph (``contexts()``)."""
    return ds.graphs() if isinstance(ds, Dataset) else ds.contexts()


def turtle(graph: Graph | Dataset) -> str:
    """Turtle of a graph; for a Dataset, of the union of its graphs."""
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    return bind_prefixes(graph).serialize(format="turtle")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG serializer with the graphs in IRI order."""

    def __init__(self, store):
        super().__init__(store)
        self.contexts = sorted(
            (c for c in self.contexts if len(c)), key=lambda c: str(c.identifier)
        )


def trig(ds: Dataset) -> str:
    """TriG: one block per named graph, graphs in IRI order."""
    bind_prefixes(ds)
    buf = io.BytesIO()
    _SortedTrigSerializer(ds).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def _canonical_json(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _canonical_json(v, k) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_canonical_json(v) for v in value]
        if key == "@list":  # an RDF list: order is meaningful
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def jsonld(ds: Dataset) -> str:
    """JSON-LD of every named graph, with kg's prefixes as the context; canonical order."""
    bind_prefixes(ds)
    context = {prefix: str(ns) for prefix, ns in sorted(ds.namespaces()) if prefix}
    raw = json.loads(ds.serialize(format="json-ld", context=context, auto_compact=True))
    return json.dumps(_canonical_json(raw), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def graph_names(ds: Dataset) -> list[URIRef]:
    """IRIs of the non-empty named graphs of ``ds``, sorted."""
    return sorted(URIRef(str(c.identifier)) for c in _graphs(ds) if len(c) and isinstance(c.identifier, URIRef))
