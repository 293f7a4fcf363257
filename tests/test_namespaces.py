"""``kg.namespaces.KG`` and ``ontology/policy.ttl`` declare exactly the same terms."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.namespaces import KG, KGR, bind_prefixes
from kg.resources import ontology_file

NS = str(KG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file("policy.ttl"), format="turtle")


def declared_in_ttl(graph: Graph) -> set[str]:
    return {str(s)[len(NS):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def declared_in_python() -> set[str]:
    return set(KG.__annotations__)


def test_every_ttl_term_is_in_kg(ontology):
    missing = declared_in_ttl(ontology) - declared_in_python()
    assert not missing, f"declared in policy.ttl but not in kg.namespaces.KG: {sorted(missing)}"


def test_every_kg_term_is_declared_in_ttl(ontology):
    missing = declared_in_python() - declared_in_ttl(ontology)
    assert not missing, f"in kg.namespaces.KG but not declared in policy.ttl: {sorted(missing)}"


def test_terms_used_in_the_ttl_are_declared(ontology):
    used = {str(t)[len(NS):] for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= declared_in_ttl(ontology)


@pytest.mark.parametrize("term, kind", [
    ("Plan", "Class"), ("Task", "Class"), ("Unit", "Class"), ("PlaceMention", "Class"),
    ("leadUnit", "ObjectProperty"), ("place", "ObjectProperty"), ("mentions", "DatatypeProperty"),
    ("Lead", "Role"), ("CollectiveRole", "Role"),
])
def test_term_kinds(ontology, term, kind):
    kinds = {str(o).rsplit("#", 1)[-1] for o in ontology.objects(KG[term], URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"))}
    assert kind in kinds


def test_unknown_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.noSuchTerm  # noqa: B018


def test_prefixes_are_bound():
    graph = bind_prefixes(Graph())
    prefixes = dict(graph.namespaces())
    assert str(prefixes["kg"]) == NS and str(prefixes["kgr"]) == str(KGR)
