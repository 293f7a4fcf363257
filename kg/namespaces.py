"""IRIs used by kg, defined once.

``KG`` mirrors the terms declared in ``ontology/policy.ttl``; ``tests/test_namespaces.py``
fails when the two drift apart. Instance IRIs live under ``KGR`` and department
types under ``DEPT``; both are minted only by :mod:`kg.graph.iris`.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = ["KG", "KGR", "DEPT", "IND", "OA", "FOAF", "DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "bind_prefixes"]


class KG(DefinedNamespace):
    """Terms of the kg policy ontology (``ontology/policy.ttl``)."""

    _NS = Namespace("https://w3id.org/kg-policy/ontology#")
    _fail = True

    # classes
    Plan: URIRef
    Section: URIRef
    Goal: URIRef
    Target: URIRef
    Task: URIRef
    Unit: URIRef
    Collective: URIRef
    Assignment: URIRef
    Role: URIRef
    Project: URIRef
    Enterprise: URIRef
    Place: URIRef
    PlaceMention: URIRef
    Government: URIRef
    # roles
    Lead: URIRef
    Responsible: URIRef
    CollectiveRole: URIRef
    # structure and provenance
    genre: URIRef
    issuer: URIRef
    governs: URIRef
    sourceName: URIRef
    text: URIRef
    contentHash: URIRef
    inPlan: URIRef
    inSection: URIRef
    parentSection: URIRef
    level: URIRef
    printedId: URIRef
    sectionPath: URIRef
    evidence: URIRef
    # tasks and units
    servesGoal: URIRef
    hasAssignment: URIRef
    role: URIRef
    agent: URIRef
    surface: URIRef
    leadUnit: URIRef
    responsibleUnit: URIRef
    collective: URIRef
    jurisdiction: URIRef
    departmentType: URIRef
    alsoDepartmentType: URIRef
    # goals, targets, projects, places
    hasTarget: URIRef
    indicator: URIRef
    change: URIRef
    value: URIRef
    valueMin: URIRef
    valueMax: URIRef
    unitOfMeasure: URIRef
    comparator: URIRef
    targetYear: URIRef
    frequency: URIRef
    targetKind: URIRef
    projectKind: URIRef
    namesProject: URIRef
    namesEnterprise: URIRef
    locatedIn: URIRef
    placeLevel: URIRef
    divisionCode: URIRef
    place: URIRef
    mentions: URIRef
    mentionedIn: URIRef
    # follow-through
    FollowThrough: URIRef
    FollowThroughStatus: URIRef
    Reached: URIRef
    Missed: URIRef
    NotComparable: URIRef
    NotReported: URIRef
    measures: URIRef
    reportsOn: URIRef
    followsTarget: URIRef
    reportedBy: URIRef
    status: URIRef
    met: URIRef
    lowerIsBetter: URIRef


KGR = Namespace("https://w3id.org/kg-policy/id/")
"""Instances: plans, sections, tasks, units, places ... (deterministic IRIs)."""

DEPT = Namespace("https://w3id.org/kg-policy/department-type/")
"""Concepts of the department-type scheme (``ontology/department-types.ttl``)."""

IND = Namespace("https://w3id.org/kg-policy/indicator/")
"""Indicator concepts (``ontology/indicators.ttl``): what a target measures."""

OA = Namespace("http://www.w3.org/ns/oa#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

_PREFIXES = {
    "kg": KG._NS, "kgr": KGR, "dept": DEPT, "ind": IND, "oa": OA, "org": ORG, "skos": SKOS,
    "prov": PROV, "dcterms": DCTERMS, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "foaf": FOAF,
}


def bind_prefixes(graph):
    """Bind kg's prefixes on an rdflib graph and return it."""
    for prefix, ns in _PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
