"""Extraction records -> triples (``kg.graph.triples``), on a hand-built extraction."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Literal

from kg.extract.model import Enterprise, Extraction, Goal, Heading, Place, PlanInfo, Project, Target, Task, UnitMention
from kg.graph import iris
from kg.graph.serialize import ntriples
from kg.graph.triples import date_literal, extraction_to_triples, triples_graph
from kg.graph.validate import validate_graph
from kg.namespaces import DCTERMS, KG, OA, PROV, RDF, RDFS, SKOS, XSD

TEXT = (
    "鄂城区2024年行动方案\n"
    "一、主要目标\n"
    "(一)强产争先。地区生产总值增长7%以上。\n"
    "二、重点任务\n"
    "1.推行产业链长制。建设花湖机场配套项目,新增企业5-8家。(牵头单位:区发改局;责任单位:区财政局、各镇街)\n"
    "2.推动老树发新芽。鄂城钢铁技改。(责任单位:区财政局)\n"
)


def at(fragment: str, occurrence: int = 0) -> int:
    pos = -1
    for _ in range(occurrence + 1):
        pos = TEXT.index(fragment, pos + 1)
    return pos


def span(fragment: str, occurrence: int = 0) -> tuple[int, int]:
    start = at(fragment, occurrence)
    return start, start + len(fragment)


def heading(number, title, depth, end_fragment=None):
    start = at(number + title)
    end = at(end_fragment) if end_fragment else len(TEXT)
    return Heading(number, "x", 1, depth, title, start, start + len(number + title), end)


H1 = heading("一、", "主要目标", 1, "二、")
H11 = heading("(一)", "强产争先", 2, "二、")
H2 = heading("二、", "重点任务", 1)
H21 = heading("1.", "推行产业链长制", 2, "2.推动")
H22 = heading("2.", "推动老树发新芽", 2)

LEAD = UnitMention("区发改局", "lead", *span("区发改局"), canonical="区发展和改革局", unit_type="development-reform",
                   jurisdiction="鄂城区", unit_types=("development-reform", "economy-information"))
RESP1 = UnitMention("区财政局", "responsible", *span("区财政局", 0), canonical="区财政局", unit_type="finance")
COLL = UnitMention("各镇街", "collective", *span("各镇街"), canonical="各镇街")
RESP2 = UnitMention("区财政局", "responsible", *span("区财政局", 1), canonical="区财政局", unit_type="finance")

TASK1 = Task("1.", "推行产业链长制", ("二、重点任务",), H21.start, H22.start, (LEAD, RESP1, COLL))
TASK2 = Task("2.", "推动老树发新芽", ("二、重点任务",), H22.start, len(TEXT), (RESP2,))
GOAL = Goal("(一)", "强产争先", ("一、主要目标",), H11.start, H2.start)
GDP = Target("地区生产总值", "增长", 7.0, "%", ">=", 2024, None, "goal", "地区生产总值增长7%以上",
             *span("地区生产总值增长7%以上"))
FIRMS = Target("企业", "新增", (5.0, 8.0), "家", "=", None, None, "task", "新增企业5-8家", *span("新增企业5-8家"))
PROJECT = Project("花湖机场配套项目", "facility", *span("花湖机场配套项目"), task="1.", places=("花湖",))
STEEL = Enterprise("鄂城钢铁", *span("鄂城钢铁"))
PLACE = Place("鄂城区", "county", "鄂州市", None, 1, *span("鄂城区"))

EXTRACTION = Extraction(
    plan=PlanInfo("corpus/t.txt", "鄂城区2024年行动方案", "鄂城区", "2024-03-15", "plan", ("鄂州市", "湖北省"), "鄂城融媒"),
    headings=(H1, H11, H2, H21, H22), tasks=(TASK1, TASK2), goals=(GOAL,), targets=(GDP, FIRMS),
    projects=(PROJECT,), enterprises=(STEEL,), places=(PLACE,), text=TEXT, content_hash="ab" * 32,
)

PLAN = iris.plan_iri("t")
T1, T2 = iris.task_iri("t", TASK1.start), iris.task_iri("t", TASK2.start)
LEAD_UNIT = iris.unit_iri("鄂城区", "区发展和改革局")
FINANCE = iris.unit_iri("鄂城区", "区财政局")
TOWNS = iris.collective_iri("鄂城区", "各镇街")
GOAL_IRI = iris.goal_iri("t", GOAL.start)
GDP_IRI, FIRMS_IRI = iris.target_iri("t", GDP.start, 0), iris.target_iri("t", FIRMS.start, 0)
PROJECT_IRI = iris.project_iri("t", PROJECT.start)
LEAD_ASSIGNMENT = iris.assignment_iri("t", LEAD.start, "lead")


@pytest.fixture(scope="module")
def graph():
    return triples_graph(EXTRACTION)


PRESENT = [
    # plan, issuer and the places above it
    (PLAN, RDF.type, KG.Plan),
    (PLAN, DCTERMS.identifier, Literal("t.txt")),
    (PLAN, DCTERMS.title, Literal("鄂城区2024年行动方案", lang="zh")),
    (PLAN, DCTERMS.date, Literal("2024-03-15", datatype=XSD.date)),
    (PLAN, KG.genre, Literal("plan")),
    (PLAN, KG.issuer, iris.place_iri("鄂城区")),
    (PLAN, KG.contentHash, Literal("ab" * 32)),
    (PLAN, KG.text, Literal(TEXT)),
    (iris.place_iri("鄂城区"), KG.locatedIn, iris.place_iri("鄂州市")),
    (iris.place_iri("鄂州市"), KG.locatedIn, iris.place_iri("湖北省")),
    # sections and their nesting
    (iris.section_iri("t", H11.start), KG.parentSection, iris.section_iri("t", H1.start)),
    (iris.section_iri("t", H21.start), KG.parentSection, iris.section_iri("t", H2.start)),
    (iris.section_iri("t", H21.start), KG.level, Literal(2)),
    (iris.section_iri("t", H21.start), KG.printedId, Literal("1.")),
    # goal and task
    (GOAL_IRI, RDF.type, KG.Goal),
    (GOAL_IRI, KG.inSection, iris.section_iri("t", H1.start)),
    (T1, RDF.type, KG.Task),
    (T1, KG.inPlan, PLAN),
    (T1, PROV.wasDerivedFrom, PLAN),
    (T1, KG.printedId, Literal("1.")),
    (T1, KG.sectionPath, Literal("二、重点任务")),
    (T1, KG.inSection, iris.section_iri("t", H2.start)),
    (T1, KG.evidence, iris.span_iri("t", TASK1.start, TASK1.end)),
    # roles, direct and qualified
    (T1, KG.leadUnit, LEAD_UNIT),
    (T1, KG.responsibleUnit, FINANCE),
    (T1, KG.collective, TOWNS),
    (T2, KG.responsibleUnit, FINANCE),
    (T1, KG.hasAssignment, LEAD_ASSIGNMENT),
    (LEAD_ASSIGNMENT, KG.role, KG.Lead),
    (LEAD_ASSIGNMENT, KG.agent, LEAD_UNIT),
    (LEAD_ASSIGNMENT, KG.surface, Literal("区发改局")),
    (LEAD_ASSIGNMENT, KG.evidence, iris.span_iri("t", LEAD.start, LEAD.end)),
    (iris.assignment_iri("t", COLL.start, "collective"), KG.role, KG.CollectiveRole),
    # units and collectives
    (LEAD_UNIT, RDF.type, KG.Unit),
    (LEAD_UNIT, SKOS.prefLabel, Literal("区发展和改革局", lang="zh")),
    (LEAD_UNIT, SKOS.altLabel, Literal("区发改局", lang="zh")),
    (LEAD_UNIT, KG.jurisdiction, iris.place_iri("鄂城区")),
    (LEAD_UNIT, KG.departmentType, iris.department_type_iri("development-reform")),
    (LEAD_UNIT, KG.alsoDepartmentType, iris.department_type_iri("economy-information")),
    (FINANCE, KG.jurisdiction, iris.place_iri("鄂城区")),  # from the plan's issuer
    (TOWNS, RDF.type, KG.Collective),
    (TOWNS, SKOS.prefLabel, Literal("各镇街", lang="zh")),
    # targets: linked to the goal or task whose text contains them
    (GOAL_IRI, KG.hasTarget, GDP_IRI),
    (T1, KG.hasTarget, FIRMS_IRI),
    (GDP_IRI, KG.value, Literal(Decimal("7.0"), datatype=XSD.decimal)),
    (GDP_IRI, KG.comparator, Literal(">=")),
    (GDP_IRI, KG.targetYear, Literal("2024", datatype=XSD.gYear)),
    (GDP_IRI, KG.unitOfMeasure, Literal("%")),
    (GDP_IRI, KG.change, Literal("增长")),
    (GDP_IRI, KG.targetKind, Literal("goal")),
    (FIRMS_IRI, KG.valueMin, Literal(Decimal("5.0"), datatype=XSD.decimal)),
    (FIRMS_IRI, KG.valueMax, Literal(Decimal("8.0"), datatype=XSD.decimal)),
    # projects, enterprises, places
    (T1, KG.namesProject, PROJECT_IRI),
    (PROJECT_IRI, RDFS.label, Literal("花湖机场配套项目", lang="zh")),
    (PROJECT_IRI, KG.projectKind, Literal("facility")),
    (PROJECT_IRI, KG.locatedIn, iris.place_iri("花湖")),
    (T2, KG.namesEnterprise, iris.enterprise_iri("鄂城钢铁")),
    (iris.place_mention_iri("t", "鄂城区"), KG.place, iris.place_iri("鄂城区")),
    (iris.place_mention_iri("t", "鄂城区"), KG.mentionedIn, PLAN),
    (iris.place_mention_iri("t", "鄂城区"), KG.mentions, Literal(1)),
    (iris.place_iri("鄂城区"), KG.placeLevel, Literal("county")),
    # evidence spans
    (iris.span_iri("t", LEAD.start, LEAD.end), OA.exact, Literal("区发改局")),
    (iris.span_iri("t", LEAD.start, LEAD.end), OA.start, Literal(LEAD.start)),
    (iris.span_iri("t", LEAD.start, LEAD.end), OA.end, Literal(LEAD.end)),
    (iris.span_iri("t", LEAD.start, LEAD.end), DCTERMS.source, PLAN),
    (iris.span_iri("t", LEAD.start, LEAD.end), RDF.type, OA.TextQuoteSelector),
]

ABSENT = [
    (T2, KG.leadUnit, None),  # task 2 names no lead
    (GDP_IRI, KG.valueMin, None),  # a single value is not a range
    (FIRMS_IRI, KG.value, None),
    (FIRMS_IRI, KG.targetYear, None),
    (T2, KG.hasTarget, None),
    (FINANCE, SKOS.altLabel, None),  # surface equals the canonical name
    (GOAL_IRI, KG.namesProject, None),
    (TOWNS, KG.departmentType, None),
]


@pytest.mark.parametrize("triple", PRESENT, ids=lambda t: f"{iris.label_of(t[0])}-{iris.label_of(t[1])}")
def test_triple_present(graph, triple):
    assert triple in graph


@pytest.mark.parametrize("pattern", ABSENT, ids=lambda t: f"{iris.label_of(t[0])}-{iris.label_of(t[1])}")
def test_triple_absent(graph, pattern):
    assert list(graph.triples(pattern)) == []


def test_every_quote_is_the_text_between_its_offsets(graph):
    spans = list(graph.subjects(RDF.type, OA.TextPositionSelector))
    assert len(spans) > 10
    for s in spans:
        start, end = int(graph.value(s, OA.start)), int(graph.value(s, OA.end))
        assert str(graph.value(s, OA.exact)) == TEXT[start:end]
        assert str(s).endswith(f"#char={start},{end}")


def test_every_fact_has_evidence(graph):
    for cls in (KG.Task, KG.Goal, KG.Section, KG.Assignment, KG.Target, KG.Project):
        for node in graph.subjects(RDF.type, cls):
            assert graph.value(node, KG.evidence) is not None, node


def test_no_blank_nodes(graph):
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)


def test_conversion_is_deterministic():
    assert sorted(extraction_to_triples(EXTRACTION)) == sorted(extraction_to_triples(EXTRACTION))


def test_hand_built_extraction_conforms(graph):
    report = validate_graph(graph)
    assert report.conforms, report.text()


def test_offsets_outside_the_text_are_reported_by_validation():
    bad = UnitMention("区审计局", "lead", len(TEXT) + 5, len(TEXT) + 9, canonical="区审计局")
    task = Task("3.", "坏任务", (), H22.start, len(TEXT), (bad,))
    ex = Extraction(plan=EXTRACTION.plan, tasks=(task,), text=TEXT)
    report = validate_graph(triples_graph(ex))
    assert not report.conforms
    assert any("as long as its offsets" in v.message for v in report.violations)


@pytest.mark.parametrize("value, expected", [
    ("2024-03-15", Literal("2024-03-15", datatype=XSD.date)),
    ("2024", Literal("2024", datatype=XSD.gYear)),
    ("2024-03", Literal("2024-03", datatype=XSD.gYearMonth)),
    (" 2023 ", Literal("2023", datatype=XSD.gYear)),
    ("2024年", None),
    ("24-03-15", None),
    (None, None),
])
def test_date_literal(value, expected):
    assert date_literal(value) == expected


GOLDEN = Path(__file__).parent / "golden" / "handbuilt.nt"


def test_canonical_ntriples_match_the_golden_file():
    """The hand-built extraction's triples, sorted N-Triples; regenerate with KG_UPDATE_GOLDEN=1 and review the diff."""
    text = ntriples(extraction_to_triples(EXTRACTION))
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


SECTIONED = ("某县2024年工作要点\n一、重点任务\n（一）加强政策保障\n加大资金统筹力度。（牵头单位：县财政局）\n"
             "落实财税政策。（牵头单位：县税务局）\n（二）强化宣传\n1.开展宣传。（牵头单位：县委宣传部）\n")


def test_a_tasks_section_path_is_kept_as_section_links():
    """kg:inSection and kg:parentSection give each task the section path of its record, not only the joined text."""
    from kg.extract import extract_text

    extraction = extract_text(SECTIONED)
    graph = triples_graph(extraction)
    paths = {}
    for task in graph.subjects(RDF.type, KG.Task):
        labels, section = [], graph.value(task, KG.inSection)
        while section is not None:
            labels.insert(0, f"{graph.value(section, KG.printedId)}{graph.value(section, DCTERMS.title)}")
            section = graph.value(section, KG.parentSection)
        paths[str(graph.value(task, DCTERMS.title))] = tuple(labels)
    assert paths == {t.title: t.section for t in extraction.tasks}
    assert len({p for p in paths.values()}) >= 2
