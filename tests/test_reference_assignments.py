"""Task -> (role, unit) assignments against the hand-checked annotations in corpus/annotations/."""

from __future__ import annotations

import json

import pytest

from kg.evaluation import score_assignments
from kg.extract import extract_file

from .conftest import ANNOTATIONS, CORPUS

ANNOTATED = sorted(p.name for p in ANNOTATIONS.glob("*.json"))


@pytest.mark.parametrize("name", ANNOTATED)
def test_assignments_match_annotation(name):
    annotation = json.loads((ANNOTATIONS / name).read_text(encoding="utf-8"))
    extraction = extract_file(CORPUS / annotation["source"])
    score = score_assignments(extraction.tasks, annotation)
    print(f"{name}: P={score.precision:.3f} R={score.recall:.3f} tp={score.true_positives} "
          f"fp={score.false_positives} fn={score.false_negatives}")
    assert score.missed == [] and score.spurious == []
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert len(extraction.tasks) == len(annotation["tasks"])


@pytest.mark.parametrize("name", ANNOTATED)
def test_plan_title_and_issuer(name):
    annotation = json.loads((ANNOTATIONS / name).read_text(encoding="utf-8"))
    plan = extract_file(CORPUS / annotation["source"]).plan
    assert plan.title == annotation["plan_title"]
    assert plan.issuer == annotation["issuer_place"]


@pytest.mark.parametrize("name", ANNOTATED)
def test_task_titles_match_annotation(name):
    annotation = json.loads((ANNOTATIONS / name).read_text(encoding="utf-8"))
    extraction = extract_file(CORPUS / annotation["source"])
    assert [t.title for t in extraction.tasks] == [t["title"] for t in annotation["tasks"]]
    assert [t.id for t in extraction.tasks] == [t["id"] for t in annotation["tasks"]]


LAYOUTS = {
    "one line": lambda text: text.replace("\n", ""),  # copied from a PDF: no line breaks at all
    "spaces": lambda text: text.replace("\n", " "),
    "crlf": lambda text: text.replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", ANNOTATED)
def test_same_result_when_the_layout_is_flattened(name, layout):
    from kg.extract import extract_text
    from kg.manifest import manifest_entry

    annotation = json.loads((ANNOTATIONS / name).read_text(encoding="utf-8"))
    path = CORPUS / annotation["source"]
    text = LAYOUTS[layout](path.read_text(encoding="utf-8"))
    extraction = extract_text(text, name=path.name, plan=manifest_entry(path))
    score = score_assignments(extraction.tasks, annotation)
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert [(t.id, t.title) for t in extraction.tasks] == [(t["id"], t["title"]) for t in annotation["tasks"]]
