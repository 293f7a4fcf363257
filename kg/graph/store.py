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

A build fills the embedded store with :func:`kg.graph.store_sync.sync_store` and
sends its graphs to a server with :mod:`kg.graph.store_remote`.

>>> default_update_endpoint("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/update'
>>> len(memory_dataset())
0
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from rdflib import Dataset, URIRef

from ..errors import EXIT_LOAD, KgError
from ..namespaces import bind_prefixes

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



MOVED = {
    **dict.fromkeys(("BULK_LOAD_BYTES", "FRESH_LOAD_SHARE", "FreshLoad", "GraphSource", "StoreSync", "digest",
                     "loads_afresh", "read_state", "sync_store"), "kg.graph.store_sync"),
    **dict.fromkeys(("REMOTE_CHUNK_CHARS", "gsp_graph_url", "load_remote", "put_graphs"), "kg.graph.store_remote"),
}
"""Names that live in :mod:`kg.graph.store_sync` and :mod:`kg.graph.store_remote`, still importable from here."""


def __getattr__(name):
    if name in MOVED:
        return getattr(importlib.import_module(MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
