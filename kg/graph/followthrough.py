"""Follow-through: which targets a later document reports as reached, missed or not at all.

A pure step over the figures of the whole graph (it links documents, so it runs after
every document's graph is made; the build keeps its triples in the named graph
``kgr:graph/follow-through``):

1. :func:`figures_from_triples` reads every target and result (a kg:Target with
   ``targetKind`` ``achievement``) with what comparing needs: its indicator concept
   (kg:measures, :mod:`kg.indicators`), year, value or range, unit, comparator,
   change word, and its plan's jurisdiction (kg:issuer) and date.
2. :func:`follow_through` links a result to a target when both measure the same
   concept for the same jurisdiction and year, and the result's document is another,
   later one (when both dates are known). :func:`compare` says whether the target
   was met: values in the same unit (万/亿 multipliers scaled), growth against growth
   or level against level; a result written with the opposite change word (下降
   against a target of 增长) counts on the other side of zero. ``>=``, ``>``, ``<=``,
   ``<`` are read as written; ``=`` and a range are met on the better side (higher,
   unless the concept is kg:lowerIsBetter); ``~`` (左右) also within
   :data:`ABOUT_TOLERANCE` of the value. Figures that cannot be compared give
   ``not-comparable``.
3. A target of a year for which a later document of its jurisdiction reports results,
   none of them on its indicator, is ``not-reported``. A target whose year no later
   document reports on gets no node: nothing can be said yet.
4. :func:`link_triples` writes kg:reportsOn (result -> target) and one
   kg:FollowThrough node per link, with kg:status and kg:met (and repeats the
   result's kg:targetKind, so that the graph can be validated on its own).

Deterministic: links are sorted by target and result IRI, and IRIs are minted by
:func:`kg.graph.iris.follow_through_iri`.

>>> t = Figure("t", "goal", "gdp", 2025, 7.0, None, None, "%", ">=", "增长", "plan/a", "2025-02-10", "青山县")
>>> r = Figure("r", "achievement", "gdp", 2025, 6.5, None, None, "%", "=", "增长", "plan/b", "2026-02-12", "青山县")
>>> [(x.target, x.result, x.status) for x in follow_through([t, r])]
[('t', 'r', 'missed')]
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ..extract.numbers import MULTIPLIERS, unit_scale
from ..indicators import IndicatorVocabulary, indicator_vocabulary
from ..namespaces import DCTERMS, KG, PROV, RDF, XSD
from . import iris

log = logging.getLogger("kg.graph.followthrough")

__all__ = ["Figure", "Link", "compare", "follow_through", "figures_from_triples", "figures_from_graph",
           "link_triples", "follow_through_graph", "follow_through_entries", "STATUS_TERMS"]

ACHIEVEMENT = "achievement"
ABOUT_TOLERANCE = 0.05
"""A target "about" a value (左右, ``~``) is met by a result at most this share of the value on its worse side."""

STATUS_TERMS = {"reached": KG.Reached, "missed": KG.Missed, "not-comparable": KG.NotComparable,
                "not-reported": KG.NotReported}
"""Status (as in :class:`Link`) -> its kg:FollowThroughStatus individual (``ontology/policy.ttl``)."""

_K = str(KG._NS)
PREDICATES = {
    _K + "targetKind": "kind", _K + "measures": "concept", _K + "targetYear": "year", _K + "value": "value",
    _K + "valueMin": "low", _K + "valueMax": "high", _K + "unitOfMeasure": "unit", _K + "comparator": "comparator",
    _K + "change": "change", _K + "inPlan": "plan", str(DCTERMS.date): "date", _K + "issuer": "place",
}
"""What :func:`figures_from_triples` reads: predicate IRI -> field."""


@dataclass(frozen=True)
class Figure:
    """A target or a result, with what comparing and linking need (IRIs and lexical values as text)."""

    iri: str
    kind: str
    concept: str | None
    year: int | None
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    comparator: str
    change: str | None
    plan: str
    date: str | None
    place: str | None

    @property
    def is_result(self) -> bool:
        return self.kind == ACHIEVEMENT


@dataclass(frozen=True)
class Link:
    """One follow-through: a target, the result reporting on it (None: not reported) and the status."""

    target: str
    result: str | None
    status: str


# --- comparing one target with one result -----------------------------------------------

def _base_unit(unit: str | None) -> str:
    """``亿元`` -> ``元``: the unit without its multiplier."""
    for m in MULTIPLIERS:
        if unit and unit.startswith(m) and len(unit) > len(m):
            return unit[len(m):]
    return unit or ""


def _scaled(x: float | None, unit: str | None) -> float | None:
    return None if x is None else x * unit_scale(unit) if _base_unit(unit) != (unit or "") else x


def compare(target: Figure, result: Figure, vocab: IndicatorVocabulary | None = None) -> str:
    """``reached``, ``missed`` or ``not-comparable`` for a result reported on a target.

    >>> t = Figure("t", "goal", "gdp", 2025, 7.0, None, None, "%", "~", "增长", "a", None, "p")
    >>> r = Figure("r", "achievement", "gdp", 2025, 6.9, None, None, "%", "=", "增长", "b", None, "p")
    >>> compare(t, r), compare(t, Figure(**{**r.__dict__, "value": 6.0})), compare(t, Figure(**{**r.__dict__, "change": "下降", "value": 1.0}))
    ('reached', 'missed', 'missed')
    >>> compare(t, Figure(**{**r.__dict__, "unit": "亿元", "change": None, "value": 500.0}))
    'not-comparable'
    """
    vocab = vocab or indicator_vocabulary()
    if _base_unit(target.unit) != _base_unit(result.unit):
        return "not-comparable"
    t_change, r_change = target.change in vocab.changes, result.change in vocab.changes
    if t_change != r_change:  # a growth rate against a level
        return "not-comparable"
    got = result.value if result.value is not None else result.low
    got = _scaled(got, result.unit)
    if got is None:
        return "not-comparable"
    if t_change and vocab.direction(target.change) != vocab.direction(result.change):
        got = -got
    lower_better = bool(target.concept) and target.concept in vocab.concepts and \
        vocab.concepts[target.concept].lower_is_better
    if target.value is None:  # a range: met on its better end
        low, high = _scaled(target.low, target.unit), _scaled(target.high, target.unit)
        if low is None or high is None:
            return "not-comparable"
        met = got <= high if lower_better else got >= low
        return "reached" if met else "missed"
    want = _scaled(target.value, target.unit)
    c = target.comparator
    if c == ">=":
        met = got >= want
    elif c == ">":
        met = got > want
    elif c == "<=":
        met = got <= want
    elif c == "<":
        met = got < want
    else:
        slack = abs(want) * ABOUT_TOLERANCE if c == "~" else 0.0
        met = got <= want + slack if lower_better else got >= want - slack
    return "reached" if met else "missed"


# --- linking across documents --------------------------------------------------------------

def _later(result: Figure, target: Figure) -> bool:
    """The result's document is another one, dated after the target's when both dates are known."""
    if result.plan == target.plan:
        return False
    return not (result.date and target.date) or result.date > target.date


def follow_through(figures: Iterable[Figure], vocab: IndicatorVocabulary | None = None) -> list[Link]:
    """The follow-through links of some figures (see the module documentation), sorted."""
    vocab = vocab or indicator_vocabulary()
    targets, results = [], defaultdict(list)
    reported_years = defaultdict(list)  # (place, year) -> results of that year, any indicator
    for f in figures:
        if f.place is None or f.year is None:
            continue
        if f.is_result:
            reported_years[(f.place, f.year)].append(f)
            if f.concept:
                results[(f.concept, f.place, f.year)].append(f)
        elif f.concept:
            targets.append(f)
    links = []
    for t in targets:
        found = [r for r in results.get((t.concept, t.place, t.year), ()) if _later(r, t)]
        for r in found:
            links.append(Link(t.iri, r.iri, compare(t, r, vocab)))
        if not found and any(_later(r, t) for r in reported_years.get((t.place, t.year), ())):
            links.append(Link(t.iri, None, "not-reported"))
    return sorted(set(links), key=lambda x: (x.target, x.result or ""))


def link_triples(links: Iterable[Link]) -> Iterator[tuple]:
    """kg:reportsOn and the kg:FollowThrough nodes of some links."""
    for link in links:
        target = URIRef(link.target)
        node = iris.follow_through_iri(link.target, link.result)
        yield (node, RDF.type, KG.FollowThrough)
        yield (node, KG.followsTarget, target)
        yield (node, KG.status, STATUS_TERMS[link.status])
        if link.result is not None:
            result = URIRef(link.result)
            yield (result, KG.reportsOn, target)
            yield (result, KG.targetKind, Literal(ACHIEVEMENT))  # as its document says: the graph validates alone
            yield (node, KG.reportedBy, result)
            yield (node, PROV.wasDerivedFrom, target)
            yield (node, PROV.wasDerivedFrom, result)
        if link.status in ("reached", "missed"):
            yield (node, KG.met, Literal(link.status == "reached", datatype=XSD.boolean))


# --- reading the figures ---------------------------------------------------------------------

def _number(text: str | None) -> float | None:
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    return int(text[:4]) if text and text[:4].isdigit() else None


def figure_props(triples: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """What :func:`figures_from_triples` reads of some triples: subject -> field -> value.

    Only the predicates of :data:`PREDICATES` are read; other triples are ignored.
    """
    props: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in triples:
        name = PREDICATES.get(p)
        if name is not None:  # one value per field; the least, should a graph repeat one
            props[s][name] = min(o, props[s].get(name, o))
    return props


def merge_props(parts: Iterable[dict[str, dict[str, str]]]) -> dict[str, dict[str, str]]:
    """The :func:`figure_props` of several graphs together (as of the triples of all of them)."""
    props: dict[str, dict[str, str]] = {}
    for part in parts:
        for s, fields in part.items():
            held = props.get(s)
            if held is None:
                props[s] = dict(fields)
                continue
            for name, o in fields.items():
                held[name] = min(o, held.get(name, o))
    return props


def figures_from_props(props: dict[str, dict[str, str]]) -> list[Figure]:
    """The figures of :func:`figure_props`, in IRI order."""
    figures = []
    for s in sorted(props):
        d = props[s]
        if "kind" not in d or "plan" not in d:
            continue
        plan = props.get(d["plan"], {})
        figures.append(Figure(
            iri=s, kind=d["kind"], concept=d.get("concept"), year=_year(d.get("year")),
            value=_number(d.get("value")), low=_number(d.get("low")), high=_number(d.get("high")),
            unit=d.get("unit"), comparator=d.get("comparator", "="), change=d.get("change"),
            plan=d["plan"], date=plan.get("date"), place=plan.get("place")))
    return figures


def figures_from_triples(triples: Iterable[tuple[str, str, str]]) -> list[Figure]:
    """The figures of ``(subject, predicate, object)`` text triples (IRIs and lexical forms).

    Only the predicates of :data:`PREDICATES` are read; other triples are ignored.
    """
    return figures_from_props(figure_props(triples))


def figures_from_graph(graph) -> list[Figure]:
    """The figures of an rdflib graph or dataset (its union)."""
    triples = graph.quads((None, None, None, None)) if hasattr(graph, "quads") and hasattr(graph, "contexts") \
        else ((s, p, o, None) for s, p, o in graph)
    return figures_from_triples((str(s), str(p), str(o)) for s, p, o, _ in triples if str(p) in PREDICATES)


def follow_through_graph(graph, vocab: IndicatorVocabulary | None = None) -> Graph:
    """The follow-through triples of an rdflib graph or dataset, as a new graph."""
    out = Graph()
    out.addN((s, p, o, out) for s, p, o in link_triples(follow_through(figures_from_graph(graph), vocab)))
    return out


_WANTED = tuple(f" <{p}> ".encode() for p in PREDICATES)
"""What an N-Quads line whose predicate is one of :data:`PREDICATES` holds."""


def _figure_lines(nquads: bytes) -> bytes:
    """The lines of some N-Quads that :func:`figures_from_triples` reads (a byte search: about 0.002 CPU s per MB)."""
    from ..readers.provenance import lines_with

    return lines_with(nquads, _WANTED)


def _props_of(nquads: bytes) -> dict[str, dict[str, str]]:
    """The :func:`figure_props` of some N-Quads (their figure lines alone are parsed)."""
    import pyoxigraph

    kept = _figure_lines(nquads)
    if not kept:
        return {}
    return figure_props((q.subject.value, q.predicate.value, q.object.value)
                        for q in pyoxigraph.parse(input=kept, format=pyoxigraph.RdfFormat.N_QUADS))


def _links_nquads(parts: Iterable[dict[str, dict[str, str]]], graph_name: str | None = None) -> bytes:
    """Sorted N-Quads of the follow-through graph of the :func:`figure_props` of several documents."""
    from . import serialize

    figures = figures_from_props(merge_props(parts))
    links = follow_through(figures)
    log.info("follow-through: %d link(s) over %d figure(s)", len(links), len(figures))
    text = serialize.ntriples(link_triples(links))
    return serialize.nquads({graph_name or str(iris.FOLLOW_THROUGH_GRAPH): text}).encode("utf-8")


FIGURES_ENTRY = "derived/figures/"
"""Where a document's figure properties are cached beside its entry (JSON), under the entry's
key: a rebuild reads these small files, never every cached graph."""


def save_figure_props(cache_dir: str | Path, stem: str, key: str, nquads: bytes) -> dict[str, dict[str, str]]:
    """Cache the figure properties of a document's entry just written (``nquads``, its body), so
    that :func:`follow_through_entries` need not read the entry again; return them."""
    import json

    from . import cache

    props = _props_of(nquads)
    text = json.dumps(props, ensure_ascii=False, sort_keys=True)
    cache.write_entry(cache_dir, FIGURES_ENTRY + stem, key, text.encode("utf-8"))
    return props


def _cached_props(cache_dir: Path, path: Path, key: str) -> dict[str, dict[str, str]]:
    import json

    from . import cache

    doc_stem = path.name.removesuffix(".nq")
    kept = cache.read_entry(cache_dir, FIGURES_ENTRY + doc_stem, key)
    if kept is not None:
        try:
            return json.loads(kept)
        except ValueError:
            pass
    return save_figure_props(cache_dir, doc_stem, key, cache.read_entry(cache_dir, doc_stem, key) or b"")


FOLLOW_THROUGH_ENTRY = "derived/follow-through"
"""The cache entry of the follow-through graph (not a possible document stem: stems have no ``/``)."""


def follow_through_entries(cache_dir: str | Path, entries: list[tuple[str, Path, str]]) -> list[tuple[str, Path, str]]:
    """The build entry ``(graph IRI, N-Quads file, key)`` of the follow-through graph of ``entries``.

    An empty list when there is no link (a build without follow-through has no such
    graph). The key is a digest of the keys of the entries it is computed from: the
    graph is computed again only when a document (or the code) changed, else read from
    the cache.
    """
    import hashlib

    from . import cache

    h = hashlib.sha256(b"follow-through\n")
    for name, _, key in sorted(entries):
        h.update(f"{name} {key}\n".encode())
    key = h.hexdigest()
    body = cache.read_entry(cache_dir, FOLLOW_THROUGH_ENTRY, key)
    if body is None:
        body = _links_nquads(_cached_props(Path(cache_dir), Path(path), k)
                             for name, path, k in sorted(entries) if name != str(iris.ONTOLOGY_GRAPH))
        cache.write_entry(cache_dir, FOLLOW_THROUGH_ENTRY, key, body)
    if not body.strip():
        return []
    return [(str(iris.FOLLOW_THROUGH_GRAPH), cache.entry_path(cache_dir, FOLLOW_THROUGH_ENTRY), key)]
