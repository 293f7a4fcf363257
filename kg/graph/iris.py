"""Instance IRIs: minted here and nowhere else.

Every IRI is a pure function of stable keys (a document's file stem, a character
offset, a canonical name, a jurisdiction), so the same corpus always gives the same
graph. Chinese text is percent-encoded, so the IRIs are plain URIs:

>>> str(plan_iri("000_437e3f8e08c71f6e"))
'https://w3id.org/kg-policy/id/plan/000_437e3f8e08c71f6e'
>>> str(task_iri("a", 120))
'https://w3id.org/kg-policy/id/plan/a/task/120'
>>> str(unit_iri("鄂城区", "区财政局"))
'https://w3id.org/kg-policy/id/unit/%E9%84%82%E5%9F%8E%E5%8C%BA/%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80'
>>> str(span_iri("a", 3, 9))
'https://w3id.org/kg-policy/id/plan/a#char=3,9'
>>> str(assignment_iri("a", 40, "lead"))
'https://w3id.org/kg-policy/id/plan/a/assignment/40-lead'
>>> label_of(unit_iri("鄂城区", "区财政局"))
'区财政局'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import PurePath
from urllib.parse import quote, unquote

from rdflib import URIRef

from ..namespaces import DEPT, KGR

UNKNOWN_JURISDICTION = "未知"
"""Jurisdiction segment used when neither the mention nor the plan names one."""


@lru_cache(maxsize=1 << 14)
def _q(text: str) -> str:
    """``text`` percent-encoded as one IRI segment (names and stems recur: each is encoded once)."""
    return quote(text, safe="")


def doc_stem(name: str) -> str:
    """The document key: its file name without folder and extension.

    >>> doc_stem("corpus/000_437e3f8e08c71f6e.txt")
    '000_437e3f8e08c71f6e'
    >>> doc_stem("武穴市方案")
    '武穴市方案'
    """
    return PurePath(name).stem or name


@lru_cache(maxsize=256)
def plan_iri(stem: str) -> URIRef:
    return KGR[f"plan/{_q(stem)}"]


def graph_iri(stem: str) -> URIRef:
    """The named graph holding every triple derived from one document."""
    return KGR[f"graph/{_q(stem)}"]


ONTOLOGY_GRAPH = KGR["graph/ontology"]
"""The named graph of the ontology and the department-type scheme."""

FOLLOW_THROUGH_GRAPH = KGR["graph/follow-through"]
"""The named graph of the links between targets and later results (:mod:`kg.graph.followthrough`)."""


def follow_through_iri(target: str, result: str | None = None) -> URIRef:
    """The kg:FollowThrough node of a target and the result reporting on it (None: not reported).

    >>> str(follow_through_iri(target_iri("a", 5, 0), target_iri("b", 9, 0)))
    'https://w3id.org/kg-policy/id/plan/a/target/5-0/follow-through/b%2Ftarget%2F9-0'
    >>> str(follow_through_iri(target_iri("a", 5, 0)))
    'https://w3id.org/kg-policy/id/plan/a/target/5-0/follow-through'
    """
    node = f"{target}/follow-through"
    if result is None:
        return URIRef(node)
    prefix = str(KGR["plan/"])
    tail = result[len(prefix):] if result.startswith(prefix) else result
    return URIRef(f"{node}/{_q(tail)}")


def section_iri(stem: str, start: int) -> URIRef:
    return KGR[f"plan/{_q(stem)}/section/{start}"]


def goal_iri(stem: str, start: int) -> URIRef:
    return KGR[f"plan/{_q(stem)}/goal/{start}"]


def task_iri(stem: str, start: int) -> URIRef:
    return KGR[f"plan/{_q(stem)}/task/{start}"]


def assignment_iri(stem: str, mention_start: int, role: str) -> URIRef:
    return KGR[f"plan/{_q(stem)}/assignment/{mention_start}-{_q(role)}"]


def target_iri(stem: str, start: int, n: int) -> URIRef:
    """The ``n``-th target (from 0) read at offset ``start``."""
    return KGR[f"plan/{_q(stem)}/target/{start}-{n}"]


def project_iri(stem: str, start: int) -> URIRef:
    return KGR[f"plan/{_q(stem)}/project/{start}"]


def place_mention_iri(stem: str, name: str) -> URIRef:
    """The per-document record of how often a place is mentioned."""
    return KGR[f"plan/{_q(stem)}/place/{_q(name)}"]


def span_iri(stem: str, start: int, end: int) -> URIRef:
    """An evidence span: the plan IRI with an RFC 5147 ``#char=start,end`` fragment."""
    return URIRef(f"{plan_iri(stem)}#char={start},{end}")


def unit_iri(jurisdiction: str | None, canonical: str) -> URIRef:
    return KGR[f"unit/{_q(jurisdiction or UNKNOWN_JURISDICTION)}/{_q(canonical)}"]


def collective_iri(jurisdiction: str | None, name: str) -> URIRef:
    return KGR[f"collective/{_q(jurisdiction or UNKNOWN_JURISDICTION)}/{_q(name)}"]


def place_iri(name: str) -> URIRef:
    return KGR[f"place/{_q(name)}"]


def government_iri(place: str) -> URIRef:
    """The government (kg:Government) of a jurisdiction: publisher of its plans, parent of its units."""
    return KGR[f"government/{_q(place)}"]


def enterprise_iri(name: str) -> URIRef:
    return KGR[f"enterprise/{_q(name)}"]


def department_type_iri(slug: str) -> URIRef:
    """A concept of the department-type scheme.

    >>> str(department_type_iri("finance"))
    'https://w3id.org/kg-policy/department-type/finance'
    """
    return DEPT[_q(slug)]


def label_of(iri: str) -> str:
    """The decoded last path segment of an IRI: a readable fallback label."""
    tail = str(iri).rstrip("/").rsplit("/", 1)[-1]
    return unquote(tail)
