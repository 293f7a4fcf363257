"""Cue words are data: every family of ``kg/extract/cues/{targets,goals,places,projects,enterprises,names,numbers,periods,tables,metadata,lexicon}.json``
keeps examples that read as it says, each family's words matter to one of its examples, and a user's
cue file, given to a component's ``initialize``, changes what the pipeline finds and travels with it.

An example is ``[text, reading]``: the reading is what the pipeline finds in the text (a plan of
鄂城区, 鄂州市, 湖北省), written as short strings by :func:`reading` (``metadata``: with no manifest row, what the plan is: title, issuer, genre and date).
"""

from __future__ import annotations

import json

import pytest
import spacy

import kg
from kg.extract.cue_files import CueError, cue_file, cue_modules, load_data, shipped, shipped_copy
from kg.extract.language import make_doc
from kg.extract.model import PlanInfo
from kg.extract.spans import extraction_from_doc

FILES = {"targets": "kg_targets", "goals": "kg_goals", "places": "kg_places", "projects": "kg_projects",
         "enterprises": "kg_enterprises", "names": None, "numbers": "kg_targets", "periods": "kg_targets",
         "tables": "kg_tasks", "metadata": "kg_plan", "lexicon": ("kg_enterprises", "kg_places", "kg_projects")}
"""Cue file -> the component that takes it as ``cues`` (name stems: ``names`` of kg_places and kg_projects;
the lexicon: every component that bounds names)."""

PLAN = PlanInfo(doc="example", title=None, issuer="鄂城区", date=None, parents=("鄂州市", "湖北省"))


def reading(extraction, file: str) -> list[str]:
    """What the pipeline found that the cue file ``file`` is about, as short strings."""
    if file == "targets":
        return [f"{t.indicator}|{t.change or ''}|{t.value if isinstance(t.value, tuple) else f'{t.value:g}'}{t.unit or ''}"
                for t in extraction.targets]
    if file in ("numbers", "periods"):
        return [f"{t.indicator}|{t.change or ''}|{t.comparator}"
                f"{t.value if isinstance(t.value, tuple) else f'{t.value:g}'}{t.unit or ''}|{t.year or ''}|{t.kind}"
                for t in extraction.targets]
    if file == "metadata":
        p = extraction.plan
        return [f"title:{p.title or ''}", f"issuer:{p.issuer or ''}", f"genre:{p.genre or ''}", f"date:{p.date or ''}"]
    if file == "tables":
        return [f"{t.id}|{t.title}|" + " ".join(f"{u.surface}/{u.role}" for u in t.units) for t in extraction.tasks]
    if file == "goals":
        return [f"goal:{g.id}{g.title}" for g in extraction.goals] + [f"task:{t.id}>{t.goal}" for t in extraction.tasks if t.goal]
    if file == "places":
        return [p.name for p in extraction.places]
    if file == "projects":
        return [p.name for p in extraction.projects]
    if file == "enterprises":
        return [e.name for e in extraction.enterprises]
    found = [f"place:{p.name}" for p in extraction.places] + [f"project:{p.name}" for p in extraction.projects]
    return found + ([f"enterprise:{e.name}" for e in extraction.enterprises] if file == "lexicon" else [])


def read(nlp, text: str, file: str) -> list[str]:
    doc = nlp(make_doc(nlp, text, "example", None if file == "metadata" else PLAN))
    assert doc._.kg_error is None, doc._.kg_error
    return reading(extraction_from_doc(doc), file)


@pytest.fixture(scope="module")
def nlp():
    return kg.load()


def _with(tmp_path, file: str, data: dict):
    """A pipeline whose component reads ``data`` in place of the shipped ``file``."""
    path = tmp_path / f"{file}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    nlp = kg.load()
    components = FILES[file] if isinstance(FILES[file], tuple) else [FILES[file]] if FILES[file] else ["kg_places", "kg_projects"]
    for component in components:
        nlp.get_pipe(component).initialize(**({"cues": {file: str(path)}} if FILES[file] else {"names": str(path)}))
    return nlp


FAMILIES = [(file, family) for file in FILES for family in shipped(file) if family != "about"]
EXAMPLES = [(file, family, text, expected) for file, family in FAMILIES
            for text, expected in shipped(file)[family]["examples"]]


@pytest.mark.parametrize("file, family", FAMILIES, ids=[f"{f}-{g}" for f, g in FAMILIES])
def test_every_family_is_documented(file, family):
    body = shipped(file)[family]
    assert body["about"] and body["examples"]
    assert all(isinstance(text, str) and isinstance(expected, list) for text, expected in body["examples"])


@pytest.mark.parametrize("file, family, text, expected", EXAMPLES,
                         ids=[f"{f}-{g}-{i}" for i, (f, g, _, _) in enumerate(EXAMPLES)])
def test_every_example_reads_as_documented(nlp, file, family, text, expected):
    assert read(nlp, text, file) == expected


def _without(body: dict) -> dict:
    """The family with its words taken away."""
    empty = {"words": [], "chars": "\uffff", "table": {}, "pattern": "(?!)", "groups": []}
    return {k: (empty[k] if k in empty else v) for k, v in body.items()}


@pytest.mark.parametrize("file, family", FAMILIES, ids=[f"{f}-{g}" for f, g in FAMILIES])
def test_every_familys_words_matter(tmp_path, file, family):
    """Without the family's words, one of its examples at least reads otherwise: the example shows what they do."""
    data = shipped_copy(file)
    data[family] = _without(data[family])
    nlp = _with(tmp_path, file, data)
    examples = shipped(file)[family]["examples"]
    assert any(read(nlp, text, file) != expected for text, expected in examples)


def test_a_users_cue_file_through_initialize_and_to_disk(nlp, tmp_path):
    text = "加快建设花湖机场、燕矶长江大桥,推进洋澜湖文旅综合体建设。"
    before = read(nlp, text, "projects")
    data = shipped_copy("projects")
    for group in data["suffixes"]["groups"]:
        if group["kind"] == "facility":
            group["words"].remove("综合体")
    data["distinctive"]["words"].remove("综合体")
    changed = _with(tmp_path, "projects", data)
    after = read(changed, text, "projects")
    assert "洋澜湖文旅综合体" in before and "洋澜湖文旅综合体" not in after
    assert read(nlp, text, "projects") == before  # the other pipeline keeps the shipped words
    changed.to_disk(tmp_path / "pipeline")
    assert read(spacy.load(tmp_path / "pipeline"), text, "projects") == after


def test_a_pipeline_with_a_users_cue_file_pickles(tmp_path):
    import pickle

    data = shipped_copy("projects")
    data["distinctive"]["words"].remove("综合体")
    changed = _with(tmp_path, "projects", data)
    again = pickle.loads(pickle.dumps(changed.get_pipe("kg_projects")))
    assert again.cues_data == changed.get_pipe("kg_projects").cues_data
    assert "综合体" not in again.rules("projects").DISTINCTIVE


def test_cue_modules_leave_the_ordinary_modules_alone():
    import kg.extract.targets as targets

    data = shipped_copy("targets")
    data["funding_verbs"]["words"] = ["设立"]
    copies = cue_modules(["kg.extract.target_rules", "kg.extract.targets"], {"targets": data})
    assert copies["kg.extract.targets"].FUNDING_VERBS == ("设立",)
    assert targets.FUNDING_VERBS == tuple(shipped("targets")["funding_verbs"]["words"])
    assert copies["kg.extract.targets"].reason is copies["kg.extract.target_rules"].reason


@pytest.mark.parametrize("content, message", [
    ("{", "cannot read"),
    ('{"x": {"words": []}}', "needs an 'about' and 'examples'"),
    ('{"x": {"about": "a", "examples": []}}', "holds none of"),
])
def test_a_bad_cue_file_is_named(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CueError, match=message) as info:
        load_data(path)
    assert str(path) in str(info.value)


def test_every_shipped_file_loads():
    for file in FILES:
        assert load_data(cue_file(file)) == shipped(file)


def test_the_structure_components_cue_file_through_initialize_and_to_disk(nlp, tmp_path):
    """``kg_structure`` reads ``headings.json`` in ``initialize``: a user's file without a body opener
    keeps a run-on heading whole, in that pipeline and after ``to_disk``; the other pipelines keep the words."""
    text = "三、建立完善市场化机制按照公益性定位，推动改革。\n"

    def titles(pipeline):
        doc = pipeline(make_doc(pipeline, text, "example", PLAN))
        return [h.title for h in extraction_from_doc(doc).headings]

    data = shipped_copy("headings")
    data["body_openers"]["words"].remove("按照")
    path = tmp_path / "headings.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    changed = kg.load()
    changed.get_pipe("kg_structure").initialize(cues=str(path))
    assert titles(nlp) == ["建立完善市场化机制"]
    assert titles(changed) == ["建立完善市场化机制按照公益性定位，推动改革"]
    assert titles(nlp) == ["建立完善市场化机制"]
    changed.to_disk(tmp_path / "pipeline")
    assert titles(spacy.load(tmp_path / "pipeline")) == ["建立完善市场化机制按照公益性定位，推动改革"]


def test_a_cue_file_the_component_does_not_read_is_refused(tmp_path):
    with pytest.raises(ValueError, match="reads no cue file places"):
        kg.load().get_pipe("kg_structure").initialize(cues={"places": str(tmp_path / "places.json")})
