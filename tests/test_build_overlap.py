"""What the main process makes of each entry as it comes back (texts, counts, the store loaded
meanwhile) equals what the whole-corpus passes make of the entries."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.graph import cache, counts, iris, serialize
from kg.graph.build import COUNTED_IRIS, build_graph
from kg.graph.corpus_files import save_texts
from kg.graph.store_sync import FreshLoad, GraphSource, read_state
from kg.graph.validate_cross import _shared_instances, cross_checks, oxigraph_select
from kg.readers.provenance import plan_texts

G = "https://w3id.org/kg-policy/id/graph/"
PLAN = "https://w3id.org/kg-policy/id/plan/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def test_texts_counts_and_store_of_a_cold_build_match_the_entries(small_corpus, tmp_path):
    out = tmp_path / "build"
    result = build_graph([small_corpus], out=out, files="nq")
    entries = [cache.entry_path(out / "cache", stem) for stem in result.documents]
    assert {f"{iris.doc_stem(name)}.txt": text for name, text in plan_texts(entries)} == \
        {p.name: p.read_text(encoding="utf-8") for p in (out / "texts").iterdir()}
    stems = {str(iris.graph_iri(s)): s for s in result.documents}
    graphs = [(n, cache.entry_path(out / "cache", s), "") for n, s in stems.items()]
    graphs.append((str(iris.ONTOLOGY_GRAPH), cache.entry_path(out / "cache", cache.ONTOLOGY_ENTRY), ""))
    links = cache.entry_path(out / "cache", "derived/follow-through")
    if links.is_file():
        graphs.append((str(iris.FOLLOW_THROUGH_GRAPH), links, ""))
    merged = serialize.merge_nquads([path for _, path, _ in graphs], None, None)
    assert (out / "graph.nq").read_bytes().count(b"\n") == merged.quads
    summed = counts.corpus_stats(tmp_path / "scratch-cache", graphs, stems, COUNTED_IRIS)
    assert summed.triples == merged.triples == result.triples
    assert {c: summed.instances[c] for c in COUNTED_IRIS} == {c: merged.instances[c] for c in COUNTED_IRIS}
    store = pyoxigraph.Store.read_only(str(result.store))
    assert len(store) == merged.quads
    targets = {c.target for c in cross_checks()}
    assert summed.shared_classes & targets == {t for t in targets if _shared_instances(oxigraph_select(store), t)}
    assert set(read_state(result.store)) == {g.value for g in store.named_graphs()}


def _entry(stem: str, lines: list[str]) -> bytes:
    return "".join(sorted(f"{line} <{G}{stem}> .\n" for line in lines)).encode()


@pytest.mark.parametrize("lines, own, shared", [
    ([f"<{PLAN}a> {TYPE} <urn:C>", f"<{PLAN}a/t/1> <urn:p> \"x\"", f"<{PLAN}a#char=1,2> <urn:p> \"y\""], 3, 0),
    ([f"<{PLAN}a> <urn:p> <urn:u>", f"<urn:u> {TYPE} <urn:C>", f"<{PLAN}ab> <urn:p> \"z\""], 1, 2),
    (["<urn:u> <urn:p> \"x\"", "_:b <urn:p> \"y\""], 0, 2),
])
def test_summary_splits_a_plans_own_triples_from_shared_ones(lines, own, shared):
    s = counts.summary(_entry("a", lines), "a", ["urn:C"])
    assert (s.own, len(s.shared)) == (own, shared)
    assert counts.Summary.from_bytes(s.to_bytes()) == s


def test_a_triple_repeated_by_another_graph_is_counted_once(tmp_path):
    own = f"<{PLAN}a/r/1> <urn:kind> \"achievement\""
    a = tmp_path / "a.nq"
    a.write_bytes(b"# kg-cache k\n" + _entry("a", [own, f"<urn:u> {TYPE} <urn:C>"]))
    links = tmp_path / "links.nq"
    links.write_bytes(_entry("links", [own, f"<urn:u> {TYPE} <urn:C>", f"<urn:n> <urn:p> <{PLAN}a/r/1>"]))
    stats = counts.corpus_stats(tmp_path / "c", [(f"{G}a", a, "k"), (f"{G}links", links, "")], {f"{G}a": "a"},
                                ["urn:C"])
    merged = serialize.merge_nquads([a, links], None, None)
    assert (stats.triples, stats.instances["urn:C"]) == (merged.triples, 1) == (3, 1)


def test_fresh_load_finishes_with_what_is_wanted(tmp_path):
    files = {}
    for name in ("a", "b", "c"):
        files[name] = tmp_path / f"{name}.nq"
        files[name].write_bytes(_entry(name, [f"<urn:{name}> <urn:p> \"{name}\""]))
    loader = FreshLoad(tmp_path / "store")
    loader.add(f"{G}a", GraphSource(digest="1", path=files["a"]))
    loader.add(f"{G}b", GraphSource(digest="1", path=files["b"]))  # no longer wanted: dropped
    synced = loader.finish({f"{G}a": GraphSource(digest="1", path=files["a"]),
                            f"{G}c": GraphSource(digest="1", path=files["c"])})
    store = pyoxigraph.Store.read_only(str(synced.path))
    assert sorted(g.value for g in store.named_graphs()) == [f"{G}a", f"{G}c"] and len(store) == 2
    del store
    aborted = FreshLoad(tmp_path / "store")
    aborted.add(f"{G}b", GraphSource(digest="1", path=files["b"]))
    aborted.abort()
    assert not (tmp_path / ".store.new").exists() and set(read_state(tmp_path / "store")) == {f"{G}a", f"{G}c"}


def test_the_text_of_a_document_failing_after_extraction_is_dropped(small_corpus, tmp_path):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, files="none")
    staging = tmp_path / "staging"
    (staging / "texts").mkdir(parents=True)
    for stem in ("a", "b"):  # written as they were extracted; b then failed
        (staging / "texts" / f"{stem}.txt").write_text(stem, encoding="utf-8")
    save_texts(staging, out, ["a", "c"], out / "cache", None, ready={"a", "b"})
    assert sorted(p.name for p in (staging / "texts").iterdir()) == ["a.txt", "c.txt"]
    assert (staging / "texts" / "a.txt").read_text(encoding="utf-8") == "a"
    assert (staging / "texts" / "c.txt").read_bytes() == (out / "texts" / "c.txt").read_bytes()
