"""Which spans hold a position, or overlap a range, in time that does not grow with their number.

Extraction asks "which headings (tasks, goals) contain this offset?" once per task,
target or project. Scanning every span for every question costs the product of their
numbers, which makes a long document's cost grow with the square of its length.
:class:`SpanIndex` answers from spans sorted by start with the running furthest end:
looking back from a position stops at the first span before which nothing reaches it.
Answers keep the order of the spans as given.

>>> from collections import namedtuple
>>> H = namedtuple("H", "name start end")
>>> heads = (H("一、", 0, 100), H("(一)", 10, 50), H("(二)", 50, 100), H("二、", 100, 160))
>>> [h.name for h in span_index(heads).containing(60)]
['一、', '(二)']
>>> span_index(heads).overlaps(40, 55), span_index(heads[3:]).overlaps(40, 55)
(True, False)
>>> [h.name for h in span_index(heads).starting_in(5, 60)]
['(一)', '(二)']
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence


def _bounds(item) -> tuple[int, int]:
    return (item.start, item.end) if hasattr(item, "start") else (item[0], item[1])


class SpanIndex:
    """Items with ``start``/``end`` attributes (or ``(start, end)`` pairs), end exclusive."""

    def __init__(self, items: Sequence):
        order = sorted(range(len(items)), key=lambda i: _bounds(items[i]))
        self._items = [items[i] for i in order]
        self._rank = order  # position of each sorted item in the sequence given
        bounds = [_bounds(x) for x in self._items]
        self._starts = [s for s, _ in bounds]
        self._ends = [e for _, e in bounds]
        self._reach: list[int] = []
        furthest = None
        for e in self._ends:
            furthest = e if furthest is None or e > furthest else furthest
            self._reach.append(furthest)

    def _back_from(self, i: int, beyond: int) -> list[int]:
        """Sorted positions ``<= i`` whose span ends after ``beyond``."""
        out = []
        while i >= 0 and self._reach[i] > beyond:
            if self._ends[i] > beyond:
                out.append(i)
            i -= 1
        return out

    def _given_order(self, found: list[int]) -> list:
        return [self._items[i] for i in sorted(found, key=self._rank.__getitem__)]

    def containing(self, pos: int) -> list:
        """Items with ``start <= pos < end``, in the order given."""
        return self._given_order(self._back_from(bisect_right(self._starts, pos) - 1, pos))

    def overlapping(self, start: int, end: int) -> list:
        """Items that share a character with ``[start, end)``, in the order given."""
        return self._given_order(self._back_from(bisect_left(self._starts, end) - 1, start))

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end) - 1
        while i >= 0 and self._reach[i] > start:
            if self._ends[i] > start:
                return True
            i -= 1
        return False

    def starting_in(self, start: int, end: int) -> list:
        """Items with ``start < item.start < end``, in start order."""
        return self._items[bisect_right(self._starts, start): bisect_left(self._starts, end)]


_CACHE: dict[int, tuple[Sequence, SpanIndex]] = {}
_CACHE_SIZE = 16


def span_index(items: Sequence) -> SpanIndex:
    """The :class:`SpanIndex` of a sequence; built once per tuple (a list may change: built each time)."""
    if not isinstance(items, tuple):
        return SpanIndex(items)
    hit = _CACHE.get(id(items))
    if hit is not None and hit[0] is items:
        return hit[1]
    index = SpanIndex(items)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[id(items)] = (items, index)
    return index
