"""The shared nodes that may break a cross-document check, found as a build counts the union's triples.

:func:`kg.graph.validate_cross.cross_document_report` asks the store, for each
:class:`~kg.graph.validate_cross.CrossCheck`, which shared node (an IRI not minted under a
plan's) holds more values of a property than the shape allows (``sh:maxCount``), or
two labels in one language (``sh:uniqueLang``). Over tens of millions of quads those
queries take minutes, yet a build already reads every distinct triple of the union
once, to count it (:func:`kg.graph.counts.corpus_stats`,
:func:`kg.graph.serialize.merge_nquads`). :class:`Candidates` counts, in that pass,
the values of each checked property per node, and keeps the nodes given more than one
check allows: every node a check can fault is among them, so the checks need only ask
the store about those nodes (:func:`kg.graph.rebuild.cross_document_checks`), usually
none.

Counts are kept by hash, not by text, to keep memory small: two (node, property) pairs
sharing a hash only add a node to ask about, never hide one (a node's value beyond the
allowed count is always counted on top of its own earlier values).

>>> from kg.graph.validate_cross import CrossCheck
>>> check = CrossCheck("urn:shape", "urn:Unit", "urn:jurisdiction", 1, False, "one jurisdiction")
>>> found = Candidates([check])
>>> for triple in (b"<urn:u> <urn:jurisdiction> <urn:b>", b"<urn:u> <urn:jurisdiction> <urn:a>",
...                b"<urn:v> <urn:jurisdiction> <urn:a>"):
...     found.add(triple)
>>> found.nodes
{'urn:u'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .validate_cross import DOCUMENT_SCOPED, CrossCheck, cross_checks

__all__ = ["Candidates"]

_SCOPED = f"<{DOCUMENT_SCOPED}".encode()
_LANG = re.compile(rb'"@([A-Za-z0-9-]+)$')


class Candidates:
    """Shared nodes given more values of a checked property than a check allows (:attr:`nodes`).

    :meth:`add` takes each distinct triple of the union once (N-Triples text without
    the final dot, as the build's passes read them).
    """

    def __init__(self, checks: Iterable[CrossCheck] | None = None):
        checks = tuple(cross_checks() if checks is None else checks)
        self._allowed: dict[bytes, int] = {}
        """Property -> the fewest values a check allows."""
        for c in checks:
            if not c.unique_lang:
                path = f"<{c.path}>".encode()
                self._allowed[path] = min(c.max_count, self._allowed.get(path, c.max_count))
        self._lang_paths = {f"<{c.path}>".encode() for c in checks if c.unique_lang}
        self._counts: dict[int, int] = {}
        self.nodes: set[str] = set()
        """IRIs of the nodes the checks must look at."""

    def add(self, triple: bytes) -> None:
        """Take one distinct triple of the union (``<s> <p> o``)."""
        if not triple.startswith(b"<") or triple.startswith(_SCOPED):
            return
        s, p, o = triple.split(b" ", 2)
        allowed = self._allowed.get(p)
        if allowed is not None:
            self._count((s, p), allowed, s)
        if p in self._lang_paths:
            lang = _LANG.search(o)
            if lang is not None:
                self._count((s, p, lang.group(1).lower()), 1, s)

    def _count(self, key: tuple, allowed: int, subject: bytes) -> None:
        h = hash(key)
        n = self._counts.get(h, 0) + 1
        self._counts[h] = n
        if n > allowed:
            self.nodes.add(subject[1:-1].decode("utf-8"))
