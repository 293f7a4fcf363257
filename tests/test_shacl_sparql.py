"""The SHACL shapes compiled to SPARQL (kg.graph.shacl_sparql) against pySHACL, the reference."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg.graph import shacl_sparql
from kg.graph.validate import shapes_graph, validate_graph, validate_ntriples

SHAPE_PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def test_the_ontology_shapes_compile():
    compiled = shacl_sparql.compile_shapes(shapes_graph())
    assert len(compiled.reports) == len(compiled.queries) == len(compiled.closed_queries) > 0
    assert len(compiled.checks) > len(compiled.queries)  # the count checks of a target share a query
    assert len(compiled.classes) == len(compiled.queries)
    assert "https://w3id.org/kg-policy/ontology#Task" in set().union(*(k for k in compiled.classes if k))
    assert None in compiled.classes  # the evidence spans are also the objects of kg:evidence
    assert {c.value for c in compiled.checks} == {"value", "focus", "none"}


# (shapes in Turtle, a conforming graph, a graph that breaks them): constructs the ontology does not use
EXTRA = [
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxInclusive 5 ; sh:message \"at most 5\" ] .",
     "ex:a ex:p 5 .", "ex:a ex:p 6 ."),
    ("ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minLength 2 ; sh:maxLength 3 ; sh:message \"2 to 3 characters\" ] .",
     'ex:a ex:p "ab" .', 'ex:a ex:p "abcd" , "ab" .'),
    ("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:pattern \"^ab\" ; sh:flags \"i\" ; sh:message \"starts with ab\" ] .",
     'ex:a ex:p "ABc" .', 'ex:a ex:p "cab" .'),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:not [ sh:class ex:D ] ; sh:message \"not a D\" .",
     "ex:a a ex:C .", "ex:a a ex:C , ex:D ."),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:and ( [ sh:nodeKind sh:IRI ] [ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] ) ; sh:message \"has ex:p\" .",
     "ex:a a ex:C ; ex:p ex:b .", "ex:a a ex:C ."),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 2 ; sh:severity sh:Warning ; sh:message \"two\" ] .",
     "ex:a a ex:C ; ex:p 1, 2 .", "ex:a a ex:C ; ex:p 1 ."),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ; sh:message \"an integer\" ] .",
     "ex:a a ex:C ; ex:p 1 .", 'ex:a a ex:C ; ex:p "x"^^xsd:integer , 2.5 , "3" .'),
]


@pytest.mark.parametrize("shapes, good, bad", EXTRA, ids=[f"extra-{i}" for i in range(len(EXTRA))])
def test_more_constructs_report_as_pyshacl(shapes, good, bad):
    shapes_graph_ = Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle")
    assert shacl_sparql.compiled_shapes(shapes_graph_) is not None
    for data, conforming in ((good, True), (bad, False)):
        graph = Graph().parse(data=SHAPE_PREFIXES + data, format="turtle")
        compiled = validate_graph(graph, shapes=shapes_graph_)
        reference = validate_graph(graph, shapes=shapes_graph_, engine="pyshacl")
        assert compiled == reference, (compiled.text(), reference.text())
        assert bool(compiled.violations) is not conforming


# shapes the compiler does not handle: pySHACL checks them, and a log line says so
UNSUPPORTED = [
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:equals ex:q ; sh:message \"equal\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:T ; sh:message \"T\" . ex:T a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:q ex:p ) ; sh:minCount 1 ; sh:message \"q/p\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message \"p\" ; sh:select \"PREFIX ex: <http://example.org/> SELECT $this WHERE { $this a ex:C FILTER NOT EXISTS { $this ex:p ?x } }\" ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message \"p\" ; sh:select \"SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/p> ?x } }\" ] .",
]


@pytest.mark.parametrize("shapes", UNSUPPORTED, ids=[f"unsupported-{i}" for i in range(len(UNSUPPORTED))])
def test_unsupported_shapes_fall_back_to_pyshacl(shapes, caplog):
    shapes_graph_ = Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle")
    with pytest.raises(shacl_sparql.UnsupportedShapes):
        shacl_sparql.compile_shapes(shapes_graph_)
    graph = Graph().parse(data=SHAPE_PREFIXES + "ex:a a ex:C ; ex:q ex:b .", format="turtle")
    with caplog.at_level(logging.WARNING, logger="kg.graph.shacl_sparql"):
        report = validate_graph(graph, shapes=shapes_graph_)
    assert "validating with pySHACL" in caplog.text
    assert not report.conforms  # the extra shape did not silently pass
    assert report == validate_graph(graph, shapes=shapes_graph_, engine="pyshacl")


def test_blank_nodes_are_validated_by_pyshacl():
    text = '_:x <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/kg-policy/ontology#Place> .\n'
    report = validate_ntriples(text)
    assert not report.conforms and report.violations[0].path == "rdfs:label"


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_cli_engines_agree_and_keep_exit_codes(tmp_path, engine):
    from kg.cli import cli

    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/kg-policy/ontology#> .\n"
                   '<https://w3id.org/kg-policy/id/plan/a/task/0> a kg:Task .\n', encoding="utf-8")
    good = tmp_path / "good.ttl"
    good.write_text("", encoding="utf-8")
    runner = CliRunner()
    run = runner.invoke(cli, ["validate", str(bad), "--engine", engine, "--format", "json"])
    assert run.exit_code == 1, run.output
    assert "kg:inPlan" in run.output
    reference = runner.invoke(cli, ["validate", str(bad), "--engine", "pyshacl", "--format", "json"])
    assert run.output == reference.output
    assert runner.invoke(cli, ["validate", str(good), "--engine", engine]).exit_code == 0
    assert runner.invoke(cli, ["validate", str(bad), "--engine", "nope"]).exit_code == 2


@pytest.mark.parametrize("shapes", [
    # a node shape's message and its constraint's, a result without ?value (the focus is the value)
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message \"shape says\" ; sh:sparql [ sh:message \"query says\" ; "
    "sh:select \"SELECT $this WHERE { $this <http://example.org/q> ?x FILTER NOT EXISTS { $this <http://example.org/p> ?y } }\" ] .",
    # ?value projected
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:sparql [ sh:message \"q\" ; "
    "sh:select \"SELECT $this ?value WHERE { $this <http://example.org/q> ?value }\" ] .",
])
def test_sparql_constraints_report_as_pyshacl(shapes):
    shapes_graph_ = Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle")
    assert shacl_sparql.compiled_shapes(shapes_graph_) is not None
    graph = Graph().parse(data=SHAPE_PREFIXES + "ex:a a ex:C ; ex:q ex:b . ex:c a ex:C .", format="turtle")
    compiled = validate_graph(graph, shapes=shapes_graph_)
    assert compiled == validate_graph(graph, shapes=shapes_graph_, engine="pyshacl")
    assert [v.focus for v in compiled.violations] == ["ex:a"]


def _task_led_by(own_subclass: bool, more: str = "") -> str:
    """Turtle of a task led by ex:b: an instance of a subclass of kg:Unit the graph declares itself, or a place."""
    extra = "ex:Bureau rdfs:subClassOf kg:Unit . ex:b a ex:Bureau ." if own_subclass else "ex:b a kg:Place ."
    return SHAPE_PREFIXES + f"""
        @prefix kg: <https://w3id.org/kg-policy/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:t a kg:Task ; kg:leadUnit ex:b {more} . {extra}"""


@pytest.mark.parametrize("own_subclass", [False, True])
def test_subclasses_of_the_ontology_and_of_the_graph(own_subclass):
    """sh:class and sh:targetClass see the ontology's subclasses, and those a graph declares itself."""
    graph = Graph().parse(data=_task_led_by(own_subclass), format="turtle")
    compiled = validate_graph(graph)
    assert compiled == validate_graph(graph, engine="pyshacl")
    lead = [v for v in compiled.violations if v.path == "kg:leadUnit"]
    assert bool(lead) is not own_subclass


@pytest.mark.parametrize("own_subclass", [False, True])
def test_a_named_graph_given_as_nquads_reports_as_pyshacl(own_subclass):
    """validate_named_graph (a document's N-Quads read as they are) reports what pySHACL reports."""
    from kg.graph.serialize import named_graph
    from kg.graph.validate import validate_named_graph

    graph = Graph()
    # copied without the ex: prefix, as a document's graph
    graph += Graph().parse(data=_task_led_by(own_subclass, '; kg:printedId "1", "2"'), format="turtle")  # without the ex: prefix, as a document's graph
    reference = validate_graph(graph, engine="pyshacl")
    assert len(reference.violations) > 2
    nquads = named_graph(list(graph), "http://example.org/g")
    assert validate_named_graph(nquads) == reference
    assert validate_named_graph(nquads, list(graph)) == reference
