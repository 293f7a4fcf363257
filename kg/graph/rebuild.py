"""What a rebuild reads from the store: what the changed graphs alone hold, and the
cross-document checks, over the whole store or only over the nodes the changed graphs touch.

A one-plan rebuild of a large corpus must not cost the corpus: its counts are the previous
build's, minus what only the plan's old graph held, plus what only its new graph holds
(:func:`graph_delta`), and the cross-document checks run over the shared nodes (units,
places, collectives ...) of the old and new graphs alone (:func:`cross_document_checks`),
keeping the previous report's findings on every other node.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from rdflib import Graph as RdfGraph
from rdflib import URIRef

from ..namespaces import bind_prefixes
from .store_sync import GraphSource, sync_store
from .validate_cross import DOCUMENT_SCOPED, cross_document_report, oxigraph_select
from .validation_report import ValidationReport, combine_reports

__all__ = ["INCREMENTAL_MAX_GRAPHS", "SCOPED_MAX_NODES", "cross_document_checks", "graph_delta", "reading",
           "restricted_select", "whole_cross_checks"]


INCREMENTAL_MAX_GRAPHS = 50
"""A rebuild changing at most this many graphs updates the counts and the cross-document checks
from those graphs alone; more, and they are computed over the whole corpus."""
SCOPED_MAX_NODES = 5000
"""Shared nodes touched by the changed graphs above which the cross-document checks run whole."""


def graph_values(graphs: Iterable[str]) -> str:
    return "VALUES ?g { " + " ".join(f"<{g}>" for g in sorted(graphs)) + " }"


def graph_delta(select, graphs: list[str]) -> tuple[int, dict[str, int], set[str]]:
    """What ``graphs`` alone hold in the store: triples and typed instances no other graph has, and shared nodes.

    Shared nodes are subjects outside :data:`~kg.graph.validate_cross.DOCUMENT_SCOPED`
    (units, places, collectives ...), the nodes a cross-document check can fault.
    """
    if not graphs:
        return 0, {}, set()
    values = graph_values(graphs)
    others = f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h NOT IN ({', '.join(f'<{g}>' for g in graphs)})) }}"
    triples = int(select(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {values} "
                         f"GRAPH ?g {{ ?s ?p ?o }} {others} }} }}")[0]["n"])
    others_typed = others.replace("?p ?o", "a ?c")
    instances = {row["c"]: int(row["n"]) for row in select(
        f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?c WHERE {{ {values} GRAPH ?g {{ ?s a ?c }} "
        f"{others_typed} }} }} GROUP BY ?c")}
    nodes = {row["s"] for row in select(
        f"SELECT DISTINCT ?s WHERE {{ {values} GRAPH ?g {{ ?s ?p ?o }} FILTER (isIRI(?s) && "
        f"!STRSTARTS(STR(?s), \"{DOCUMENT_SCOPED}\")) }}")}
    return triples, instances, nodes


@contextmanager
def reading(store_path: Path):
    """``select`` over the Oxigraph store at ``store_path``, opened read-only for the block."""
    import pyoxigraph

    holder = [pyoxigraph.Store.read_only(str(store_path))]
    try:
        yield oxigraph_select(holder[0])
    finally:
        holder.clear()  # the last reference: the store closes
        gc.collect()


CHECK_ANCHOR = "WHERE { ?s <"
"""Where :meth:`CrossCheck.sparql` reads the values of ``?s``: a ``VALUES`` clause before it
restricts the check to given nodes."""
SHARED_ANCHOR = "SELECT ?s WHERE { ?s a <"
"""The question whether a class has instances outside one document (asked before its checks):
for given nodes, asked of those nodes alone (a check of the others finds nothing new)."""


def restricted_select(select, nodes: Iterable[str]):
    """``select`` whose cross-document check queries see only ``nodes`` as ``?s``."""
    values = "VALUES ?s { " + " ".join(f"<{n}>" for n in sorted(nodes)) + " } "

    def scoped(text: str) -> list[dict]:
        if CHECK_ANCHOR in text:
            text = text.replace(CHECK_ANCHOR, CHECK_ANCHOR[:-4] + values + CHECK_ANCHOR[-4:], 1)
        elif text.startswith(SHARED_ANCHOR):
            text = text.replace(SHARED_ANCHOR, SHARED_ANCHOR[:-6] + values + SHARED_ANCHOR[-6:], 1)
        return select(text)

    return scoped


QUERY_THREADS = 2
"""Cross-document check queries answered at once (Oxigraph evaluates them without Python's lock)."""


def concurrent_select(select, threads: int = QUERY_THREADS, shared_classes: set[str] | None = None):
    """``select`` whose cross-document check queries were all answered beforehand, ``threads`` at once.

    Only the checks of classes with instances outside one document are asked (as
    :func:`~kg.graph.validate_cross.cross_document_report` does); other queries go to ``select``.
    ``shared_classes``, when known (:class:`kg.graph.counts.CorpusStats`), answers which
    classes those are without scanning their instances.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .validate_cross import _shared_instances, cross_checks

    answers: dict[str, list[dict]] = {}

    def answered(text: str) -> list[dict]:
        found = answers.get(text)
        if found is None:
            found = answers[text] = select(text)
        return found

    checks = cross_checks()
    if shared_classes is not None:
        for target in {c.target for c in checks}:
            asked: list[str] = []
            _shared_instances(lambda text, asked=asked: asked.append(text) or [], target)
            answers[asked[0]] = [{"s": ""}] if target in shared_classes else []
    shared = {t for t in sorted({c.target for c in checks}) if _shared_instances(answered, t)}
    queries = [c.sparql() for c in checks if c.target in shared]
    with ThreadPoolExecutor(max(1, threads)) as pool:
        answers.update(zip(queries, pool.map(select, queries), strict=True))
    return answered


def cross_document_checks(select, known, nodes: set[str] | None, previous: ValidationReport | None) -> ValidationReport:
    """The cross-document checks: over every shared node, or over ``nodes`` only, keeping the
    ``previous`` report's violations of the other nodes."""
    if nodes is None or previous is None:
        return cross_document_report(concurrent_select(select), known)
    names = bind_prefixes(RdfGraph()).namespace_manager
    touched = {names.normalizeUri(URIRef(n)) for n in nodes}
    seen = {(v.focus, v.path) for v in known}
    kept = [v for v in previous.violations if v.focus not in touched and (v.focus, v.path) not in seen]
    fresh = cross_document_report(concurrent_select(restricted_select(select, nodes)), known) if nodes else None
    return combine_reports([ValidationReport(conforms=not kept, violations=tuple(kept)),
                            *([fresh] if fresh is not None else [])], triples=0)


def whole_cross_checks(store_path: Path | None, endpoint: str | None, graphs: dict[str, GraphSource],
                        scratch_dir: Path, known, shared_classes: set[str] | None = None,
                        candidates=None) -> ValidationReport:
    """The cross-document checks over the store, the server, or a scratch store of the entries
    (``shared_classes``: see :func:`concurrent_select`). ``candidates``, the nodes given too
    many values found as the union was counted (:class:`kg.graph.crosscheck.Candidates`),
    restricts the checks over the store to those nodes, unless there are more than
    :data:`SCOPED_MAX_NODES`."""
    if endpoint:
        from .store import remote_dataset

        ds = remote_dataset(endpoint)

        def select(text):
            return [{str(k): str(v) for k, v in row.asdict().items()} for row in ds.query(text)]

        try:
            return cross_document_report(select, known)
        finally:
            ds.close()

    if candidates is not None and store_path is not None and len(candidates.nodes) <= SCOPED_MAX_NODES:
        with reading(store_path) as select:
            return cross_document_checks(select, known, candidates.nodes, ValidationReport(conforms=True))
    scratch = None
    if store_path is None:
        scratch = scratch_dir / "scratch-store"
        store_path = sync_store(scratch, graphs).path
    try:
        with reading(store_path) as select:
            return cross_document_report(concurrent_select(select, shared_classes=shared_classes), known)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
