"""The indicator vocabulary (``ontology/indicators.ttl``): what a target measures.

:func:`indicator_vocabulary` loads the SKOS scheme once; :meth:`IndicatorVocabulary.concept_of`
maps a target's indicator text to a concept: the text is one of the concept's labels,
or ends with one right after a jurisdiction's name (a name ending with an
administrative suffix, :data:`kg.extract.divisions.ADMIN_SUFFIXES`). The longest label
wins. :meth:`IndicatorVocabulary.direction` reads the direction of a change word from
the scheme ``ind:changes``.

>>> v = indicator_vocabulary()
>>> [v.notation(v.concept_of(t)) for t in ("地区生产总值", "全县GDP", "农村居民人均可支配收入", "人均地区生产总值")]
['gdp', 'gdp', 'rural-income', None]
>>> v.direction("下降"), v.direction("增长"), v.direction(None)
(-1, 1, 1)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from .namespaces import IND, KG

__all__ = ["Indicator", "IndicatorVocabulary", "indicator_vocabulary", "INDICATORS_FILE"]

INDICATORS_FILE = "indicators.ttl"
INDICATOR_SCHEME = IND["scheme"]
CHANGE_SCHEME = IND["changes"]
DECREASE = IND["decrease"]

_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


@dataclass(frozen=True)
class Indicator:
    """One concept of the indicator scheme."""

    iri: str
    notation: str
    label: str
    label_en: str
    lower_is_better: bool = False


@dataclass
class IndicatorVocabulary:
    """The concepts of ``ind:scheme`` and the change directions of ``ind:changes``."""

    concepts: dict[str, Indicator] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    """Label (as written, case-folded) -> concept IRI."""
    changes: dict[str, int] = field(default_factory=dict)
    """Change word -> +1 (increase) or -1 (decrease)."""

    @classmethod
    def from_graph(cls, graph: Graph) -> IndicatorVocabulary:
        vocab = cls()
        for concept in sorted(graph.subjects(SKOS.inScheme, INDICATOR_SCHEME)):
            zh = _labels(graph, concept, "zh")
            en = _labels(graph, concept, "en")
            lower = any(bool(o.toPython()) for o in graph.objects(concept, KG.lowerIsBetter))
            vocab.concepts[str(concept)] = Indicator(
                str(concept), str(graph.value(concept, SKOS.notation) or str(concept).rsplit("/", 1)[-1]),
                zh[0] if zh else "", en[0] if en else "", lower)
            for label in zh + _labels(graph, concept, "zh", SKOS.altLabel):
                vocab.labels.setdefault(label.casefold(), str(concept))
        for concept in sorted(graph.subjects(SKOS.inScheme, CHANGE_SCHEME)):
            sign = -1 if concept == DECREASE else 1
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                for label in _labels(graph, concept, "zh", prop):
                    vocab.changes[label] = sign
        return vocab

    def concept_of(self, text: str | None) -> str | None:
        """The concept IRI an indicator text names, or None.

        >>> indicator_vocabulary().concept_of("鄂城区规上工业增加值")
        'https://w3id.org/kg-policy/indicator/industrial-value-added'
        """
        if not text:
            return None
        from .extract.divisions import ADMIN_SUFFIXES

        for candidate in dict.fromkeys((text.strip(), _BRACKETED.sub("", text).strip())):
            folded = candidate.casefold()
            if folded in self.labels:
                return self.labels[folded]
            ending = max((lb for lb in self.labels if folded.endswith(lb)), key=len, default=None)
            if ending is not None and candidate[: len(candidate) - len(ending)].endswith(ADMIN_SUFFIXES):
                return self.labels[ending]  # only the longest ending counts: 人均地区生产总值 is not GDP
        return None

    def notation(self, iri: str | None) -> str | None:
        return None if iri is None else self.concepts[iri].notation

    def direction(self, change: str | None) -> int:
        """-1 for a word of decrease (下降), else +1 (a growth, a level or no word)."""
        return self.changes.get(change or "", 1)


def _labels(graph: Graph, concept: URIRef, lang: str, prop=SKOS.prefLabel) -> list[str]:
    return sorted(str(o) for o in graph.objects(concept, prop) if getattr(o, "language", None) == lang)


@lru_cache(maxsize=4)
def _load(path: str) -> IndicatorVocabulary:
    return IndicatorVocabulary.from_graph(Graph().parse(path, format="turtle"))


def indicator_vocabulary(path: str | os.PathLike | None = None) -> IndicatorVocabulary:
    """The vocabulary of ``path`` (default ``ontology/indicators.ttl``), parsed once per path."""
    if path is None:
        from .resources import ontology_file

        path = ontology_file(INDICATORS_FILE)
    return _load(str(Path(path)))
