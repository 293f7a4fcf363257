"""The RDF terms the conversion of records to triples is made of: namespaces, literals, dates.

The namespaces (``KG``, ``RDF`` ...) are read through :class:`_Terms`, which looks
each term up once; :func:`literal`, :func:`zh` and :func:`decimal` make each literal
once per value; :func:`date_literal` types a date by its precision. ``Triple`` is
the type of what :mod:`kg.graph.triples` yields.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef

from .. import namespaces

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Terms:
    """A namespace whose terms are looked up once each, then read as plain attributes.

    rdflib's defined namespaces check every attribute access; the conversion reads
    a few dozen terms hundreds of thousands of times.
    """

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


DCTERMS, KG, OA, ORG, PROV, RDF, RDFS, SKOS, XSD = (
    _Terms(getattr(namespaces, n)) for n in ("DCTERMS", "KG", "OA", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD"))

CACHED = 1 << 14
"""Entries of each memo of terms (literals, places, units): names and offsets recur within and across plans."""

literal = lru_cache(maxsize=CACHED, typed=True)(Literal)
"""A plain literal of a (short) string or an int, made once per value (literals are immutable)."""


@lru_cache(maxsize=CACHED)
def zh(text: str) -> Literal:
    """A Chinese label."""
    return Literal(text, lang="zh")


@lru_cache(maxsize=CACHED, typed=True)
def decimal(value) -> Literal:
    """An ``xsd:decimal`` from an int or float, written the short way.

    >>> decimal(7.0), decimal(0.25)
    (rdflib.term.Literal('7.0', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')), rdflib.term.Literal('0.25', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')))
    """
    number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
    return Literal(number, datatype=XSD.decimal)


def date_literal(value: str | None) -> Literal | None:
    """``2024-03-15`` -> xsd:date, ``2024`` -> xsd:gYear, ``2024-03`` -> xsd:gYearMonth.

    >>> [str(date_literal(v).datatype).rsplit("#")[1] for v in ("2024-03-15", "2024", "2024-03")]
    ['date', 'gYear', 'gYearMonth']
    >>> date_literal("去年") is None
    True
    """
    if not value:
        return None
    value = value.strip()
    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    kinds = {1: XSD.gYear, 2: XSD.gYearMonth, 3: XSD.date}
    if len(parts) not in kinds or any(len(p) != 2 for p in parts[1:]):
        return None
    return Literal(value, datatype=kinds[len(parts)])

