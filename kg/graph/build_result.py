"""What a build returns and the errors that stop it before anything is written.

:class:`BuildResult` is what :func:`kg.graph.build.build_graph` gives back (files,
documents, counts, validation, the work done, the exit code, summary rows);
:data:`COUNTED` names the classes whose instances a build counts; the exceptions
say why no graph could be built at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EXIT_LOAD, EXIT_OK, EXIT_USER, DocumentError, KgError
from ..namespaces import KG
from .validation_report import ValidationReport

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
