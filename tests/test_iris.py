"""Instance IRIs are deterministic, plain URIs built from stable keys."""

from __future__ import annotations

import re

import pytest

from kg.graph import iris

BASE = "https://w3id.org/kg-policy/id/"


@pytest.mark.parametrize("iri, expected", [
    (iris.plan_iri("000_437e3f8e08c71f6e"), BASE + "plan/000_437e3f8e08c71f6e"),
    (iris.graph_iri("a"), BASE + "graph/a"),
    (iris.ONTOLOGY_GRAPH, BASE + "graph/ontology"),
    (iris.section_iri("a", 7), BASE + "plan/a/section/7"),
    (iris.goal_iri("a", 7), BASE + "plan/a/goal/7"),
    (iris.task_iri("a", 120), BASE + "plan/a/task/120"),
    (iris.assignment_iri("a", 140, "responsible"), BASE + "plan/a/assignment/140-responsible"),
    (iris.target_iri("a", 50, 1), BASE + "plan/a/target/50-1"),
    (iris.project_iri("a", 60), BASE + "plan/a/project/60"),
    (iris.span_iri("a", 3, 9), BASE + "plan/a#char=3,9"),
    (iris.place_iri("鄂州市"), BASE + "place/%E9%84%82%E5%B7%9E%E5%B8%82"),
    (iris.place_mention_iri("a", "鄂州市"), BASE + "plan/a/place/%E9%84%82%E5%B7%9E%E5%B8%82"),
    (iris.unit_iri("大冶市", "市发改局"), BASE + "unit/%E5%A4%A7%E5%86%B6%E5%B8%82/%E5%B8%82%E5%8F%91%E6%94%B9%E5%B1%80"),
    (iris.unit_iri(None, "市发改局"), BASE + "unit/%E6%9C%AA%E7%9F%A5/%E5%B8%82%E5%8F%91%E6%94%B9%E5%B1%80"),
    (iris.collective_iri("鄂城区", "各镇街"), BASE + "collective/%E9%84%82%E5%9F%8E%E5%8C%BA/%E5%90%84%E9%95%87%E8%A1%97"),
    (iris.enterprise_iri("鄂城钢铁"), BASE + "enterprise/%E9%84%82%E5%9F%8E%E9%92%A2%E9%93%81"),
    (iris.department_type_iri("development-reform"), "https://w3id.org/kg-policy/department-type/development-reform"),
])
def test_iri(iri, expected):
    assert str(iri) == expected


@pytest.mark.parametrize("name", ["市财政局(国资办)", "a/b c", "各乡镇(场)、街道", "100%", "#?&"])
def test_awkward_names_stay_one_plain_segment(name):
    iri = str(iris.unit_iri("鄂城区", name))
    assert re.fullmatch(r"[A-Za-z0-9:/._%~-]+", iri), iri
    assert iri.count("/") == str(iris.unit_iri("鄂城区", "x")).count("/")
    assert iris.label_of(iri) == name


@pytest.mark.parametrize("name, stem", [
    ("corpus/000_437e3f8e08c71f6e.txt", "000_437e3f8e08c71f6e"),
    ("a.txt", "a"),
    ("/abs/path/武穴市方案.md", "武穴市方案"),
    ("no-extension", "no-extension"),
])
def test_doc_stem(name, stem):
    assert iris.doc_stem(name) == stem


def test_same_keys_same_iri_different_keys_different_iri():
    assert iris.unit_iri("鄂城区", "区财政局") == iris.unit_iri("鄂城区", "区财政局")
    assert iris.unit_iri("鄂城区", "区财政局") != iris.unit_iri("华容区", "区财政局")
    assert iris.assignment_iri("a", 5, "lead") != iris.assignment_iri("a", 5, "responsible")
