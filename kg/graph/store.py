"""Where the graph lives: an embedded Oxigraph store, rdflib's memory, or a SPARQL server.

Every store is used through rdflib's :class:`~rdflib.Dataset` API, with the union of
the named graphs as the default graph, so the same SPARQL runs everywhere:

* **embedded** (default): Oxigraph on disk under ``build/store`` (through
  ``oxrdflib``); no server; opened read-only for queries so readers never block
  each other (a build must not run at the same time).
* **memory**: rdflib's own in-memory store, parsed from a file (``graph.nq``,
  ``.trig``, ``.ttl``, ``.nt``, ``.jsonld``).
* **remote**: any SPARQL 1.1 server through rdflib's ``SPARQLUpdateStore``. The
  server must answer queries over the union of its named graphs (for Oxigraph:
  ``oxigraph serve --union-default-graph``).

>>> default_update_endpoint("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/update'
>>> len(memory_dataset())
0
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

from rdflib import Dataset, URIRef

from ..errors import EXIT_LOAD, KgError
from ..namespaces import bind_prefixes
from ..output import write_atomic

log = logging.getLogger("kg.graph.store")

STORE_DIR = "store"
"""The embedded store's folder inside a build folder."""
STATE_FILE = "store-state.json"
"""Beside the store: the digest of each named graph it holds (for incremental loads)."""
BUILD_ATTR = "kg_build_dir"
"""Attribute of a dataset opened from a build folder's store by :func:`load_graph`: that folder."""
GRAPH_FILES = ("graph.nq", "graph.trig", "graph.ttl")
"""Files of a build folder that :func:`load_graph` reads when there is no store, in order."""

FORMATS = {
    ".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".ttl": "turtle", ".turtle": "turtle",
    ".nt": "nt", ".ntriples": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".owl": "xml",
    ".xml": "xml", ".n3": "n3",
}
"""File ending -> rdflib parser name."""

STORES = ("auto", "oxigraph", "memory")

REMOTE_CHUNK_CHARS = 1_000_000
"""Size of one ``INSERT DATA`` request when loading a SPARQL server."""


class GraphLoadError(KgError):
    """A graph, store or endpoint cannot be opened or read."""

    exit_code = EXIT_LOAD


def memory_dataset() -> Dataset:
    """An empty rdflib in-memory dataset whose default graph is the union of its graphs."""
    return bind_prefixes(Dataset(default_union=True))


def oxigraph_dataset(path: str | os.PathLike | None = None, read_only: bool = False) -> Dataset:
    """An Oxigraph-backed dataset: on disk at ``path`` (created if missing), else in memory."""
    import pyoxigraph
    from oxrdflib.store import OxigraphStore

    if path is None:
        store = OxigraphStore(store=pyoxigraph.Store())
    else:
        if not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if read_only:
            check_complete(path)
        try:
            inner = pyoxigraph.Store.read_only(str(path)) if read_only else pyoxigraph.Store(str(path))
        except OSError as exc:
            raise GraphLoadError(
                f"{path}: the Oxigraph store cannot be opened ({exc}); is a build writing it right now?"
            ) from None
        store = OxigraphStore(store=inner)
    return bind_prefixes(Dataset(store=store, default_union=True))


def default_update_endpoint(query_url: str) -> str:
    """The update URL of a SPARQL server: a final ``/query`` becomes ``/update``, else the same URL."""
    return query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url


def remote_dataset(endpoint: str, update_endpoint: str | None = None) -> Dataset:
    """A dataset backed by a SPARQL 1.1 server (query and update endpoints)."""
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(
        query_endpoint=endpoint,
        update_endpoint=update_endpoint or default_update_endpoint(endpoint),
        method="POST",
        returnFormat="json",
        autocommit=True,
    )
    return bind_prefixes(Dataset(store=store, default_union=True))


def is_oxigraph_dir(path: Path) -> bool:
    """Whether a folder holds an Oxigraph (RocksDB) store."""
    return path.is_dir() and (path / "CURRENT").is_file()


def parse_file(path: str | os.PathLike, dataset: Dataset | None = None) -> Dataset:
    """Parse an RDF file into ``dataset`` (default: a new in-memory dataset)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown RDF file ending {path.suffix!r} (use one of {', '.join(sorted(FORMATS))})")
    ds = dataset if dataset is not None else memory_dataset()
    try:
        if fmt in ("nquads", "trig", "json-ld"):
            ds.parse(path, format=fmt)
        else:
            ds.default_graph.parse(path, format=fmt)
    except FileNotFoundError:
        raise GraphLoadError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises many kinds of parse errors
        raise GraphLoadError(f"{path}: cannot be read as {fmt}: {exc}") from None
    return ds


def load_graph(source: str | os.PathLike = "build", store: str = "auto", endpoint: str | None = None) -> Dataset:
    """Open a graph for querying, as an rdflib :class:`~rdflib.Dataset`.

    ``source`` is a build folder (its Oxigraph store, else its ``graph.nq``), an
    Oxigraph store folder, or an RDF file. ``store`` chooses the engine: ``auto``
    (the embedded store when there is one, else memory), ``oxigraph`` (files are
    loaded into an in-memory Oxigraph) or ``memory`` (rdflib's store). With
    ``endpoint``, ``source`` is ignored and the SPARQL server is queried.
    """
    if store not in STORES:
        raise ValueError(f"store must be one of {', '.join(STORES)}, not {store!r}")
    if endpoint:
        return remote_dataset(endpoint)
    path = Path(source)
    if path.is_dir():
        check_complete(path / STORE_DIR)
        if is_oxigraph_dir(path):
            return _stored(path, store)
        if is_oxigraph_dir(path / STORE_DIR) and store != "memory":
            ds = oxigraph_dataset(path / STORE_DIR, read_only=True)
            setattr(ds, BUILD_ATTR, path)  # analyses may read the build's entries instead of the store
            return ds
        for name in GRAPH_FILES:
            if (path / name).is_file():
                return load_graph(path / name, store=store)
        if is_oxigraph_dir(path / STORE_DIR):
            return _stored(path / STORE_DIR, store)
        raise GraphLoadError(f"{path}: no graph here (neither {STORE_DIR}/ nor {', '.join(GRAPH_FILES)}); run `kg build` first")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or folder")
    if store == "oxigraph":
        ds = oxigraph_dataset()
        _bulk_parse(ds, path)
        return ds
    return parse_file(path)


def _stored(path: Path, store: str) -> Dataset:
    ds = oxigraph_dataset(path, read_only=True)
    if store != "memory":
        return ds
    mem = memory_dataset()
    for graph in ds.graphs():
        target = mem.graph(URIRef(str(graph.identifier)))
        target.addN((s, p, o, target) for s, p, o in graph)
    return mem


def _bulk_parse(ds: Dataset, path: Path) -> None:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown RDF file ending {path.suffix!r}")
    try:
        if fmt in ("nquads", "trig", "json-ld"):
            ds.parse(path, format=f"ox-{fmt}")
        else:
            ds.default_graph.parse(path, format=f"ox-{fmt}")
    except Exception as exc:
        raise GraphLoadError(f"{path}: cannot be read as {fmt}: {exc}") from None


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def incomplete_marker(path: str | os.PathLike) -> Path:
    """Beside a store: present while the store is being changed in place, so readers refuse it."""
    path = Path(path)
    return path.with_name(path.name + ".incomplete")


def check_complete(path: str | os.PathLike) -> None:
    """Raise :class:`GraphLoadError` when the store at ``path`` was left half-changed by a stopped build."""
    if incomplete_marker(path).exists():
        raise GraphLoadError(
            f"{path}: the store is incomplete: a build stopped while loading it "
            f"({incomplete_marker(path).name} is present); run `kg build` again"
        )


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


def _chunks(text: str, size: int):
    lines = [line for line in text.split("\n") if line]  # not splitlines: literals may hold U+2028 or a form feed
    chunk: list[str] = []
    length = 0
    for line in lines:
        if chunk and length + len(line) > size:
            yield "\n".join(chunk)
            chunk, length = [], 0
        chunk.append(line)
        length += len(line) + 1
    if chunk:
        yield "\n".join(chunk)


def load_remote(endpoint: str, graphs: Mapping[str, str | GraphSource], update_endpoint: str | None = None,
                timeout: float | None = None) -> int:
    """Replace each named graph on a SPARQL server (``DROP SILENT GRAPH`` then ``INSERT DATA``).

    Graphs of the server that are not in ``graphs`` are left alone. Returns the number
    of update requests sent. Each request waits at most ``timeout`` seconds (default
    :func:`kg.sparql.endpoint_timeout`); a 5xx answer is retried (:func:`kg.sparql.post_update`).
    """
    from ..sparql import post_update

    ds = remote_dataset(endpoint, update_endpoint)
    requests = 0
    try:
        for name in sorted(graphs):
            ref = URIRef(name).n3()
            text = graphs[name].ntriples() if isinstance(graphs[name], GraphSource) else graphs[name]
            body = [f"INSERT DATA {{ GRAPH {ref} {{\n{chunk}\n}} }}" for chunk in _chunks(text, REMOTE_CHUNK_CHARS)]
            first = f"DROP SILENT GRAPH {ref}" + (" ;\n" + body[0] if body else "")
            for update in [first, *body[1:]]:
                post_update(update_endpoint or default_update_endpoint(endpoint), update, timeout)
                requests += 1
    except Exception as exc:
        if isinstance(exc, KgError):
            raise
        raise GraphLoadError(f"{endpoint}: loading the graph failed: {exc}") from None
    finally:
        ds.close()
    return requests


def gsp_graph_url(gsp: str, name: str) -> str:
    """The Graph Store Protocol URL of the named graph ``name`` (indirect identification).

    >>> gsp_graph_url("http://127.0.0.1:7878/store", "https://example.org/g/a b")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fg%2Fa%20b'
    """
    from urllib.parse import quote

    return f"{gsp}{'&' if '?' in gsp else '?'}graph={quote(name, safe='')}"


def put_graphs(gsp: str, graphs: Mapping[str, str | GraphSource], timeout: float = 60.0) -> int:
    """Replace each named graph on a server with one Graph Store Protocol ``PUT`` (N-Triples body).

    ``gsp`` is the server's graph store URL (Oxigraph: ``/store``; Fuseki:
    ``/DATASET/data``). Graphs of the server that are not in ``graphs`` are left
    alone. Each request may take ``timeout`` seconds. Returns the number of requests.
    """
    from urllib.error import HTTPError, URLError
    from urllib.request import Request, urlopen

    requests = 0
    for name in sorted(graphs):
        source = graphs[name]
        body = (source.ntriples() if isinstance(source, GraphSource) else source).encode("utf-8")
        request = Request(gsp_graph_url(gsp, name), data=body, method="PUT",
                          headers={"Content-Type": "application/n-triples"})
        try:
            with urlopen(request, timeout=timeout) as response:
                response.read()
        except HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip()[:300]
            raise GraphLoadError(f"{gsp}: storing graph <{name}> failed: HTTP {exc.code} {detail}") from None
        except (URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise GraphLoadError(f"{gsp}: storing graph <{name}> failed: {reason}") from None
        requests += 1
    return requests
