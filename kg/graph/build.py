"""Build the graph: documents -> (cached) triples -> files, validation and a store.

:func:`build_graph` is what ``kg build`` runs:

1. every document under ``paths`` is read and its key computed (bytes, manifest
   row, code fingerprint); a document whose key is in ``out/cache/`` is not
   extracted again, the others are extracted (in ``workers`` processes) and
   converted to the N-Triples of their named graph ``kgr:graph/<stem>``;
2. the ontology goes into ``kgr:graph/ontology``; all graphs are written as
   ``graph.nq`` (sorted lines), ``graph.trig`` (graphs in IRI order),
   ``graph.ttl`` (their union) and, on request, ``graph.jsonld``;
3. the union is validated against ``ontology/shapes.ttl`` (``validation.txt``);
4. the graphs are loaded into the embedded Oxigraph store ``out/store`` (only the
   changed ones), or into a SPARQL server given by ``endpoint``.

A document that cannot be read is reported (``errors``) and the others are still
built; :attr:`BuildResult.exit_code` is then 2.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ..document import iter_paths
from ..errors import EXIT_LOAD, EXIT_OK, EXIT_USER, DocumentError, KgError
from ..namespaces import KG, RDF
from ..output import write_atomic
from ..readers.provenance import save_texts
from . import cache, iris, serialize
from .store import STORE_DIR, default_update_endpoint, load_remote, sync_store
from .validate import ValidationReport, ontology_graph, validate_graph

log = logging.getLogger("kg.graph.build")

OUTPUT_FILES = {"nq": "graph.nq", "trig": "graph.trig", "ttl": "graph.ttl", "jsonld": "graph.jsonld"}
VALIDATION_FILE = "validation.txt"

COUNTED = {"plans": KG.Plan, "tasks": KG.Task, "units": KG.Unit, "collectives": KG.Collective,
           "targets": KG.Target, "projects": KG.Project, "places": KG.Place, "enterprises": KG.Enterprise}
"""Counts reported by a build: distinct instances of each class in the union graph."""


class NoDocumentsError(KgError):
    """Nothing to build from."""

    exit_code = EXIT_USER


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build_graph` wrote and found."""

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


@dataclass
class _Job:
    path: Path
    stem: str
    plan: object = None
    key: str = ""
    ntriples: str | None = None
    error: DocumentError | None = None
    cached: bool = False


def _prepare(paths: Iterable[str | os.PathLike], cache_dir: Path, use_cache: bool) -> list[_Job]:
    """Read each document's bytes for its key and look it up in the cache."""
    from ..manifest import manifest_entry

    jobs: list[_Job] = []
    seen: dict[str, Path] = {}
    for path in iter_paths(paths):
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
        if use_cache:
            job.ntriples = cache.read_entry(cache_dir, job.stem, job.key)
            job.cached = job.ntriples is not None
    return jobs


def _extract(jobs: list[_Job], workers: int) -> None:
    from ..extract import extract_files
    from .triples import extraction_to_triples

    todo = [j for j in jobs if j.ntriples is None and j.error is None]
    if not todo:
        return
    results = extract_files([(j.path, j.plan) for j in todo], workers)
    for job, result in zip(todo, results, strict=True):
        if isinstance(result, KgError):
            job.error = DocumentError(job.path, getattr(result, "problem", str(result)))
            continue
        try:
            job.ntriples = serialize.ntriples(extraction_to_triples(result))
        except Exception as exc:  # a converter bug must not cost the other documents
            log.debug("converting %s failed", job.path, exc_info=True)
            job.error = DocumentError(job.path, f"extraction failed ({type(exc).__name__}: {exc})")


def count_instances(graph: Graph) -> dict[str, int]:
    """Distinct instances of each class of :data:`COUNTED`."""
    return {name: len(set(graph.subjects(RDF.type, cls))) for name, cls in COUNTED.items()}


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
) -> BuildResult:
    """Build the graph of the documents under ``paths`` into ``out`` (see the module doc)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = Path(out)
    cache_dir = out / cache.CACHE_DIR
    jobs = _prepare(paths, cache_dir, use_cache)
    if not jobs:
        raise NoDocumentsError(f"no documents found under {', '.join(map(str, paths))}")
    _extract(jobs, max(1, int(workers)))
    errors = []
    for job in jobs:
        if job.error is not None:
            log.error("%s", job.error)
            errors.append(job.error)
        elif not job.cached:
            cache.write_entry(cache_dir, job.stem, job.key, job.ntriples)
    good = sorted((j for j in jobs if j.error is None), key=lambda j: j.stem)
    log.info("%d document(s): %d extracted, %d from cache, %d failed", len(jobs),
             sum(not j.cached for j in good), sum(j.cached for j in good), len(errors))

    graphs = {str(iris.ONTOLOGY_GRAPH): serialize.ntriples(ontology_graph())}
    graphs.update({str(iris.graph_iri(j.stem)): j.ntriples for j in good})
    nq = serialize.nquads(graphs)
    ds = serialize.dataset_from_nquads(nq)
    union = serialize.union_graph(ds)
    files = {"nq": write_atomic(out / OUTPUT_FILES["nq"], nq),
             "trig": write_atomic(out / OUTPUT_FILES["trig"], serialize.trig(ds)),
             "ttl": write_atomic(out / OUTPUT_FILES["ttl"], serialize.turtle(union))}
    if jsonld:
        files["jsonld"] = write_atomic(out / OUTPUT_FILES["jsonld"], serialize.jsonld(ds))
    save_texts(union, out)  # out/texts/<doc>.txt: each document's extracted text, which evidence offsets index

    report = None
    if validate:
        report = validate_graph(union)
        write_atomic(out / VALIDATION_FILE, report.text(limit=None))
        (log.info if report.conforms else log.warning)("%s", report.text(limit=10).rstrip())

    store_path = None
    if endpoint:
        requests = load_remote(endpoint, graphs, update_endpoint or default_update_endpoint(endpoint))
        log.info("loaded %d graph(s) into %s (%d request(s))", len(graphs), endpoint, requests)
    elif store:
        store_path = sync_store(out / STORE_DIR, graphs).path

    return BuildResult(
        out=out,
        files=files,
        documents=tuple(j.stem for j in good),
        counts=count_instances(union),
        triples=len(union),
        extracted=tuple(j.stem for j in good if not j.cached),
        cached=tuple(j.stem for j in good if j.cached),
        errors=tuple(errors),
        store=store_path,
        endpoint=endpoint,
        validation=report,
    )
