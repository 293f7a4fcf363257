"""Extraction: from a document's text to records (plan, goals, tasks, targets, projects, places).

Extraction is a spaCy pipeline (:func:`kg.load`, :mod:`kg.extract.language`) whose
components write ``doc.spans``; the records come from the processed Doc in one place
(:func:`kg.extract.spans.extraction_from_doc`). :func:`extract_document` runs it over
one :class:`~kg.document.Document`; :func:`iter_extractions` reads files and folders
and extracts them, in worker processes if asked (:mod:`kg.extract.workers`: each worker
makes the records of its documents and sends back only those), and never lets one
bad file cost the others: a file that cannot be read or extracted comes back as a
:class:`~kg.errors.DocumentError` in its place.

>>> from kg.document import Document
>>> ex = extract_text("鄂城区2024年行动方案\\n1.推行链长制。（牵头单位：区发改局；责任单位：各镇街）")
>>> [(u.surface, u.role) for u in ex.tasks[0].units]
[('区发改局', 'lead'), ('各镇街', 'collective')]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..document import Document, iter_paths
from ..errors import DocumentError, KgError
from .model import Extraction, PlanInfo, UnitMention
from .workers import Failure, in_this_process, map_documents, worker_count

log = logging.getLogger("kg.extract")

__all__ = ["extract_document", "extract_text", "extract_paths", "extract_files", "iter_extractions", "Extraction"]


def resolve_mention(mention: UnitMention, plan: PlanInfo | None) -> UnitMention:
    """Fill a mention's canonical name, jurisdiction and department type (:mod:`kg.extract.units`)."""
    from .units import resolve_mention as resolve

    return resolve(mention, plan)


def process_document(doc: Document, plan: PlanInfo | None = None):
    """The pipeline's processed ``spacy.tokens.Doc`` of one document (``plan``: its manifest row).

    A component that failed on it raises :class:`~kg.errors.DocumentError` here.
    """
    from .language import make_doc, shared_nlp
    from .spans import attach_source

    nlp = shared_nlp()
    processed = make_doc(nlp, doc.text, doc.name, plan)
    attach_source(processed, doc)
    processed = nlp(processed)
    if processed._.kg_error is not None:
        raise DocumentError(doc.path or doc.name, processed._.kg_error)
    return processed


def extract_document(doc: Document, plan: PlanInfo | None = None) -> Extraction:
    """Every record of one document. ``plan`` (e.g. a manifest row) overrides what the text says."""
    from .spans import extraction_from_doc

    return extraction_from_doc(process_document(doc, plan))


def extract_text(text: str, name: str = "<text>", plan: PlanInfo | None = None) -> Extraction:
    """:func:`extract_document` over a string."""
    return extract_document(Document.from_text(text, name), plan)


def extract_file(path: str | Path, plan: PlanInfo | None = None) -> Extraction:
    """Read one file (manifest row looked up beside it unless ``plan`` is given) and extract it."""
    from ..manifest import manifest_entry
    from ..readers import plan_info, read_document

    doc = read_document(path)
    if plan is None:
        plan = manifest_entry(path) or plan_info(doc)
    return extract_document(doc, plan)


def extract_item(item: tuple[str | Path, PlanInfo | KgError | None]) -> Extraction | KgError:
    """Read one ``(path, manifest row)`` and extract it; a failure is returned, not raised.

    A manifest row may be the :class:`~kg.errors.KgError` met looking it up; it is returned as the result.
    """
    from ..readers import plan_info, read_document

    path, plan = item
    try:
        if isinstance(plan, KgError):
            return plan
        document = read_document(path)
        return extract_document(document, plan or plan_info(document))
    except KgError as exc:
        return exc
    except Exception as exc:  # a rule's bug must not cost the other documents
        log.debug("extracting %s failed", path, exc_info=True)
        return DocumentError(path, f"extraction failed ({type(exc).__name__}: {exc})")


Finish = Callable[[Extraction], Any]
"""What is made of each extraction where it was extracted (a module-level function, so that workers can be sent it)."""


def _extract_finished(item, finish: Finish | None = None):
    result = extract_item(item)
    if finish is None or isinstance(result, BaseException):
        return result
    return finish(result)


def _extract_in_worker(item, finish: Finish | None = None):
    result = _extract_finished(item, finish)
    return Failure(result) if isinstance(result, BaseException) else result


def extract_files(items: Iterable[tuple[str | Path, PlanInfo | KgError | None]],
                  workers: int = 1, finish: Finish | None = None) -> Iterator[Extraction | KgError | Any]:
    """Extract ``(path, manifest row)`` pairs, in order; a failure is yielded in its place.

    ``workers`` > 1 (0: one per CPU core) runs that many processes
    (:func:`kg.extract.workers.map_documents`); each reads its documents, runs the
    pipeline and makes the records, and only the records come back. The results and
    their order are the same as with one.

    ``finish`` (a module-level function of an :class:`Extraction`) is applied to each
    extraction where it was made, and its result is yielded instead: a worker then sends
    back only that (e.g. the output lines), not the records and the document's text.
    """
    items = list(items)
    one = _extract_finished if finish is None else partial(_extract_finished, finish=finish)
    if len(items) <= 1:
        yield from map(one, items)
        return
    if worker_count(workers) == 1:
        yield from in_this_process(one, items)
        return
    fn = _extract_in_worker if finish is None else partial(_extract_in_worker, finish=finish)
    for result in map_documents(fn, items, workers):
        yield result.restore() if isinstance(result, Failure) else result


def iter_extractions(paths: Iterable[str | Path], workers: int = 1,
                     finish: Finish | None = None) -> Iterator[Extraction | KgError | Any]:
    """Extract every document under ``paths``, in order; a failure is yielded in the document's place.

    ``workers`` > 1 extracts in that many processes (results and their order are the
    same as with one); 0 means one per CPU core. ``finish``: see :func:`extract_files`. Paths that hold no document at all
    raise :class:`~kg.document.NoInputsError` (exit code 2): nothing was read.
    """
    from ..document import NoInputsError
    from ..manifest import manifest_entry

    paths = list(paths)
    files = iter_paths(paths)
    if not files and paths:
        raise NoInputsError(", ".join(map(str, paths)), "no documents found (an empty folder?)")

    def plan_of(path: Path) -> PlanInfo | KgError | None:
        try:
            return manifest_entry(path)
        except KgError as exc:
            return exc

    yield from _logged(extract_files([(path, plan_of(path)) for path in files], workers, finish))


def _logged(results: Iterable[Any]) -> Iterator[Any]:
    for result in results:
        if isinstance(result, KgError):
            log.error("%s", result)
        yield result


def extract_paths(paths: Iterable[str | Path], workers: int = 1) -> list[Extraction | KgError]:
    """:func:`iter_extractions` as a list."""
    return list(iter_extractions(paths, workers))
