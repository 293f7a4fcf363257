"""Extraction in worker processes: the one pool that ``kg extract``, ``kg evaluate`` and ``kg build`` use.

:func:`map_documents` runs a function over items in worker processes and yields the
results in input order as they come back. Each worker holds one loaded pipeline
(:func:`kg.extract.language.shared_nlp`) for its whole life, reads its documents
itself, runs every component and makes the records (:func:`kg.extract.extract_item`),
so that only the records travel back to the main process, never a Doc.

Items go to the workers in chunks (a few documents at a time, so that a long document
does not hold up the others for long); results are yielded as soon as the next one in
order is done. On Linux the workers are forked from a process that has loaded the
pipeline and its word tables once, so that they start at once and share those pages;
elsewhere each worker loads the pipeline when it starts.

A worker ignores Ctrl-C: the main process stops the pool (and exits 130) when it is
interrupted, and whenever the consumer stops reading.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["map_documents", "in_this_process", "worker_count", "chunk_size"]

WARM_UP_TEXT = "某县2024年工作要点\n一、重点任务\n1.推进改革。到2025年，完成技改项目20个以上。（牵头单位：县发改局；责任单位：县财政局、各乡镇）\n"
"""A small plan run once before forking, so that the lazily read tables (word list, divisions) are loaded once."""


def worker_count(workers: int) -> int:
    """``workers`` with 0 meaning one per CPU core (at least 1)."""
    return max(1, (os.cpu_count() or 1) if workers == 0 else int(workers))


def chunk_size(items: int, workers: int) -> int:
    """Documents handed to a worker at a time: about four chunks per worker, at most 8 documents.

    >>> chunk_size(1000, 2), chunk_size(20, 2), chunk_size(3, 2)
    (8, 2, 1)
    """
    return max(1, min(8, items // (workers * 4)))


def _fork_context():
    """``fork`` where it is safe and cheap (Linux), else the platform's default."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _load_pipeline() -> None:
    from . import extract_text
    from .language import shared_nlp

    shared_nlp()
    extract_text(WARM_UP_TEXT, "warm-up.txt")


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C and stops the pool
    _load_pipeline()  # at once when forked from a process that has it


def map_documents(fn: Callable[[T], R], items: Iterable[T], workers: int = 1) -> Iterator[R]:
    """``map(fn, items)`` in ``workers`` processes (0: one per core), results in input order.

    ``fn`` must be a module-level function and its items and results picklable; it should
    return its failures rather than raise them. One worker (or one item) runs in this process.
    """
    items = list(items)
    n = min(worker_count(workers), len(items))
    if n <= 1:
        yield from in_this_process(fn, items)
        return
    context = _fork_context()
    forked = context.get_start_method() == "fork"
    if forked:
        _load_pipeline()
    with _batch() if forked else contextlib.nullcontext():
        with context.Pool(n, initializer=_init_worker) as pool:  # leaving the block terminates the workers
            yield from pool.imap(fn, items, chunk_size(len(items), n))


def in_this_process(fn: Callable[[T], R], items: list[T]) -> Iterator[R]:
    """``map(fn, items)`` in this process; a batch of documents runs as in the workers (:func:`_batch`)."""
    if len(items) <= 1:
        yield from map(fn, items)
        return
    _load_pipeline()
    with _batch():
        yield from map(fn, items)


BATCH_GC_THRESHOLD = 50_000
"""Allocations between two young collections while a batch runs (Python's default is 700)."""


@contextlib.contextmanager
def _batch():
    """The garbage collector during a batch of documents (in this process, and in workers forked from it).

    The pipeline and its tables, loaded before, are set aside from its scans (``gc.freeze``):
    no copy-on-write in forked workers, and the full collections no longer walk them again
    and again. Young collections run less often: extraction makes many short-lived objects,
    freed by reference counting, that a collection every 700 allocations would only scan.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], BATCH_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


class Failure:
    """A :class:`~kg.errors.KgError` on its way back from a worker (any subclass, whatever its ``__init__``)."""

    def __init__(self, exc: BaseException):
        self.cls, self.args, self.state = type(exc), exc.args, dict(vars(exc))

    def restore(self) -> BaseException:
        exc = self.cls.__new__(self.cls)
        exc.args = self.args
        vars(exc).update(self.state)
        return exc
