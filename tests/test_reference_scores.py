"""Places, projects and targets of every annotated document against its hand-checked annotation.

Annotations: ``corpus/annotations/extra/*.json`` (texts in ``corpus/``) and
``tests/data/devset/extra/*.json`` (texts in ``tests/data/devset/labelled/docs/``);
scoring rules in :mod:`kg.evaluation_extra`. Run with ``-s`` to see recall and
precision per kind, per document and overall, and what each document's extraction
missed or added.

Each document has floors (the measured figures less 0.02, as regression guards);
the figures the extractor is meant to reach on all annotated documents together are
:data:`GOALS`, an ``xfail`` while not yet met.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluation_extra import KINDS, find_annotated, format_errors, format_scores, score_document, total

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = find_annotated([
    (ROOT / "corpus" / "annotations" / "extra", ROOT / "corpus"),
    (ROOT / "tests" / "data" / "devset" / "extra", ROOT / "tests" / "data" / "devset" / "labelled" / "docs"),
])
DOCS = [text.stem for text, _ in ANNOTATED]

# document: {kind: (recall floor, precision floor)}; targets also (comparator floor, year floor)
FLOORS = {
    "000_437e3f8e08c71f6e": {"places": (0.98, 0.93), "projects": (0.98, 0.96), "targets": (0.98, 0.98),
                             "target attributes": (0.98, 0.98)},
    "001_019269771721435d": {"places": (0.89, 0.89), "projects": (0.8, 0.95), "targets": (0.98, 0.98),
                             "target attributes": (0.98, 0.98)},
    "002_8a051dd645e0b453": {"places": (0.9, 0.98), "projects": (0.75, 0.87), "targets": (0.98, 0.98),
                             "target attributes": (0.98, 0.98)},
    "003_806b7ce717d61b69": {"places": (0.85, 0.93), "projects": (0.7, 0.91), "targets": (0.98, 0.98),
                             "target attributes": (0.98, 0.95)},
    "004_8dd9535f0da935f7": {"places": (0.84, 0.98), "projects": (0.82, 0.95), "targets": (0.98, 0.98),
                             "target attributes": (0.98, 0.98)},
    "01_guangzhou_rencai_jiju": {"places": (0.88, 0.98), "projects": (0.94, 0.98), "targets": (0.98, 0.98),
                                 "target attributes": (0.98, 0.98)},
    "06_shandong_xiangcun_bangfu": {"places": (0.83, 0.98), "projects": (0.48, 0.98), "targets": (0.98, 0.98),
                                    "target attributes": (0.98, 0.73)},
}

# kind: (recall, precision) over all annotated documents; targets also comparator and year agreement
GOALS = {"places": (0.90, 0.90), "projects": (0.85, 0.85), "targets": (0.95, 0.95), "target attributes": (0.95, 0.95)}
NOT_YET_MET: dict[str, str] = {}
"""kind: why its goal is not yet met (an ``xfail`` while so); every goal is met now."""


def _pairs(score, kind):
    if kind == "target attributes":
        return score.targets.comparator, score.targets.year
    part = getattr(score, kind)
    return part.recall, part.precision


@pytest.fixture(scope="module")
def scores():
    return {text.stem: score_document(text, ann) for text, ann in ANNOTATED}


def test_report(scores):
    """Prints the table (``-s``); every annotated document is scored and has floors."""
    print("\n" + format_scores(list(scores.values())))
    for s in scores.values():
        print(format_errors(s))
    assert list(scores) == DOCS and len(DOCS) >= 3
    assert set(DOCS) == set(FLOORS), "an annotated document without floors, or floors without an annotation"


@pytest.mark.parametrize(("doc", "kind"), [(d, k) for d in DOCS for k in (*KINDS, "target attributes")])
def test_floor(scores, doc, kind):
    first, second = _pairs(scores[doc], kind)
    floor_first, floor_second = FLOORS[doc][kind]
    assert first >= floor_first and second >= floor_second, (doc, kind, first, second)


@pytest.mark.parametrize("doc", DOCS)
def test_no_achievement_reported_as_commitment(scores, doc):
    assert scores[doc].targets.achievements_as_commitments == []


@pytest.mark.parametrize("kind", [
    pytest.param(k, marks=pytest.mark.xfail(reason=NOT_YET_MET[k])) if k in NOT_YET_MET else k for k in GOALS])
def test_goal_over_all_documents(scores, kind):
    first, second = _pairs(total(list(scores.values())), kind)
    goal_first, goal_second = GOALS[kind]
    assert first >= goal_first and second >= goal_second, (kind, first, second)
