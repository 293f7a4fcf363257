"""The typed graph of :func:`kg.analysis.convert.to_networkx`: its nodes, attributes and edges.

A dataset opened from a build folder (whose cached N-Quads entries hold what its store
holds, see :func:`kg.analysis.rdfread.named_entry_files`) is read one entry, that is one
document's named graph, at a time. The nodes that belong to a document (its plan, and the
goals, sections, tasks, assignments, targets, projects and evidence spans under the plan's
IRI) are made from that entry alone, which is then let go of. The nodes documents share
(units, collectives, places, enterprises, department types) gather their values from
every entry and are made at the end. The ontology and follow-through graphs are read
first, and what they say of a document's nodes joins that document's entry. So memory is
that of the graph being made plus one document, and the result is the same as reading the
union of the entries through one :class:`~kg.analysis.rdfread.Index`, which is how any
other graph is read.

Nodes are added by kind (:data:`~kg.analysis.nodes.KINDS`), then IRI; relation edges by
relation, subject and object; role edges by task, agent and role.

>>> home("https://w3id.org/kg-policy/id/plan/a/task/12"), home("https://w3id.org/kg-policy/id/plan/a#char=1,4")
('a', 'a')
>>> home("https://w3id.org/kg-policy/id/unit/x/y") is None
True
"""

from __future__ import annotations

import logging
from collections import defaultdict

import networkx as nx
from rdflib import URIRef

from ..graph.iris import FOLLOW_THROUGH_GRAPH, ONTOLOGY_GRAPH
from ..namespaces import KGR
from ..roles import ROLE_PROPERTIES, role_of
from .graphs import SharedAttrs
from .nodes import KG, KIND_RANK, KINDS, OA, RDF, RDFS, READ, RELATIONS, SKOS, dept_labels, evidence, node_attrs
from .rdfread import Index, _add, named_entry_files, objects_of, read_entries

log = logging.getLogger("kg.analysis")

__all__ = ["typed_graph", "home"]

TYPE_OBJECTS = {RDF.type: [cls for cls, _ in KINDS]}
"""Of rdf:type, only the classes of the node kinds are read."""

PLAN_PREFIX = str(KGR) + "plan/"
GRAPH_PREFIX = str(KGR) + "graph/"

EXTRA_GRAPHS = (str(ONTOLOGY_GRAPH), str(FOLLOW_THROUGH_GRAPH))
"""The named graphs of a build that are no document's: read before the documents."""


def home(iri: str) -> str | None:
    """The plan a node belongs to (the part of its IRI after ``plan/``), or None for a node documents share."""
    if not iri.startswith(PLAN_PREFIX):
        return None
    rest = iri[len(PLAN_PREFIX):]
    cuts = [i for i in (rest.find("/"), rest.find("#")) if i >= 0]
    return rest[:min(cuts)] if cuts else rest


_starts = str.startswith  # rdflib's own startswith costs more, and is the same for an IRI


def _is_local(term) -> bool:
    return type(term) is URIRef and _starts(term, PLAN_PREFIX)


def _is_shared(term) -> bool:
    return not _is_local(term)


def _every(term) -> bool:
    return True


def _kept(shared: dict, value):
    """``value``, or the equal value kept before (strings, tuples and ints: of one type, so 1 is never True)."""
    return shared.setdefault(value, value) if type(value) in (str, tuple, int) else value


class _Made:
    """What the typed graph is made of, gathered part by part (see the module documentation)."""

    def __init__(self):
        self.rank: dict = {}  # node id -> rank of its kind in KINDS
        self.attrs: dict = {}  # node id -> attributes
        self.issuers: dict = {}  # plan node id -> its issuer (a term), whose label is its jurisdiction
        self.relations: set = set()  # (rank of the relation in RELATIONS, subject id, object id)
        self.roles: dict = {}  # (task id, agent id, role) -> surface and span of the assignment
        self.kept: dict = {}  # equal strings and tuples held once

    def add(self, idx: Index, wanted, labels=None) -> None:
        """The nodes, relations and role assignments of the subjects of ``idx`` that ``wanted`` accepts."""
        kept = self.kept
        for s, classes in idx.items(RDF.type):
            if not (isinstance(s, URIRef) and wanted(s)):
                continue
            rank = min((KIND_RANK[c] for c in classes if c in KIND_RANK), default=None)
            if rank is None:
                continue
            kind = KINDS[rank][1]
            key = _kept(kept, str(s))
            self.rank[key] = rank
            self.attrs[key] = {k: _kept(kept, v) for k, v in node_attrs(idx, s, kind, labels).items()}
            if kind == "plan":
                self.issuers[key] = idx.one(s, KG.issuer)
        for r, (predicate, _) in enumerate(RELATIONS):
            for s, objects in idx.items(predicate):
                if isinstance(s, URIRef) and wanted(s):
                    for o in objects:
                        if isinstance(o, URIRef):
                            self.relations.add((r, _kept(kept, str(s)), _kept(kept, str(o))))
        roles = self.roles
        for task, assignments in idx.items(KG.hasAssignment):
            if not (isinstance(task, URIRef) and wanted(task)):
                continue
            for a in assignments:
                role = role_of(idx.one(a, KG.role))
                agent = idx.one(a, KG.agent)
                if role is None or not isinstance(agent, URIRef):
                    continue
                info = {"surface": idx.text(a, KG.surface), **evidence(idx, a)}
                key = (_kept(kept, str(task)), _kept(kept, str(agent)), role)
                if key not in roles or (info.get("start") or 0) < (roles[key].get("start") or 0):
                    roles[key] = info
        for role, predicate in ROLE_PROPERTIES.items():  # the direct properties, same roles
            for task, agents in idx.items(predicate):
                if isinstance(task, URIRef) and wanted(task):
                    for agent in agents:
                        if isinstance(agent, URIRef):
                            roles.setdefault((_kept(kept, str(task)), _kept(kept, str(agent)), role), {})

    def state(self) -> tuple:
        """What was gathered, to be merged into another :class:`_Made` (from a worker process)."""
        return self.rank, self.attrs, self.issuers, self.relations, self.roles

    def merge(self, state: tuple) -> None:
        """Add what another :class:`_Made` gathered (:meth:`state`), its strings kept once with these."""
        rank, attrs, issuers, relations, roles = state
        kept = self.kept
        for key, values in attrs.items():
            node = _kept(kept, key)
            self.rank[node] = rank[key]
            self.attrs[node] = {k: _kept(kept, v) for k, v in values.items()}
        for key, issuer in issuers.items():
            self.issuers[_kept(kept, key)] = issuer
        self.relations.update((r, _kept(kept, s), _kept(kept, o)) for r, s, o in relations)
        for (task, agent, role), info in roles.items():
            self.roles.setdefault((_kept(kept, task), _kept(kept, agent), role), info)  # a task is one document's

    def graph(self, shared: Index) -> nx.MultiDiGraph:
        """The typed graph; each plan's jurisdiction is its issuer's label in ``shared``."""
        for plan, issuer in self.issuers.items():
            self.attrs[plan]["jurisdiction"] = (
                _kept(self.kept, shared.text(issuer, RDFS.label, SKOS.prefLabel)) if issuer else None)
        G = nx.MultiDiGraph()
        for key in sorted(self.attrs, key=lambda k: (self.rank[k], k)):
            G.add_node(key)
            G._node[key] = self.attrs.pop(key)  # the dict itself, let go of here
        del self.attrs
        relations = [SharedAttrs(rel=rel) for _, rel in RELATIONS]  # one dict for every edge of a relation
        for r, s, o in sorted(self.relations):
            if s in G._node and o in G._node:
                rel = RELATIONS[r][1]
                G.add_edge(s, o, key=rel)
                G._adj[s][o][rel] = relations[r]
        del self.relations
        kinds = {n: k for n, k in G.nodes(data="kind")}
        kept = self.kept
        for key in sorted(self.roles):
            task, agent, role = key
            info = self.roles.pop(key)  # let go of each as its edge is made
            if kinds.get(task) == "task" and kinds.get(agent) in ("unit", "collective"):
                G.add_edge(agent, task, key=role, rel=role, role=role, surface=_kept(kept, info.get("surface")),
                           quote=_kept(kept, info.get("quote")), start=_kept(kept, info.get("start")),
                           end=_kept(kept, info.get("end")))
        return G


def _labels(idx: Index):
    found: list = []

    def labels() -> dict:
        if not found:
            found.append(dept_labels(idx))
        return found[0]

    return labels


def typed_graph(graph, workers: int = 1) -> nx.MultiDiGraph:
    """The typed graph of an RDF graph in kg's layout (see the module documentation).

    With ``workers`` > 1, a build's entries are read by that many processes, in chunks of
    documents; the graph is the same.
    """
    named = named_entry_files(graph)
    if named is not None:
        made = _Made()
        try:
            shared = _read_entries(named, made, workers)
        except (OSError, SyntaxError) as exc:  # an entry went away or changed meanwhile: read the store
            log.warning("reading the store instead of the build's entries (%s)", exc)
        else:
            made.add(shared, _is_shared, _labels(shared))
            return made.graph(shared)
    idx = Index(graph, predicates=READ, objects=TYPE_OBJECTS)
    made = _Made()
    made.add(idx, _every, _labels(idx))
    return made.graph(idx)


CHUNK = 25
"""Documents a worker reads at a time (:func:`typed_graph` with workers)."""


def _read_entries(named: list, made: _Made, workers: int = 1) -> Index:
    """Read the entries one by one into ``made`` (each document's own nodes); the index of the shared nodes."""
    shared: dict = {p: {} for p in READ}
    stash: dict = defaultdict(lambda: {p: {} for p in READ})  # plan -> what the extra graphs say of its nodes
    for name, path in named:
        if name in EXTRA_GRAPHS:
            for predicate, held_by in read_entries([path], READ, {}, TYPE_OBJECTS).items():
                for s, held in held_by.items():  # one pass: each subject to the shared index or its plan's stash
                    into = stash[home(s)][predicate] if _is_local(s) else shared[predicate]
                    for o in objects_of(held):
                        _add(into, s, o)
    documents = [(name, path, stash.pop(name[len(GRAPH_PREFIX):], {}) if name.startswith(GRAPH_PREFIX) else None)
                 for name, path in named if name not in EXTRA_GRAPHS]  # None: the plan is known once read
    if stash and any(not name.startswith(GRAPH_PREFIX) for name, _, _ in documents):
        workers = 1  # a document graph not named after its plan: its plan is known once it is read
    if workers > 1 and len(documents) > CHUNK:
        from concurrent.futures import ProcessPoolExecutor

        from ..extract.workers import _fork_context

        chunks = [documents[i:i + CHUNK] for i in range(0, len(documents), CHUNK)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=_fork_context()) as pool:
            for part, part_shared in pool.map(_read_chunk, chunks):
                made.merge(part)
                _merge(shared, part_shared)
    else:
        for name, path, extra in documents:
            _read_document(name, path, extra, stash, made, shared)
    for maps in stash.values():  # extra graphs' facts of documents not read (none in a build)
        made.add(Index.of_maps(maps), _is_local)
    return Index.of_maps(shared)


def _read_chunk(documents: list) -> tuple:
    """Read some documents in a worker process: what :meth:`_Made.merge` and :func:`_merge` take."""
    made, shared = _Made(), {p: {} for p in READ}
    for name, path, extra in documents:
        _read_document(name, path, extra, {}, made, shared)
    return made.state(), shared


def _merge(into: dict, maps: dict, wanted=_every) -> None:
    """Add the values of ``maps`` (predicate -> {subject: held}) to ``into``, of the subjects ``wanted`` accepts."""
    for predicate, held_by in maps.items():
        target = into[predicate]
        for s, held in held_by.items():
            if wanted(s):
                for o in objects_of(held):
                    _add(target, s, o)


def _read_document(name: str, path, extra: dict | None, stash: dict, made: _Made, shared: dict) -> None:
    """One document's entry: its own nodes into ``made``, the values of shared nodes into ``shared``.

    ``extra`` is what the extra graphs say of its nodes; when it is None (the document's
    plan is not known from its graph's name), the plans of the nodes read take theirs from
    ``stash`` (plan -> such facts).
    """
    maps = read_entries([path], READ, {}, TYPE_OBJECTS)
    _merge(shared, maps, _is_shared)
    extras = [extra] if extra else []
    if extra is None and stash:
        extras = [stash.pop(plan) for plan in {home(s) for held_by in maps.values() for s in held_by
                                               if _is_local(s)} if plan in stash]
    for facts in extras:
        _merge(maps, facts)
    idx = Index.of_maps(maps)
    made.add(idx, _is_local)
    for s, spans in idx.items(KG.evidence):  # a shared node's evidence span is a document's node
        if not _is_local(s):
            for span in spans:
                for predicate in (OA.start, OA.end, OA.exact):
                    for o in objects_of(maps[predicate].get(span)):
                        _add(shared[predicate], span, o)
