"""Nothing lost: bad input changes nothing, a killed load leaves a usable store, one build per folder,
incremental rebuilds touch only what changed, cached rebuilds do no work, progress only on a terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import EXIT_LOAD, EXIT_OK
from kg.graph.build import BuildLockedError, NoReadableDocumentsError, build_graph
from kg.graph.store import GraphLoadError, incomplete_marker, load_graph
from kg.sparql import query

from .conftest import PLAN_TEXT, ROOT, write_corpus

TASK_TITLES = "SELECT DISTINCT ?t WHERE { ?x a <https://w3id.org/kg-policy/ontology#Task> ; <http://purl.org/dc/terms/title> ?t }"


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (the store's included) with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def plans_in(out: Path) -> list[str]:
    return [r["file"] for r in query("plans", graph=out)]


# -- bad input changes nothing -------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["build", "{docs}/corpu"],
    ["build", "{docs}/binary.txt"],
    ["run", "{docs}/corpu"],
])
def test_no_readable_document_changes_nothing(small_corpus, tmp_path, args):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out)
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    before = snapshot(out)
    argv = [a.format(docs=small_corpus) for a in args] + ["--out", str(out)]
    run = CliRunner().invoke(cli, argv)
    assert run.exit_code == EXIT_LOAD, run.output
    assert "no document could be read" in run.stderr and argv[1] in run.stderr
    assert snapshot(out) == before
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]


@pytest.mark.parametrize("verb", ["build", "run"])
def test_nothing_written_for_an_empty_or_unreadable_folder(tmp_path, verb):
    (tmp_path / "empty").mkdir()
    run = CliRunner().invoke(cli, [verb, str(tmp_path / "empty"), "--out", str(tmp_path / "out")])
    assert run.exit_code != EXIT_OK and "no documents" in run.stderr
    assert not (tmp_path / "out").exists()
    write_corpus(tmp_path / "bad", {"x.txt": ""})
    with pytest.raises(NoReadableDocumentsError):
        build_graph([tmp_path / "bad"], out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_output_folder_inside_the_input_folder_is_not_read(small_corpus):
    out = small_corpus / "out"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["run", str(small_corpus), "--out", str(out)])
        assert result.exit_code == EXIT_OK, result.output
    assert (out / "report.md").is_file()
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]
    assert build_graph([small_corpus], out=out).documents == ("a", "b", "c")


# -- the store: atomic switch, incomplete marker, kill -9 ------------------------------------

# Runs a build in a child process; ``hook`` patches one function so that the child writes
# ``signal_file`` and then sleeps when it reaches the step the test kills it in.
CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {root!r})
    import kg.graph.store_sync as store_sync
    import kg.graph.build as build

    signal_file, docs, out = Path({signal!r}), {docs!r}, {out!r}

    def stall(*args, **kwargs):
        signal_file.write_text("here")
        time.sleep(600)

    {hook}
    build.build_graph([docs], out=out, validate=False)
""")

HOOKS = {
    # the fresh bulk load reads its input: stop while the new store is being filled
    "fresh": "store_sync._Concatenated.readinto = lambda self, buffer: stall()",
    # an in-place update reads one changed graph: stop half-way through the update
    "in-place": "store_sync.GraphSource.nquads = lambda self, name: stall()",
    # after the lock is taken: hold it
    "locked": "build._process = lambda *a, **k: stall()",
}


def start_child(tmp_path: Path, hook: str, docs: Path, out: Path) -> tuple[subprocess.Popen, Path]:
    signal_file = tmp_path / f"reached-{hook}"
    script = CHILD.format(root=str(ROOT), signal=str(signal_file), docs=str(docs), out=str(out), hook=HOOKS[hook])
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not signal_file.exists():
        if proc.poll() is not None:
            pytest.fail(f"the child build ended early: {proc.stderr.read().decode(errors='replace')}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the child build did not reach the hook within 120 s")
        time.sleep(0.05)
    return proc, signal_file


def kill9(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def test_kill_during_a_fresh_load_leaves_the_previous_store(small_corpus, tmp_path):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, validate=False)
    before = snapshot(out)
    other = write_corpus(tmp_path / "other", {f"{n}.txt": PLAN_TEXT.format(place="华容区", topic=n)
                                              for n in ("x", "y", "z")})
    proc, _ = start_child(tmp_path, "fresh", other, out)  # every graph changes: a fresh bulk load
    kill9(proc)
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]  # the previous good store answers
    def files(snap):  # the store's own files change when it is opened; its content is checked above
        return {k: v for k, v in snap.items() if not k.startswith(("cache/", "store/", ".store.new/", ".build-"))}

    assert files(snapshot(out)) == files(before)
    result = build_graph([other], out=out, validate=False)  # the next build cleans up and finishes
    assert plans_in(out) == ["x.txt", "y.txt", "z.txt"] and result.extracted == ()
    assert not any(p.name.startswith((".store.", ".build-")) for p in out.iterdir())


def test_kill_during_an_in_place_update_leaves_a_store_every_query_refuses(small_corpus, tmp_path):
    out = tmp_path / "build"
    build_graph([small_corpus], out=out, validate=False)
    (small_corpus / "b.txt").write_text(PLAN_TEXT.format(place="华容区", topic="新"), encoding="utf-8")
    proc, _ = start_child(tmp_path, "in-place", small_corpus, out)
    kill9(proc)
    assert incomplete_marker(out / "store").exists()
    with pytest.raises(GraphLoadError, match="incomplete"):
        load_graph(out)
    run = CliRunner().invoke(cli, ["query", "plans", "--graph", str(out)])
    assert run.exit_code == EXIT_LOAD and "store is incomplete" in run.stderr and "kg build" in run.stderr
    result = build_graph([small_corpus], out=out, validate=False)  # an incomplete store is loaded afresh
    assert result.work["graphs_loaded"] == 4 and not incomplete_marker(out / "store").exists()
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]


# -- one build per output folder -------------------------------------------------------------


def test_a_second_build_into_the_same_folder_waits_then_fails_clearly(small_corpus, tmp_path):
    out = tmp_path / "build"
    other = write_corpus(tmp_path / "other", {"x.txt": PLAN_TEXT.format(place="华容区", topic="x")})
    first, _ = start_child(tmp_path, "locked", small_corpus, out)
    try:
        started = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "kg", "build", str(other), "--out", str(out), "--wait", "1.5"],
                                capture_output=True, text=True, cwd=ROOT, timeout=300)
        assert second.returncode == EXIT_LOAD
        assert "waiting up to 1.5 s" in second.stderr  # said once, while waiting
        assert "another kg build is writing" in second.stderr and "waited 1.5 s" in second.stderr
        assert str(out) in second.stderr and "--wait" in second.stderr
        assert time.monotonic() - started >= 1.5
        with pytest.raises(BuildLockedError):
            build_graph([other], out=out, wait=0)
    finally:
        kill9(first)
    assert not (out / "graph.nq").exists() and not (out / "store").exists()  # the second wrote nothing
    build_graph([small_corpus], out=out, validate=False)  # the lock died with its holder
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]


def test_a_second_build_waits_for_the_first_to_finish(small_corpus, tmp_path):
    import threading

    out = tmp_path / "build"
    first, _ = start_child(tmp_path, "locked", small_corpus, out)
    ender = threading.Timer(2.0, kill9, args=(first,))  # the first build ends while the second waits
    ender.start()
    try:
        run = CliRunner().invoke(cli, ["build", str(small_corpus), "--out", str(out), "--no-validate", "--wait", "120"])
    finally:
        ender.join()
    assert run.exit_code == EXIT_OK, run.output
    assert "waiting up to 120 s" in run.stderr
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt"]


def test_unknown_file_kind_is_a_usage_error(small_corpus, tmp_path):
    run = CliRunner().invoke(cli, ["build", str(small_corpus), "--out", str(tmp_path / "b"), "--files", "nq,xml"])
    assert run.exit_code == 2 and "unknown file kind(s) xml" in run.stderr
    assert not (tmp_path / "b").exists()


# -- incremental and cached rebuilds ----------------------------------------------------------


def test_incremental_rebuild_replaces_one_graph_in_place(small_corpus, tmp_path):
    out = tmp_path / "build"
    first = build_graph([small_corpus], out=out)
    assert first.work == {"extracted": 3, "validated": 3, "files_written": 3, "graphs_loaded": 4, "graphs_removed": 0}
    inode = (out / "store").stat().st_ino

    (small_corpus / "b.txt").write_text(PLAN_TEXT.replace("推进链式招商", "推进数字招商").format(place="华容区", topic="招商"),
                                  encoding="utf-8")
    changed = build_graph([small_corpus], out=out)
    assert changed.extracted == ("b",) and changed.work["graphs_loaded"] == 1
    assert (out / "store").stat().st_ino == inode  # updated in place, not reloaded
    titles = {r["t"] for r in query(TASK_TITLES, graph=out)}
    assert "推进数字招商" in titles and "推进链式招商" in titles  # b changed, a and c still have the old task

    (small_corpus / "d.txt").write_text(PLAN_TEXT.format(place="鄂城区", topic="文旅"), encoding="utf-8")
    added = build_graph([small_corpus], out=out)
    assert added.extracted == ("d",) and added.work["graphs_loaded"] == 1
    assert plans_in(out) == ["a.txt", "b.txt", "c.txt", "d.txt"]

    (small_corpus / "a.txt").unlink()
    removed = build_graph([small_corpus], out=out)
    assert removed.extracted == () and removed.work["graphs_loaded"] == 0 and removed.work["graphs_removed"] == 1
    assert plans_in(out) == ["b.txt", "c.txt", "d.txt"]
    assert (out / "store").stat().st_ino == inode
    build_graph([small_corpus], out=tmp_path / "fresh")
    for name in ("graph.nq", "graph.trig", "graph.ttl", "validation.txt"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name


def test_cached_and_unvalidated_rebuilds_skip_all_work(small_corpus, tmp_path):
    out = tmp_path / "build"
    cold = build_graph([small_corpus], out=out, validate=False)
    assert cold.work["extracted"] == 3 and cold.work["validated"] == 0 and cold.conforms is None
    validated = build_graph([small_corpus], out=out)  # validation of the cached graphs only
    assert validated.work == {"extracted": 0, "validated": 3, "files_written": 0, "graphs_loaded": 0,
                              "graphs_removed": 0}
    assert validated.conforms is True and (out / "validation.txt").is_file()
    before = snapshot(out)
    for validate in (True, False):
        again = build_graph([small_corpus], out=out, validate=validate)
        assert again.work == {"extracted": 0, "validated": 0, "files_written": 0, "graphs_loaded": 0,
                              "graphs_removed": 0}
        assert again.counts == validated.counts and again.triples == validated.triples
    assert snapshot(out) == before


def test_same_bytes_across_hash_seeds_and_worker_counts(small_corpus, tmp_path):
    for seed, workers in (("1", "1"), ("2", "2")):
        out = tmp_path / f"seed-{seed}"
        proc = subprocess.run([sys.executable, "-m", "kg", "-q", "build", str(small_corpus), "--out", str(out), "-j", workers],
                              capture_output=True, text=True, cwd=ROOT, timeout=600,
                              env=dict(os.environ, PYTHONHASHSEED=seed))
        assert proc.returncode == EXIT_OK, proc.stderr
    for name in ("graph.nq", "graph.trig", "graph.ttl", "validation.txt"):
        assert (tmp_path / "seed-1" / name).read_bytes() == (tmp_path / "seed-2" / name).read_bytes(), name


# -- progress -------------------------------------------------------------------------------


def test_progress_bars_on_request_only(small_corpus, tmp_path, capsys):
    build_graph([small_corpus], out=tmp_path / "a", validate=False, progress=True)
    err = capsys.readouterr().err
    assert "extracting" in err and "loading" in err and "doc" in err
    run = CliRunner().invoke(cli, ["build", str(small_corpus), "--out", str(tmp_path / "b"), "--no-validate"])
    assert run.exit_code == EXIT_OK and "extracting" not in run.stderr  # stderr is not a terminal
