"""Each SHACL shape of ``ontology/shapes.ttl``: a passing and a failing Turtle snippet."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.graph.validate import shapes_graph, validate_graph

PREFIXES = """
@prefix kg: <https://w3id.org/kg-policy/ontology#> .
@prefix dept: <https://w3id.org/kg-policy/department-type/> .
@prefix ind: <https://w3id.org/kg-policy/indicator/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://w3id.org/kg-policy/id/test/> .
"""

# A valid plan, place and evidence span that the snippets below refer to.
CONTEXT = """
ex:plan a kg:Plan ; dcterms:identifier "p.txt" ; kg:genre "plan" ; kg:issuer ex:place ; dcterms:publisher ex:gov .
ex:place a kg:Place ; rdfs:label "鄂城区"@zh ; kg:placeLevel "county" .
ex:gov a kg:Government ; skos:prefLabel "鄂城区党委政府"@zh ; kg:governs ex:place .
ex:span a oa:TextPositionSelector , oa:TextQuoteSelector ;
    oa:start 0 ; oa:end 3 ; oa:exact "鄂城区" ; dcterms:source ex:plan .
ex:unit a kg:Unit ; skos:prefLabel "区财政局"@zh ; kg:jurisdiction ex:place ; org:subOrganizationOf ex:gov .
ex:towns a kg:Collective ; skos:prefLabel "各镇街"@zh ; kg:jurisdiction ex:place .
"""

TASK = 'ex:t a kg:Task ; kg:inPlan ex:plan ; dcterms:title "推行产业链长制"@zh ; kg:evidence ex:span '
ASSIGNMENT = "ex:t kg:hasAssignment ex:a . ex:a a kg:Assignment ; kg:evidence ex:span "
TARGET = 'ex:g a kg:Target ; kg:inPlan ex:plan ; kg:indicator "地区生产总值" ; kg:targetKind "goal" ; kg:evidence ex:span '
TARGET_A = TARGET.replace("ex:g ", "<https://w3id.org/kg-policy/id/plan/a/target/5-0> ") + '; kg:value 7.0 ; kg:comparator ">="'
RESULT = ('<https://w3id.org/kg-policy/id/plan/b/target/9-0> a kg:Target ; kg:inPlan ex:plan ; kg:indicator "地区生产总值" ; kg:targetKind "achievement" ; '
          'kg:value 7.5 ; kg:comparator "=" ; kg:evidence ex:span ')

# (shape, snippet, None if it conforms else a fragment of the expected message)
CASES = [
    ("Plan", "", None),
    ("Plan", 'ex:plan dcterms:identifier "q.txt" .', "exactly one file name"),
    ("Plan", 'ex:plan2 a kg:Plan ; dcterms:identifier "q.txt" ; kg:genre "novel" .', "genre is one of"),
    ("Plan", 'ex:plan dcterms:publisher "鄂城融媒" .', "a kg:Government node, never a plain name"),
    ("Plan", "ex:plan dcterms:publisher ex:place .", "a kg:Government node"),
    ("Government", 'ex:gov2 a kg:Government ; skos:prefLabel "鄂州市党委政府"@zh ; kg:governs ex:place .', None),
    ("Government", 'ex:gov2 a kg:Government ; skos:prefLabel "鄂州市党委政府"@zh .', "governs exactly one kg:Place"),
    ("Government", "ex:gov2 a kg:Government ; kg:governs ex:place .", "a government has a label"),
    ("PlanDate", 'ex:plan dcterms:date "2024-03-15"^^xsd:date .', None),
    ("PlanDate", 'ex:plan dcterms:date "2024-13-45"^^xsd:date .', "a valid xsd:date"),
    ("Section", "ex:s a kg:Section ; kg:inPlan ex:plan ; kg:level 1 ; kg:evidence ex:span .", None),
    ("Section", "ex:s a kg:Section ; kg:inPlan ex:plan ; kg:level 0 ; kg:evidence ex:span .", "integer from 1"),
    ("Section", "ex:s a kg:Section ; kg:level 1 ; kg:evidence ex:span .", "section belongs to exactly one plan"),
    ("Goal", 'ex:goal a kg:Goal ; kg:inPlan ex:plan ; dcterms:title "强产争先"@zh ; kg:evidence ex:span .', None),
    ("Goal", "ex:goal a kg:Goal ; kg:inPlan ex:plan ; kg:evidence ex:span .", "a goal has a title"),
    ("Task", TASK + ".", None),
    ("Task", TASK + "; kg:leadUnit ex:unit ; kg:responsibleUnit ex:unit ; kg:collective ex:towns .", None),
    ("Task", TASK + '. ex:plan2 a kg:Plan ; dcterms:identifier "q.txt" . ex:t kg:inPlan ex:plan2 .',
     "task belongs to exactly one plan"),
    ("Task", 'ex:t a kg:Task ; dcterms:title "x" ; kg:evidence ex:span .', "task belongs to exactly one plan"),
    ("Task", 'ex:t a kg:Task ; kg:inPlan ex:plan ; dcterms:title "x" .', "a task has an evidence span"),
    ("Task", TASK + "; kg:leadUnit ex:towns .", None),  # a collective the text makes lead
    ("Task", TASK + "; kg:leadUnit ex:place .", "is a kg:Unit or a kg:Collective"),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:role kg:Lead ; kg:agent ex:unit .", None),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:role kg:CollectiveRole ; kg:agent ex:towns .", None),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:role kg:Lead .", "names exactly one agent"),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:role kg:Lead ; kg:agent ex:place .", "a kg:Unit or a kg:Collective"),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:agent ex:unit .", "exactly one role"),
    ("Assignment", TASK + ". " + ASSIGNMENT + "; kg:role kg:Boss ; kg:agent ex:unit .", "exactly one role"),
    ("Assignment", "ex:a a kg:Assignment ; kg:role kg:Lead ; kg:agent ex:unit ; kg:evidence ex:span .",
     "belongs to a task"),
    ("PlanConsistency", TASK + ". " + ASSIGNMENT + "; kg:role kg:CollectiveRole ; kg:agent ex:unit .",
     "role and agent disagree"),
    ("PlanConsistency", TASK + ". " + ASSIGNMENT + "; kg:role kg:Lead ; kg:agent ex:towns .", None),
    ("PlanConsistency", TASK + ". " + ASSIGNMENT + "; kg:role kg:Responsible ; kg:agent ex:towns .",
     "role and agent disagree"),
    ("Unit", 'ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh ; kg:jurisdiction ex:place ; org:subOrganizationOf ex:gov ; kg:departmentType dept:development-reform ; kg:alsoDepartmentType dept:economy-information .', None),
    ("Unit", "ex:u2 a kg:Unit ; kg:jurisdiction ex:place ; org:subOrganizationOf ex:gov .", "a unit has a label"),
    ("Unit", 'ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh ; kg:jurisdiction ex:place .',
     "does not belong (org:subOrganizationOf) to the government of its jurisdiction"),
    ("Unit", 'ex:p2 a kg:Place ; rdfs:label "鄂州市"@zh . ex:g2 a kg:Government ; skos:prefLabel "鄂州市党委政府"@zh ; '
             'kg:governs ex:p2 . ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh ; kg:jurisdiction ex:place ; '
             "org:subOrganizationOf ex:g2 .", "to the government of its jurisdiction"),
    ("Unit", 'ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh .', "exactly one jurisdiction"),
    ("Unit", 'ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh ; kg:jurisdiction ex:place ; org:subOrganizationOf ex:gov ; kg:departmentType dept:development-reform , dept:finance .', "at most one primary department type"),
    ("Unit", 'ex:u2 a kg:Unit ; skos:prefLabel "区发改局"@zh ; kg:jurisdiction ex:place ; org:subOrganizationOf ex:gov ; kg:departmentType ex:finance .', "at most one primary department type"),
    ("Collective", 'ex:c2 a kg:Collective ; skos:prefLabel "各乡镇"@zh ; kg:jurisdiction ex:place .', None),
    ("Collective", 'ex:c2 a kg:Collective ; skos:prefLabel "各乡镇"@zh .', "exactly one jurisdiction"),
    ("Target", TARGET + '; kg:value 7.0 ; kg:comparator ">=" ; kg:targetYear "2024"^^xsd:gYear .', None),
    ("Target", TARGET + '; kg:valueMin 5.0 ; kg:valueMax 8.0 ; kg:comparator "=" .', None),
    ("Target", TARGET + '; kg:valueMin 5.0 ; kg:valueMax 5.0 ; kg:comparator "~" .', None),
    ("Target", TARGET + '; kg:comparator ">=" .', "either a value"),
    ("Target", TARGET + '; kg:value 7.0 ; kg:valueMin 5.0 ; kg:valueMax 8.0 ; kg:comparator ">=" .', "either a value"),
    ("Target", TARGET + '; kg:valueMin 9.0 ; kg:valueMax 8.0 ; kg:comparator "=" .', "kg:valueMin <= kg:valueMax"),
    ("Target", TARGET + '; kg:value 7.0 ; kg:comparator "≥" .', "one comparator among"),
    ("Target", TARGET + '; kg:value "七" ; kg:comparator ">=" .', "one xsd:decimal"),
    ("Target", 'ex:g a kg:Target ; kg:inPlan ex:plan ; kg:indicator "x" ; kg:targetKind "wish" ; kg:value 1.0 ; kg:comparator "=" ; kg:evidence ex:span .', "kind is one of"),
    ("Target", TARGET + '; kg:value 7.0 ; kg:comparator ">=" ; kg:targetYear 2024 .', "an xsd:gYear"),
    ("Measures", TARGET + '; kg:value 7.0 ; kg:comparator ">=" ; kg:measures ind:gdp .', None),
    ("Measures", TARGET + '; kg:value 7.0 ; kg:comparator ">=" ; kg:measures dept:finance .', "a concept of the indicator scheme"),
    ("Measures", TARGET + '; kg:value 7.0 ; kg:comparator ">=" ; kg:measures ind:gdp , ind:retail-sales .', "at most one indicator"),
    ("ReportsOn", TARGET_A + " . " + RESULT + "; kg:reportsOn <https://w3id.org/kg-policy/id/plan/a/target/5-0> .", None),
    ("ReportsOn", '<https://w3id.org/kg-policy/id/plan/b/target/9-0> kg:reportsOn <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:targetKind "achievement" .', None),
    ("ReportsOn", TARGET_A + ' . <https://w3id.org/kg-policy/id/plan/b/target/9-1> kg:reportsOn <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:targetKind "task" .', "only a reported result"),
    ("ReportsOn", RESULT + "; kg:reportsOn ex:place .", "points to a target of a plan"),
    ("FollowThrough", "ex:f a kg:FollowThrough ; kg:followsTarget <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:reportedBy <https://w3id.org/kg-policy/id/plan/b/target/9-0> ; "
     "kg:status kg:Reached ; kg:met true .", None),
    ("FollowThrough", "ex:f a kg:FollowThrough ; kg:followsTarget <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:status kg:NotReported .", None),
    ("FollowThrough", "ex:f a kg:FollowThrough ; kg:status kg:NotReported .", "about exactly one target"),
    ("FollowThrough", "ex:f a kg:FollowThrough ; kg:followsTarget ex:place ; kg:status kg:NotReported .", "about exactly one target"),
    ("FollowThrough", "ex:f a kg:FollowThrough ; kg:followsTarget <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:status kg:Done .", "one status"),
    ("FollowThrough", 'ex:f a kg:FollowThrough ; kg:followsTarget <https://w3id.org/kg-policy/id/plan/a/target/5-0> ; kg:status kg:Missed ; kg:met "no" .', "kg:met, an xsd:boolean"),
    ("Project", 'ex:pr a kg:Project ; rdfs:label "花湖机场"@zh ; kg:inPlan ex:plan ; kg:locatedIn ex:place ; kg:evidence ex:span .', None),
    ("Project", "ex:pr a kg:Project ; kg:inPlan ex:plan ; kg:evidence ex:span .", "a project has a name"),
    ("Project", 'ex:pr a kg:Project ; rdfs:label "x"@zh ; kg:inPlan ex:plan ; kg:locatedIn ex:unit ; kg:evidence ex:span .', "located in kg:Place"),
    ("Enterprise", 'ex:e a kg:Enterprise ; rdfs:label "鄂城钢铁"@zh .', None),
    ("Enterprise", "ex:e a kg:Enterprise .", "an enterprise has a name"),
    ("Place", 'ex:pl a kg:Place ; rdfs:label "鄂州市"@zh ; kg:placeLevel "prefecture" . ex:place kg:locatedIn ex:pl .', None),
    ("Place", 'ex:pl a kg:Place ; rdfs:label "鄂州市"@zh ; kg:placeLevel "city" .', "at most one level among"),
    ("Place", "ex:pl a kg:Place .", "a place has a name"),
    ("PlaceMention", "ex:m a kg:PlaceMention ; kg:place ex:place ; kg:mentionedIn ex:plan ; kg:mentions 3 .", None),
    ("PlaceMention", "ex:m a kg:PlaceMention ; kg:place ex:place ; kg:mentionedIn ex:plan ; kg:mentions 0 .", "positive integer"),
    ("PlaceMention", "ex:m a kg:PlaceMention ; kg:mentionedIn ex:plan ; kg:mentions 3 .", "exactly one kg:Place"),
    ("EvidenceSpan", 'ex:s2 a oa:TextPositionSelector ; oa:start 1 ; oa:end 3 ; oa:exact "城区" ; dcterms:source ex:plan .', None),
    ("EvidenceSpan", 'ex:s2 a oa:TextPositionSelector ; oa:start 3 ; oa:end 3 ; oa:exact "" ; dcterms:source ex:plan .', "less than its oa:end"),
    ("EvidenceSpan", 'ex:s2 a oa:TextPositionSelector ; oa:start 1 ; oa:end 3 ; oa:exact "城区" .', "has one source"),
    ("EvidenceSpan", 'ex:s2 a oa:TextPositionSelector ; oa:start 1 ; oa:end 3 ; dcterms:source ex:plan .', "quotes its text once"),
    ("EvidenceSpan", 'ex:x kg:evidence ex:s2 . ex:s2 oa:start 1 ; oa:end 3 ; oa:exact "城区" .', "has one source"),
    ("PlanConsistency", 'ex:s2 a oa:TextPositionSelector ; oa:start 1 ; oa:end 3 ; oa:exact "鄂城区" ; dcterms:source ex:plan .',
     "not as long as its offsets"),
]


def _graph(snippet: str) -> Graph:
    return Graph().parse(data=PREFIXES + CONTEXT + snippet, format="turtle")


@pytest.mark.parametrize("shape, snippet, expected", CASES,
                         ids=[f"{c[0]}-{'pass' if c[2] is None else 'fail'}-{i}" for i, c in enumerate(CASES)])
def test_shape(shape, snippet, expected):
    report = validate_graph(_graph(snippet))
    if expected is None:
        assert report.conforms, report.text()
    else:
        assert not report.conforms
        hits = [v for v in report.violations if expected in v.message]
        assert hits, report.text()
        assert all(v.shape for v in hits)


def test_every_shape_has_a_passing_and_a_failing_case():
    shapes = {str(s).rsplit("#", 1)[-1].removesuffix("Shape") for s in shapes_graph().subjects()
              if str(s).startswith("https://w3id.org/kg-policy/shapes#")}
    passing = {c[0] for c in CASES if c[2] is None}
    failing = {c[0] for c in CASES if c[2] is not None}
    assert shapes <= failing, sorted(shapes - failing)
    assert shapes - {"PlanConsistency"} <= passing, sorted(shapes - passing)


def test_violation_reads_as_a_sentence():
    report = validate_graph(_graph('ex:t a kg:Task ; dcterms:title "推行产业链长制"@zh ; kg:evidence ex:span .'))
    (violation,) = report.violations
    assert violation.label == "推行产业链长制"
    assert violation.path == "kg:inPlan"
    assert violation.severity == "Violation"
    assert "推行产业链长制" in report.text() and "kg:inPlan" in report.text()


# -- graph by graph, and across graphs (what a build checks) ---------------------------------

PLACE = "https://w3id.org/kg-policy/id/place/鄂州市"
PLACE_GRAPH = (
    f'<{PLACE}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kg-policy/ontology#Place> .\n'
    f'<{PLACE}> <http://www.w3.org/2000/01/rdf-schema#label> "鄂州市"@zh .\n'
    f'<{PLACE}> <https://w3id.org/kg-policy/ontology#placeLevel> "{{level}}" .\n'
)


@pytest.mark.parametrize("levels, expected", [
    (("prefecture", "prefecture"), None),
    (("prefecture", "county"), "values from several documents: 2"),
])
def test_a_shared_node_is_checked_across_graphs(tmp_path, levels, expected):
    from kg.graph.store_sync import sync_store
    from kg.graph.validate import validate_store

    graphs = {f"https://w3id.org/kg-policy/id/graph/{i}": PLACE_GRAPH.format(level=level)
              for i, level in enumerate(levels)}
    for text in graphs.values():  # each graph on its own conforms
        assert validate_graph(Graph().parse(data=text, format="nt")).conforms
    sync_store(tmp_path / "store", graphs)
    report = validate_store(tmp_path / "store")
    if expected is None:
        assert report.conforms, report.text()
    else:
        (violation,) = report.violations
        assert expected in violation.message and violation.path == "kg:placeLevel"
        assert violation.label == "鄂州市" and not report.conforms


def test_a_violation_inside_one_graph_is_reported_once(tmp_path):
    from kg.graph.store_sync import sync_store
    from kg.graph.validate import validate_store

    text = PLACE_GRAPH.format(level="prefecture") + PLACE_GRAPH.format(level="county")
    sync_store(tmp_path / "store", {"https://w3id.org/kg-policy/id/graph/a": text})
    report = validate_store(tmp_path / "store")
    assert [v.path for v in report.violations] == ["kg:placeLevel"]
    assert "several documents" not in report.violations[0].message


@pytest.mark.parametrize("shape, snippet, expected", CASES,
                         ids=[f"{c[0]}-{'pass' if c[2] is None else 'fail'}-{i}" for i, c in enumerate(CASES)])
def test_compiled_shapes_report_as_pyshacl(shape, snippet, expected):
    """The shapes compiled to SPARQL (the default engine) and pySHACL (the reference) give the same report."""
    compiled = validate_graph(_graph(snippet), engine="sparql")
    reference = validate_graph(_graph(snippet), engine="pyshacl")
    assert compiled == reference, (compiled.text(), reference.text())
    assert compiled.conforms is (expected is None)
