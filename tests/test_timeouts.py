"""No hang: a slow or failing SPARQL server on loopback gives a clear error and exit 2
within ``--timeout``; 5xx answers during a load are retried with backoff."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from kg import sparql
from kg.cli import cli
from kg.errors import EXIT_LOAD, EXIT_OK
from kg.sparql import EndpointError
from kg.sparql import endpoint as sparql_endpoint

PLAN = "某县2024年工作要点\n1.推进改革。（牵头单位：县发改局；责任单位：县财政局）\n"


class FakeServer:
    """A SPARQL server on 127.0.0.1 that answers as the test says (``script``: statuses in turn)."""

    def __init__(self, delay: float = 0.0, script=(), default: int = 204):
        self.delay, self.script, self.default = delay, list(script), default
        self.requests: list[str] = []
        self.release = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                owner.requests.append(body)
                if owner.delay:
                    owner.release.wait(owner.delay)
                status = owner.script.pop(0) if owner.script else owner.default
                payload = b'{"head":{"vars":["n"]},"results":{"bindings":[]}}' if status == 200 else b"busy\n"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/query"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server_factory():
    made = []

    def make(**kwargs):
        made.append(FakeServer(**kwargs))
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture
def fast_backoff(monkeypatch):
    monkeypatch.setattr(sparql_endpoint, "BACKOFF", 0.01)


@pytest.fixture
def plans(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(PLAN, encoding="utf-8")
    return tmp_path / "in"


def invoke(*args):
    return CliRunner().invoke(cli, list(args))


def test_query_to_a_slow_server_times_out(server_factory):
    server = server_factory(delay=30)
    began = time.monotonic()
    result = invoke("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", server.url, "--timeout", "1")
    assert time.monotonic() - began < 15
    assert result.exit_code == EXIT_LOAD
    assert f"kg: error: {server.url}: the SPARQL server did not answer within 1 s" in result.stderr


def test_query_to_a_server_that_never_accepts(tmp_path):
    import socket

    with socket.socket() as listener:  # listens, never accepts: the connection waits in the backlog
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/query"
        with pytest.raises(EndpointError, match="did not answer within 0.5 s"):
            sparql.query("SELECT * WHERE { ?s ?p ?o }", endpoint=url, timeout=0.5)


def test_query_to_a_failing_server_is_a_load_error(server_factory):
    server = server_factory(default=500)
    result = invoke("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", server.url)
    assert result.exit_code == EXIT_LOAD and "HTTP 500" in result.stderr


def test_query_to_a_closed_port(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = invoke("query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert result.exit_code == EXIT_LOAD and "cannot be reached" in result.stderr


def test_build_into_a_slow_server_times_out(server_factory, plans, tmp_path):
    server = server_factory(delay=30)
    began = time.monotonic()
    result = invoke("build", str(plans), "--out", str(tmp_path / "out"), "--no-validate",
                    "--endpoint", server.url, "--timeout", "1")
    assert time.monotonic() - began < 60
    assert result.exit_code == EXIT_LOAD
    assert "did not answer within 1 s" in result.stderr and len(server.requests) == 1


def test_build_retries_5xx_with_backoff(server_factory, plans, tmp_path, fast_backoff):
    server = server_factory(script=[503, 502], default=204)
    result = invoke("build", str(plans), "--out", str(tmp_path / "out"), "--no-validate", "--endpoint", server.url)
    assert result.exit_code == EXIT_OK, result.stderr
    assert result.stderr.count("retrying") == 2
    first = server.requests[0]
    assert server.requests[1] == first and server.requests[2] == first  # the same update, sent again


def test_build_gives_up_after_the_retries(server_factory, plans, tmp_path, fast_backoff):
    server = server_factory(default=503)
    result = invoke("build", str(plans), "--out", str(tmp_path / "out"), "--no-validate", "--endpoint", server.url)
    assert result.exit_code == EXIT_LOAD
    assert f"HTTP 503 busy ({sparql.RETRIES + 1} attempts)" in result.stderr
    assert len(server.requests) == sparql.RETRIES + 1


def test_a_4xx_is_not_retried(server_factory, plans, tmp_path, fast_backoff):
    server = server_factory(default=400)
    result = invoke("build", str(plans), "--out", str(tmp_path / "out"), "--no-validate", "--endpoint", server.url)
    assert result.exit_code == EXIT_LOAD and len(server.requests) == 1
