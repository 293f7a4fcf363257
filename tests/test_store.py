"""Stores: the embedded Oxigraph store, rdflib's memory, files; incremental loading; load errors."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import EXIT_LOAD
from kg.graph.serialize import union_graph
from kg.graph.store import (
    GraphLoadError,
    default_update_endpoint,
    load_graph,
    oxigraph_dataset,
)
from kg.graph.store_sync import sync_store
from kg.namespaces import KG, RDF

COUNT_TASKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a <https://w3id.org/kg-policy/ontology#Task> }"



@pytest.fixture(scope="module")
def reference(corpus_build):
    return Graph().parse(corpus_build / "graph.ttl", format="turtle")


SOURCES = [
    ("", "auto", "OxigraphStore"),
    ("", "memory", "Memory"),
    ("", "oxigraph", "OxigraphStore"),
    ("store", "auto", "OxigraphStore"),
    ("store", "memory", "Memory"),
    ("graph.nq", "auto", "Memory"),
    ("graph.nq", "oxigraph", "OxigraphStore"),
    ("graph.trig", "memory", "Memory"),
    ("graph.ttl", "memory", "Memory"),
    ("graph.ttl", "oxigraph", "OxigraphStore"),
]


@pytest.mark.parametrize("relative, store, engine", SOURCES)
def test_every_source_gives_the_same_graph(corpus_build, reference, relative, store, engine):
    ds = load_graph(corpus_build / relative if relative else corpus_build, store=store)
    assert type(ds.store).__name__ == engine
    tasks = len(set(reference.subjects(RDF.type, KG.Task)))
    assert int(list(ds.query(COUNT_TASKS))[0][0]) == tasks
    if engine == "Memory":
        assert len(union_graph(ds)) == len(reference)


@pytest.mark.parametrize("make, problem", [
    (lambda d: d / "nothing-here.nq", "no such file"),
    (lambda d: (d / "x.docx").write_bytes(b"PK") and d / "x.docx", "unknown RDF file ending"),
    (lambda d: (d / "bad.ttl").write_text("this is not turtle", encoding="utf-8") and d / "bad.ttl", "cannot be read as turtle"),
    (lambda d: (d / "bad.nq").write_text("<a> <b> .\n", encoding="utf-8") and d / "bad.nq", "cannot be read as nquads"),
    (lambda d: (d / "empty").mkdir() or d / "empty", "no graph here"),
])
def test_load_errors_name_the_file(tmp_path, make, problem):
    path = make(tmp_path)
    with pytest.raises(GraphLoadError) as info:
        load_graph(path, store="memory")
    assert problem in str(info.value) and str(path) in str(info.value)
    assert info.value.exit_code == EXIT_LOAD


def test_a_store_held_by_a_writer_is_reported(tmp_path):
    ds = oxigraph_dataset(tmp_path / "store")
    try:
        with pytest.raises(GraphLoadError, match="cannot be opened") as info:
            sync_store(tmp_path / "store", {G1: _nt("x", "1")})
        assert str(tmp_path / "store") in str(info.value)
    finally:
        ds.close()


def _nt(name: str, value: str) -> str:
    return f'<https://w3id.org/kg-policy/id/{name}> <http://www.w3.org/2000/01/rdf-schema#label> "{value}" .\n'


G1, G2, G3 = (f"https://w3id.org/kg-policy/id/graph/{n}" for n in ("a", "b", "c"))

# (graphs to hold, expected loaded, expected removed)
SYNC_STEPS = [
    ({G1: _nt("x", "1"), G2: _nt("y", "2")}, (G1, G2), ()),
    ({G1: _nt("x", "1"), G2: _nt("y", "2")}, (), ()),
    ({G1: _nt("x", "1"), G2: _nt("y", "two")}, (G2,), ()),
    ({G2: _nt("y", "two"), G3: _nt("z", "3")}, (G3,), (G1,)),
    ({}, (), (G2, G3)),
]


def test_sync_store_replaces_only_what_changed(tmp_path):
    path = tmp_path / "store"
    for graphs, loaded, removed in SYNC_STEPS:
        result = sync_store(path, graphs)
        assert (result.loaded, result.removed) == (loaded, removed)
        ds = load_graph(path)
        held = {str(g.identifier) for g in ds.graphs() if len(g)}
        assert held == set(graphs)
        labels = {str(o) for o in ds.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
        assert labels == {line.split('"')[1] for text in graphs.values() for line in text.splitlines()}
        ds.close()


def test_sync_store_without_state_rebuilds(tmp_path):
    path = tmp_path / "store"
    sync_store(path, {G1: _nt("x", "1")})
    (tmp_path / "store-state.json").unlink()
    result = sync_store(path, {G1: _nt("x", "1"), G2: _nt("y", "2")})
    assert result.loaded == (G1, G2)
    ds = load_graph(path)
    assert sorted(str(o) for o in ds.objects(None, None) if isinstance(o, Literal)) == ["1", "2"]
    ds.close()


@pytest.mark.parametrize("query_url, update_url", [
    ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update"),
    ("http://example.org/ds/query", "http://example.org/ds/update"),
    ("http://example.org/sparql", "http://example.org/sparql"),
    ("http://example.org/query/x", "http://example.org/query/x"),
])
def test_default_update_endpoint(query_url, update_url):
    assert default_update_endpoint(query_url) == update_url


@pytest.mark.parametrize("odd", ["\u2028", "\x0c", "\x1c", "\u0085"])
def test_a_literal_holding_a_line_separator_stays_one_statement(tmp_path, odd):
    from kg.graph.store_remote import _chunks
    from kg.graph.store_sync import GraphSource

    line = f'<urn:a> <urn:b> "前{odd}后" <urn:g> .'
    path = tmp_path / "g.nq"
    path.write_text("# key\n" + line + "\n<urn:a> <urn:c> <urn:d> <urn:g> .\n", encoding="utf-8")
    nt = GraphSource(digest="x", path=path).ntriples()
    assert nt.split("\n")[:2] == [f'<urn:a> <urn:b> "前{odd}后" .', "<urn:a> <urn:c> <urn:d> ."]
    chunks = list(_chunks(nt, 40))
    assert [c for chunk in chunks for c in chunk.split("\n")] == nt.rstrip("\n").split("\n")
