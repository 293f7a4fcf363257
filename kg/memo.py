"""Memoisation scoped to one document.

Tokenising the same short span twice within a document is common (places and projects
look at the same clauses); across documents it is rare. :func:`document_cache` memoises
a function of a span's text, and :func:`clear_document_caches`, called at the start of
every document, forgets it, so figures measured on repeated text stay honest.

>>> @document_cache()
... def double(s):
...     return s * 2
>>> double("甲"), double.cache_info().currsize
('甲甲', 1)
>>> clear_document_caches(); double.cache_info().currsize
0
"""

from __future__ import annotations

from functools import lru_cache

_CACHES: list = []


def document_cache(maxsize: int = 2048):
    """An ``lru_cache`` that :func:`clear_document_caches` empties."""

    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _CACHES.append(cached)
        return cached

    return wrap


def document_dict() -> dict:
    """A plain dict that :func:`clear_document_caches` empties (for keys an ``lru_cache``
    would hash too slowly, or values that must hold on to an argument)."""
    out: dict = {}
    _CACHES.append(out)
    return out


def clear_document_caches() -> None:
    for cached in _CACHES:
        if isinstance(cached, dict):
            cached.clear()
        else:
            cached.cache_clear()
