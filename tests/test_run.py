"""``kg run`` (what ``make run`` calls): the whole pipeline on the corpus."""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from kg.cli import cli
from kg.evaluation import annotated_pairs
from kg.sparql import query

from .conftest import ANNOTATIONS, CORPUS


def test_run_builds_reports_and_prints_summaries(tmp_path):
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["-q", "run", str(CORPUS), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.nq", "graph.trig", "report.html", "report.md", "workload.csv", "graph.html"):
        assert (out / name).stat().st_size > 0, name
    for heading in ("== documents ==", "== graph in", "== top 5 departments", "== files =="):
        assert heading in result.stdout
    # the per-document summary agrees with the annotations: tasks and assignments per plan
    rows = {r["file"]: r for r in query("document-summary", graph=out)}
    for path in sorted(ANNOTATIONS.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        row = rows[annotation["source"]]
        assert row["tasks"] == len(annotation["tasks"])
        lead = sum(len(set(t["lead_units"])) for t in annotation["tasks"])
        assert row["lead"] == lead
        assert row["unknown_types"] == 0
        assert row["targets"] > 0 and row["places"] > 0
    # the CSV's top unit of each annotated plan is the unit the annotation gives the most weight
    with (out / "workload.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    for path in sorted(ANNOTATIONS.glob("*.json")):
        annotation = json.loads(path.read_text(encoding="utf-8"))
        weight: dict[str, float] = {}
        for task in annotation["tasks"]:
            pairs = annotated_pairs(task)
            for role, name in pairs:
                if role == "lead":
                    weight[name] = weight.get(name, 0) + 1.0
                elif role == "responsible" and ("lead", name) not in pairs:
                    weight[name] = weight.get(name, 0) + 0.5
        best = max(weight.values())
        plan = annotation["source"].rsplit(".", 1)[0]
        top = next(r for r in table if r["plan"] == plan)
        assert float(top["weighted"]) == best


def test_run_takes_the_build_options(small_corpus, tmp_path):
    help_text = CliRunner().invoke(cli, ["run", "-h"]).output
    for option in ("--engine", "--scheduler", "--endpoint", "--gsp", "--timeout", "--files", "--wait"):
        assert option in help_text, option
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["-q", "run", str(small_corpus), "--out", str(out), "--files", "none",
                                      "--engine", "local", "--wait", "5", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert not list(out.glob("graph.nq")) and (out / "store").is_dir()
    assert (out / "report.html").is_file() and (out / "graph.html").is_file()
    assert len(json.loads(result.stdout)["documents"]) == 3
    bad = CliRunner().invoke(cli, ["run", str(small_corpus), "--out", str(out), "--engine", "cloud"])
    assert bad.exit_code == 2
