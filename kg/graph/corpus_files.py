"""The whole-corpus files of a build folder: ``graph.nq``, ``graph.trig``, ``graph.ttl``,
``graph.jsonld`` (written by pyoxigraph from the cached entries, when asked) and ``texts/``
(each document's extracted text, which the evidence offsets index).

>>> file_kinds("none", 5)
()
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from ..errors import KgError
from ..output import write_atomic
from ..readers.provenance import TEXTS_DIR, plan_texts
from . import cache, iris, serialize

__all__ = ["AUTO_FILES_MAX_DOCUMENTS", "DEFAULT_FILES", "OUTPUT_FILES", "file_kinds", "save_texts", "store_entries", "store_sources",
           "write_files"]

OUTPUT_FILES = {"nq": "graph.nq", "trig": "graph.trig", "ttl": "graph.ttl", "jsonld": "graph.jsonld"}
"""The whole-corpus files a build can write (``--files``), by kind."""
DEFAULT_FILES = ("nq", "trig", "ttl")
AUTO_FILES_MAX_DOCUMENTS = 200
"""``--files auto`` writes :data:`DEFAULT_FILES` for corpora of at most this many documents, none above:
each build rewrites them whole, which a one-plan rebuild of a large corpus should not pay for."""


def file_kinds(files, documents: int, jsonld: bool = False) -> tuple[str, ...]:
    """The whole-corpus files a build writes: ``files`` is ``"auto"`` (or None), ``"none"``, or kinds.

    ``auto`` writes ``graph.nq``, ``graph.trig`` and ``graph.ttl`` for a corpus of at most
    :data:`AUTO_FILES_MAX_DOCUMENTS` documents and none above it (the store answers queries;
    the files are written on request). ``jsonld`` adds ``graph.jsonld``.

    >>> file_kinds("auto", 5), file_kinds("auto", 5000), file_kinds("ttl,nq", 5000, jsonld=True)
    (('nq', 'trig', 'ttl'), (), ('nq', 'ttl', 'jsonld'))
    """
    if files is None or files == "auto":
        kinds = set(DEFAULT_FILES) if documents <= AUTO_FILES_MAX_DOCUMENTS else set()
    elif files == "none":
        kinds = set()
    else:
        given = [k.strip() for k in (files.split(",") if isinstance(files, str) else files) if k.strip()]
        unknown = [k for k in given if k not in OUTPUT_FILES and k not in ("all", "none")]
        if unknown:
            raise KgError(f"unknown file kind(s) {', '.join(unknown)}: use auto, none, all or some of "
                          f"{', '.join(OUTPUT_FILES)}")
        kinds = set(OUTPUT_FILES) if "all" in given else {k for k in given if k != "none"}
    if jsonld:
        kinds.add("jsonld")
    return tuple(k for k in OUTPUT_FILES if k in kinds)


def write_files(staging: Path, entries: list[tuple[str, Path, str]], kinds: Iterable[str], on_triple=None):
    """Write the files of ``kinds`` into ``staging``; the union's statistics when N-Quads or Turtle were merged
    (``on_triple`` was then called with each distinct triple of the union)."""
    paths = [p for _, p, _ in entries]
    kinds = set(kinds)
    stats = None
    if kinds & {"nq", "ttl"}:
        union = staging / "union.nt"
        with ExitStack() as stack:
            nq = stack.enter_context(open(staging / OUTPUT_FILES["nq"], "wb")) if "nq" in kinds else None
            nt = stack.enter_context(open(union, "wb")) if "ttl" in kinds else None
            stats = serialize.merge_nquads(paths, nq, nt, tmp_dir=staging, on_triple=on_triple)
        if "ttl" in kinds:
            serialize.write_rdf("turtle", union, staging / OUTPUT_FILES["ttl"])
            union.unlink()
    for kind in ("trig", "jsonld"):
        if kind in kinds:
            serialize.write_rdf(kind, paths, staging / OUTPUT_FILES[kind])
    return stats


def save_texts(staging: Path, out: Path, stems: list[str], cache_dir: Path, changed: set[str] | None,
                ready: set[str] = frozenset()) -> None:
    """``staging/texts``: each document's text; unchanged documents' files are linked from ``out/texts``.

    ``changed`` names the documents whose texts must be read again from their entries
    (None: all of them); the texts of ``ready`` documents were written there as they were extracted.
    """
    folder = staging / TEXTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    if ready - set(stems):  # extracted, then failed validation
        for stale in folder.glob("*.txt"):
            if stale.stem not in set(stems):
                stale.unlink()
    relink = changed is not None and (out / TEXTS_DIR).is_dir()
    todo = []
    for stem in stems:
        if stem in ready:
            continue
        old = out / TEXTS_DIR / f"{stem}.txt"
        if not relink or stem in changed or not old.is_file():
            todo.append(cache.entry_path(cache_dir, stem))
            continue
        try:
            os.link(old, folder / old.name)
        except OSError:
            shutil.copyfile(old, folder / old.name)
    for identifier, text in plan_texts(todo):
        write_atomic(folder / f"{iris.doc_stem(identifier)}.txt", text)


def store_sources(out: str | os.PathLike) -> list[Path] | None:
    """The N-Quads files that hold exactly what the store of the build folder ``out`` holds, else None
    (:func:`store_entries` without the graph names)."""
    named = store_entries(out)
    return None if named is None else [path for _, path in named]


def store_entries(out: str | os.PathLike) -> list[tuple[str, Path]] | None:
    """The N-Quads files that hold exactly what the store of the build folder ``out`` holds, else None.

    Each named graph of the store was bulk-loaded from one cached entry. The entries are
    given only when the build recorded them, the store's state (the digest of each graph
    it holds) equals the build's, and every entry still starts with its digest. Reading
    these files is much cheaper than reading the same quads back from the store, which
    looks every term up on disk. Anything else (a store changed by hand, an entry
    rebuilt since, a build folder moved away from its cache) gives None: read the store.
    """
    from .build_folder import read_build_state
    from .store import STORE_DIR
    from .store_sync import read_state

    out = Path(out)
    state = read_build_state(out)
    graphs, sources = state.get("graphs"), state.get("sources")
    if not isinstance(graphs, dict) or not isinstance(sources, dict) or set(sources) != set(graphs):
        return None
    if read_state(out / STORE_DIR) != graphs:
        return None
    names = sorted(graphs)
    if not all(cache.is_entry(out / sources[name], graphs[name]) for name in names):
        return None
    return [(name, out / sources[name]) for name in names]  # an absolute source path stays as it is
