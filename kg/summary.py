"""Per-document summaries and the list of units the department vocabulary does not know."""

from __future__ import annotations

from collections import Counter, defaultdict

from .extract.model import Extraction


def document_summary(ex: Extraction) -> dict:
    """One row of figures for a document: tasks, assignments, units, unknown types, targets …

    >>> from kg.extract import extract_text
    >>> row = document_summary(extract_text("1.甲。（牵头单位：区发改局；责任单位：各镇街）", name="a.txt"))
    >>> row["tasks"], row["assignments"], row["units"], row["collectives"]
    (1, 2, 1, 1)
    """
    mentions = [u for t in ex.tasks for u in t.units]
    units = {(u.canonical or u.surface) for u in mentions if u.role != "collective"}
    collectives = {u.surface for u in mentions if u.role == "collective"}
    unknown = {(u.canonical or u.surface) for u in mentions if u.role != "collective" and u.unit_type is None}
    return {
        "doc": ex.plan.doc,
        "title": ex.plan.title,
        "issuer": ex.plan.issuer,
        "genre": ex.plan.genre,
        "tasks": len(ex.tasks),
        "assignments": len(mentions),
        "lead": sum(u.role == "lead" for u in mentions),
        "units": len(units),
        "collectives": len(collectives),
        "unknown_types": len(unknown),
        "goals": len(ex.goals),
        "targets": sum(t.kind != "achievement" for t in ex.targets),
        "projects": len(ex.projects),
        "enterprises": len(ex.enterprises),
        "places": len(ex.places),
    }


def unknown_units(extractions) -> list[dict]:
    """Units with no department type, most frequent first, so users can extend the vocabulary."""
    counts: Counter = Counter()
    docs: dict = defaultdict(set)
    info: dict = {}
    for ex in extractions:
        for task in ex.tasks:
            for u in task.units:
                if u.role == "collective" or u.unit_type is not None:
                    continue
                key = (u.canonical or u.surface, u.jurisdiction)
                counts[key] += 1
                docs[key].add(ex.plan.doc)
                info.setdefault(key, u.surface)
    rows = [
        {"surface": info[key], "canonical": key[0], "jurisdiction": key[1], "mentions": n, "docs": sorted(docs[key])}
        for key, n in counts.items()
    ]
    rows.sort(key=lambda r: (-r["mentions"], r["canonical"]))
    return rows
