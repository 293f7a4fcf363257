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

import hashlib
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
        if is_oxigraph_dir(path):
            return _stored(path, store)
        if is_oxigraph_dir(path / STORE_DIR) and store != "memory":
            return oxigraph_dataset(path / STORE_DIR, read_only=True)
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


@dataclass(frozen=True)
class StoreSync:
    """What :func:`sync_store` changed."""

    path: Path
    loaded: tuple[str, ...]
    removed: tuple[str, ...]
    kept: int


def sync_store(path: str | os.PathLike, graphs: Mapping[str, str]) -> StoreSync:
    """Make the Oxigraph store at ``path`` hold exactly ``graphs`` (``{graph IRI: N-Triples}``).

    Only graphs whose text changed are replaced; graphs not in ``graphs`` are dropped.
    A digest of each graph is kept beside the store (:data:`STATE_FILE`); without it
    the store is rebuilt from scratch.
    """
    path = Path(path)
    state_file = path.with_name(STATE_FILE)
    state: dict[str, str] = {}
    if state_file.is_file():
        try:
            state = json.loads(state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
    ds = _open_for_writing(path)
    try:
        if state_file.exists():
            state_file.unlink()  # rewritten below once the store is consistent again
        present = {str(g.identifier) for g in ds.graphs() if isinstance(g.identifier, URIRef)} - {str(ds.default_graph.identifier)}
        if not state:  # unknown content: start again from an empty store
            for name in present:
                ds.remove_graph(URIRef(name))
            ds.default_graph.remove((None, None, None))
            present = set()
        wanted = {name: digest(text) for name, text in graphs.items()}
        removed = sorted(present - set(wanted))
        for name in removed:
            ds.remove_graph(URIRef(name))
        loaded = []
        for name in sorted(wanted):
            if name in present and state.get(name) == wanted[name]:
                continue
            if name in present:
                ds.remove_graph(URIRef(name))
            ds.graph(URIRef(name)).parse(data=graphs[name], format="ox-nt")
            loaded.append(name)
    finally:
        ds.close()
    write_atomic(state_file, json.dumps(wanted, indent=1, sort_keys=True) + "\n")
    log.info("store %s: %d graph(s) loaded, %d removed, %d unchanged", path, len(loaded), len(removed),
             len(wanted) - len(loaded))
    return StoreSync(path=path, loaded=tuple(loaded), removed=tuple(removed), kept=len(wanted) - len(loaded))


def _open_for_writing(path: Path) -> Dataset:
    """Open (or create) the store for writing; a store that is not a readable store is replaced."""
    try:
        return oxigraph_dataset(path)
    except GraphLoadError as exc:
        if "lock" in str(exc).lower() or not path.exists():
            raise
        log.warning("%s is not a readable Oxigraph store (%s); building it again", path, exc)
        shutil.rmtree(path)
        return oxigraph_dataset(path)


def _chunks(text: str, size: int):
    lines = text.splitlines()
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


def load_remote(endpoint: str, graphs: Mapping[str, str], update_endpoint: str | None = None,
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
            body = [f"INSERT DATA {{ GRAPH {ref} {{\n{chunk}\n}} }}" for chunk in _chunks(graphs[name], REMOTE_CHUNK_CHARS)]
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
