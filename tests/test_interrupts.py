"""Nothing lost: a full disk or a file in the way of an output gives one line and exit 2,
the old files stay; Ctrl-C exits 130."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import output
from kg.cli import cli
from kg.errors import EXIT_INTERRUPTED, EXIT_LOAD, OutputError

from .conftest import WORKLOAD_FIXTURE

ROOT = Path(__file__).resolve().parent.parent


class _FullDisk:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()

    def __getattr__(self, name):
        return getattr(self._fh, name)


@pytest.fixture
def full_disk(monkeypatch):
    real = os.fdopen
    monkeypatch.setattr(output.os, "fdopen", lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)))


def test_write_atomic_on_a_full_disk_keeps_the_old_file(tmp_path, full_disk):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError) as err:
        output.write_atomic(target, "new")
    assert str(target) in str(err.value) and "No space left on device" in str(err.value)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left behind


@pytest.mark.parametrize("verb", [["report", "workload"], ["viz"]])
def test_cli_on_a_full_disk_is_one_line_and_exit_2(tmp_path, full_disk, verb):
    page = tmp_path / "page.html"
    page.write_text("old page", encoding="utf-8")
    result = CliRunner().invoke(cli, [*verb, "--graph", str(WORKLOAD_FIXTURE), "--out", str(page)])
    assert result.exit_code == EXIT_LOAD, result.output
    assert result.stderr.strip().splitlines() == [f"kg: error: {page}: cannot be written (No space left on device); "
                                                  "the previous file is kept"]
    assert page.read_text(encoding="utf-8") == "old page"


@pytest.mark.parametrize("verb", [["report", "workload"], ["viz"]])
def test_out_under_an_existing_file(tmp_path, verb):
    blocker = tmp_path / "report"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    result = CliRunner().invoke(cli, [*verb, "--graph", str(WORKLOAD_FIXTURE), "--out", str(blocker / "page.html")])
    assert result.exit_code == EXIT_LOAD
    assert result.stderr.strip().splitlines() == [
        f"kg: error: {blocker / 'page.html'}: cannot be written ({blocker} is a file, not a folder)"]
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"


def test_build_on_a_full_disk(tmp_path, full_disk):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("某县2024年工作要点\n1.推进改革。（牵头单位：县发改局）\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-validate"])
    assert result.exit_code == EXIT_LOAD
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"kg: error: {tmp_path / 'out'}") and "No space left on device" in line


def test_ctrl_c_exits_130(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # Ctrl-C as at a terminal: a suite started in the background (`make test &`) ignores SIGINT,
    # and an ignored SIGINT is inherited (kg, like any Python program, leaves it ignored)
    proc = subprocess.Popen([sys.executable, "-m", "kg", "-v", "extract", "-"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        # wait until kg blocks on standard input, then press Ctrl-C
        deadline = time.monotonic() + 60
        seen = b""
        while b"standard input" not in seen:
            assert time.monotonic() < deadline, seen
            seen += proc.stderr.readline()
        proc.send_signal(signal.SIGINT)
        # standard input stays open: closing it (as communicate() does) could let the read end
        # at end of file before the signal is handled, on a busy machine
        proc.wait(timeout=30)
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    assert proc.returncode == EXIT_INTERRUPTED, (seen + err).decode(errors="replace")
    assert err.decode().strip().splitlines()[-1] == "kg: interrupted"
