"""``kg evaluate`` and its library function: scores, alignment, formats, exit codes.

The scoring rules are checked case by case against the reference scorer kept beside
the dev set (``tests/data/devset/score_tasks.py``), run on the same made-up inputs.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import runpy
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.evaluation import evaluate_records, score_document
from kg.gold import GoldError, gold_problems, load_gold_dir

REFERENCE = Path(__file__).resolve().parent / "data" / "devset" / "score_tasks.py"

PLAN = "某县2024年工作要点\n1.推进改革。（牵头单位：县发改局；责任单位：县财政局、各乡镇）\n2.建设平台。（责任单位：县科技局）\n"
PLAN_GOLD = {
    "source": "made up", "plan_title": "某县2024年工作要点", "issuer_place": "某县", "notes": "",
    "tasks": [
        {"id": "1", "title": "推进改革", "lead_units": ["县发改局"], "responsible_units": ["县财政局"],
         "collective_units": ["各乡镇"]},
        {"id": "2", "title": "建设平台", "lead_units": ["县科技局"], "responsible_units": [], "collective_units": []},
    ],
}


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def gold_task(lead=(), resp=(), coll=(), title="任务"):
    return {"id": title, "title": title, "lead_units": list(lead), "responsible_units": list(resp),
            "collective_units": list(coll)}


def task(*units, title="任务"):
    """A task record; each unit is 'role:name' with role l, r or c."""
    roles = {"l": "lead", "r": "responsible", "c": "collective"}
    return {"type": "task", "doc": "d.txt", "title": title,
            "units": [{"surface": u[2:], "role": roles[u[0]]} for u in units]}


def reference(tmp_path, gold_tasks, records):
    """The reference scorer's printed figures for one document 'd'."""
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir(exist_ok=True)
    (gold_dir / "d.json").write_text(json.dumps({"tasks": gold_tasks}, ensure_ascii=False), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = io.StringIO()
    argv = sys.argv
    try:
        sys.argv = [str(REFERENCE), str(gold_dir), str(pred)]
        with contextlib.redirect_stdout(out):
            runpy.run_path(str(REFERENCE), run_name="__main__")
    finally:
        sys.argv = argv
    return out.getvalue().splitlines()


CASES = {
    "exact": ([gold_task(["甲局"], ["乙局"])], [task("l:甲局", "r:乙局")]),
    "wrong role": ([gold_task(["甲局"], ["乙局"])], [task("r:甲局", "r:乙局")]),
    "missing task": ([gold_task(["甲局"]), gold_task(["乙局"], title="二")], [task("l:甲局")]),
    "extra task": ([gold_task(["甲局"])], [task("l:甲局"), task("l:丙局", "c:各镇")]),
    "nothing extracted": ([gold_task(["甲局"], coll=["各镇"])], []),
    "collective only": ([gold_task(coll=["各镇"]), gold_task(["甲局"])], [task("c:各镇"), task("l:甲局", "c:各村")]),
    # equal overlap: the reference takes the pair nearest in position, then the later one
    "ties": ([gold_task(["甲局"]), gold_task(["甲局"]), gold_task(["甲局", "乙局"])],
             [task("l:甲局"), task("l:甲局", "l:乙局"), task("l:甲局")]),
    "titles": ([gold_task(["甲局"], title="推进数字政府建设"), gold_task(["乙局"], title="建设")],
               [task("l:甲局", title="推进数字政府建设。年底前"), task("l:乙局", title="建")]),
    "spaces in names": ([gold_task(["甲局"])], [task("l: 甲局 ")]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_scores_agree_with_the_reference_scorer(tmp_path, name):
    gold_tasks, records = CASES[name]
    lines = reference(tmp_path, gold_tasks, records)
    s = score_document(records, {"tasks": gold_tasks}, "d")
    row = s.row()
    per_doc, collectives, titles, overall = lines
    assert per_doc == (f"d: gold_tasks={s.gold_tasks} pred_tasks={s.extracted_tasks} matched={s.aligned} "
                       f"P={s.true_positives / max(1, s.true_positives + s.false_positives):.3f} "
                       f"R={s.true_positives / max(1, s.true_positives + s.false_negatives):.3f} "
                       f"titles={s.titles_agreeing}/{s.gold_tasks}")
    cp = s.collective_hits + s.collective_false_alarms
    cr = s.collective_hits + s.collective_misses
    assert collectives == (f"collective presence P={s.collective_hits / cp if cp else 0:.3f} "
                           f"R={s.collective_hits / cr if cr else 0:.3f}")
    assert titles.startswith(f"task titles agreeing with gold: {s.titles_agreeing}/{s.gold_tasks} ")
    assert overall == (f"assignments P={row['precision'] if s.true_positives + s.false_positives else 0:.3f} "
                       f"R={row['recall']:.3f} F1={row['f1']:.3f} "
                       f"(tp={s.true_positives} fp={s.false_positives} fn={s.false_negatives})")


@pytest.mark.parametrize("name, expected", [
    ("exact", (2, 0, 0, 1.0)),
    ("wrong role", (1, 1, 1, 0.5)),
    ("missing task", (1, 0, 1, 2 / 3)),
    ("extra task", (1, 1, 0, 2 / 3)),
    ("nothing extracted", (0, 0, 1, 0.0)),
])
def test_counts_and_f1(name, expected):
    gold_tasks, records = CASES[name]
    s = score_document(records, {"tasks": gold_tasks})
    assert (s.true_positives, s.false_positives, s.false_negatives) == expected[:3]
    assert s.f1 == pytest.approx(expected[3])


def test_errors_name_each_missed_and_spurious_assignment():
    gold_tasks, records = CASES["wrong role"]
    s = score_document(records, {"tasks": gold_tasks}, "d")
    assert [(e["kind"], e["role"], e["unit"]) for e in s.errors] == [("missed", "lead", "甲局"),
                                                                     ("spurious", "responsible", "甲局")]


def test_documents_are_matched_by_stem_and_the_rest_listed():
    gold = {"a": {"tasks": [gold_task(["甲局"])]}, "b": {"tasks": [gold_task(["乙局"])]}}
    records = [{"type": "plan", "doc": "dir/a.txt"}, dict(task("l:甲局"), doc="dir/a.txt"),
               {"type": "plan", "doc": "c.docx"}]
    result = evaluate_records(records, gold)
    assert [s.doc for s in result.documents] == ["a"]
    assert (result.without_gold, result.without_document) == (["c"], ["b"])
    assert result.rows()[-1]["doc"] == "(all)" and result.overall.f1 == 1.0


@pytest.mark.parametrize("gold, problem", [
    ([], "not a JSON object"),
    ({"tasks": {}}, "tasks is not a list"),
    ({"tasks": [{"id": "1", "lead_units": [""]}]}, "lead_units is not a list of names"),
    ({"tasks": [{"id": "1", "title": "甲", "lead_units": [], "responsible_units": [], "collective_units": []}]},
     "no unit"),
    ({"tasks": [gold_task(["甲局"]), gold_task(["乙局"])]}, "id used twice"),
    ({"tasks": [gold_task(["丁局"])]}, "'丁局' does not occur in the text"),
])
def test_gold_problems_are_named(gold, problem):
    assert any(problem in p for p in gold_problems(gold, text="甲局乙局"))


def test_a_gold_file_with_only_the_scored_keys_loads(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps({"tasks": [{"lead_units": ["甲局"]}]}), encoding="utf-8")
    assert load_gold_dir(tmp_path)["x"]["tasks"][0]["lead_units"] == ["甲局"]


@pytest.fixture
def project(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    (gold / "plan.json").write_text(json.dumps(PLAN_GOLD, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_evaluate_extracts_and_scores(project):
    result = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"), "--format", "json")
    assert result.exit_code == 0, result.output
    plan, overall = json.loads(result.stdout)
    assert plan["doc"] == "plan" and overall["doc"] == "(all)"
    # 县科技局 is 责任单位 in the text but lead in this gold: one missed, one spurious
    assert (plan["tp"], plan["fp"], plan["fn"]) == (2, 1, 1)
    assert plan["precision"] == plan["recall"] == plan["f1"] == pytest.approx(2 / 3, abs=1e-3)
    assert plan["titles"] == "2/2" and plan["collective_recall"] == 1.0


def test_evaluate_reads_extract_output_from_stdin(project):
    jsonl = run("extract", str(project / "docs")).stdout
    from_stdin = run("evaluate", "--gold", str(project / "gold"), "-", "--format", "csv", input=jsonl)
    direct = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"), "--format", "csv")
    assert from_stdin.exit_code == 0 and from_stdin.stdout == direct.stdout
    rows = list(csv.DictReader(io.StringIO(from_stdin.stdout)))
    assert [r["doc"] for r in rows] == ["plan", "(all)"] and rows[0]["f1"] == "0.667"


def test_table_and_error_listing(project):
    table = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"))
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split()[:4] == ["doc", "gold_tasks", "tasks", "aligned"]
    errors = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"), "--errors", "--format", "json")
    assert [(e["kind"], e["role"], e["unit"], e["gold_task"]) for e in json.loads(errors.stdout)] == [
        ("missed", "lead", "县科技局", "2"), ("spurious", "responsible", "县科技局", "2")]


@pytest.mark.parametrize("threshold, code", [("0.6", 0), ("0.7", 1)])
def test_min_f1_sets_the_exit_code(project, threshold, code):
    result = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"), "--min-f1", threshold)
    assert result.exit_code == code
    assert ("below --min-f1" in result.stderr) == bool(code)


def test_missing_gold_folder_exits_2(project):
    result = run("evaluate", "--gold", str(project / "nowhere"), str(project / "docs"))
    assert result.exit_code == 2 and "gold folder not found" in result.stderr


@pytest.mark.parametrize("content, message", [
    ("{not json", "cannot read gold file"),
    ('{"tasks": "none"}', "tasks is not a list"),
])
def test_bad_gold_file_exits_2_naming_it(project, content, message):
    (project / "gold" / "broken.json").write_text(content, encoding="utf-8")
    result = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"))
    assert result.exit_code == 2
    assert "broken.json" in result.stderr and message in result.stderr


def test_empty_gold_folder_exits_2(project, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("evaluate", "--gold", str(empty), str(project / "docs"))
    assert result.exit_code == 2 and "no gold files" in result.stderr


def test_stdin_with_other_paths_is_a_usage_error(project):
    result = run("evaluate", "--gold", str(project / "gold"), "-", str(project / "docs"))
    assert result.exit_code == 2 and "cannot be combined" in result.stderr


def test_bad_jsonl_on_stdin_exits_2(project):
    result = run("evaluate", "--gold", str(project / "gold"), "-", input='{"type": "plan", "doc": "plan.txt"}\nnot json\n')
    assert result.exit_code == 2 and "line 2" in result.stderr


def test_unreadable_document_exits_2_and_the_others_are_scored(project):
    (project / "docs" / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 40)
    result = run("evaluate", "--gold", str(project / "gold"), str(project / "docs"), "--format", "json")
    assert result.exit_code == 2
    assert "broken.txt" in result.stderr
    assert [r["doc"] for r in json.loads(result.stdout)] == ["plan", "(all)"]


def test_no_document_with_gold_exits_2(project, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(PLAN, encoding="utf-8")
    result = run("evaluate", "--gold", str(project / "gold"), str(other))
    assert result.exit_code == 2 and "no input document has a gold file" in result.stderr


def test_gold_error_is_a_load_error():
    assert GoldError("x").exit_code == 2
