"""A real SPARQL server: ``kg build --endpoint`` loads into it, ``kg query --endpoint`` reads from it.

The fixture starts ``oxigraph serve`` (from the ``oxigraph`` package) on a free
loopback port and always stops it.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import EXIT_LOAD, EXIT_OK
from kg.graph.build import build_graph
from kg.graph.store import GraphLoadError, load_graph
from kg.sparql import list_queries, query

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))

SAMPLE_PARAMS = {
    "unit-responsibilities": {"unit": "发改"},
    "who-is-responsible": {"item": "项目"},
    "provenance": {"fact": "https://w3id.org/kg-policy/id/plan/003_806b7ce717d61b69"},
    "units-by-tasks-led": {"plan": "003"},
    "tasks-without-lead": {"plan": "004"},
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "?" + urllib.parse.urlencode({"query": "ASK {}"}), timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(OXIGRAPH).is_file():
        pytest.fail(f"the oxigraph server binary is missing ({OXIGRAPH}); install the 'oxigraph' package")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-server")
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while not ask(url):
            if proc.poll() is not None:
                pytest.fail(f"oxigraph serve exited: {proc.stderr.read().decode(errors='replace')}")
            if time.monotonic() > deadline:
                pytest.fail("oxigraph serve did not answer within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()



@pytest.fixture(scope="module")
def loaded(server, corpus_dir, tmp_path_factory, corpus_build):
    """The corpus loaded into the server by a build (files still written, no local store)."""
    out = tmp_path_factory.mktemp("endpoint-build")
    result = build_graph([corpus_dir], out=out, endpoint=server, validate=False)
    assert result.store is None and result.endpoint == server
    return result


def test_build_loads_every_graph(server, loaded):
    rows = query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", endpoint=server).rows
    assert [r["g"] for r in rows] == sorted(
        ["https://w3id.org/kg-policy/id/graph/ontology"]
        + [f"https://w3id.org/kg-policy/id/graph/{stem}" for stem in loaded.documents])


@pytest.mark.parametrize("named", list_queries(), ids=lambda q: q.name)
def test_endpoint_answers_like_the_embedded_store(named, server, loaded, corpus_build):
    params = SAMPLE_PARAMS.get(named.name, {})
    remote = query(named.name, endpoint=server, params=params)
    local = query(named.name, graph=corpus_build, params=params)
    assert remote.columns == local.columns
    assert remote.rows == local.rows


def test_rebuilding_replaces_graphs_instead_of_adding(server, loaded, corpus_dir, tmp_path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = query(count, endpoint=server).rows[0]["n"]
    build_graph([corpus_dir], out=tmp_path / "again", endpoint=server, validate=False)
    assert query(count, endpoint=server).rows[0]["n"] == before


def test_hostile_parameter_is_a_value_on_the_server(server, loaded):
    assert query("unit-responsibilities", endpoint=server, params={"unit": 'x" } ; DROP ALL ; #'}).rows == []
    assert query("plans", endpoint=server).rows  # nothing was dropped


def test_cli_query_endpoint(server, loaded):
    run = CliRunner().invoke(cli, ["query", "tasks-without-lead", "-p", "plan=004", "--endpoint", server,
                                   "--format", "json"])
    assert run.exit_code == EXIT_OK, run.output
    rows = json.loads(run.stdout)
    assert rows and all(r["file"].startswith("004") for r in rows)


def test_cli_build_endpoint(server, corpus_dir, tmp_path):
    doc = corpus_dir / "002_8a051dd645e0b453.txt"
    run = CliRunner().invoke(cli, ["build", str(doc), "--out", str(tmp_path / "b"), "--endpoint", server,
                                   "--update-endpoint", server.replace("/query", "/update"), "--format", "json"])
    assert run.exit_code == EXIT_OK, run.output
    rows = {r["item"]: r["value"] for r in json.loads(run.stdout)}
    assert rows["endpoint"] == server and "store" not in rows


def test_unreachable_endpoint_is_a_load_error(tmp_path, corpus_dir):
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(GraphLoadError):
        build_graph([corpus_dir / "002_8a051dd645e0b453.txt"], out=tmp_path / "b", endpoint=url, validate=False)
    run = CliRunner().invoke(cli, ["build", str(corpus_dir / "002_8a051dd645e0b453.txt"), "--out", str(tmp_path / "c"),
                                   "--endpoint", url, "--no-validate"])
    assert run.exit_code == EXIT_LOAD and url.removesuffix("/query") in run.stderr  # the update URL it tried
    run = CliRunner().invoke(cli, ["query", "plans", "--endpoint", url])
    assert run.exit_code == EXIT_LOAD and "cannot be reached" in run.stderr


def test_a_query_the_server_rejects_is_a_user_error(server, loaded):
    from kg.sparql import QueryError

    with pytest.raises(QueryError, match="rejected") as info:
        query("SELECT ?x WHERE { ?x ?p }", endpoint=server)
    assert info.value.exit_code == 1


def test_load_graph_endpoint_is_a_dataset(server, loaded):
    ds = load_graph(endpoint=server)
    assert type(ds.store).__name__ == "SPARQLUpdateStore"
