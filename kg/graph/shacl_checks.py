"""SHACL shapes compiled to SPARQL: the checks each query reports, and the error for shapes that cannot be compiled.

:class:`CompiledShapes` holds the queries :func:`kg.graph.shacl_sparql.compile_shapes`
makes and, for each, what its rows report: one :class:`Check`, or the
:class:`Counted` checks (``sh:minCount`` / ``sh:maxCount``) of one target.
:class:`UnsupportedShapes` names a construct the compiler does not handle.
"""

from __future__ import annotations

from dataclasses import dataclass


class UnsupportedShapes(ValueError):
    """A shapes graph uses a construct the SPARQL compiler does not handle."""


@dataclass(frozen=True)
class Check:
    """What one part of the compiled query reports: shape, path, messages, severity, value kind."""

    shape: str
    predicate: str | None
    inverse: bool
    messages: tuple[str, ...]
    severity: str
    value: str  # "value": the ?value column; "focus": the focus node itself; "none"


@dataclass(frozen=True)
class Counted:
    """A ``sh:minCount`` / ``sh:maxCount`` check, one of those a count query reports together."""

    check: Check
    low: int | None
    high: int | None

    def broken(self, n: int) -> bool:
        """Whether ``n`` distinct values break the bounds."""
        return (self.low is not None and n < self.low) or (self.high is not None and n > self.high)


@dataclass(frozen=True)
class CompiledShapes:
    reports: tuple[Check | tuple[Counted, ...], ...]
    """What each query's rows report: one check (a row per result), or the count checks of one target
    (a row per focus node breaking one of them, with its number of values of each as ``?_n0``, ``?_n1`` ...)."""
    queries: tuple[str, ...]
    """One SELECT per check, except the count checks: one SELECT per target (Oxigraph plans many small
    queries faster than their union; each count needs a look-up per focus node, so they are made together)."""
    closed_queries: tuple[str, ...] = ()
    """The same with each ``rdf:type/rdfs:subClassOf*`` path replaced by the ontology's subclasses of its
    class: what a graph without ``rdfs:subClassOf`` statements of its own is checked with."""
    classes: tuple[frozenset[str] | None, ...] = ()
    """Per closed query, when its targets are instances of some classes: those and the ontology's
    subclasses of them (a graph with an instance of none gives no result, so the query is not run)."""

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check, in the order of the queries."""
        return tuple(c for r in self.reports for c in ((r,) if isinstance(r, Check) else (x.check for x in r)))
