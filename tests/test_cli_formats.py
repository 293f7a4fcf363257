"""Every verb takes ``--format``, and the README's table says exactly which formats each offers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def _verbs() -> dict[str, click.Command]:
    ctx = click.Context(cli)
    out = {}
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        if isinstance(command, click.Group):
            for sub in command.list_commands(ctx):
                out[f"{name} {sub}"] = command.get_command(ctx, sub)
        else:
            out[name] = command
    return out


def _formats(command: click.Command) -> list[str] | None:
    for param in command.params:
        if "--format" in getattr(param, "opts", ()):
            return list(param.type.choices)
    return None


def _readme_table() -> dict[str, list[str]]:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- formats: start -->")[1].split("<!-- formats: end -->")[0]
    rows = {}
    for line in block.splitlines():
        m = re.match(r"\| `kg ([a-z ]+)` \| (.*) \|$", line)
        if m:
            rows[m[1]] = re.findall(r"`([a-z]+)`", m[2].split("(")[0])
    return rows


@pytest.mark.parametrize("verb", sorted(_verbs()))
def test_every_verb_takes_format_as_the_readme_says(verb):
    formats = _formats(_verbs()[verb])
    table = _readme_table()
    assert verb in table, f"kg {verb} is missing from the README's table of formats"
    # a verb without --format (a server) must say so in its row: no format listed there
    assert table[verb] == (formats or [])


def test_viz_json(corpus_build):
    run = CliRunner().invoke(cli, ["viz", "--graph", str(corpus_build), "--format", "json", "--top", "5"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)
    units = [n for n in data["nodes"] if n["kind"] == "unit"]
    assert 0 < len(units) <= 5 and data["edges"]
    assert {e["label"] for e in data["edges"]} >= {"牵头"}


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_run_formats(tmp_path, fmt):
    import csv
    import shutil

    from .conftest import CORPUS

    docs = tmp_path / "docs"
    docs.mkdir()
    name = "003_806b7ce717d61b69.txt"
    shutil.copy2(CORPUS / name, docs / name)
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(docs / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *(r for r in rows[1:] if r and r[0] == name)])
    run = CliRunner().invoke(cli, ["-q", "run", str(docs), "--out", str(tmp_path / "out"), "--format", fmt])
    assert run.exit_code == 0, run.output
    if fmt == "json":
        data = json.loads(run.stdout)
        assert set(data) == {"documents", "graph", "top", "files"}
        assert data["documents"][0]["file"] == name and data["top"][0]["rank"] == 1
    else:
        assert "## documents" in run.stdout and "| file |" in run.stdout and "== documents ==" not in run.stdout
