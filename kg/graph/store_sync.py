"""Keeping the embedded Oxigraph store in step with a build's named graphs.

:func:`sync_store` makes the store under ``build/store`` hold exactly the given
graphs (each a :class:`GraphSource`: an N-Quads file or N-Triples text, and its
digest): the changed graphs are replaced in place while the store is marked
incomplete, or the whole store is bulk-loaded beside the old one by a
:class:`FreshLoad` and switched in by renaming. :func:`read_state` reads the
digests a store holds (``store-state.json``).
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import logging
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..output import write_atomic
from .store import STATE_FILE, GraphLoadError, incomplete_marker, is_oxigraph_dir

log = logging.getLogger("kg.graph.store")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GraphSource:
    """One named graph for :func:`sync_store`: an N-Quads file holding it (or N-Triples text) and a digest."""

    digest: str
    path: Path | None = None
    text: str | None = None

    def nquads(self, name: str) -> bytes:
        """The graph as N-Quads bytes."""
        if self.path is not None:
            return Path(self.path).read_bytes()
        from .serialize import nquads

        return nquads({name: self.text or ""}).encode("utf-8")

    def ntriples(self) -> str:
        """The graph as N-Triples text."""
        if self.text is not None:
            return self.text
        lines = []
        for line in Path(self.path).read_text(encoding="utf-8").split("\n"):  # not splitlines: literals may hold U+2028
            if line and not line.startswith("#"):
                lines.append(line[:-2].rsplit(" ", 1)[0] + " .")
        return "".join(line + "\n" for line in lines)


def _sources(graphs: Mapping[str, str | GraphSource]) -> dict[str, GraphSource]:
    return {name: src if isinstance(src, GraphSource) else GraphSource(digest(src), text=src)
            for name, src in graphs.items()}


class _Concatenated(io.RawIOBase):
    """A binary stream reading the N-Quads of several graphs one after the other; calls ``done()`` after each."""

    def __init__(self, items: list[tuple[str, GraphSource]], done=None):
        self._items = iter(items)
        self._done = done
        self._current: io.BufferedIOBase | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._current is None:
                item = next(self._items, None)
                if item is None:
                    return 0
                name, src = item
                self._current = open(src.path, "rb") if src.path is not None else io.BytesIO(src.nquads(name))
            n = self._current.readinto(buffer)
            if n:
                return n
            self._current.close()
            self._current = None
            if self._done is not None:
                self._done()

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()


@dataclass(frozen=True)
class StoreSync:
    """What :func:`sync_store` changed."""

    path: Path
    loaded: tuple[str, ...]
    removed: tuple[str, ...]
    kept: int
    fresh: bool = False


def read_state(path: str | os.PathLike) -> dict[str, str]:
    """The digests of the graphs a store holds (empty when unknown or when the store is incomplete)."""
    path = Path(path)
    state_file = path.with_name(STATE_FILE)
    if not is_oxigraph_dir(path) or incomplete_marker(path).exists() or not state_file.is_file():
        return {}
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


BULK_LOAD_BYTES = 96 * 2**20
"""N-Quads given to one call of Oxigraph's bulk loader: its memory grows with what one call loads."""


def _batches(names: list[str], sources: dict[str, GraphSource]):
    """``names`` in runs of about :data:`BULK_LOAD_BYTES` of N-Quads (sizes of files, or of texts)."""
    batch, size = [], 0
    for name in names:
        src = sources[name]
        batch.append(name)
        size += Path(src.path).stat().st_size if src.path is not None else len(src.text or "")
        if size >= BULK_LOAD_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


FRESH_LOAD_SHARE = 0.5
"""When more than this share of the graphs changed, the store is loaded afresh in bulk."""


def sync_store(path: str | os.PathLike, graphs: Mapping[str, str | GraphSource], progress=None,
               preloaded: FreshLoad | None = None) -> StoreSync:
    """Make the Oxigraph store at ``path`` hold exactly ``graphs`` (``{graph IRI: N-Triples text or source}``).

    With a known state (:data:`STATE_FILE`, the digest of each graph held) only the
    graphs whose digest changed are replaced in place, and graphs not in ``graphs``
    are dropped; meanwhile the store is marked incomplete (:func:`incomplete_marker`),
    so a build stopped half-way leaves a store every reader refuses. Otherwise (first
    build, unknown or incomplete store, most graphs changed) the store is bulk-loaded
    in a new folder beside it and switched in by renaming: a build stopped while
    loading leaves the previous store as it was. ``progress(n)`` is called as graphs are loaded.
    ``preloaded``, a fresh load of ``path`` already under way (:class:`FreshLoad`), is finished.
    """
    path = Path(path)
    wanted = _sources(graphs)
    state = read_state(path)
    if preloaded is not None:
        return preloaded.finish(wanted, state, progress)
    changed = sorted(name for name in wanted if state.get(name) != wanted[name].digest)
    if state and not changed and set(state) == set(wanted):
        return StoreSync(path=path, loaded=(), removed=(), kept=len(wanted))
    if not state or len(changed) > FRESH_LOAD_SHARE * max(len(wanted), 1):
        return _fresh_load(path, wanted, state, progress)
    return _update_in_place(path, wanted, changed, progress)


def _open_store(path: Path):
    import pyoxigraph

    try:
        return pyoxigraph.Store(str(path))
    except OSError as exc:
        raise GraphLoadError(
            f"{path}: the Oxigraph store cannot be opened ({exc}); is a build writing it right now?"
        ) from None


def _release(store) -> None:
    """Close a pyoxigraph store (it closes when the last reference goes)."""
    del store
    gc.collect()


def _fresh_load(path: Path, wanted: dict[str, GraphSource], state: dict[str, str], progress) -> StoreSync:
    return FreshLoad(path).finish(wanted, state, progress)


class FreshLoad:
    """A store bulk-loaded in a new folder beside the one at ``path``, then switched in by renaming.

    Graphs given to :meth:`add` are loaded by a thread (Oxigraph's loader runs without
    Python's lock) in runs of about :data:`BULK_LOAD_BYTES`, so a build fills the store
    while its documents are still being extracted. :meth:`finish` loads what is still
    missing, drops what is not wanted, and switches the new store in; :meth:`abort`
    removes it. A build stopped meanwhile leaves the previous store as it was.
    """

    def __init__(self, path: str | os.PathLike):
        import queue
        import threading

        import pyoxigraph

        self.path = Path(path)
        if is_oxigraph_dir(self.path):  # fail early, and alike, when another writer holds the store
            _release(_open_store(self.path))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._new = self.path.with_name(f".{self.path.name}.new")
        self._old = self.path.with_name(f".{self.path.name}.old")
        for leftover in (self._new, self._old):
            if leftover.exists():
                shutil.rmtree(leftover)
        self._store = pyoxigraph.Store(str(self._new))
        self.loaded: dict[str, str] = {}
        """Graphs in the new store: name -> digest."""
        self._error: Exception | None = None
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="kg-store-load", daemon=True)
        self._thread.start()

    def add(self, name: str, source: GraphSource) -> None:
        """Load the graph ``name`` (an N-Quads file; its digest) in the background."""
        self._queue.put((name, source))

    def _load(self, items: list[tuple[str, GraphSource]], done=None) -> None:
        import pyoxigraph

        with _Concatenated(items, done=done) as stream:
            self._store.bulk_load(stream, format=pyoxigraph.RdfFormat.N_QUADS)
        self.loaded.update((name, src.digest) for name, src in items)

    def _run(self) -> None:
        batch, size = [], 0
        while True:
            item = self._queue.get()
            if item is not None:
                batch.append(item)
                src = item[1]
                size += Path(src.path).stat().st_size if src.path is not None else len(src.text or "")
            if batch and self._error is None and (item is None or size >= BULK_LOAD_BYTES):
                try:
                    self._load(batch)
                except Exception as exc:  # reported by finish()
                    self._error = exc
                batch, size = [], 0
            if item is None:
                return

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def abort(self) -> None:
        """Stop loading and remove the new store (the store at ``path`` is left as it was)."""
        self._stop()
        if self._store is not None:
            self._close()
            shutil.rmtree(self._new, ignore_errors=True)

    def _close(self) -> None:
        self._store = None  # the only reference: the store closes
        gc.collect()

    def finish(self, wanted: Mapping[str, str | GraphSource], state: Mapping[str, str] | None = None,
               progress=None) -> StoreSync:
        """Make the new store hold exactly ``wanted`` and switch it in (``state``: what the old one held)."""
        import pyoxigraph

        wanted = _sources(wanted)
        try:
            self._stop()
            if self._error is not None:
                raise self._error
            stray = sorted(n for n in self.loaded if wanted.get(n) is None or wanted[n].digest != self.loaded[n])
            for name in stray:
                self._store.remove_graph(pyoxigraph.NamedNode(name))
                del self.loaded[name]
            names = sorted(wanted)
            if progress and self.loaded:
                progress(len(self.loaded))  # loaded while the documents were extracted
            for batch in _batches([n for n in names if n not in self.loaded], wanted):
                self._load([(n, wanted[n]) for n in batch], done=(lambda: progress(1)) if progress else None)
            self._store.flush()
        except (OSError, SyntaxError, ValueError) as exc:
            self.abort()
            raise GraphLoadError(f"{self.path}: loading the store failed: {exc}") from None
        except BaseException:
            self.abort()
            raise
        self._close()
        path = self.path
        marker = incomplete_marker(path)
        write_atomic(marker, "switching to a newly loaded store\n")
        state_file = path.with_name(STATE_FILE)
        if state_file.exists():
            state_file.unlink()
        if path.exists():
            os.replace(path, self._old)
        os.replace(self._new, path)
        write_atomic(state_file, json.dumps({n: wanted[n].digest for n in names}, indent=1, sort_keys=True) + "\n")
        marker.unlink()
        shutil.rmtree(self._old, ignore_errors=True)
        removed = tuple(sorted(set(state or {}) - set(wanted)))
        log.info("store %s: loaded afresh, %d graph(s)", path, len(names))
        return StoreSync(path=path, loaded=tuple(names), removed=removed, kept=0, fresh=True)


def loads_afresh(path: str | os.PathLike, digests: Mapping[str, str]) -> bool:
    """Whether :func:`sync_store` would load the store at ``path`` afresh to hold graphs of these digests."""
    state = read_state(path)
    changed = sum(state.get(name) != d for name, d in digests.items())
    return not state or changed > FRESH_LOAD_SHARE * max(len(digests), 1)


def _update_in_place(path: Path, wanted: dict[str, GraphSource], changed: list[str], progress) -> StoreSync:
    import pyoxigraph

    store = _open_store(path)
    marker = incomplete_marker(path)
    state_file = path.with_name(STATE_FILE)
    try:
        present = {g.value for g in store.named_graphs() if isinstance(g, pyoxigraph.NamedNode)}
        removed = sorted(present - set(wanted))
        if not changed and not removed:
            return StoreSync(path=path, loaded=(), removed=(), kept=len(wanted))
        write_atomic(marker, "changing the store in place\n")
        state_file.unlink()
        for name in removed:
            store.remove_graph(pyoxigraph.NamedNode(name))
        for name in changed:
            if name in present:
                store.remove_graph(pyoxigraph.NamedNode(name))
            store.load(wanted[name].nquads(name), format=pyoxigraph.RdfFormat.N_QUADS)
            if progress:
                progress(1)
        store.flush()
    finally:
        _release(store)
    write_atomic(state_file, json.dumps({n: s.digest for n, s in sorted(wanted.items())}, indent=1,
                                        sort_keys=True) + "\n")
    marker.unlink()
    log.info("store %s: %d graph(s) loaded, %d removed, %d unchanged", path, len(changed), len(removed),
             len(wanted) - len(changed))
    return StoreSync(path=path, loaded=tuple(changed), removed=tuple(removed), kept=len(wanted) - len(changed))


