"""SHACL reports as data: :class:`Violation` and :class:`ValidationReport`, their JSON form, and combined reports.

A violation reads as a sentence: the focus node's label (looked up in
:data:`LABEL_PROPERTIES`), the property path and the shape's message. The build
cache keeps each document's report as :func:`report_to_dict` makes it;
:func:`combine_reports` makes one report of several graphs' reports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass

from ..namespaces import DCTERMS, OA, RDFS, SKOS

LABEL_PROPERTIES = (DCTERMS.title, SKOS.prefLabel, RDFS.label, OA.exact)
"""Where a focus node's readable label is looked up, in this order."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in readable parts."""

    focus: str
    label: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    shape: str | None = None

    def as_row(self) -> dict:
        return {"severity": self.severity, "focus": self.label, "path": self.path or "", "message": self.message,
                "value": self.value or "", "node": self.focus}


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate_graph`: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: tuple[Violation, ...] = ()
    source: str | None = None
    triples: int = 0

    def rows(self) -> list[dict]:
        return [v.as_row() for v in self.violations]

    def text(self, limit: int | None = 50) -> str:
        """A readable summary: one line per violation (at most ``limit``), then a total."""
        where = f" {self.source}" if self.source else ""
        if self.conforms:
            return f"conforms:{where} ({self.triples} triples checked)\n"
        lines = [f"does not conform:{where} {len(self.violations)} violation(s)"]
        shown = self.violations if limit is None else self.violations[:limit]
        for v in shown:
            value = f" [value: {v.value}]" if v.value else ""
            lines.append(f"  {v.severity}: {v.label} ({v.focus}) {v.path or '-'}: {v.message}{value}")
        if len(shown) < len(self.violations):
            lines.append(f"  ... and {len(self.violations) - len(shown)} more")
        return "\n".join(lines) + "\n"


def report_to_dict(report: ValidationReport) -> dict:
    """A JSON-ready form of a report (the build cache keeps one per document)."""
    return {"conforms": report.conforms, "triples": report.triples,
            "violations": [dataclasses.asdict(v) for v in report.violations]}


def report_from_dict(data: dict) -> ValidationReport:
    return ValidationReport(conforms=bool(data["conforms"]), triples=int(data.get("triples", 0)),
                            violations=tuple(Violation(**v) for v in data.get("violations", ())))


def combine_reports(reports: Iterable[ValidationReport], triples: int, source: str | None = None) -> ValidationReport:
    """One report for the union of several graphs' reports (``triples``: the union's size)."""
    conforms = True
    violations: list[Violation] = []
    for report in reports:
        conforms = conforms and report.conforms
        violations.extend(report.violations)
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return ValidationReport(conforms=conforms and not violations, violations=tuple(dict.fromkeys(violations)),
                            source=source, triples=triples)
