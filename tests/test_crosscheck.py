"""The cross-document checks asked about the candidate nodes only report as the checks over the whole store."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.graph import rebuild
from kg.graph.counts import corpus_stats
from kg.graph.crosscheck import Candidates
from kg.graph.serialize import merge_nquads
from kg.graph.validate import ValidationReport, cross_document_report, oxigraph_select

KG = "https://w3id.org/kg-policy/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
UNIT = "https://w3id.org/kg-policy/id/unit/qingshan/"
PLACE = "https://w3id.org/kg-policy/id/place/"
PLAN = "https://w3id.org/kg-policy/id/plan/"
GRAPH = "https://w3id.org/kg-policy/id/graph/"


def unit(name: str, *, label: str | None = None, lang: str = "zh", place: str | None = None,
         iri: str | None = None, typed: bool = True) -> list[str]:
    node = iri or f"{UNIT}{name}"
    lines = [f"<{node}> <{TYPE}> <{KG}Unit>"] if typed else []
    lines.append(f'<{node}> <{SKOS}prefLabel> "{label or name}"@{lang}')
    if place:
        lines.append(f"<{node}> <{KG}jurisdiction> <{PLACE}{place}>")
    return lines


def place(name: str, level: str) -> list[str]:
    return [f"<{PLACE}{name}> <{TYPE}> <{KG}Place>", f'<{PLACE}{name}> <{RDFS}label> "{name}"@zh',
            f'<{PLACE}{name}> <{KG}placeLevel> "{level}"']


# graphs: name -> the triples of that document's graph; then the candidate nodes (last path
# segment) and the violations the store reports: (node, path, number of values)
CASES = [
    ("agree", {"a": unit("财政局", place="青山区"), "b": unit("财政局", place="青山区")}, set(), []),
    ("two jurisdictions", {"a": unit("财政局", place="青山区"), "b": unit("财政局", place="绿水县")},
     {"财政局"}, [("财政局", "kg:jurisdiction", "2")]),
    ("three graphs, two values", {"a": unit("财政局", place="甲"), "b": unit("财政局", place="乙"),
                                  "c": unit("财政局", place="甲")}, {"财政局"}, [("财政局", "kg:jurisdiction", "2")]),
    ("two labels, one language", {"a": unit("fgj", label="发改局"), "b": unit("fgj", label="发展和改革局")},
     {"fgj"}, [("fgj", "skos:prefLabel", "2")]),
    ("two labels, two languages", {"a": unit("fgj", label="发改局"), "b": unit("fgj", label="DRC", lang="en")},
     set(), []),
    ("language tags differ in case only", {"a": unit("fgj", label="发改局"), "b": unit("fgj", label="发改", lang="ZH")},
     {"fgj"}, [("fgj", "skos:prefLabel", "2")]),
    ("escaped label", {"a": unit("fgj", label=r'发改\"局\\'), "b": unit("fgj", label="发改局")},
     {"fgj"}, [("fgj", "skos:prefLabel", "2")]),
    ("untyped node: asked about, not faulted", {"a": unit("x", place="甲", typed=False),
                                                "b": unit("x", place="乙", typed=False)}, {"x"}, []),
    ("a node of one plan", {"a": unit("x", place="甲", iri=f"{PLAN}a/unit/x"),
                            "b": unit("x", place="乙", iri=f"{PLAN}a/unit/x")}, set(), []),
    ("place levels", {"a": place("鄂州市", "prefecture"), "b": place("鄂州市", "county")},
     {"鄂州市"}, [("鄂州市", "kg:placeLevel", "2")]),
    ("several nodes", {"a": unit("a", place="甲") + unit("b", place="甲") + place("甲", "county"),
                       "b": unit("a", place="乙") + unit("b", place="甲") + place("甲", "county"),
                       "c": unit("b", place="丙") + unit("b", label="乙", place="丁")},
     {"a", "b"}, [("a", "kg:jurisdiction", "2"), ("b", "kg:jurisdiction", "3"), ("b", "skos:prefLabel", "2")]),
]
IDS = [c[0] for c in CASES]


def _nquads(graphs: dict[str, list[str]]) -> dict[str, bytes]:
    return {name: "".join(f"{t} <{GRAPH}{name}> .\n" for t in sorted(set(triples))).encode("utf-8")
            for name, triples in graphs.items()}


def _store(graphs: dict[str, list[str]]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for data in _nquads(graphs).values():
        store.load(data, format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def _candidates(graphs: dict[str, list[str]]) -> Candidates:
    found = Candidates()
    for triple in sorted({t.encode("utf-8") for triples in graphs.values() for t in triples}):
        found.add(triple)
    return found


def _last(iri: str) -> str:
    return iri.rstrip(">").rsplit("/", 1)[-1]


@pytest.mark.parametrize("name, graphs, nodes, expected", CASES, ids=IDS)
def test_the_candidates_report_as_the_whole_store(name, graphs, nodes, expected):
    select = oxigraph_select(_store(graphs))
    found = _candidates(graphs)
    assert {_last(n) for n in found.nodes} == nodes
    whole = cross_document_report(select)
    asked = rebuild.cross_document_checks(select, (), found.nodes, ValidationReport(conforms=True))
    assert asked.violations == whole.violations and asked.conforms is whole.conforms
    assert sorted({(_last(v.focus), v.path, v.message.rsplit(": ", 1)[-1].rstrip(")")) for v in asked.violations}) \
        == sorted(expected)


def test_hash_collisions_only_add_nodes():
    """Every (node, property) counted under one hash: nodes are asked about, none is missed."""
    found = Candidates()
    found._count = lambda key, allowed, subject, _add=Candidates._count: _add(found, ("same",), allowed, subject)
    graphs = CASES[1][1]
    for triple in sorted({t.encode("utf-8") for triples in graphs.values() for t in triples}):
        found.add(triple)
    assert f"{UNIT}财政局" in found.nodes


@pytest.mark.parametrize("name, graphs, nodes, expected", CASES, ids=IDS)
def test_both_passes_of_a_build_find_the_same_nodes(tmp_path, name, graphs, nodes, expected):
    """The merge that writes graph.nq and the counts from each document's summary see the same shared triples."""
    entries = []
    for graph, data in _nquads(graphs).items():
        path = tmp_path / f"{graph}.nq"
        path.write_bytes(data)
        entries.append((f"{GRAPH}{graph}", path, graph))
    merged, counted = Candidates(), Candidates()
    merge_nquads([p for _, p, _ in entries], None, tmp_dir=tmp_path, on_triple=merged.add)
    corpus_stats(tmp_path / "cache", entries, {}, [f"{KG}Unit"], on_triple=counted.add)
    assert merged.nodes == counted.nodes == _candidates(graphs).nodes


@pytest.mark.parametrize("files", ["none", "auto"])
def test_a_build_asks_about_the_candidates_only(small_corpus, tmp_path, monkeypatch, files):
    """Both passes (counts from summaries; the merge writing graph.nq) give the checks their candidates,
    and the build's cross-document report is the whole store's."""
    import json

    from kg.graph import build

    seen = []
    real = build._whole_cross_checks

    def spy(*args, candidates=None, **kwargs):
        seen.append(candidates)
        return real(*args, candidates=candidates, **kwargs)

    monkeypatch.setattr(build, "_whole_cross_checks", spy)
    out = tmp_path / "build"
    build.build_graph([small_corpus], out=out, files=files)
    (candidates,) = seen
    assert isinstance(candidates, Candidates) and candidates.nodes == set()
    state = json.loads((out / "build-state.json").read_text(encoding="utf-8"))
    with rebuild.reading(out / "store") as select:
        whole = cross_document_report(select)
    assert state["cross"]["violations"] == [] and whole.violations == ()
