"""``kg build`` / :func:`kg.graph.build.build_graph`: files, determinism, cache, workers, bad documents."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import cli
from kg.errors import EXIT_LOAD, EXIT_OK
from kg.graph.build import BuildResult, NoDocumentsError, build_graph
from kg.graph.serialize import union_graph
from kg.namespaces import KG, RDF

from .conftest import PLAN_TEXT, write_corpus


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory, corpus_dir) -> tuple[Path, BuildResult | None]:
    """The project corpus built once per session (other test modules reuse the folder)."""
    out = tmp_path_factory.getbasetemp() / "corpus-build"
    result = build_graph([corpus_dir], out=out, jsonld=True) if not (out / "graph.nq").is_file() else None
    return out, result


def files_of(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in ("graph.nq", "graph.trig", "graph.ttl", "graph.jsonld")
            if (out / name).is_file()}


# -- the corpus --------------------------------------------------------------------------


def test_corpus_build_writes_every_file_and_conforms(corpus_build, corpus_dir):
    out, _ = corpus_build
    for name in ("graph.ttl", "graph.nq", "graph.trig", "validation.txt"):
        assert (out / name).stat().st_size > 0, name
    assert (out / "store").is_dir() and (out / "store-state.json").is_file()
    assert (out / "validation.txt").read_text(encoding="utf-8").startswith("conforms")
    stems = sorted(p.stem for p in corpus_dir.glob("*.txt"))
    assert sorted(p.stem for p in (out / "cache").glob("*.nq")) == stems


def test_corpus_counts(corpus_build, corpus_dir):
    out, result = corpus_build
    if result is None:
        result = build_graph([corpus_dir], out=out)  # all from the cache
        assert len(result.cached) == len(result.documents)
    assert result.plans == len(list(corpus_dir.glob("*.txt")))
    assert result.tasks > 0 and result.units > 0
    assert result.conforms is True and result.exit_code == EXIT_OK and not result.errors


def test_turtle_is_the_union_and_trig_has_one_graph_per_document(corpus_build, corpus_dir):
    out, _ = corpus_build
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = sorted(str(g.identifier) for g in ds.graphs() if len(g))
    stems = sorted(p.stem for p in corpus_dir.glob("*.txt"))
    assert names == sorted(["https://w3id.org/kg-policy/id/graph/ontology"]
                           + [f"https://w3id.org/kg-policy/id/graph/{s}" for s in stems])
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(ttl) == len(union_graph(ds))
    nq = Dataset()
    nq.parse(out / "graph.nq", format="nquads")
    assert len(union_graph(nq)) == len(ttl)


def test_jsonld_holds_the_same_triples(corpus_build):
    out, _ = corpus_build
    if not (out / "graph.jsonld").is_file():
        pytest.skip("the session build was made by another module without --jsonld")
    ds = Dataset()
    ds.parse(out / "graph.jsonld", format="json-ld")
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(union_graph(ds)) == len(ttl)


def test_same_corpus_same_bytes_serial_and_parallel(corpus_build, corpus_dir, tmp_path):
    out, _ = corpus_build
    again = build_graph([corpus_dir], out=tmp_path / "again", workers=2, jsonld=True, validate=False)
    assert again.extracted == again.documents  # a fresh folder: nothing cached
    expected = files_of(out)
    got = files_of(tmp_path / "again")
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert got[name] == expected[name], name
    if "graph.jsonld" in expected:
        assert got["graph.jsonld"] == expected["graph.jsonld"]


def test_nquads_lines_are_sorted(corpus_build):
    out, _ = corpus_build
    lines = (out / "graph.nq").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


# -- the cache ---------------------------------------------------------------------------


def test_rebuild_extracts_only_the_changed_document(small_corpus, tmp_path):
    out = tmp_path / "build"
    first = build_graph([small_corpus], out=out)
    assert first.extracted == ("a", "b", "c") and first.cached == ()
    second = build_graph([small_corpus], out=out)
    assert second.extracted == () and second.cached == ("a", "b", "c")
    (small_corpus / "b.txt").write_text(PLAN_TEXT.format(place="华容区", topic="改") + "3.新任务。(牵头单位:区财政局)\n",
                                        encoding="utf-8")
    third = build_graph([small_corpus], out=out)
    assert third.extracted == ("b",) and third.cached == ("a", "c")
    build_graph([small_corpus], out=tmp_path / "fresh", use_cache=False)
    assert files_of(out) == files_of(tmp_path / "fresh")


@pytest.mark.parametrize("change", ["manifest", "corrupt-entry", "foreign-entry"])
def test_cache_misses(small_corpus, tmp_path, change):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, validate=False)
    if change == "manifest":
        (small_corpus / "manifest.csv").write_text("file,title,issuer,parents,date,genre,source\n"
                                                   "a.txt,甲方案,鄂城区,鄂州市,2024-03-15,plan,\n", encoding="utf-8")
    elif change == "corrupt-entry":
        (out / "cache" / "a.nq").write_bytes(b"\xff\xfe garbage")
    else:
        (out / "cache" / "a.nq").write_text("# kg-cache 0000\n", encoding="utf-8")
    result = build_graph([small_corpus], out=out, validate=False)
    assert result.extracted == ("a",)


def test_store_follows_the_documents(small_corpus, tmp_path):
    from kg.sparql import query

    out = tmp_path / "build"
    build_graph([small_corpus], out=out, validate=False)
    (small_corpus / "c.txt").unlink()
    build_graph([small_corpus], out=out, validate=False)
    rows = query("plans", graph=out)
    assert [r["file"] for r in rows] == ["a.txt", "b.txt"]
    state = json.loads((out / "store-state.json").read_text(encoding="utf-8"))
    assert sorted(state) == sorted(["https://w3id.org/kg-policy/id/graph/ontology",
                                    "https://w3id.org/kg-policy/id/graph/a", "https://w3id.org/kg-policy/id/graph/b"])


# -- bad input ---------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("missing.txt", None, "no such file"),
]


@pytest.mark.parametrize("name, data, problem", BAD_FILES)
def test_bad_document_is_reported_and_the_others_are_built(small_corpus, tmp_path, name, data, problem):
    bad = small_corpus / name
    if data is not None:
        bad.write_bytes(data)
    result = build_graph([small_corpus, bad], out=tmp_path / "build", validate=False)
    assert result.documents == ("a", "b", "c")
    (error,) = result.errors
    assert error.path == str(bad) and problem in error.problem
    assert result.exit_code == EXIT_LOAD


def test_cli_reports_bad_document_and_exits_2(small_corpus, tmp_path):
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    run = CliRunner().invoke(cli, ["build", str(small_corpus), "--out", str(tmp_path / "build"), "--format", "json"])
    assert run.exit_code == EXIT_LOAD
    assert "binary.txt" in run.stderr
    rows = {r["item"]: r["value"] for r in json.loads(run.stdout)}
    assert rows["documents"] == 3 and rows["errors"] == 1 and rows["conforms"] == "true"


def test_duplicate_document_names_are_an_error(small_corpus, tmp_path):
    other = write_corpus(tmp_path / "other", {"a.txt": PLAN_TEXT.format(place="华容区", topic="x")})
    result = build_graph([small_corpus, other], out=tmp_path / "build", validate=False)
    assert result.documents == ("a", "b", "c")
    assert "same name" in result.errors[0].problem and result.exit_code == EXIT_LOAD


def test_no_documents(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoDocumentsError):
        build_graph([tmp_path / "empty"], out=tmp_path / "build")
    run = CliRunner().invoke(cli, ["build", str(tmp_path / "empty"), "--out", str(tmp_path / "build")])
    assert run.exit_code == EXIT_LOAD and "no documents" in run.stderr


# -- options ---------------------------------------------------------------------------


def test_cli_build_no_validate_and_jsonld(small_corpus, tmp_path):
    out = tmp_path / "build"
    run = CliRunner().invoke(cli, ["build", str(small_corpus), "--out", str(out), "--no-validate", "--jsonld",
                                   "-j", "2", "--format", "json"])
    assert run.exit_code == EXIT_OK, run.output
    rows = {r["item"]: r["value"] for r in json.loads(run.stdout)}
    assert rows["conforms"] == "skipped" and rows["tasks"] == 6 and rows["plans"] == 3
    assert (out / "graph.jsonld").is_file() and not (out / "validation.txt").exists()


def test_build_result_counts_match_the_graph(small_corpus, tmp_path):
    result = build_graph([small_corpus], out=tmp_path / "build")
    graph = Graph().parse(result.files["ttl"], format="turtle")
    assert result.tasks == len(set(graph.subjects(RDF.type, KG.Task))) == 6
    assert result.units == len(set(graph.subjects(RDF.type, KG.Unit)))
    assert result.triples == len(graph)
    assert {Path(p).name for p in result.files.values()} == {"graph.nq", "graph.trig", "graph.ttl"}


def test_outputs_are_written_atomically(small_corpus, tmp_path):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, validate=False)
    leftovers = [p for p in out.rglob(".*.tmp")]
    assert leftovers == []
    assert all(os.access(p, os.R_OK) for p in out.glob("graph.*"))
