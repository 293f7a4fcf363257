"""Projects, enterprises and places of plan 000 against its hand-checked reference.

Reference: ``corpus/annotations/extra/000_437e3f8e08c71f6e.json`` (keys ``projects``,
``enterprises``, ``places``); the plan's issuer and parents come from the manifest.
Run with ``-s`` to see the measured figures.

Matching rules (:mod:`kg.evaluation_extra`, applied to names after width folding and removing quotation marks and
spaces):

* a **place** matches a reference place when their names are equal once one trailing
  administrative suffix (省 市 区 县 镇 乡 街道 ...) is dropped from each, or equal to the
  reference's ``same_as`` name in the same way (鄂城 is 鄂城区, 大武汉 is 武汉);
* a **project** or **enterprise** matches when the names are equal, or one contains the
  other and the shorter holds more than half of the longer's characters (“五横三纵三环”路网
  matches 滨江科技新区“五横三纵三环”路网; 花湖机场 does not match 花湖机场高速二期).

Reference items flagged ``borderline`` (national policies, mechanisms, places seen only
inside brand names) are left out of recall; a found item that matches only borderline
items is left out of precision. 区城投公司 is left out of enterprise recall: the plan
names it only in assignment clauses, where it is a responsible unit, not an actor.
"""

from __future__ import annotations

import json

import pytest

from kg.document import read_document
from kg.evaluation_extra import name_matches, place_matches
from kg.evaluation_extra import place_key as _place_key
from kg.extract.enterprises import find_enterprises
from kg.extract.places import find_places
from kg.extract.projects import find_projects
from kg.extract.structure import find_headings
from kg.extract.tasks import find_tasks
from kg.manifest import manifest_entry

DOC = "000_437e3f8e08c71f6e"
UNITS_NOT_ACTORS = {"区城投公司"}


@pytest.fixture(scope="module")
def reference(annotations_dir):
    return json.loads((annotations_dir / "extra" / f"{DOC}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extraction(corpus_dir):
    path = corpus_dir / f"{DOC}.txt"
    doc = read_document(path)
    plan = manifest_entry(path)
    headings = find_headings(doc)
    tasks = find_tasks(doc, headings, plan)
    enterprises = find_enterprises(doc)
    places = find_places(doc, plan, enterprises)
    projects = find_projects(doc, headings, tasks, plan, enterprises=enterprises)
    return {"doc": doc, "plan": plan, "tasks": tasks, "enterprises": enterprises, "places": places, "projects": projects}


def recall_precision(found_names, refs, match, excluded=()):
    wanted = [r for r in refs if not r.get("borderline") and r["name"] not in excluded]
    hits = [r for r in wanted if any(match(f, r) for f in found_names)]
    judged = [f for f in found_names if not any(match(f, r) for r in refs if r.get("borderline") or r["name"] in excluded)
              or any(match(f, r) for r in wanted)]
    correct = [f for f in judged if any(match(f, r) for r in wanted)]
    misses = [r["name"] for r in wanted if r not in hits]
    extra = [f for f in judged if f not in correct]
    return len(hits) / len(wanted), (len(correct) / len(judged) if judged else 1.0), misses, extra


def test_place_recall(reference, extraction):
    names = [p.name for p in extraction["places"]]
    recall, _, misses, _ = recall_precision(names, reference["places"], place_matches)
    print(f"\nplaces of {DOC}: {len(names)} found, recall {recall:.3f} over non-borderline reference places; missed {misses}")
    assert recall >= 0.95


def test_place_levels_and_parents(reference, extraction):
    by_key = {_place_key(p.name): p for p in extraction["places"]}
    agree = levels = 0
    for ref in reference["places"]:
        p = by_key.get(_place_key(ref.get("same_as") or ref["name"])) or by_key.get(_place_key(ref["name"]))
        if p is None or ref["level"] not in ("province", "county", "town", "village", "street", "zone"):
            continue
        levels += 1
        agree += p.level == ref["level"]
    print(f"place levels agreeing with the reference: {agree}/{levels} (administrative levels only)")
    assert levels and agree / levels >= 0.8
    ecz = by_key["鄂城"]
    assert (ecz.name, ecz.level, ecz.parent, ecz.code) == ("鄂城区", "county", "鄂州市", "420704")


def test_place_mention_counts(reference, extraction):
    by_key = {_place_key(p.name): p for p in extraction["places"]}
    exact = compared = 0
    for ref in reference["places"]:
        p = by_key.get(_place_key(ref["name"]))
        if p is None or ref.get("same_as"):
            continue
        compared += 1
        exact += p.mentions in (ref["mentions"], ref["mentions_outside_names"])
    print(f"mention counts equal to the reference (with or without occurrences inside names): {exact}/{compared}")
    assert exact / compared >= 0.8


def test_project_recall_and_precision(reference, extraction):
    names = [p.name for p in extraction["projects"]]
    recall, precision, misses, extra = recall_precision(names, reference["projects"], name_matches)
    print(f"projects of {DOC}: {len(names)} found, recall {recall:.3f}, precision {precision:.3f}; missed {misses}; not in the reference {extra}")
    assert recall >= 0.85
    assert precision >= 0.85


def test_projects_carry_their_task_and_places(extraction):
    by_name = {p.name: p for p in extraction["projects"]}
    tasks = {t.uid: t for t in extraction["tasks"]}
    holding = [p for p in extraction["projects"] if p.task is not None]
    assert len(holding) >= 0.6 * len(by_name)
    for p in holding:
        assert tasks[p.task].start <= p.start < tasks[p.task].end
    assert by_name["泽林龙舟小镇"].places == ("泽林",)
    assert set(by_name["三山湖向阳港片区治理"].places) == {"三山湖", "向阳港"}
    assert by_name["中新开维食品产业园智能制造中心"].kind == "enterprise_project"


def test_enterprise_recall_and_precision(reference, extraction):
    names = [e.name for e in extraction["enterprises"]]
    recall, precision, misses, extra = recall_precision(
        names, reference["enterprises"], name_matches, excluded=UNITS_NOT_ACTORS
    )
    print(f"enterprises of {DOC}: {names}; recall {recall:.3f}, precision {precision:.3f}; missed {misses}; extra {extra}")
    assert recall >= 0.9
    assert precision >= 0.9


@pytest.mark.xfail(reason="“压舱石”行动 is the campaign the plan itself runs; the reference does not list it as a project, "
                          "and nothing in its form tells it from “百日保安”行动", strict=True)
def test_no_project_outside_the_reference(reference, extraction):
    names = [p.name for p in extraction["projects"]]
    _, precision, _, _ = recall_precision(names, reference["projects"], name_matches)
    assert precision == 1.0


@pytest.mark.xfail(reason="borderline places named only inside brands or a commercial site "
                          "(武汉东智慧商城, “峒山”, “白雉山鸡”) are not recognised as places", strict=True)
def test_borderline_places(reference, extraction):
    names = [p.name for p in extraction["places"]]
    borderline = [r for r in reference["places"] if r.get("borderline")]
    assert all(any(place_matches(f, r) for f in names) for r in borderline)
