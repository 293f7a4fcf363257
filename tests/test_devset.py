"""Real plans scored against hand-checked gold, with per-document floors.

Every ``tests/data/devset/<set>/`` holding ``docs/`` and ``gold/`` is picked up. Each
gold file is checked against the schema and its document's text; each document is
extracted and scored as ``kg evaluate`` scores it, and its assignment F1 must not fall
below the floor recorded in the set's ``floors*.json`` files ({"doc stem": floor}).
The figures are also compared with the reference scorer kept beside the sets.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import runpy
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluation import evaluate_records, score_document
from kg.gold import gold_problems, load_gold_dir

DEVSET = Path(__file__).resolve().parent / "data" / "devset"
REFERENCE = DEVSET / "score_tasks.py"
SETS = sorted(p.parent.name for p in DEVSET.glob("*/gold") if (p.parent / "docs").is_dir())
GOLD_FILES = sorted((s, f.stem) for s in SETS for f in (DEVSET / s / "gold").glob("*.json"))


def document(set_name: str, stem: str) -> Path:
    (path,) = [p for p in (DEVSET / set_name / "docs").glob(f"{stem}.*") if p.is_file()]
    return path


def floors(set_name: str) -> dict[str, float]:
    """The floors of a set, merged from every ``floors*.json`` in it (a stem may appear once)."""
    out: dict[str, float] = {}
    for path in sorted((DEVSET / set_name).glob("floors*.json")):
        for stem, floor in json.loads(path.read_text(encoding="utf-8")).items():
            assert stem not in out, f"{path.name}: floor of {stem} given twice"
            out[stem] = floor
    return out


@functools.cache
def extracted_jsonl(set_name: str) -> str:
    """``kg extract --format jsonl`` output for a set's documents, made once per run."""
    result = CliRunner().invoke(cli, ["-q", "extract", str(DEVSET / set_name / "docs")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def records(set_name: str) -> list[dict]:
    return [json.loads(line) for line in extracted_jsonl(set_name).splitlines()]


def test_sets_are_found():
    assert "labelled" in SETS and "annotated" in SETS


@pytest.mark.parametrize("set_name, stem", GOLD_FILES)
def test_gold_follows_the_schema_and_the_text(set_name, stem):
    gold = json.loads((DEVSET / set_name / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    text = document(set_name, stem).read_text(encoding="utf-8")
    assert gold_problems(gold, text) == []


@pytest.mark.parametrize("set_name", SETS)
def test_every_gold_file_has_a_floor(set_name):
    stems = {stem for s, stem in GOLD_FILES if s == set_name}
    got = floors(set_name)
    assert sorted(stems - set(got)) == [], "gold files without a floor"
    assert sorted(set(got) - stems) == [], "floors without a gold file"
    assert all(0.0 <= f <= 1.0 for f in got.values())


@pytest.mark.parametrize("set_name, stem", GOLD_FILES)
def test_assignment_f1_holds_its_floor(set_name, stem):
    gold = load_gold_dir(DEVSET / set_name / "gold")[stem]
    doc = document(set_name, stem).name
    tasks = [r for r in records(set_name) if r["doc"] == doc and r["type"] == "task"]
    score = score_document(tasks, gold, stem)
    print(f"{set_name}/{stem}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
          f"titles={score.titles_agreeing}/{score.gold_tasks}")
    assert score.f1 >= floors(set_name)[stem], [f"{e['kind']} {e['role']} {e['unit']} ({e['gold_task']})"
                                                for e in score.errors][:20]


def reference_lines(set_name: str, tmp_path: Path) -> list[str]:
    pred = tmp_path / f"{set_name}.jsonl"
    pred.write_text(extracted_jsonl(set_name), encoding="utf-8")
    out, argv = io.StringIO(), sys.argv
    try:
        sys.argv = [str(REFERENCE), str(DEVSET / set_name / "gold"), str(pred)]
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(REFERENCE), run_name="__main__")
    finally:
        sys.argv = argv
    return out.getvalue().splitlines()


@pytest.mark.parametrize("set_name", SETS)
def test_kg_evaluate_gives_the_reference_scorers_figures(set_name, tmp_path):
    lines = reference_lines(set_name, tmp_path)
    result = CliRunner().invoke(cli, ["-q", "evaluate", "--gold", str(DEVSET / set_name / "gold"), "-",
                                      "--format", "json"], input=extracted_jsonl(set_name), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = {r["doc"]: r for r in json.loads(result.stdout)}
    for line in lines[:-3]:
        m = re.fullmatch(r"(\S+): gold_tasks=(\d+) pred_tasks=(\d+) matched=(\d+) P=(\S+) R=(\S+) titles=(\S+)", line)
        row = rows[m[1]]
        precision = f"{row['precision']:.3f}" if row["tp"] + row["fp"] else "0.000"
        assert (row["gold_tasks"], row["tasks"], row["aligned"], precision, f"{row['recall']:.3f}", row["titles"]) \
            == (int(m[2]), int(m[3]), int(m[4]), m[5], m[6], m[7]), line
    total = rows["(all)"]
    assert lines[-1] == (f"assignments P={total['precision']:.3f} R={total['recall']:.3f} F1={total['f1']:.3f} "
                         f"(tp={total['tp']} fp={total['fp']} fn={total['fn']})")
    assert lines[-3] == (f"collective presence P={total['collective_precision']:.3f} "
                         f"R={total['collective_recall']:.3f}")
    assert lines[-2].startswith(f"task titles agreeing with gold: {total['titles']} ")


def test_overall_score_is_the_sum_of_the_documents():
    gold = load_gold_dir(DEVSET / "labelled" / "gold")
    result = evaluate_records(records("labelled"), gold)
    assert len(result.documents) == len(gold)
    assert result.overall.true_positives == sum(s.true_positives for s in result.documents)
    assert result.overall.gold_tasks == sum(len(g["tasks"]) for g in gold.values())
