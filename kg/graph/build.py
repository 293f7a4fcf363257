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
   :func:`kg.graph.store.sync_store`); or the graphs go to a SPARQL server;
6. the per-document reports and the cross-document checks (SPARQL over the store)
   make ``validation.txt``; the files are renamed into place last.

A build whose documents, code and options are those of the previous build (the
state in ``build-state.json``) rewrites nothing. A document that cannot be read is
reported (``errors``) and the others are still built; :attr:`BuildResult.exit_code`
is then 2.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..document import iter_paths
from ..errors import EXIT_LOAD, EXIT_OK, EXIT_USER, DocumentError, KgError
from ..namespaces import KG
from ..output import write_atomic
from ..readers.provenance import TEXTS_DIR, texts_of
from . import cache, iris, serialize
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
from .docgraph import DocumentGraph, document_graph, validate_nquads
from .engine import document_mapper
from .followthrough import follow_through_entries, save_figure_props
from .rebuild import INCREMENTAL_MAX_GRAPHS, SCOPED_MAX_NODES
from .rebuild import cross_document_checks as _cross_document
from .rebuild import graph_delta as _graph_delta
from .rebuild import reading as _reading
from .rebuild import whole_cross_checks as _whole_cross_checks
from .store import (
    STORE_DIR,
    FreshLoad,
    GraphSource,
    default_update_endpoint,
    load_remote,
    loads_afresh,
    put_graphs,
    read_state,
    sync_store,
)
from .validate import (
    ValidationReport,
    combine_reports,
    ontology_graph,
    report_from_dict,
    report_to_dict,
)

__all__ = ["AUTO_FILES_MAX_DOCUMENTS", "DEFAULT_FILES", "OUTPUT_FILES", "BuildResult", "DocumentGraph", "build_graph",
           "document_graph", "file_kinds", "output_lock"]

log = logging.getLogger("kg.graph.build")

VALIDATION_FILE = "validation.txt"
STATE_FILE = "build-state.json"
"""What the last complete build wrote: its signature, counts and combined report."""

COUNTED = {"plans": KG.Plan, "tasks": KG.Task, "units": KG.Unit, "collectives": KG.Collective,
           "targets": KG.Target, "projects": KG.Project, "places": KG.Place, "enterprises": KG.Enterprise}
"""Counts reported by a build: distinct instances of each class in the union graph."""
COUNTED_IRIS = tuple(str(cls) for cls in COUNTED.values())


class NoDocumentsError(KgError):
    """Nothing to build from: nothing was read (exit code 2, like a folder of files kg does not read)."""

    exit_code = EXIT_LOAD


class NoReadableDocumentsError(KgError):
    """Documents were given, but none could be read: nothing is written."""

    exit_code = EXIT_LOAD


class BuildLockedError(KgError):
    """Another build is writing the same output folder."""

    exit_code = EXIT_LOAD


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_graph` wrote and found.

    ``work`` counts what the build did: ``extracted`` and ``validated`` documents,
    ``files_written`` and ``graphs_loaded`` (into the store or the server).
    """

    out: Path
    files: dict[str, Path]
    documents: tuple[str, ...]
    counts: dict[str, int]
    triples: int
    extracted: tuple[str, ...] = ()
    cached: tuple[str, ...] = ()
    errors: tuple[DocumentError, ...] = ()
    store: Path | None = None
    endpoint: str | None = None
    validation: ValidationReport | None = field(default=None, repr=False)
    work: dict[str, int] = field(default_factory=dict)

    @property
    def conforms(self) -> bool | None:
        """SHACL conformance, or None when validation was skipped."""
        return None if self.validation is None else self.validation.conforms

    plans = property(lambda self: self.counts.get("plans", 0))
    tasks = property(lambda self: self.counts.get("tasks", 0))
    units = property(lambda self: self.counts.get("units", 0))
    collectives = property(lambda self: self.counts.get("collectives", 0))
    targets = property(lambda self: self.counts.get("targets", 0))
    projects = property(lambda self: self.counts.get("projects", 0))
    places = property(lambda self: self.counts.get("places", 0))

    @property
    def exit_code(self) -> int:
        """2 if a document could not be read, else 1 if the graph does not conform, else 0."""
        if self.errors:
            return EXIT_LOAD
        return EXIT_USER if self.conforms is False else EXIT_OK

    def summary(self) -> list[dict]:
        """Rows for :func:`kg.output.render`: what was built and where."""
        rows = [{"item": "documents", "value": len(self.documents)},
                {"item": "extracted", "value": len(self.extracted)},
                {"item": "from cache", "value": len(self.cached)},
                {"item": "errors", "value": len(self.errors)},
                {"item": "triples", "value": self.triples}]
        rows += [{"item": k, "value": v} for k, v in self.counts.items()]
        rows.append({"item": "conforms", "value": "skipped" if self.conforms is None else str(self.conforms).lower()})
        rows += [{"item": f"file {k}", "value": str(p)} for k, p in self.files.items()]
        if self.store is not None:
            rows.append({"item": "store", "value": str(self.store)})
        if self.endpoint is not None:
            rows.append({"item": "endpoint", "value": self.endpoint})
        return rows


# -- the output folder ---------------------------------------------------------------------


LOCK_WAIT = 300.0
"""Seconds a build waits for another build of the same output folder to finish (``kg build --wait``)."""
LOCK_POLL = 0.2


@contextmanager
def output_lock(out: Path, wait: float = 0.0) -> Iterator[Path]:
    """Hold an exclusive lock on the output folder (created if missing) while building into it.

    While another build holds it, wait up to ``wait`` seconds for it to finish (saying
    so once on the log), then raise :class:`BuildLockedError`. A folder this call
    created is removed again if the build left it empty.
    """
    import time

    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out}: the output folder cannot be created ({exc.strerror or exc})") from None
    fd = os.open(out, os.O_RDONLY)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    waited = f" (waited {wait:g} s)" if wait > 0 else ""
                    raise BuildLockedError(
                        f"{out}: another kg build is writing this folder{waited}; wait for it to finish "
                        f"(--wait SECONDS) or choose another --out"
                    ) from None
                if not told:
                    log.warning("%s: another kg build is writing this folder; waiting up to %g s for it", out, wait)
                    told = True
                time.sleep(LOCK_POLL)
        try:
            yield out
        finally:
            if created and not any(out.iterdir()):
                out.rmdir()
    finally:
        os.close(fd)


@dataclass
class _Job:
    path: Path
    stem: str
    plan: object = None
    key: str = ""
    error: DocumentError | None = None
    cached: bool = False
    report: dict | None = None


def _prepare(paths: Iterable[str | os.PathLike], cache_dir: Path, use_cache: bool) -> list[_Job]:
    """Read each document's bytes for its key and look it up in the cache (its first line only).

    Files inside the output folder (``cache_dir``'s parent) are outputs, never inputs.
    """
    from ..manifest import manifest_entry

    jobs: list[_Job] = []
    seen: dict[str, Path] = {}
    out = cache_dir.parent.resolve()
    for path in iter_paths(paths):
        if out in path.resolve().parents:
            continue
        job = _Job(path=path, stem=iris.doc_stem(path.name))
        jobs.append(job)
        if job.stem in seen:
            job.error = DocumentError(path, f"has the same name as {seen[job.stem]}; document names must be unique")
            continue
        seen[job.stem] = path
        try:
            data = path.read_bytes()
            job.plan = manifest_entry(path)
        except OSError:
            continue  # the worker reads it again and reports the problem in the usual words
        except KgError as exc:
            job.error = DocumentError(path, str(exc))
            continue
        job.key = cache.cache_key(job.stem, hashlib.sha256(data).hexdigest(), job.plan)
        job.cached = use_cache and cache.has_entry(cache_dir, job.stem, job.key)
    return jobs


def _progress(total: int, desc: str, enabled: bool):
    """A progress bar on stderr (documents done, rate, time left), or a silent stand-in."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", disable=not enabled, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def _process(jobs: list[_Job], cache_dir: Path, workers: int, validate: bool, progress: bool,
             engine: dict, done=None) -> dict[str, int]:
    """Extract what is not cached, validate what has no report; write each result to the cache as it comes.

    ``done(job, nquads)`` is called with each document extracted, once its entry is written.
    """
    tasks, owners = [], []
    for job in jobs:
        if job.error is not None:
            continue
        if not job.cached:
            tasks.append(("extract", str(job.path), job.plan, validate))
            owners.append(job)
        elif validate:
            job.report = cache.read_report(cache_dir, job.stem, job.key)
            if job.report is None:
                tasks.append(("validate", str(cache.entry_path(cache_dir, job.stem)), job.stem))
                owners.append(job)
    work = {"extracted": 0, "validated": 0}
    if not tasks:
        return work
    with document_mapper(workers=workers, **engine) as mapper, _progress(len(tasks), "extracting", progress) as bar:
        for job, task, outcome in zip(owners, tasks, mapper(tasks), strict=True):
            bar.update(1)
            if outcome.problem is not None:
                job.error = DocumentError(job.path, outcome.problem)
                continue
            if task[0] == "extract":
                work["extracted"] += 1
                cache.write_entry(cache_dir, job.stem, job.key, outcome.nquads)
                if done is not None:
                    done(job, outcome.nquads)
            if outcome.report is not None:
                work["validated"] += 1
                job.report = outcome.report
                cache.write_report(cache_dir, job.stem, job.key, outcome.report)
    return work


def _ontology_entry(cache_dir: Path, validate: bool) -> tuple[str, dict | None]:
    """The ontology's graph as a cache entry (written when missing); its key and report."""
    key = cache.code_fingerprint()
    if not cache.has_entry(cache_dir, cache.ONTOLOGY_ENTRY, key):
        text = serialize.ntriples(ontology_graph())
        cache.write_entry(cache_dir, cache.ONTOLOGY_ENTRY, key,
                          serialize.nquads({str(iris.ONTOLOGY_GRAPH): text}).encode("utf-8"))
    if not validate:
        return key, None
    report = cache.read_report(cache_dir, cache.ONTOLOGY_ENTRY, key)
    if report is None:
        report = validate_nquads(cache.read_entry(cache_dir, cache.ONTOLOGY_ENTRY, key))
        cache.write_report(cache_dir, cache.ONTOLOGY_ENTRY, key, report)
    return key, report


def _signature(entries: list[tuple[str, Path, str]]) -> str:
    """What the graph of a build depends on: every graph's key."""
    h = hashlib.sha256()
    for name, _, key in entries:
        h.update(f"{name} {key}\n".encode())
    return h.hexdigest()


def _relative(path: Path, out: Path) -> str:
    """``path`` relative to the build folder when it lies inside it (the folder can move), else absolute."""
    try:
        return Path(path).resolve().relative_to(out.resolve()).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def read_build_state(out: Path) -> dict:
    """What the last build into ``out`` recorded (:data:`STATE_FILE`); empty when there is none or it is unreadable."""
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


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
    loader = _Preload(out / STORE_DIR, jobs, cache_dir) if store and not endpoint else None
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        return _build_loading(paths, out, jobs, cache_dir, staging, loader, workers, validate, endpoint,
                              update_endpoint, jsonld, store, progress, engine, remote, files)
    finally:
        if loader is not None:
            loader.abort()
        shutil.rmtree(staging, ignore_errors=True)


class _Preload:
    """The store filled while the documents are extracted, when the build will load it afresh
    (:func:`kg.graph.store.loads_afresh`): each entry goes to a :class:`~kg.graph.store.FreshLoad`
    as it is written (cached ones first); :func:`sync_store` finishes it."""

    def __init__(self, store_dir: Path, jobs: list[_Job], cache_dir: Path):
        self.store_dir, self.cache_dir = store_dir, cache_dir
        self.fresh: FreshLoad | None = None
        digests = {str(iris.graph_iri(j.stem)): j.key for j in jobs if j.error is None and j.key}
        digests[str(iris.ONTOLOGY_GRAPH)] = cache.code_fingerprint()
        self.wanted = loads_afresh(store_dir, digests)
        for job in jobs:
            if job.cached and job.error is None:
                self.add(job)

    def add(self, job: _Job, nquads: bytes | None = None) -> None:
        if not self.wanted:
            return
        if self.fresh is None:
            self.fresh = FreshLoad(self.store_dir)
        self.fresh.add(str(iris.graph_iri(job.stem)),
                       GraphSource(digest=job.key, path=cache.entry_path(self.cache_dir, job.stem)))

    def take(self) -> FreshLoad | None:
        """The load under way, now the caller's to finish."""
        fresh, self.fresh = self.fresh, None
        return fresh

    def abort(self) -> None:
        if self.fresh is not None:
            self.take().abort()


def _build_loading(paths, out: Path, jobs: list[_Job], cache_dir: Path, staging: Path, loader: _Preload | None,
                   workers, validate, endpoint, update_endpoint, jsonld, store, progress, engine, remote,
                   files) -> BuildResult:
    ready: set[str] = set()  # documents whose text is in staging/texts already

    def extracted(job: _Job, nquads: bytes) -> None:
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

