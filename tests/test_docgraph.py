"""A corpus document's graph, made without an rdflib Graph: the same N-Quads and SHACL report as with one."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.graph import serialize
from kg.graph.validate import validate_graph, validate_named_graph, validate_ntriples

GRAPH = "https://w3id.org/kg-policy/id/graph/x"


@pytest.fixture(scope="module")
def corpus_triples(corpus_dir):
    from kg.extract import extract_file
    from kg.graph.triples import extraction_to_triples

    paths = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix == ".txt")
    assert paths
    return {p.name: list(extraction_to_triples(extract_file(p))) for p in paths}


def test_corpus_graphs_report_as_pyshacl(corpus_triples):
    """Every corpus document's graph: the same report from the compiled shapes as from pySHACL."""
    from kg.graph.serialize import ntriples

    for name, triples in corpus_triples.items():
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        reference = validate_graph(graph, engine="pyshacl")
        compiled = validate_ntriples(ntriples(triples), triples)
        assert compiled == reference, name
        assert compiled.triples == len(graph) > 100
        assert validate_named_graph(serialize.named_graph(triples, GRAPH), triples) == reference, name


def test_violations_in_a_corpus_graph_report_as_pyshacl(corpus_triples):
    """A corpus graph with facts removed: many violations, labels and values as pySHACL gives them."""
    from kg.graph.serialize import ntriples
    from kg.namespaces import DCTERMS, KG, OA

    name, triples = next(iter(sorted(corpus_triples.items())))
    dropped = {KG.inPlan, OA.end, DCTERMS.source, KG.jurisdiction}
    broken = [t for i, t in enumerate(triples) if t[1] not in dropped or i % 3]
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in broken)
    reference = validate_graph(graph, engine="pyshacl")
    assert len(reference.violations) > 10
    assert validate_ntriples(ntriples(broken), broken) == reference
    assert validate_graph(graph) == reference
    nquads = serialize.named_graph(broken, GRAPH)
    assert validate_named_graph(nquads, broken) == reference
    assert validate_named_graph(nquads) == reference  # labels and values read from the N-Quads


def test_corpus_nquads_are_rdflibs_byte_for_byte(corpus_triples):
    for name, triples in corpus_triples.items():
        graph = Graph()
        graph.addN((s, p, o, graph) for s, p, o in triples)
        reference = serialize.sort_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
        assert serialize.ntriples(triples) == reference, name
        quads = serialize.nquads({GRAPH: reference})
        assert serialize.nquads_to_ntriples(quads) == reference
        assert serialize.named_graph(triples, GRAPH) == quads.encode("utf-8"), name


def test_document_graph_is_unchanged(corpus_dir, corpus_triples):
    """document_graph's N-Quads and report: those of the rdflib Graph of the same triples, checked by pySHACL."""
    from kg.graph import iris
    from kg.graph.docgraph import document_graph, validate_nquads
    from kg.graph.validate import report_to_dict

    name = sorted(corpus_triples)[0]
    result = document_graph(corpus_dir / name)
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in corpus_triples[name])
    text = serialize.sort_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    stem = str(iris.graph_iri(iris.doc_stem(name)))
    assert result.nquads == serialize.nquads({stem: text}).encode("utf-8")
    assert result.report == report_to_dict(validate_graph(graph, engine="pyshacl"))
    assert validate_nquads(result.nquads) == result.report
