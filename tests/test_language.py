"""The extraction pipeline as a spaCy ``Language``: components, spans, round trip, a user's component."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

import kg
from kg.extract import extract_file
from kg.extract.language import COMPONENTS, make_doc
from kg.extract.spans import SPAN_KEYS, extraction_from_doc, source
from kg.manifest import manifest_entry

PLAN = "某县2024年工作要点\n一、重点任务\n1.推进改革。到2025年，完成技改项目20个以上。（牵头单位：县发改局；责任单位：县财政局、各乡镇）\n"


@pytest.fixture(scope="module")
def nlp():
    return kg.load()


def _spans(doc) -> dict[str, list[tuple]]:
    return {key: [(s.start_char, s.end_char, s.label_, s.id) for s in group] for key, group in doc.spans.items()}


def test_load_gives_a_language_with_kg_components(nlp):
    assert isinstance(nlp, Language)
    assert nlp.lang == "zh"
    assert tuple(nlp.pipe_names) == COMPONENTS


@pytest.mark.parametrize("text", ["一、总体要求\n1.推进", "a b\r\nc\t", ""])
def test_one_token_per_character(nlp, text):
    doc = nlp.make_doc(text)
    normalised = text.replace("\r\n", "\n")
    assert doc.text == normalised
    assert [t.text for t in doc] == list(normalised)
    assert all(t.idx == i for i, t in enumerate(doc))


def test_components_write_span_groups_with_attributes(nlp):
    doc = nlp(PLAN)
    assert doc._.kg_error is None
    assert set(SPAN_KEYS.values()) <= set(doc.spans)
    units = [(s.text, s._.role, s._.canonical, s._.jurisdiction, s._.task) for s in doc.spans["kg.units"]]
    assert units == [("县发改局", "lead", "某县发展和改革局", "某县", "一、1."),
                     ("县财政局", "responsible", "某县财政局", "某县", "一、1."),
                     ("各乡镇", "collective", "某县各乡镇", "某县", "一、1.")]
    (task,) = doc.spans["kg.tasks"]
    assert task.text.startswith("1.推进改革") and task._.uid == "一、1." and task._.section == ["一、重点任务"]
    (target,) = [s for s in doc.spans["kg.targets"] if s._.value == 20]
    assert (target._.comparator, target._.year, target._.task) == (">=", 2025, "一、1.")
    assert doc._.kg_plan["issuer"] == "某县"


def test_records_from_the_doc_equal_extract_file(nlp, corpus_dir):
    path = sorted(corpus_dir.glob("*.txt"))[0]
    expected = extract_file(path)
    doc = nlp(make_doc(nlp, path.read_text(encoding="utf-8"), path.name, manifest_entry(path)))
    got = extraction_from_doc(doc)
    assert got.records and list(got.records()) == list(expected.records())


def test_round_trip_to_disk_and_spacy_load(nlp, corpus_dir, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    for path in sorted(corpus_dir.glob("*.txt"))[:2]:
        text = path.read_text(encoding="utf-8")
        a = nlp(make_doc(nlp, text, path.name, manifest_entry(path)))
        b = loaded(make_doc(loaded, text, path.name, manifest_entry(path)))
        assert _spans(a) == _spans(b)
        assert list(extraction_from_doc(a).records()) == list(extraction_from_doc(b).records())


def test_saved_pipeline_loads_in_a_fresh_process(nlp, tmp_path):
    """``spacy.load`` finds kg's tokenizer and components through their entry points, without ``import kg``."""
    nlp.to_disk(tmp_path / "pipeline")
    code = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
            "print([s.text for s in doc.spans['kg.units']]); print('kg' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipeline"), PLAN],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "['县发改局', '县财政局', '各乡镇']"


@Language.factory("test_extra_units")
def _make_extra_units(nlp, name: str, surface: str):
    """A user's rule: every task naming ``surface`` in its text gets it as a co-responsible unit."""

    def component(doc):
        units = doc.spans["kg.units"]
        for task in doc.spans["kg.tasks"]:
            at = task.text.find(surface)
            if at >= 0:
                span = Span(doc, task.start + at, task.start + at + len(surface), label="RESPONSIBLE", span_id=len(units))
                span._.role = "responsible"
                span._.task = task._.uid
                units.append(span)
        return doc

    return component


def test_user_component_added_through_the_config_reaches_the_records(tmp_path):
    nlp = kg.load()
    nlp.add_pipe("test_extra_units", after="kg_tasks", config={"surface": "技改"})
    assert nlp.config["components"]["test_extra_units"]["surface"] == "技改"
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded(make_doc(loaded, PLAN, "plan.txt"))
    (task,) = extraction_from_doc(doc).tasks
    added = [u for u in task.units if u.surface == "技改"]
    assert len(added) == 1 and added[0].role == "responsible"
    assert added[0].canonical == "某县技改"  # resolved by kg_units, which runs after it
    assert source(doc).text == PLAN


def test_a_failing_component_costs_only_its_document(monkeypatch, tmp_path):
    import kg.extract.structure as structure
    from kg.errors import DocumentError
    from kg.extract import extract_files

    real = structure.find_headings

    def find_headings(doc):
        if "故障" in doc.text:
            raise RuntimeError("boom")
        return real(doc)

    monkeypatch.setattr(structure, "find_headings", find_headings)
    for name, text in (("a.txt", "1.甲。（牵头单位：区发改局）"), ("b.txt", "故障"), ("c.txt", "2.乙。（牵头单位：区财政局）")):
        (tmp_path / name).write_text(text, encoding="utf-8")
    results = list(extract_files([(tmp_path / n, None) for n in ("a.txt", "b.txt", "c.txt")]))
    assert [type(r).__name__ for r in results] == ["Extraction", "DocumentError", "Extraction"]
    assert isinstance(results[1], DocumentError) and "kg_structure" in str(results[1]) and "b.txt" in str(results[1])
    assert [u.surface for u in results[2].tasks[0].units] == ["区财政局"]


def test_documents_longer_than_spacys_default_limit_are_read_whole():
    """spaCy refuses texts over 1,000,000 characters by default (a guard for its parser);
    kg's components are linear in the length, so a long compilation of plans is read whole."""
    from kg.extract import extract_text
    from kg.extract.language import MAX_LENGTH, load

    assert load().max_length == MAX_LENGTH > 10**9
    item = "{n}.推进第{n}项改革。（牵头单位：县发改局；责任单位：县财政局）\n"
    lines, size, n = ["某县2024年工作要点\n一、重点任务\n"], 0, 0
    while size <= 1_000_000:
        n += 1
        lines.append(item.format(n=n))
        size += len(lines[-1])
    ex = extract_text("".join(lines), "long.txt")
    assert len(ex.tasks) == n and ex.tasks[-1].units[0].surface == "县发改局"
