"""Rebuilds of a large corpus: files on request, counts and cross-document checks from the changed graphs alone."""

from __future__ import annotations

import json

import pyoxigraph
import pytest

from kg.graph import build, rebuild
from kg.graph.build import build_graph, file_kinds
from kg.graph.validate import cross_document_report, oxigraph_select

from .conftest import PLAN_TEXT

KG = "https://w3id.org/kg-policy/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
UNIT = "https://w3id.org/kg-policy/id/unit/"
PLACE = "https://w3id.org/kg-policy/id/place/"
GRAPH = "https://w3id.org/kg-policy/id/graph/"


@pytest.mark.parametrize("files, documents, jsonld, expected", [
    ("auto", 3, False, ("nq", "trig", "ttl")),
    ("auto", build.AUTO_FILES_MAX_DOCUMENTS, False, ("nq", "trig", "ttl")),
    ("auto", build.AUTO_FILES_MAX_DOCUMENTS + 1, False, ()),
    ("auto", 5000, True, ("jsonld",)),
    (None, 3, False, ("nq", "trig", "ttl")),
    ("none", 3, False, ()),
    ("all", 5000, False, ("nq", "trig", "ttl", "jsonld")),
    ("ttl, nq", 5000, False, ("nq", "ttl")),
    (["trig"], 3, True, ("trig", "jsonld")),
])
def test_file_kinds(files, documents, jsonld, expected):
    assert file_kinds(files, documents, jsonld) == expected


def _unit(n: int, place: str) -> str:
    return (f"<{UNIT}{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Unit> <{GRAPH}%s> .\n"
            f"<{UNIT}{n}> <{SKOS}prefLabel> \"单位{n}\"@zh <{GRAPH}%s> .\n"
            f"<{UNIT}{n}> <{KG}jurisdiction> <{PLACE}{place}> <{GRAPH}%s> .\n")


def _store(graphs: dict[str, list[tuple[int, str]]]) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    for name, units in graphs.items():
        text = "".join(_unit(n, place).replace("%s", name) for n, place in units)
        store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    return store


def test_scoped_cross_checks_equal_the_whole_checks():
    # units 1 and 2 get two jurisdictions from two documents each; unit 3 one
    before = _store({"a": [(1, "甲"), (2, "甲"), (3, "甲")], "b": [(1, "乙")], "c": [(2, "乙")]})
    old = cross_document_report(oxigraph_select(before), ())
    assert [v.focus for v in old.violations] == [f"<{UNIT}1>", f"<{UNIT}2>"]
    # document b changes: unit 1 now agrees, unit 3 gets a second jurisdiction; unit 2 is not b's
    after = _store({"a": [(1, "甲"), (2, "甲"), (3, "甲")], "b": [(1, "甲"), (3, "乙")], "c": [(2, "乙")]})
    touched = {f"{UNIT}1", f"{UNIT}3"}  # b's subjects, old and new
    scoped = rebuild.cross_document_checks(oxigraph_select(after), (), touched, old)
    whole = cross_document_report(oxigraph_select(after), ())
    assert scoped.violations == whole.violations and not scoped.conforms
    assert [v.focus for v in whole.violations] == [f"<{UNIT}2>", f"<{UNIT}3>"]  # 2 kept, 3 found
    # nothing touched: the old report as it was; no old report: the whole checks
    assert rebuild.cross_document_checks(oxigraph_select(after), (), set(), old).violations == old.violations
    assert rebuild.cross_document_checks(oxigraph_select(after), (), None, None).violations == whole.violations


def test_restricted_select_adds_values_to_check_queries_only():
    seen = []
    scoped = rebuild.restricted_select(lambda text: seen.append(text) or [], {f"{UNIT}1"})
    scoped(f"SELECT ?s WHERE {{ ?s a <{KG}Unit> }} LIMIT 1")  # are there shared units (among these nodes)?
    scoped(f"SELECT ?s (COUNT(?o) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s ?o WHERE {{ ?s <{KG}jurisdiction> ?o }} }} }}")
    scoped(f"SELECT ?l WHERE {{ <{UNIT}1> <{SKOS}prefLabel> ?l }} ORDER BY ?l LIMIT 1")
    assert seen[0] == f"SELECT ?s WHERE {{ VALUES ?s {{ <{UNIT}1> }} ?s a <{KG}Unit> }} LIMIT 1"
    assert f"WHERE {{ VALUES ?s {{ <{UNIT}1> }} ?s <{KG}jurisdiction> ?o" in seen[1]
    assert "VALUES" not in seen[2]


def test_concurrent_select_answers_each_query_once_and_as_select_would():
    asked = []

    def select(text):
        asked.append(text)
        return [{"s": f"{UNIT}1", "n": "2", "v": "x"}] if "VALUES" not in text and " a <" in text else []

    answered = rebuild.concurrent_select(select)
    again = [answered(text) for text in asked]
    assert again == [select(text) for text in list(asked)] and len(asked) == 2 * len(set(asked))


def state_of(out):
    return json.loads((out / build.STATE_FILE).read_text(encoding="utf-8"))


@pytest.mark.parametrize("step", ["change", "add", "remove"])
def test_rebuild_without_files_counts_like_a_fresh_build(small_corpus, tmp_path, step):
    out = tmp_path / "build"
    first = build_graph([small_corpus], out=out, files="none")
    assert first.files == {} and not list(out.glob("graph.*"))
    if step == "change":
        (small_corpus / "b.txt").write_text(PLAN_TEXT.format(place="华容区", topic="改") + "3.新任务。(牵头单位:区财政局)\n",
                                            encoding="utf-8")
    elif step == "add":
        (small_corpus / "d.txt").write_text(PLAN_TEXT.format(place="梁子湖区", topic="文旅"), encoding="utf-8")
    else:
        (small_corpus / "a.txt").unlink()
    again = build_graph([small_corpus], out=out, files="none")
    assert again.work["files_written"] == 0 and again.work["graphs_loaded"] + again.work["graphs_removed"] == 1
    fresh = build_graph([small_corpus], out=tmp_path / "fresh", files="none")
    assert again.counts == fresh.counts and again.triples == fresh.triples
    assert (out / "validation.txt").read_bytes() == (tmp_path / "fresh" / "validation.txt").read_bytes()
    assert sorted(p.name for p in (out / "texts").iterdir()) == sorted(p.name for p in (tmp_path / "fresh" / "texts").iterdir())
    for name in (p.name for p in (out / "texts").iterdir()):
        assert (out / "texts" / name).read_bytes() == (tmp_path / "fresh" / "texts" / name).read_bytes()
    assert state_of(out)["cross"] == state_of(tmp_path / "fresh")["cross"]


def test_files_written_on_request_without_extracting(small_corpus, tmp_path):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, files="none")
    asked = build_graph([small_corpus], out=out, files="nq,ttl,trig")
    assert asked.work["extracted"] == 0 and asked.work["files_written"] == 3
    assert sorted(p.name for p in asked.files.values()) == ["graph.nq", "graph.trig", "graph.ttl"]
    build_graph([small_corpus], out=tmp_path / "fresh")  # auto: the three files for a small corpus
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    # files still current are kept by a build that does not ask for them ...
    kept = build_graph([small_corpus], out=out, files="none")
    assert kept.work["files_written"] == 0 and (out / "graph.nq").is_file()
    # ... and removed once the graph changes, since they would describe the old one
    (small_corpus / "c.txt").write_text(PLAN_TEXT.format(place="梁子湖区", topic="新"), encoding="utf-8")
    changed = build_graph([small_corpus], out=out, files="none")
    assert changed.files == {} and not (out / "graph.nq").exists()

