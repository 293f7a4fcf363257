"""Streaming writers: the sorted merge of per-document N-Quads, the union, pyoxigraph's Turtle and TriG."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from rdflib import XSD, Dataset, Graph, Literal, URIRef

from kg.graph import serialize

EX = "http://example.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

# graph name -> triples (the same unit typed in two graphs, a literal that is a prefix of another)
GRAPHS = {
    "g1": [f"<{EX}u> {TYPE} <{EX}Unit>", f'<{EX}u> <{EX}label> "a"', f'<{EX}t1> <{EX}title> "x y"'],
    "g2": [f"<{EX}u> {TYPE} <{EX}Unit>", f'<{EX}u> <{EX}label> "a"@zh', f"<{EX}t2> {TYPE} <{EX}Task>"],
    "g3": [f'<{EX}u> <{EX}label> "a"', f"<{EX}v> {TYPE} <{EX}Unit>"],
}


@pytest.fixture
def entries(tmp_path):
    paths = []
    for name, triples in GRAPHS.items():
        text = serialize.nquads({f"{EX}{name}": "".join(t + " .\n" for t in triples)})
        path = tmp_path / f"{name}.nq"
        path.write_text("# kg-cache key\n" + text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("fan_in", [2, 256])
def test_merge_is_the_sorted_quads_and_the_union(entries, monkeypatch, fan_in, tmp_path):
    monkeypatch.setattr(serialize, "MERGE_FAN_IN", fan_in)
    nq, nt = io.BytesIO(), io.BytesIO()
    stats = serialize.merge_nquads(entries, nq, nt, tmp_dir=tmp_path)
    quads = nq.getvalue().decode().splitlines()
    expected = sorted(f"{t} <{EX}{g}> ." for g, triples in GRAPHS.items() for t in triples)
    assert quads == expected
    union = nt.getvalue().decode().splitlines()
    assert union == sorted({t + " ." for triples in GRAPHS.values() for t in triples})
    assert stats.quads == len(expected) and stats.triples == len(union) == 6
    assert stats.instances == {f"{EX}Unit": 2, f"{EX}Task": 1}
    assert len(Graph().parse(data=nt.getvalue(), format="nt")) == 6


def test_turtle_and_trig_by_pyoxigraph(entries, tmp_path):
    with open(tmp_path / "u.nt", "wb") as nt:
        serialize.merge_nquads(entries, None, nt)
    serialize.write_rdf("turtle", tmp_path / "u.nt", tmp_path / "g.ttl")
    serialize.write_rdf("trig", entries, tmp_path / "g.trig")
    assert len(Graph().parse(tmp_path / "g.ttl", format="turtle")) == 6
    ds = Dataset()
    ds.parse(tmp_path / "g.trig", format="trig")
    assert sorted(str(g.identifier) for g in ds.graphs() if len(g)) == [f"{EX}g1", f"{EX}g2", f"{EX}g3"]
    with pytest.raises(ValueError, match="unknown kind"):
        serialize.write_rdf("rdfxml", entries, tmp_path / "g.rdf")


TRICKY = [
    Literal('quote " backslash \\ newline \n return \r tab \t end'),
    Literal("中文\u2028行分隔\x0c分页\x85", lang="zh"),
    Literal("7.0", datatype=XSD.decimal), Literal(Decimal("0.25"), datatype=XSD.decimal), Literal(3),
    Literal("2024", datatype=XSD.gYear), Literal(""), Literal("x", lang="en-GB"),
    URIRef("https://w3id.org/kg-policy/id/unit/%E9%84%82"), URIRef("http://example.org/中文"),
]


@pytest.mark.parametrize("term", TRICKY, ids=[f"term-{i}" for i in range(len(TRICKY))])
def test_terms_are_written_as_rdflib_writes_them(term):
    """N-Triples written term by term, without a Graph: rdflib's serialiser's bytes."""
    s, p = URIRef(f"{EX}s"), URIRef(f"{EX}p")
    triples = [(s, p, term), (s, p, Literal("a")), (s, p, term)]
    graph = Graph()
    graph.addN((a, b, c, graph) for a, b, c in triples)
    reference = serialize.sort_lines(graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
    assert serialize.ntriples(triples) == reference
    assert len(Graph().parse(data=reference, format="nt")) == 2


def test_an_iri_ntriples_cannot_hold_is_refused():
    with pytest.raises(Exception, match="does not look like a valid URI"):
        serialize.ntriples([(URIRef(f"{EX}s"), URIRef(f"{EX}p"), URIRef(f"{EX}a b"))])


def test_nquads_to_ntriples_is_the_sorted_union():
    text = serialize.nquads({f"{EX}g1": f'<{EX}s> <{EX}p> "a <b> ." .\n', f"{EX}g2": f'<{EX}s> <{EX}p> "a <b> ." .\n'
                                                                                 f"<{EX}s> <{EX}p> <{EX}o> .\n"})
    assert serialize.nquads_to_ntriples("# key\n" + text) == (f'<{EX}s> <{EX}p> "a <b> ." .\n'
                                                               f"<{EX}s> <{EX}p> <{EX}o> .\n")
    with pytest.raises(ValueError, match="not an N-Quads statement"):
        serialize.nquads_to_ntriples(f'<{EX}s> <{EX}p> "a" .\n')
