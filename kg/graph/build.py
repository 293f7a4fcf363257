"""Build the graph: documents -> (cached) N-Quads -> files, validation and a store.

:func:`build_graph` is what ``kg build`` runs. Its cost grows with the corpus
linearly and its memory is bounded by one document plus the store's own:

1. the output folder is locked (:func:`output_lock`): a second build into it fails
   at once with a clear message;
2. every document under ``paths`` is read and its key computed (bytes, manifest
   row, code fingerprint); a document whose entry is in ``out/cache/`` is not
   extracted again; the others go through :func:`document_graph` (in ``workers``
   processes, results written to the cache as they come back): the sorted N-Quads
   of its named graph ``kgr:graph/<stem>`` and its SHACL report. As each entry comes
   back, the main process makes what the whole-corpus stages need of it while the
   others are extracted: its text (``texts/``), its figures (follow-through), its
   part of the union counts (:mod:`kg.graph.counts`), and, when the store is to be
   loaded afresh, it is bulk-loaded into the new store by a thread;
3. nothing is written when no document could be read;
4. on request (``files``), the entries (and the ontology's graph
   ``kgr:graph/ontology``) are merged into ``graph.nq`` (sorted lines) and the sorted
   union of their triples, from which pyoxigraph writes ``graph.ttl``; ``graph.trig``
   (graphs in IRI order) and ``graph.jsonld`` are streamed from the entries
   (:mod:`kg.graph.corpus_files`);
5. the embedded Oxigraph store ``out/store`` is synchronised: changed graphs are
   replaced in place (the store is marked incomplete meanwhile), or the whole
   store is bulk-loaded beside the old one and switched in (see
   :func:`kg.graph.store_sync.sync_store`); or the graphs go to a SPARQL server;
6. the per-document reports and the cross-document checks (SPARQL over the store)
   make ``validation.txt``; the files are renamed into place last.

A build whose documents, code and options are those of the previous build (the
state in ``build-state.json``) rewrites nothing. A document that cannot be read is
reported (``errors``) and the others are still built; :attr:`BuildResult.exit_code`
is then 2.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..output import write_atomic
from ..readers.provenance import TEXTS_DIR, texts_of
from . import cache, iris
from .build_documents import Job, Preload
from .build_documents import ontology_entry as _ontology_entry
from .build_documents import prepare_jobs as _prepare
from .build_documents import process_jobs as _process
from .build_documents import progress_bar as _progress
from .build_folder import (
    LOCK_WAIT,
    STATE_FILE,
    VALIDATION_FILE,
    BuildLockedError,
    output_lock,
    read_build_state,
)
from .build_folder import graph_signature as _signature
from .build_folder import relative_path as _relative
from .build_result import COUNTED, COUNTED_IRIS, BuildResult, NoDocumentsError, NoReadableDocumentsError
from .corpus_files import (
    AUTO_FILES_MAX_DOCUMENTS,
    DEFAULT_FILES,
    OUTPUT_FILES,
    file_kinds,
)
from .corpus_files import save_texts as _save_texts
from .corpus_files import write_files as _write_files
from .counts import corpus_stats, save_summary
from .crosscheck import Candidates
from .docgraph import DocumentGraph, document_graph
from .followthrough import follow_through_entries, save_figure_props
from .rebuild import INCREMENTAL_MAX_GRAPHS, SCOPED_MAX_NODES
from .rebuild import cross_document_checks as _cross_document
from .rebuild import graph_delta as _graph_delta
from .rebuild import reading as _reading
from .rebuild import whole_cross_checks as _whole_cross_checks
from .store import STORE_DIR, default_update_endpoint
from .store_remote import load_remote, put_graphs
from .store_sync import GraphSource, read_state, sync_store
from .validate import (
    combine_reports,
    report_from_dict,
    report_to_dict,
)

__all__ = ["AUTO_FILES_MAX_DOCUMENTS", "DEFAULT_FILES", "OUTPUT_FILES", "BuildLockedError", "BuildResult",
           "DocumentGraph", "build_graph", "document_graph", "file_kinds", "output_lock"]

log = logging.getLogger("kg.graph.build")


def _union_stats(entries: list[tuple[str, Path, str]], cache_dir: Path, stems: dict[str, str], on_triple=None):
    """The union's statistics without writing a file, from each document's summary (:mod:`kg.graph.counts`)."""
    return corpus_stats(cache_dir, entries, stems, COUNTED_IRIS, on_triple=on_triple)


def build_graph(
    paths: Iterable[str | os.PathLike] = ("corpus",),
    out: str | os.PathLike = "build",
    workers: int = 1,
    validate: bool = True,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    jsonld: bool = False,
    use_cache: bool = True,
    store: bool = True,
    progress: bool = False,
    engine: str = "local",
    scheduler: str | None = None,
    gsp: str | None = None,
    timeout: float = 60.0,
    files: str | Iterable[str] | None = "auto",
    wait: float = LOCK_WAIT,
) -> BuildResult:
    """Build the graph of the documents under ``paths`` into ``out`` (see the module doc).

    ``progress`` shows progress bars on stderr for extraction and loading. ``engine``
    ``"dask"`` (implied by a Dask ``scheduler`` address) extracts on a Dask cluster
    (:mod:`kg.graph.engine`). With ``endpoint`` and ``gsp`` (the server's Graph Store
    Protocol URL), each named graph is sent with one HTTP PUT (``timeout`` seconds each).
    ``files`` chooses the whole-corpus files (:func:`file_kinds`: ``"auto"``, ``"none"``,
    ``"all"`` or kinds such as ``"nq,ttl"``). While another build writes ``out``, wait up
    to ``wait`` seconds for it.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    out = Path(out)
    file_kinds(files, 0)  # a wrong kind is a usage error before anything is read
    with output_lock(out, wait=wait):
        return _build_locked(paths, out, max(1, int(workers)), validate, endpoint, update_endpoint, jsonld,
                             use_cache, store, progress, {"engine": engine, "scheduler": scheduler},
                             {"gsp": gsp, "timeout": timeout}, files)


def _build_locked(paths, out: Path, workers, validate, endpoint, update_endpoint, jsonld, use_cache, store,
                  progress, engine, remote, files) -> BuildResult:
    cache_dir = out / cache.CACHE_DIR
    jobs = _prepare(paths, cache_dir, use_cache)
    if not jobs:
        raise NoDocumentsError(f"no documents found under {', '.join(map(str, paths))}")
    for stale in out.glob(".build-*"):  # left by a build that was stopped (the lock is ours now)
        shutil.rmtree(stale, ignore_errors=True)
    loader = Preload(out / STORE_DIR, jobs, cache_dir) if store and not endpoint else None
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        return _build_loading(paths, out, jobs, cache_dir, staging, loader, workers, validate, endpoint,
                              update_endpoint, jsonld, store, progress, engine, remote, files)
    finally:
        if loader is not None:
            loader.abort()
        shutil.rmtree(staging, ignore_errors=True)


def _build_loading(paths, out: Path, jobs: list[Job], cache_dir: Path, staging: Path, loader: Preload | None,
                   workers, validate, endpoint, update_endpoint, jsonld, store, progress, engine, remote,
                   files) -> BuildResult:
    ready: set[str] = set()  # documents whose text is in staging/texts already

    def extracted(job: Job, nquads: bytes) -> None:
        """What is made of each document as it comes back, while the others are extracted."""
        if loader is not None:
            loader.add(job)
        save_figure_props(cache_dir, job.stem, job.key, nquads)
        save_summary(cache_dir, job.stem, job.key, nquads, COUNTED_IRIS)
        for identifier, text in texts_of(nquads):
            write_atomic(staging / TEXTS_DIR / f"{iris.doc_stem(identifier)}.txt", text)
        ready.add(job.stem)

    work = _process(jobs, cache_dir, workers, validate, progress, engine, done=extracted)
    errors = []
    for job in jobs:
        if job.error is not None:
            log.error("%s", job.error)
            errors.append(job.error)
    good = sorted((j for j in jobs if j.error is None), key=lambda j: j.stem)
    if not good:
        listed = "; ".join(str(e) for e in errors[:5]) + (" ..." if len(errors) > 5 else "")
        raise NoReadableDocumentsError(f"no document could be read ({listed}); nothing was written")
    log.info("%d document(s): %d extracted, %d from cache, %d failed", len(jobs),
             sum(not j.cached for j in good), sum(j.cached for j in good), len(errors))

    ontology_key, ontology_report = _ontology_entry(cache_dir, validate)
    entries = [(str(iris.ONTOLOGY_GRAPH), cache.entry_path(cache_dir, cache.ONTOLOGY_ENTRY), ontology_key)]
    entries += [(str(iris.graph_iri(j.stem)), cache.entry_path(cache_dir, j.stem), j.key) for j in good]
    entries += follow_through_entries(cache_dir, entries)  # links targets to later results, across documents
    entries.sort(key=lambda e: e[0])
    signature = _signature(entries)
    kinds = file_kinds(files, len(good), jsonld)
    previous = read_build_state(out)
    unchanged = previous.get("signature") == signature
    current = set(previous.get("files", ())) if unchanged else set()
    to_write = [k for k in kinds if k not in current or not (out / OUTPUT_FILES[k]).is_file()]
    present = {k: out / OUTPUT_FILES[k] for k in OUTPUT_FILES if k in kinds or k in current}
    old_report = (previous.get("validation") if unchanged and (out / VALIDATION_FILE).is_file()
                  and previous.get("validation_code") == cache.validation_fingerprint() else None)

    graphs = {name: GraphSource(digest=key, path=path) for name, path, key in entries}
    before: dict[str, str] = previous.get("graphs") if isinstance(previous.get("graphs"), dict) else {}
    changed_graphs = sorted(n for n in graphs if before.get(n) != graphs[n].digest)
    gone_graphs = sorted(set(before) - set(graphs))
    store_dir = out / STORE_DIR
    # a few graphs changed in a store that holds the previous build: counts and checks from those graphs alone
    incremental = (not unchanged and store and not endpoint and bool(before) and "counts" in previous
                   and read_state(store_dir) == before
                   and len(changed_graphs) + len(gone_graphs) <= INCREMENTAL_MAX_GRAPHS)
    stems = {str(iris.graph_iri(j.stem)): j.stem for j in good}
    changed_docs = {stems[n] for n in changed_graphs if n in stems} if before else None

    store_path = None
    # the nodes the cross-document checks must ask about, found as the union's triples are counted
    candidates = Candidates() if validate else None
    on_triple = candidates.add if candidates is not None else None
    stats = _write_files(staging, entries, to_write, on_triple=on_triple) if to_write else None
    work["files_written"] = len(to_write)
    texts = not unchanged or not (out / TEXTS_DIR).is_dir()
    if texts:  # texts/<doc>.txt: each document's extracted text, which the evidence offsets index
        _save_texts(staging, out, [j.stem for j in good], cache_dir, changed_docs, ready)

    old_delta = (0, {}, set())
    if incremental:
        with _reading(store_dir) as select:
            old_delta = _graph_delta(select, changed_graphs + gone_graphs)

    work["graphs_loaded"] = work["graphs_removed"] = 0
    if endpoint and remote["gsp"]:
        requests = put_graphs(remote["gsp"], graphs, timeout=remote["timeout"])
        work["graphs_loaded"] = len(graphs)
        log.info("put %d graph(s) to %s", requests, remote["gsp"])
    elif endpoint:
        requests = load_remote(endpoint, graphs, update_endpoint or default_update_endpoint(endpoint))
        work["graphs_loaded"] = len(graphs)
        log.info("loaded %d graph(s) into %s (%d request(s))", len(graphs), endpoint, requests)
    elif store:
        with _progress(len(graphs), "loading", progress) as bar:
            synced = sync_store(store_dir, graphs, progress=bar.update,
                                preloaded=loader.take() if loader is not None else None)
        store_path = synced.path
        work["graphs_loaded"], work["graphs_removed"] = len(synced.loaded), len(synced.removed)

    touched = new_delta = None
    if incremental:
        with _reading(store_path) as select:
            new_delta = _graph_delta(select, [n for n in changed_graphs if n in graphs])
        touched = old_delta[2] | new_delta[2]
    if unchanged:
        triples, counts = previous["triples"], previous["counts"]
    elif stats is None and new_delta is not None:
        triples = previous["triples"] - old_delta[0] + new_delta[0]
        counts = {name: previous["counts"].get(name, 0) - old_delta[1].get(str(cls), 0)
                  + new_delta[1].get(str(cls), 0) for name, cls in COUNTED.items()}
    else:
        if stats is None:
            stats = _union_stats(entries, cache_dir, stems, on_triple=on_triple)
        triples = stats.triples
        counts = {name: stats.instances.get(str(cls), 0) for name, cls in COUNTED.items()}
    report = cross = None
    if validate and old_report is not None:
        report = report_from_dict(old_report)
        cross = previous.get("cross")
    elif validate:
        documents = [report_from_dict(r) for r in [ontology_report] + [j.report for j in good]]
        known = [v for r in documents for v in r.violations]
        old_cross = (report_from_dict(previous["cross"]) if incremental and isinstance(previous.get("cross"), dict)
                     and previous.get("validation_code") == cache.validation_fingerprint() else None)
        if old_cross is not None and touched is not None and len(touched) <= SCOPED_MAX_NODES:
            with _reading(store_path) as select:
                cross_report = _cross_document(select, known, touched, old_cross)
        else:
            cross_report = _whole_cross_checks(store_path, endpoint, graphs, staging, known,
                                               getattr(stats, "shared_classes", None),
                                               candidates=candidates if stats is not None else None)  # fed by a pass
        cross = report_to_dict(cross_report)
        report = combine_reports([*documents, cross_report], triples=triples)
        write_atomic(staging / VALIDATION_FILE, report.text(limit=None))
        (log.info if report.conforms else log.warning)("%s", report.text(limit=10).rstrip())
    if texts:  # the old folder moves aside, the new one in: never a mix of two builds' texts
        if (out / TEXTS_DIR).is_dir():
            os.replace(out / TEXTS_DIR, staging / f"{TEXTS_DIR}.old")
        os.replace(staging / TEXTS_DIR, out / TEXTS_DIR)
    if not unchanged or to_write or (validate and old_report is None):
        for name in [*(OUTPUT_FILES[k] for k in to_write), VALIDATION_FILE]:
            if (staging / name).is_file():
                os.replace(staging / name, out / name)
        stale = [OUTPUT_FILES[k] for k in OUTPUT_FILES if k not in present]
        if not unchanged and not validate:
            stale.append(VALIDATION_FILE)
        for name in stale:
            if (out / name).exists():
                (out / name).unlink()  # it described an earlier graph
                log.info("%s removed: it described an earlier graph (kg build --files writes it)", name)
        write_atomic(out / STATE_FILE, json.dumps({
            "signature": signature, "triples": triples, "counts": counts,
            "graphs": {name: src.digest for name, src in graphs.items()},
            "sources": {name: _relative(path, out) for name, path, _ in entries},
            "files": sorted(present),
            "validation_code": cache.validation_fingerprint(),
            "validation": None if report is None else report_to_dict(report),
            "cross": cross},
            ensure_ascii=False, indent=1, sort_keys=True) + "\n")

    return BuildResult(
        out=out,
        files=dict(present),
        documents=tuple(j.stem for j in good),
        counts=counts,
        triples=triples,
        extracted=tuple(j.stem for j in good if not j.cached),
        cached=tuple(j.stem for j in good if j.cached),
        errors=tuple(errors),
        store=store_path,
        endpoint=endpoint,
        validation=report,
        work=work,
    )

