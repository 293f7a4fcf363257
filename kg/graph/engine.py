"""Where documents are extracted: a local process pool or the workers of a Dask cluster.

:func:`document_mapper` chooses the engine of a build and gives a function that maps
:func:`kg.graph.docgraph.document_graph` (or the validation of a cached entry) over
tasks, yielding the results in the tasks' order as they come back:

* ``local``: :func:`kg.graph.docgraph.map_documents`, ``workers`` processes;
* ``dask``: a Dask distributed cluster, given by its scheduler's address
  (``tcp://HOST:8786``, or the ``DASK_SCHEDULER_ADDRESS`` variable), or else a
  ``LocalCluster`` of ``workers`` processes (one per CPU core when ``workers`` is 1).
  Tasks carry the document's bytes, name and manifest row, never a path, so workers
  on other machines need no shared disk; each worker process loads the extraction
  resources once (:class:`PipelineLoader`) and runs one document at a time. At most
  :data:`WINDOW` tasks per worker thread are in flight.

The results are those of the local build, byte for byte: a document's graph depends
only on its name, bytes and manifest row.
"""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from ..errors import EXIT_LOAD, KgError
from .docgraph import DocumentGraph, document_graph, map_documents, validate_nquads

log = logging.getLogger("kg.graph.engine")

ENGINES = ("local", "dask")
SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
"""Environment variable naming a Dask scheduler (as Dask itself reads it)."""
WINDOW = 4
"""Tasks in flight per worker thread of the cluster."""
CONNECT_TIMEOUT = "30s"

Mapper = Callable[[list[tuple]], Iterator[DocumentGraph]]


class EngineError(KgError):
    """The cluster cannot be reached or started, or lost a task."""

    exit_code = EXIT_LOAD


# -- on the workers ------------------------------------------------------------------------

_one_at_a_time = threading.Lock()
"""The extraction resources of a process are shared; threads of one worker take turns."""


def run_portable(task: tuple) -> DocumentGraph:
    """Worker side: ``("extract", name, data, plan, validate)`` or ``("validate", nquads, stem)``.

    The document is written under its own name into a temporary folder and read from
    there, so the worker reads it exactly as a local build reads the original.
    """
    with _one_at_a_time:
        if task[0] == "validate":
            return DocumentGraph(stem=task[2], report=validate_nquads(task[1]))
        _, name, data, plan, validate = task
        with tempfile.TemporaryDirectory(prefix="kg-doc-") as folder:
            path = Path(folder) / name
            path.write_bytes(data)
            return document_graph(path, plan, validate)


def warm_up() -> None:
    """Load what extraction needs once (dictionaries, patterns, tables) by extracting a short text."""
    from ..extract import extract_text

    with _one_at_a_time:
        extract_text("一、总体要求\n（一）推进重点任务。（牵头单位：区发展改革局）\n", name="warm-up.txt")


def _plugin_class():
    from distributed import WorkerPlugin

    class PipelineLoader(WorkerPlugin):
        """Loads the extraction resources when a worker starts, so each worker holds one loaded pipeline."""

        name = "kg-pipeline"

        def setup(self, worker):
            warm_up()

    return PipelineLoader


# -- on the client -------------------------------------------------------------------------


def portable(task: tuple) -> tuple | None:
    """A task of :func:`kg.graph.docgraph.map_documents` with the files it names read in; None if unreadable."""
    try:
        if task[0] == "extract":
            _, path, plan, validate = task
            return ("extract", Path(path).name, Path(path).read_bytes(), plan, validate)
        return ("validate", Path(task[1]).read_bytes(), task[2])
    except OSError:
        return None


def _threads(client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def map_on_cluster(tasks: list[tuple], client) -> Iterator[DocumentGraph]:
    """The results of ``tasks`` computed by the workers of ``client``, in the tasks' order.

    A document that cannot be read here is answered here, with the local build's words.
    """
    pending = iter(tasks)
    limit = WINDOW * _threads(client)

    def submit(task):
        ready = portable(task)
        if ready is None:
            return map_documents([task], 1)  # reading fails again and says why
        return client.submit(run_portable, ready, pure=False)

    window = deque(submit(t) for t in islice(pending, limit))
    while window:
        head = window.popleft()
        following = next(pending, None)
        if following is not None:
            window.append(submit(following))
        if isinstance(head, Iterator):
            yield next(head)
            continue
        try:
            yield head.result()
        except Exception as exc:  # a worker died or the scheduler went away
            raise EngineError(f"the Dask cluster lost a task ({type(exc).__name__}: {exc})") from None
        finally:
            head.release()


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1) -> Iterator[object]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers`` processes (closed after)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the Dask engine needs dask[distributed]: pip install 'kg-policy[cluster]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            n = workers if workers > 1 else (os.cpu_count() or 1)
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        raise EngineError(f"{scheduler or 'a local cluster'}: the Dask scheduler cannot be reached ({exc})") from None
    except RuntimeError as exc:  # the worker processes of a LocalCluster did not start
        raise EngineError(f"a local Dask cluster cannot be started ({exc}); a Python script that starts one "
                          "must run it under `if __name__ == '__main__':`") from None
    try:
        client.register_plugin(_plugin_class()())
        log.info("Dask: %s, %d worker thread(s)", scheduler or "local cluster", _threads(client))
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def document_mapper(engine: str = "local", scheduler: str | None = None, workers: int = 1) -> Iterator[Mapper]:
    """The function mapping build tasks to results on the chosen engine (see the module doc).

    ``scheduler`` implies the Dask engine.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "local" and not scheduler:
        yield lambda tasks: map_documents(tasks, workers)
        return
    with dask_client(scheduler, workers) as connected:
        yield lambda tasks: map_on_cluster(tasks, connected)
