"""The per-document step of a build: read, look up in the cache, extract and validate.

:func:`prepare_jobs` reads each document's bytes for its cache key and finds the
ones already cached; :func:`process_jobs` extracts the others (in worker processes,
:mod:`kg.graph.engine`) and validates what has no report, writing each result to
the cache as it comes back; :func:`ontology_entry` does the same for the
ontology's graph; :class:`Preload` bulk-loads the entries into a new store while
the documents are extracted.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..document import iter_paths
from ..errors import DocumentError, KgError
from . import cache, iris, serialize
from .docgraph import validate_nquads
from .engine import document_mapper
from .store_sync import FreshLoad, GraphSource, loads_afresh
from .validate import ontology_graph


@dataclass
class Job:
    path: Path
    stem: str
    plan: object = None
    key: str = ""
    error: DocumentError | None = None
    cached: bool = False
    report: dict | None = None


def prepare_jobs(paths: Iterable[str | os.PathLike], cache_dir: Path, use_cache: bool) -> list[Job]:
    """Read each document's bytes for its key and look it up in the cache (its first line only).

    Files inside the output folder (``cache_dir``'s parent) are outputs, never inputs.
    """
    from ..manifest import manifest_entry

    jobs: list[Job] = []
    seen: dict[str, Path] = {}
    out = cache_dir.parent.resolve()
    for path in iter_paths(paths):
        if out in path.resolve().parents:
            continue
        job = Job(path=path, stem=iris.doc_stem(path.name))
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


def progress_bar(total: int, desc: str, enabled: bool):
    """A progress bar on stderr (documents done, rate, time left), or a silent stand-in."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="doc", disable=not enabled, file=sys.stderr, leave=False,
                dynamic_ncols=True)


def process_jobs(jobs: list[Job], cache_dir: Path, workers: int, validate: bool, progress: bool,
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
    with document_mapper(workers=workers, **engine) as mapper, progress_bar(len(tasks), "extracting", progress) as bar:
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


def ontology_entry(cache_dir: Path, validate: bool) -> tuple[str, dict | None]:
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


class Preload:
    """The store filled while the documents are extracted, when the build will load it afresh
    (:func:`kg.graph.store_sync.loads_afresh`): each entry goes to a :class:`~kg.graph.store_sync.FreshLoad`
    as it is written (cached ones first); :func:`sync_store` finishes it."""

    def __init__(self, store_dir: Path, jobs: list[Job], cache_dir: Path):
        self.store_dir, self.cache_dir = store_dir, cache_dir
        self.fresh: FreshLoad | None = None
        digests = {str(iris.graph_iri(j.stem)): j.key for j in jobs if j.error is None and j.key}
        digests[str(iris.ONTOLOGY_GRAPH)] = cache.code_fingerprint()
        self.wanted = loads_afresh(store_dir, digests)
        for job in jobs:
            if job.cached and job.error is None:
                self.add(job)

    def add(self, job: Job, nquads: bytes | None = None) -> None:
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
