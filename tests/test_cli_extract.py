"""``kg extract`` and the exit-code contract of the command line."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg import __version__
from kg.cli import cli

PLAN = "某县2024年工作要点\n1.推进改革。（牵头单位：县发改局；责任单位：县财政局、各乡镇）\n"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "good.txt").write_text(PLAN, encoding="utf-8")
    return tmp_path


def test_jsonl_stream_has_plan_and_task_records(folder):
    result = run("extract", str(folder))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"type": "plan", "doc": "good.txt", "title": "某县2024年工作要点", "issuer": "某县",
                          "date": None, "genre": "plan", "parents": [], "source": None}
    (task,) = [r for r in records if r["type"] == "task"]
    assert task["id"] == "1." and task["title"] == "推进改革" and task["section"] == []
    assert [(u["surface"], u["role"]) for u in task["units"]] == [("县发改局", "lead"), ("县财政局", "responsible"), ("各乡镇", "collective")]
    assert {"canonical", "unit_type", "jurisdiction"} <= set(task["units"][0])
    assert PLAN[task["start"]:task["end"]].startswith("1.推进改革")


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_other_formats(folder, fmt):
    result = run("extract", str(folder), "--format", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        assert [r["type"] for r in json.loads(result.stdout)][:2] == ["plan", "task"]
    else:
        assert "推进改革" in result.stdout and "l:县发改局" in result.stdout


@pytest.mark.parametrize(
    "name, data",
    [("empty.txt", b""), ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 40), ("latin.txt", bytes([0x80, 0xFF, 0xFE, 0x81]) * 40)],
)
def test_bad_file_exits_2_and_keeps_the_others(folder, name, data):
    (folder / name).write_bytes(data)
    result = run("extract", str(folder))
    assert result.exit_code == 2
    assert name in result.stderr
    assert any(json.loads(line)["type"] == "task" for line in result.stdout.splitlines())


def test_missing_path_exits_2(tmp_path):
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "nope.txt" in result.stderr and "no such file" in result.stderr


def test_unknown_lists_units_without_a_type(tmp_path):
    (tmp_path / "a.txt").write_text("1.推进改革。（牵头单位：县发改局；责任单位：县鸿图飞跃协调中心）", encoding="utf-8")
    result = run("extract", str(tmp_path), "--unknown", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["surface"] for r in rows] == ["县鸿图飞跃协调中心"]


def test_summary_counts(folder):
    result = run("extract", str(folder), "--summary", "--format", "json")
    (row,) = json.loads(result.stdout)
    assert (row["tasks"], row["assignments"], row["lead"], row["collectives"]) == (1, 3, 1, 1)


@pytest.mark.parametrize(
    "args, code",
    [
        (["--version"], 0),
        (["-h"], 0),
        (["extract"], 2),  # missing PATH
        (["extract", ".", "--format", "xml"], 2),  # bad choice
        (["no-such-verb"], 2),
    ],
)
def test_exit_codes(args, code):
    result = run(*args)
    assert result.exit_code == code
    if args == ["--version"]:
        assert __version__ in result.stdout


def test_python_dash_m(folder):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and __version__ in proc.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_workers_give_the_same_stream(tmp_path, fmt):
    for i in range(4):
        (tmp_path / f"p{i}.txt").write_text(PLAN.replace("某县", f"某{i}县"), encoding="utf-8")
    serial = run("extract", str(tmp_path), "--format", fmt)
    parallel = run("extract", str(tmp_path), "--workers", "2", "--format", fmt)
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout and "县发改局" in serial.stdout
