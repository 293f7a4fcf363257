"""The corpus built on a Dask cluster and sent to a SPARQL server with the Graph Store Protocol.

A ``LocalCluster`` of two worker processes on loopback extracts the documents (sent
as bytes, not paths) and an ``oxigraph serve`` on loopback receives one PUT per named
graph; the files must equal the local build's byte for byte and the server must hold
the quads of the local store. The fixtures stop the cluster and the server.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from kg.cli import cli
from kg.errors import EXIT_LOAD, EXIT_OK
from kg.graph import engine
from kg.graph.build import OUTPUT_FILES, build_graph
from kg.graph.store import GraphLoadError
from kg.graph.store_remote import put_graphs
from kg.manifest import manifest_entry
from kg.sparql import query
from tests.test_endpoint import free_port, server  # noqa: F401  (server: the Oxigraph fixture)

PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def cluster_build(cluster, server, corpus_dir, tmp_path_factory):  # noqa: F811
    """``kg build`` of the corpus through the cluster into the server (by the Graph Store Protocol)."""
    out = tmp_path_factory.mktemp("cluster-build")
    gsp = server.rsplit("/", 1)[0] + "/store"
    result = CliRunner().invoke(cli, ["-q", "build", str(corpus_dir), "--out", str(out), "--scheduler", cluster,
                                      "--endpoint", server, "--gsp", gsp, "--timeout", "30", "--format", "json"])
    assert result.exit_code == EXIT_OK, result.output
    return out


@pytest.mark.parametrize("name", ["nq", "ttl", "trig"])
def test_cluster_files_equal_the_local_build(name, cluster_build, corpus_build):
    assert (cluster_build / OUTPUT_FILES[name]).read_bytes() == (corpus_build / OUTPUT_FILES[name]).read_bytes()


def test_workers_validated_every_document(cluster_build):
    assert (cluster_build / "validation.txt").is_file()
    assert not (cluster_build / "store").exists()  # the server holds the graph


def test_server_holds_the_local_store_quads(cluster_build, corpus_build, server):  # noqa: F811
    remote = [(r["g"], int(r["n"])) for r in query(PER_GRAPH, endpoint=server).rows]
    store = pyoxigraph.Store.read_only(str(corpus_build / "store"))
    local = [(row["g"].value, int(row["n"].value)) for row in store.query(PER_GRAPH)]
    del store
    assert remote == local and len(local) > 1


def test_server_answers_like_the_local_store(cluster_build, corpus_build, server):  # noqa: F811
    remote = query("unit-responsibilities", endpoint=server, params={"unit": "发改"})
    local = query("unit-responsibilities", graph=corpus_build, params={"unit": "发改"})
    assert remote.rows and remote.columns == local.columns and remote.rows == local.rows


def test_results_come_in_task_order_and_an_unreadable_document_in_its_place(cluster, corpus_dir, tmp_path):
    small = min(corpus_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    tasks = [("extract", str(small), manifest_entry(small), False),
             ("extract", str(tmp_path / "missing.txt"), None, False),
             ("extract", str(small), manifest_entry(small), False)]
    with Client(cluster) as client:
        first, missing, again = engine.map_on_cluster(tasks, client)
    assert first.problem is None and first.nquads and again.nquads == first.nquads
    assert missing.stem == "missing" and missing.nquads is None and "no such file" in missing.problem


def test_a_rebuild_from_the_cache_starts_no_cluster(cluster_build, corpus_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a cached build must not connect to a cluster")

    monkeypatch.setattr(engine, "dask_client", refuse)
    result = build_graph([corpus_dir], out=cluster_build, scheduler="tcp://127.0.0.1:1", store=False, validate=False)
    assert result.extracted == () and result.exit_code == EXIT_OK


def test_unreachable_scheduler_is_a_load_error(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", "1s")
    result = CliRunner().invoke(cli, ["-q", "build", str(corpus_dir), "--out", str(tmp_path / "out"),
                                      "--no-cache", "--scheduler", f"tcp://127.0.0.1:{free_port()}"])
    assert result.exit_code == EXIT_LOAD
    assert "Dask scheduler cannot be reached" in result.output


def test_unreachable_graph_store_is_a_load_error():
    with pytest.raises(GraphLoadError, match="storing graph"):
        put_graphs(f"http://127.0.0.1:{free_port()}/store", {"https://example.org/g": ""}, timeout=2)
