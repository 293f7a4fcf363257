"""The attributes of each typed node of :func:`kg.analysis.convert.to_networkx`, read from an :class:`Index`.

One function per concern: the kind of a node (:data:`KINDS`), the attributes of a
node of a kind (:func:`node_attrs`), the figures of a target, the sections above a
task and the evidence span of a node. What the conversion reads is :data:`READ`.
"""

from __future__ import annotations

from urllib.parse import unquote

from .. import namespaces
from ..graph.triples import SECTION_PATH_SEPARATOR
from ..namespaces import DEPT
from ..roles import ROLE_PROPERTIES
from .rdfread import Index, as_number, as_year, plan_id, scheme_labels, slug

__all__ = ["KINDS", "KIND_RANK", "RELATIONS", "READ", "COMPARATOR_SIGNS", "node_attrs", "evidence", "dept_labels",
           "KG", "DCTERMS", "OA", "RDF", "RDFS", "SKOS"]


class _Terms:
    """The terms of a namespace, each made once: rdflib makes a new ``URIRef`` at every lookup of a
    ``DefinedNamespace`` attribute, and maps keyed by one such term then compare it with the next
    by rdflib's ``__eq__``. Read for every triple of every document, that costs.

    >>> KG.evidence is KG.evidence, KG.evidence == namespaces.KG.evidence
    (True, True)
    """

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str):
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


KG, DCTERMS, OA, RDF, RDFS, SKOS = (_Terms(ns) for ns in (namespaces.KG, namespaces.DCTERMS, namespaces.OA,
                                                          namespaces.RDF, namespaces.RDFS, namespaces.SKOS))

KINDS = (
    (KG.Plan, "plan"), (KG.Goal, "goal"), (KG.Task, "task"), (KG.Unit, "unit"),
    (KG.Collective, "collective"), (KG.Target, "target"), (KG.Project, "project"),
    (KG.Place, "place"), (KG.Enterprise, "enterprise"),
)
"""rdf:type -> node kind; the order is the order nodes are added (deterministic), and a node
of several classes is of the first."""

KIND_RANK = {cls: rank for rank, (cls, _) in enumerate(KINDS)}

RELATIONS = (
    (KG.inPlan, "in_plan"), (KG.servesGoal, "serves_goal"), (KG.hasTarget, "has_target"),
    (KG.namesProject, "names_project"), (KG.namesEnterprise, "names_enterprise"),
    (KG.locatedIn, "located_in"), (KG.issuer, "issuer"), (KG.jurisdiction, "jurisdiction"),
)
"""The structural relations of the typed graph: (predicate, rel name)."""

READ = (
    RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, DCTERMS.identifier, DCTERMS.title, DCTERMS.date,
    KG.genre, KG.jurisdiction, KG.departmentType, KG.alsoDepartmentType, KG.printedId,
    KG.inSection, KG.parentSection, KG.projectKind, KG.placeLevel, KG.evidence, OA.start, OA.end, OA.exact,
    KG.value, KG.valueMin, KG.valueMax, KG.unitOfMeasure, KG.indicator, KG.comparator, KG.change, KG.targetYear,
    KG.frequency, KG.targetKind, KG.hasAssignment, KG.role, KG.agent, KG.surface,
    *(p for p, _ in RELATIONS), *ROLE_PROPERTIES.values(),
)
"""Every predicate :func:`~kg.analysis.convert.to_networkx` reads (in one pass over each N-Quads file)."""

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "约", "=": ""}
"""How a target's comparator is shown before its value (``value_text``)."""


def node_attrs(idx: Index, node, kind: str, labels=None) -> dict:
    """The attributes of ``node``, of ``kind``, as :func:`~kg.analysis.convert.to_networkx` gives them.

    A plan's ``jurisdiction`` is its issuer's label in ``idx``; ``labels`` is a callable
    giving the department-type labels (:func:`dept_labels`), asked for only when a unit has
    a type.
    """
    attrs = {"kind": kind, **evidence(idx, node)}
    if kind == "plan":
        identifier = idx.text(node, DCTERMS.identifier)
        issuer = idx.one(node, KG.issuer)
        attrs.update(id=plan_id(str(node), identifier), identifier=identifier,
                     label=idx.text(node, DCTERMS.title) or plan_id(str(node), identifier),
                     date=idx.text(node, DCTERMS.date), genre=idx.text(node, KG.genre),
                     jurisdiction=idx.text(issuer, RDFS.label, SKOS.prefLabel) if issuer else None)
    elif kind in ("unit", "collective"):
        place = idx.one(node, KG.jurisdiction)
        types = [slug(c) for c in idx.all(node, KG.departmentType)]
        types += [t for t in (slug(c) for c in idx.all(node, KG.alsoDepartmentType)) if t not in types]
        names = labels() if types and labels is not None else {}
        attrs.update(label=idx.text(node, SKOS.prefLabel, RDFS.label) or unquote(str(node).rsplit("/", 1)[-1]),
                     alt_labels=sorted(str(v) for v in idx.all(node, SKOS.altLabel)),
                     jurisdiction=idx.text(place, RDFS.label, SKOS.prefLabel) if place else None,
                     unit_type=types[0] if types else None,
                     unit_type_label=names.get(types[0], types[0]) if types else None,
                     unit_types=tuple(types))
    elif kind == "task":
        printed = idx.text(node, KG.printedId) or ""
        title = idx.text(node, DCTERMS.title) or ""
        sections = _sections(idx, node)
        attrs.update(printed_id=printed, title=title, label=f"{printed}{title}" or str(node),
                     sections=sections, section_path=SECTION_PATH_SEPARATOR.join(sections))
    elif kind == "goal":
        attrs.update(printed_id=idx.text(node, KG.printedId) or "",
                     label=idx.text(node, DCTERMS.title, RDFS.label) or str(node))
    elif kind == "target":
        attrs.update(_target_attrs(idx, node))
    else:
        attrs.update(label=idx.text(node, RDFS.label, SKOS.prefLabel, DCTERMS.title) or unquote(str(node)))
        if kind == "project":
            attrs["project_kind"] = idx.text(node, KG.projectKind)
        if kind == "place":
            attrs["level"] = idx.text(node, KG.placeLevel)
    return attrs


def _sections(idx: Index, task) -> tuple[str, ...]:
    """The labels of the sections above a task, outermost first: its kg:inSection, then kg:parentSection up."""
    path: list[str] = []
    section, seen = idx.one(task, KG.inSection), set()
    while section is not None and section not in seen:
        seen.add(section)
        path.append(f"{idx.text(section, KG.printedId) or ''}{idx.text(section, DCTERMS.title) or ''}")
        section = idx.one(section, KG.parentSection)
    return tuple(reversed(path))


def dept_labels(idx: Index) -> dict[str, str]:
    """Department-type slug -> its zh label: the scheme's, then those the graph gives."""
    labels = dict(scheme_labels())
    for concept in idx(SKOS.prefLabel):
        if str(concept).startswith(str(DEPT)):
            labels[str(concept)] = idx.text(concept, SKOS.prefLabel)
    return {slug(k): v for k, v in labels.items() if v}


def evidence(idx: Index, node) -> dict:
    """The start, end and quote of a node's evidence span (empty when it has none with a start)."""
    span = idx.one(node, KG.evidence)
    start = None if span is None else idx.one(span, OA.start)
    if start is None:
        return {}
    return {"start": as_number(start), "end": as_number(idx.one(span, OA.end)), "quote": idx.text(span, OA.exact) or ""}


def _target_attrs(idx: Index, node) -> dict:
    value = as_number(idx.one(node, KG.value))
    low, high = as_number(idx.one(node, KG.valueMin)), as_number(idx.one(node, KG.valueMax))
    unit = idx.text(node, KG.unitOfMeasure) or ""
    shown = f"{value:g}" if value is not None else (f"{low:g}–{high:g}" if low is not None else "")
    indicator = idx.text(node, KG.indicator) or ""
    comparator = idx.text(node, KG.comparator)
    change = idx.text(node, KG.change)
    year = as_year(idx.one(node, KG.targetYear))
    return {
        "indicator": indicator, "change": change, "value": value, "value_min": low, "value_max": high,
        "unit_of_measure": unit or None, "comparator": comparator, "year": year,
        "frequency": idx.text(node, KG.frequency), "target_kind": idx.text(node, KG.targetKind),
        "value_text": f"{COMPARATOR_SIGNS.get(comparator, '') if value is not None else ''}{shown}{unit}",
        "label": " ".join(x for x in (indicator, change or "", f"{shown}{unit}") if x),
    }
