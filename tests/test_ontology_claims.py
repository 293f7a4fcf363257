"""The graph says what the ontology claims: every promise of ``ontology/policy.ttl`` is emitted.

Checked on the corpus build: units belong to their jurisdiction's government
(org:subOrganizationOf), a plan's dcterms:publisher is that government's node (an
agent, not a name), kg:role / kg:agent specialise PROV's qualified association, and
the roles have one Chinese wording in the ontology and in every report.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, RDFS, SKOS

from kg.graph.store import load_graph
from kg.namespaces import DCTERMS, KG, RDF
from kg.resources import ontology_file
from kg.roles import ROLE_LABELS, ROLE_TERMS


@pytest.fixture(scope="module")
def graph(corpus_build):
    return load_graph(corpus_build, store="memory")


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ontology_file("policy.ttl"))


def test_every_unit_belongs_to_the_government_of_its_jurisdiction(graph):
    units = set(graph.subjects(RDF.type, KG.Unit))
    assert units
    for unit in units:
        place = graph.value(unit, KG.jurisdiction)
        governments = set(graph.objects(unit, ORG.subOrganizationOf))
        assert len(governments) == 1, unit
        (government,) = governments
        assert (government, RDF.type, KG.Government) in graph
        assert graph.value(government, KG.governs) == place


def test_publisher_is_the_issuers_government_node(graph):
    plans = set(graph.subjects(RDF.type, KG.Plan))
    assert plans
    for plan in plans:
        for publisher in graph.objects(plan, DCTERMS.publisher):
            assert isinstance(publisher, URIRef) and not isinstance(publisher, Literal)
            assert (publisher, RDF.type, KG.Government) in graph
            assert graph.value(publisher, KG.governs) == graph.value(plan, KG.issuer)
    assert any(graph.objects(p, DCTERMS.publisher) for p in plans)
    assert any(graph.objects(p, KG.sourceName) for p in plans)  # the manifest's source stays, as a name


@pytest.mark.parametrize("ours, provs", [(KG.role, PROV.hadRole), (KG.agent, PROV.agent)])
def test_qualified_assignment_specialises_prov(ontology, ours, provs):
    assert (ours, RDFS.subPropertyOf, provs) in ontology


def test_the_ontology_promises_only_what_is_emitted(ontology):
    header = ontology_file("policy.ttl").read_text(encoding="utf-8").split("<https://w3id.org/kg-policy/ontology>")[0]
    assert "org:subOrganizationOf" in header and "dcterms:publisher" in header


@pytest.mark.parametrize("role", sorted(ROLE_TERMS))
def test_one_wording_per_role(ontology, role):
    labels = {str(o) for o in ontology.objects(ROLE_TERMS[role], SKOS.prefLabel) if o.language == "zh"}
    assert labels == {ROLE_LABELS[role]}


def test_reports_use_the_role_wording(graph):
    from kg.report import workload_report
    from kg.viz.page import ROLE_STYLES

    md = workload_report(graph, fmt="md")
    assert ROLE_LABELS["responsible"] in md and "责任任务" not in md
    assert {r: ROLE_STYLES[r][0] for r in ROLE_LABELS} == ROLE_LABELS
