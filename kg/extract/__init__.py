"""Extraction: from a document's text to records (plan, goals, tasks, targets, projects, places).

:func:`extract_document` runs every extractor over one :class:`~kg.document.Document`;
:func:`extract_paths` reads files and folders, and never lets one bad file cost the
others: a file that cannot be read comes back as a :class:`~kg.errors.DocumentError`
in its place.

>>> from kg.document import Document
>>> ex = extract_text("鄂城区2024年行动方案\\n1.推行链长制。（牵头单位：区发改局；责任单位：各镇街）")
>>> [(u.surface, u.role) for u in ex.tasks[0].units]
[('区发改局', 'lead'), ('各镇街', 'collective')]
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..document import Document, iter_paths
from ..errors import KgError
from ..memo import clear_document_caches
from .enterprises import find_enterprises
from .goals import find_goals, link_tasks_to_goals
from .metadata import find_plan_info, merge_plan_info
from .model import Extraction, PlanInfo, UnitMention
from .places import find_places
from .projects import find_projects
from .structure import find_headings
from .targets import find_targets
from .tasks import find_tasks

log = logging.getLogger("kg.extract")

__all__ = ["extract_document", "extract_text", "extract_paths", "iter_extractions", "Extraction"]


def resolve_mention(mention: UnitMention, plan: PlanInfo | None) -> UnitMention:
    """Fill a mention's canonical name, jurisdiction and department type (:mod:`kg.extract.units`)."""
    from .units import resolve_collective, resolve_unit

    resolver = resolve_collective if mention.is_collective else resolve_unit
    r = resolver(mention.surface, plan or PlanInfo(doc="", title=None, issuer=None, date=None))
    return UnitMention(mention.surface, mention.role, mention.start, mention.end,
                       canonical=r.canonical, unit_type=r.unit_type, jurisdiction=r.jurisdiction, unit_types=r.unit_types)


def extract_document(doc: Document, plan: PlanInfo | None = None) -> Extraction:
    """Every record of one document. ``plan`` (e.g. a manifest row) overrides what the text says."""
    clear_document_caches()
    info = merge_plan_info(find_plan_info(doc), plan)
    headings = find_headings(doc)
    tasks = find_tasks(doc, headings, info, resolve=resolve_mention)
    goals = find_goals(doc, headings)
    tasks = link_tasks_to_goals(tasks, goals, headings)
    targets = find_targets(doc, headings, tasks, goals, info)
    enterprises = find_enterprises(doc)
    places = find_places(doc, info, enterprises)
    projects = find_projects(doc, headings, tasks, info, enterprises=enterprises)
    return Extraction(plan=info, headings=headings, tasks=tasks, goals=goals, targets=targets,
                      projects=projects, enterprises=enterprises, places=places,
                      text=doc.text, content_hash=doc.content_hash)


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


def _extract_or_error(path: Path) -> Extraction | KgError:
    try:
        return extract_file(path)
    except KgError as exc:
        return exc


def iter_extractions(paths: Iterable[str | Path], workers: int = 1) -> Iterator[Extraction | KgError]:
    """Extract every document under ``paths``, in order; a failure is yielded in the document's place.

    ``workers`` > 1 extracts in that many processes (results and their order are the
    same as with one); 0 means one per CPU core.
    """
    files = iter_paths(paths)
    workers = (os.cpu_count() or 1) if workers == 0 else workers
    if workers > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(workers, len(files))) as pool:
            yield from _logged(pool.map(_extract_or_error, files, chunksize=max(1, len(files) // (workers * 8))))
        return
    yield from _logged(map(_extract_or_error, files))


def _logged(results: Iterable[Extraction | KgError]) -> Iterator[Extraction | KgError]:
    for result in results:
        if isinstance(result, KgError):
            log.error("%s", result)
        yield result


def extract_paths(paths: Iterable[str | Path], workers: int = 1) -> list[Extraction | KgError]:
    """:func:`iter_extractions` as a list."""
    return list(iter_extractions(paths, workers))
