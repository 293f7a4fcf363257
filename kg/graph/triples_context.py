"""What every record of one document needs while it is turned into triples: :class:`Context`.

It holds the document's stem, plan IRI and text, makes evidence spans (quotes cut
from the text by offsets), and finds by offset the heading, task or goal that
encloses a record.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from rdflib import URIRef

from ..extract.model import Extraction, Heading, Task
from . import iris
from .triples_terms import DCTERMS, KG, OA, RDF, Triple, literal


class Context:
    """What every record of one document needs: the stem, the text, offset indexes."""

    def __init__(self, extraction: Extraction):
        self.ex = extraction
        self.stem = iris.doc_stem(extraction.plan.doc)
        self.plan = iris.plan_iri(self.stem)
        self.text = extraction.text
        self.headings = sorted(extraction.headings, key=lambda h: (h.start, h.depth))
        self._heading_starts = [h.start for h in self.headings]
        self.tasks = sorted(extraction.tasks, key=lambda t: (t.start, -t.end))
        self.goals = sorted(extraction.goals, key=lambda g: (g.start, -g.end))
        self.issuer = extraction.plan.issuer

    def span(self, start: int, end: int, fallback: str = "") -> tuple[URIRef, list[Triple]]:
        """The evidence span IRI and its triples; the quote is cut from the text."""
        node = iris.span_iri(self.stem, start, end)
        if not self.text:  # nothing to cut the quote from: keep the record's own words
            exact = fallback
        else:  # offsets outside the text give an empty quote, which validation reports
            exact = self.text[start:end] if 0 <= start <= end <= len(self.text) else ""
        return node, [
            (node, RDF.type, OA.TextPositionSelector),
            (node, RDF.type, OA.TextQuoteSelector),
            (node, OA.start, literal(start)),
            (node, OA.end, literal(end)),
            (node, OA.exact, literal(exact)),
            (node, DCTERMS.source, self.plan),
        ]

    def evidence(self, subject: URIRef, start: int, end: int, fallback: str = "") -> Iterator[Triple]:
        node, triples = self.span(start, end, fallback)
        yield (subject, KG.evidence, node)
        yield from triples

    def enclosing_heading(self, offset: int) -> Heading | None:
        """The innermost heading that opened strictly before ``offset`` and still runs there."""
        best = None
        for h in self.headings[: bisect.bisect_left(self._heading_starts, offset)]:
            if h.start < offset < h.end and (best is None or h.depth >= best.depth):
                best = h
        return best

    def parent_heading(self, h: Heading) -> Heading | None:
        """The section a heading's section sits in (its kg:parentSection)."""
        parent = self.enclosing_heading(h.start)
        return parent if parent is not None and parent.depth < h.depth else None

    def task_section(self, t: Task) -> Heading | None:
        """The innermost heading of a task's section path (``t.section``): its kg:inSection.

        The task's other sections follow from it through kg:parentSection, so the path
        is kept as links, not as the joined kg:sectionPath text.
        """
        h = self.enclosing_heading(t.start)
        while h is not None and t.section:
            if h.label == t.section[-1]:
                return h
            h = self.parent_heading(h)
        return None

    def enclosing_task(self, offset: int) -> Task | None:
        """The innermost (shortest) task whose text contains ``offset``."""
        inside = [t for t in self.tasks if t.start <= offset < t.end]
        return min(inside, key=lambda t: (t.end - t.start, t.start)) if inside else None

    def enclosing_goal(self, offset: int):
        inside = [g for g in self.goals if g.start <= offset < g.end]
        return min(inside, key=lambda g: (g.end - g.start, g.start)) if inside else None

    def goal_by_name(self, name: str | None):
        if not name:
            return None
        found = [g for g in self.goals if name in (g.id, g.title, f"{g.id}{g.title}")]
        return found[0] if len(found) == 1 else None
