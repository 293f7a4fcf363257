"""``kg serve``: a read-only SPARQL 1.1 endpoint, queried over loopback with real HTTP requests."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import EXIT_INTERRUPTED
from kg.serve import DEFAULT_HOST, ServeError, make_server, serve_in_thread
from kg.sparql import query

ROOT = Path(__file__).resolve().parent.parent
COUNT_TASKS = "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a kg:Task }"


@pytest.fixture(scope="module")
def endpoint(corpus_build):
    server = make_server(corpus_build, port=0)
    serve_in_thread(server)
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()


def request(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode("utf-8")


def tasks_in_store(corpus_build) -> int:
    return query(COUNT_TASKS, graph=corpus_build).rows[0]["n"]


def test_binds_to_loopback_by_default(endpoint):
    assert DEFAULT_HOST == "127.0.0.1" and endpoint.startswith("http://127.0.0.1:")


def test_get_select_as_sparql_json(endpoint, corpus_build):
    status, ctype, body = request(endpoint + "?" + urllib.parse.urlencode({"query": COUNT_TASKS}))
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    (binding,) = json.loads(body)["results"]["bindings"]
    assert int(binding["n"]["value"]) == tasks_in_store(corpus_build) > 0


@pytest.mark.parametrize(
    ("accept", "media"),
    [("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
     ("application/sparql-results+xml", "application/sparql-results+xml"),
     ("text/html;q=0.9, text/csv;q=0.5", "text/csv"), ("*/*", "application/sparql-results+json")],
)
def test_post_query_with_content_negotiation(endpoint, accept, media):
    status, ctype, body = request(endpoint, COUNT_TASKS.encode(),
                                  {"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and ctype.split(";")[0] == media
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0] == ["n"] and int(rows[1][0]) > 0


def test_post_form_ask_and_construct(endpoint):
    form = urllib.parse.urlencode({"query": "ASK { ?p a kg:Plan }"}).encode()
    status, _, body = request(endpoint, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = "CONSTRUCT WHERE { ?p a kg:Plan ; dcterms:identifier ?id }"
    status, ctype, body = request(endpoint + "?" + urllib.parse.urlencode({"query": construct}))
    assert status == 200 and ctype.startswith("text/turtle") and "003_806b7ce717d61b69.txt" in body


@pytest.mark.parametrize(
    ("path", "data", "headers"),
    [
        ("/update", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}),
        ("/query", b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-query"}),
        ("/query", urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
         {"Content-Type": "application/x-www-form-urlencoded"}),
        ("/query", b"PREFIX ex: <urn:x#>\nDELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}),
    ],
)
def test_updates_are_refused(endpoint, corpus_build, path, data, headers):
    before = tasks_in_store(corpus_build)
    status, _, body = request(endpoint.replace("/query", path), data, headers)
    assert status == 403 and "read-only" in body
    assert tasks_in_store(corpus_build) == before


@pytest.mark.parametrize(
    ("path", "data", "headers", "status"),
    [("/query?query=SELEC%20nonsense", None, {}, 400), ("/query", None, {}, 400), ("/elsewhere", None, {}, 404),
     ("/query", b"SELECT * {}", {"Content-Type": "text/plain"}, 415)],
)
def test_bad_requests(endpoint, path, data, headers, status):
    assert request(endpoint.replace("/query", path), data, headers)[0] == status


@pytest.mark.parametrize("text", [
    "# Units with the most tasks\nSELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "# delete nothing, add nothing\n# load nothing\nASK { ?s ?p ?o }",
])
def test_a_query_whose_comment_holds_an_update_word_is_answered(endpoint, corpus_build, text):
    status, _, _ = request(endpoint, text.encode("utf-8"), {"Content-Type": "application/sparql-query"})
    assert status == 200


def test_every_named_query_is_answered_over_the_endpoint(endpoint):
    from kg.sparql import list_queries

    for q in list_queries():
        status, _, body = request(endpoint, q.text.encode("utf-8"), {"Content-Type": "application/sparql-query"})
        assert status != 403, (q.name, body[:200])


def test_kg_query_against_the_endpoint(endpoint, corpus_build):
    remote = query("document-summary", endpoint=endpoint).rows
    local = query("document-summary", graph=corpus_build).rows
    assert remote == local and len(local) == 5


def test_no_graph_is_a_clear_error(tmp_path):
    with pytest.raises(ServeError, match="run `kg build` first"):
        make_server(tmp_path, port=0)


def test_cli_serves_until_ctrl_c(corpus_build):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(corpus_build), "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        line = b""
        deadline = time.monotonic() + 60
        while b"serving" not in line:
            assert time.monotonic() < deadline and proc.poll() is None, line
            line = proc.stderr.readline()
        url = re.search(rb"http://127\.0\.0\.1:\d+/query", line).group().decode()
        status, _, body = request(url + "?" + urllib.parse.urlencode({"query": "ASK { ?t a kg:Task }"}))
        assert status == 200 and json.loads(body)["boolean"] is True
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == EXIT_INTERRUPTED
