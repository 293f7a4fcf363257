"""Build the graph: documents -> (cached) N-Quads -> files, validation and a store.

:func:`build_graph` is what ``kg build`` runs. Its cost grows with the corpus
linearly and its memory is bounded by one document plus the store's own:

1. the output folder is locked (:func:`output_lock`): a second build into it fails
   at once with a clear message;
2. every document under ``paths`` is read and its key computed (bytes, manifest
   row, code fingerprint); a document whose entry is in ``out/cache/`` is not
   extracted again; the others go through :func:`document_graph` (in ``workers``
   processes, results written to the cache as they come back): the sorted N-Quads
   of its named graph ``kgr:graph/<stem>`` and its SHACL report;
3. nothing is written when no document could be read;
4. the entries (and the ontology's graph ``kgr:graph/ontology``) are merged into
   ``graph.nq`` (sorted lines) and the sorted union of their triples, from which
   pyoxigraph writes ``graph.ttl``; ``graph.trig`` (graphs in IRI order) and, on
   request, ``graph.jsonld`` are streamed from the entries;
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
import gc
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
from ..readers.provenance import TEXTS_DIR, plan_texts, save_texts
from . import cache, iris, serialize
from .docgraph import DocumentGraph, document_graph, validate_nquads
from .engine import document_mapper
from .followthrough import follow_through_entries
from .store import STORE_DIR, GraphSource, default_update_endpoint, load_remote, put_graphs, sync_store
from .validate import (
    ValidationReport,
    combine_reports,
    cross_document_report,
    ontology_graph,
    oxigraph_select,
    report_from_dict,
    report_to_dict,
)

__all__ = ["BuildResult", "DocumentGraph", "build_graph", "document_graph", "output_lock"]

log = logging.getLogger("kg.graph.build")

OUTPUT_FILES = {"nq": "graph.nq", "trig": "graph.trig", "ttl": "graph.ttl", "jsonld": "graph.jsonld"}
VALIDATION_FILE = "validation.txt"
STATE_FILE = "build-state.json"
"""What the last complete build wrote: its signature, counts and combined report."""

COUNTED = {"plans": KG.Plan, "tasks": KG.Task, "units": KG.Unit, "collectives": KG.Collective,
           "targets": KG.Target, "projects": KG.Project, "places": KG.Place, "enterprises": KG.Enterprise}
"""Counts reported by a build: distinct instances of each class in the union graph."""


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


@contextmanager
def output_lock(out: Path) -> Iterator[Path]:
    """Hold an exclusive lock on the output folder (created if missing) while building into it.

    A second build into the same folder raises :class:`BuildLockedError`. A folder
    this call created is removed again if the build left it empty.
    """
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"{out}: the output folder cannot be created ({exc.strerror or exc})") from None
    fd = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"{out}: another kg build is writing this folder; wait for it to finish or choose another --out"
            ) from None
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
             engine: dict) -> dict[str, int]:
    """Extract what is not cached, validate what has no report; write each result to the cache as it comes."""
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


def _signature(entries: list[tuple[str, Path, str]], jsonld: bool) -> str:
    """What the files of a build depend on: every graph's key (and whether JSON-LD is written)."""
    h = hashlib.sha256(f"jsonld={jsonld}\n".encode())
    for name, _, key in entries:
        h.update(f"{name} {key}\n".encode())
    return h.hexdigest()


def _read_state(out: Path) -> dict:
    try:
        state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_files(staging: Path, entries: list[tuple[str, Path, str]], jsonld: bool):
    """Write graph.nq, graph.ttl, graph.trig (and graph.jsonld) into ``staging``; the union's statistics."""
    paths = [p for _, p, _ in entries]
    union = staging / "union.nt"
    with open(staging / OUTPUT_FILES["nq"], "wb") as nq, open(union, "wb") as nt:
        stats = serialize.merge_nquads(paths, nq, nt, tmp_dir=staging)
    serialize.write_rdf("turtle", union, staging / OUTPUT_FILES["ttl"])
    union.unlink()
    serialize.write_rdf("trig", paths, staging / OUTPUT_FILES["trig"])
    if jsonld:
        serialize.write_rdf("jsonld", paths, staging / OUTPUT_FILES["jsonld"])
    return stats


def _cross_checks(store_path: Path | None, endpoint: str | None, nquads: Path, known) -> ValidationReport:
    """The cross-document checks over the store, the server, or a scratch store of ``graph.nq``."""
    if endpoint:
        from .store import remote_dataset

        ds = remote_dataset(endpoint)

        def select(text):
            return [{str(k): str(v) for k, v in row.asdict().items()} for row in ds.query(text)]

        try:
            return cross_document_report(select, known)
        finally:
            ds.close()

    import pyoxigraph

    scratch = None
    if store_path is None:
        scratch = Path(tempfile.mkdtemp(prefix=".scratch-store-", dir=nquads.parent))
        store = pyoxigraph.Store(str(scratch))
        store.bulk_load(path=str(nquads), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store = pyoxigraph.Store.read_only(str(store_path))

    try:
        return cross_document_report(oxigraph_select(store), known)
    finally:
        store = None  # closes it
        gc.collect()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


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
) -> BuildResult:
    """Build the graph of the documents under ``paths`` into ``out`` (see the module doc).

    ``progress`` shows progress bars on stderr for extraction and loading. ``engine``
    ``"dask"`` (implied by a Dask ``scheduler`` address) extracts on a Dask cluster
    (:mod:`kg.graph.engine`). With ``endpoint`` and ``gsp`` (the server's Graph Store
    Protocol URL), each named graph is sent with one HTTP PUT (``timeout`` seconds each).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    out = Path(out)
    with output_lock(out):
        return _build_locked(paths, out, max(1, int(workers)), validate, endpoint, update_endpoint, jsonld,
                             use_cache, store, progress, {"engine": engine, "scheduler": scheduler},
                             {"gsp": gsp, "timeout": timeout})


def _build_locked(paths, out: Path, workers, validate, endpoint, update_endpoint, jsonld, use_cache, store,
                  progress, engine, remote) -> BuildResult:
    cache_dir = out / cache.CACHE_DIR
    jobs = _prepare(paths, cache_dir, use_cache)
    if not jobs:
        raise NoDocumentsError(f"no documents found under {', '.join(map(str, paths))}")
    for stale in out.glob(".build-*"):  # left by a build that was stopped (the lock is ours now)
        shutil.rmtree(stale, ignore_errors=True)
    work = _process(jobs, cache_dir, workers, validate, progress, engine)
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
    signature = _signature(entries, jsonld)
    names = ["nq", "trig", "ttl"] + (["jsonld"] if jsonld else [])
    files = {k: out / OUTPUT_FILES[k] for k in names}
    previous = _read_state(out)
    unchanged = previous.get("signature") == signature and all(p.is_file() for p in files.values())
    old_report = (previous.get("validation") if unchanged and (out / VALIDATION_FILE).is_file()
                  and previous.get("validation_code") == cache.validation_fingerprint() else None)

    graphs = {name: GraphSource(digest=key, path=path) for name, path, key in entries}
    store_path = None
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        stats = None if unchanged else _write_files(staging, entries, jsonld)
        work["files_written"] = 0 if unchanged else len(files)
        texts = not unchanged or not (out / TEXTS_DIR).is_dir()
        if texts:  # texts/<doc>.txt: each document's extracted text, which the evidence offsets index
            save_texts(plan_texts(cache.entry_path(cache_dir, j.stem) for j in good), staging)

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
                synced = sync_store(out / STORE_DIR, graphs, progress=bar.update)
            store_path = synced.path
            work["graphs_loaded"], work["graphs_removed"] = len(synced.loaded), len(synced.removed)

        if unchanged:
            triples, counts = previous["triples"], previous["counts"]
        else:
            triples = stats.triples
            counts = {name: stats.instances.get(str(cls), 0) for name, cls in COUNTED.items()}
        report = None
        if validate and old_report is not None:
            report = report_from_dict(old_report)
        elif validate:
            documents = [report_from_dict(r) for r in [ontology_report] + [j.report for j in good]]
            known = [v for r in documents for v in r.violations]
            nquads = (out if unchanged else staging) / OUTPUT_FILES["nq"]
            report = combine_reports([*documents, _cross_checks(store_path, endpoint, nquads, known)], triples=triples)
            write_atomic(staging / VALIDATION_FILE, report.text(limit=None))
            (log.info if report.conforms else log.warning)("%s", report.text(limit=10).rstrip())
        if texts:  # the old folder moves aside, the new one in: never a mix of two builds' texts
            if (out / TEXTS_DIR).is_dir():
                os.replace(out / TEXTS_DIR, staging / f"{TEXTS_DIR}.old")
            os.replace(staging / TEXTS_DIR, out / TEXTS_DIR)
        if not unchanged or (validate and old_report is None):
            for name in [*(OUTPUT_FILES[k] for k in names), VALIDATION_FILE]:
                if (staging / name).is_file():
                    os.replace(staging / name, out / name)
            if not unchanged:
                for stale in ([] if validate else [VALIDATION_FILE]) + ([] if jsonld else [OUTPUT_FILES["jsonld"]]):
                    if (out / stale).exists():
                        (out / stale).unlink()  # it described an earlier graph
            write_atomic(out / STATE_FILE, json.dumps({
                "signature": signature, "triples": triples, "counts": counts,
                "validation_code": cache.validation_fingerprint(),
                "validation": None if report is None else report_to_dict(report)},
                ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    return BuildResult(
        out=out,
        files=files,
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
