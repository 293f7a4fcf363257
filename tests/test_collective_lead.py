"""A collective can lead: 由各区县政府牵头, 牵头单位：各县（市、区）人民政府, 各镇（街道）牵头.

A collective the text makes lead has the role ``lead`` and stays a collective (a
kg:Collective node, resolved as one); a collective named without a lead role keeps the
role ``collective``. Gold files list a leading collective under ``lead_units``.
"""

from __future__ import annotations

import pytest

from kg.evaluation import score_document
from kg.extract import extract_text
from kg.extract.model import unit_to_dict
from kg.graph.triples import triples_graph
from kg.graph.validate import validate_graph
from kg.namespaces import KG, RDF

HEAD = "某市2024年工作方案\n"

# (task text, expected (surface, role, is_collective) per unit)
CASES = [
    ("1.推行链长制。（牵头单位：各县（市、区）人民政府；责任单位：市发改委）",
     [("各县（市、区）人民政府", "lead", True), ("市发改委", "responsible", False)]),
    ("1.建设园区。（牵头单位：各镇（街道），配合单位：市财政局）",
     [("各镇（街道）", "lead", True), ("市财政局", "responsible", False)]),
    ("1.建设园区。（各区县政府牵头，市财政局配合）",
     [("各区县政府", "lead", True), ("市财政局", "responsible", False)]),
    ("1.建设园区。（各县（市、区）人民政府牵头，市财政局、市发改委按职责分工负责）",
     [("各县（市、区）人民政府", "lead", True), ("市财政局", "responsible", False), ("市发改委", "responsible", False)]),
    ("1.建设园区。（牵头单位：市发改委、各区县政府）",
     [("市发改委", "lead", False), ("各区县政府", "lead", True)]),
    # named without a lead role, a collective keeps its own role
    ("1.建设园区。（牵头单位：市发改委；责任单位：市财政局、各区县政府）",
     [("市发改委", "lead", False), ("市财政局", "responsible", False), ("各区县政府", "collective", True)]),
    ("1.建设园区。（牵头单位：市发改委，配合单位：各区、县级市）",
     [("市发改委", "lead", False), ("各区、县级市", "collective", True)]),
    ("1.建设园区。（市发改委牵头，各镇街负责落实）",
     [("市发改委", "lead", False), ("各镇街", "collective", True)]),
]


@pytest.mark.parametrize("task, expected", CASES)
def test_a_collective_leads_where_the_text_says_so(task, expected):
    ex = extract_text(HEAD + task)
    [t] = ex.tasks
    assert [(u.surface, u.role, u.is_collective) for u in t.units] == expected


# documents without assignment blocks: 由X牵头 in prose
@pytest.mark.parametrize("text, expected", [
    ("一、做好保障\n1.推行链长制。由各区县政府牵头，市财政局配合。\n2.建设园区。由市发改委牵头。",
     [[("各区县政府", "lead", True), ("市财政局", "responsible", False)], [("市发改委", "lead", False)]]),
])
def test_a_collective_leads_in_prose(text, expected):
    ex = extract_text(HEAD + text)
    assert [[(u.surface, u.role, u.is_collective) for u in t.units] for t in ex.tasks] == expected


@pytest.mark.parametrize("text, expected", [
    # the document's own rule names the first listed as lead, also when it is a collective
    ("列第一位的为牵头单位。\n1.建设园区。（各县（市、区）人民政府、市财政局）",
     [("各县（市、区）人民政府", "lead", True), ("市财政局", "responsible", False)]),
    ("分号前的单位为牵头单位。\n1.建设园区。（各区县政府；市财政局、市发改委）",
     [("各区县政府", "lead", True), ("市财政局", "responsible", False), ("市发改委", "responsible", False)]),
    # no rule: nobody is made lead
    ("1.建设园区。（各县（市、区）人民政府、市财政局）",
     [("各县（市、区）人民政府", "collective", True), ("市财政局", "responsible", False)]),
])
def test_a_stated_rule_makes_a_collective_lead(text, expected):
    ex = extract_text(HEAD + text)
    [t] = ex.tasks
    assert [(u.surface, u.role, u.is_collective) for u in t.units] == expected


def test_records_mark_a_leading_collective():
    ex = extract_text("鄂城区2024年工作方案\n1.建设园区。（各镇街牵头，区财政局配合，各村负责落实）")
    records = [unit_to_dict(u) for u in ex.tasks[0].units]
    assert [(r["surface"], r["role"], r.get("collective", False)) for r in records] == [
        ("各镇街", "lead", True), ("区财政局", "responsible", False), ("各村", "collective", False)]
    # resolved as a collective (jurisdiction + name, members' type), not as a unit
    assert (records[0]["canonical"], records[0]["unit_type"]) == ("鄂城区各镇街", "township-street")


def test_a_leading_collective_is_a_lead_collective_in_the_graph():
    ex = extract_text(HEAD + "1.建设园区。（各区县政府牵头，市财政局配合）")
    g = triples_graph(ex)
    leads = list(g.objects(None, KG.leadUnit))
    assert len(leads) == 1 and (leads[0], RDF.type, KG.Collective) in g
    report = validate_graph(g)
    assert report.conforms, report.text()


def test_gold_lists_a_leading_collective_under_lead_units():
    ex = extract_text(HEAD + "1.建设园区。（各区县政府牵头，市财政局配合）")
    records = [{"type": "task", "title": t.title, "units": [unit_to_dict(u) for u in t.units]} for t in ex.tasks]
    gold = {"tasks": [{"id": "1", "title": "建设园区", "lead_units": ["各区县政府"],
                       "responsible_units": ["市财政局"], "collective_units": []}]}
    s = score_document(records, gold)
    assert (s.true_positives, s.false_positives, s.false_negatives) == (2, 0, 0)
    assert (s.collective_false_alarms, s.collective_misses) == (0, 0)
