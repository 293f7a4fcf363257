"""One document -> the N-Quads of its named graph and its SHACL report: a build's unit of work.

:func:`document_graph` has no other input or output than reading the document, so a
process pool (:func:`map_documents`) or a cluster can map it over a corpus; its
result is plain data that pickles.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import DocumentError, KgError
from . import iris, serialize
from .validate import report_to_dict

log = logging.getLogger("kg.graph.docgraph")


@dataclass(frozen=True)
class DocumentGraph:
    """What :func:`document_graph` makes of one document: N-Quads and a SHACL report, or a problem."""

    stem: str
    nquads: bytes | None = None
    report: dict | None = None
    problem: str | None = None


def document_graph(path: str | os.PathLike, plan=None, validate: bool = True) -> DocumentGraph:
    """Read, extract and convert one document: the sorted N-Quads of its named graph and its report.

    The unit of work of a build, with no other input or output than reading ``path``
    (``plan`` is its manifest row, :func:`kg.manifest.manifest_entry`): a process
    pool or a cluster can map it over documents. The report
    (:func:`kg.graph.validation_report.report_to_dict`) is None without ``validate``. A
    document that cannot be read gives ``problem`` instead (as text, since
    exceptions with required arguments do not survive pickling between processes).
    """
    from ..extract import extract_file
    from .triples import extraction_to_triples
    from .validate import validate_named_graph

    stem = iris.doc_stem(Path(path).name)
    try:
        extraction = extract_file(path, plan)
        triples = list(extraction_to_triples(extraction))
        graph = str(iris.graph_iri(stem))
        nquads = serialize.named_graph(triples, graph)
        report = report_to_dict(validate_named_graph(nquads, triples)) if validate else None
        return DocumentGraph(stem=stem, nquads=nquads, report=report)
    except DocumentError as exc:
        return DocumentGraph(stem=stem, problem=exc.problem)
    except KgError as exc:
        return DocumentGraph(stem=stem, problem=str(exc))
    except Exception as exc:  # an extractor bug must not cost the other documents
        log.debug("extracting %s failed", path, exc_info=True)
        return DocumentGraph(stem=stem, problem=f"extraction failed ({type(exc).__name__}: {exc})")


def validate_nquads(nquads: bytes) -> dict:
    """The SHACL report (as a dict) of the union of the graphs given as N-Quads (a cached entry)."""
    from .validate import validate_ntriples

    return report_to_dict(validate_ntriples(serialize.nquads_to_ntriples(nquads.decode("utf-8"))))


def _work(task: tuple) -> DocumentGraph:
    """Worker: ``("extract", path, plan, validate)`` or ``("validate", entry path, stem)``."""
    if task[0] == "extract":
        return document_graph(task[1], task[2], task[3])
    data = Path(task[1]).read_bytes()
    return DocumentGraph(stem=task[2], report=validate_nquads(data))


def map_documents(tasks: list[tuple], workers: int) -> Iterator[DocumentGraph]:
    """:func:`_work` over ``tasks`` (in ``workers`` processes), in their order, as results come back.

    A task is ``("extract", path, plan, validate)`` (:func:`document_graph`) or
    ``("validate", cached entry path, stem)`` (:func:`validate_nquads`). The processes
    are the one worker pool of extraction (:func:`kg.extract.workers.map_documents`):
    each holds one loaded pipeline.
    """
    from ..extract.workers import map_documents as pool_map

    yield from pool_map(_work, tasks, workers)
