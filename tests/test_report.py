"""Workload reports: CSV/JSON/Markdown/HTML from one model, numbers that agree with SPARQL and kg query."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner
from rdflib import Dataset

from kg.analysis.convert import to_networkx
from kg.analysis.workload import workload
from kg.cli import cli
from kg.report import CSV_COLUMNS, top_units, workload_report, write_reports

from .conftest import WORKLOAD_FIXTURE

PLANS = ["qingshan_2024_plan", "qingshan_2024_points", "shimen_2023_plan"]


def _csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("by, name_column", [("unit", "unit"), ("type", "unit_type")])
def test_csv_rows_grouped_by_plan_sorted_by_weighted(graphs, by, name_column):
    rows = _csv(workload_report(graphs, by=by, fmt="csv"))
    assert list(rows[0]) == CSV_COLUMNS[by]
    assert {"plan", name_column, "led", "responsible", "weighted"} <= set(rows[0])
    assert list(dict.fromkeys(r["plan"] for r in rows)) == [*PLANS, "ALL"]
    for plan in [*PLANS, "ALL"]:
        keys = [(-float(r["weighted"]), r[name_column]) for r in rows if r["plan"] == plan]
        assert keys == sorted(keys)


def test_csv_agrees_with_the_analysis(graphs):
    rows = _csv(workload_report(graphs, fmt="csv"))
    expected = workload(graphs)
    assert [(r["plan"], r["unit"], int(r["led"]), int(r["responsible"]), float(r["weighted"])) for r in rows] == \
        [(r["plan"], r["unit"], r["led"], r["responsible"], r["weighted"]) for r in expected]


@pytest.mark.parametrize("plan, rows", [("qingshan_2024_points", 3), ("shimen_2023_plan.txt", 6)])
def test_csv_of_one_plan(graphs, plan, rows):
    found = _csv(workload_report(graphs, plan=plan, fmt="csv"))
    assert len(found) == rows and len({r["plan"] for r in found}) == 1


LED_SHARED = """
PREFIX kg: <https://w3id.org/kg-policy/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?file ?unit (COUNT(DISTINCT ?led) AS ?n_led) (COUNT(DISTINCT ?shared) AS ?n_shared)
WHERE {
  ?p a kg:Plan ; dcterms:identifier ?file . ?task kg:inPlan ?p .
  { ?task kg:leadUnit ?unit . BIND (?task AS ?led) }
  UNION
  { ?task kg:responsibleUnit ?unit . FILTER NOT EXISTS { ?task kg:leadUnit ?unit } BIND (?task AS ?shared) }
}
GROUP BY ?file ?unit
"""


def test_numbers_agree_with_sparql(dataset, graphs):
    union = Dataset(store=dataset.store, default_union=True)
    expected = {(str(r.file).removesuffix(".txt"), str(r.unit)): (int(r.n_led), int(r.n_shared))
                for r in union.query(LED_SHARED)}
    rows = [r for r in workload(graphs) if r["plan"] != "ALL"]
    assert {(r["plan"], r["iri"]): (r["led"], r["responsible"]) for r in rows} == expected


def test_numbers_agree_with_the_named_query(dataset, graphs):
    from kg.sparql import query

    union = Dataset(store=dataset.store, default_union=True)
    result = query("units-by-tasks-led", graph=union)
    named = {(r["file"].removesuffix(".txt"), str(r["unit_iri"])): (r["led"], r["shared"]) for r in result}
    ours = {(r["plan"], r["iri"]): (r["led"], r["responsible"]) for r in workload(graphs) if r["plan"] != "ALL"}
    assert named == ours


def test_json_has_every_table(graphs):
    data = json.loads(workload_report(graphs, fmt="json"))
    assert set(data) >= {"summary", "plans", "workload", "by_type", "by_jurisdiction", "coordination_pairs",
                         "hidden_load", "accountability", "weights"}
    assert data["workload"] == [{k: r[k] for k in CSV_COLUMNS["unit"]} for r in workload(graphs)]
    assert data["summary"]["tasks"] == 11 and data["summary"]["tasks_without_lead"] == 1


def test_markdown_report(graphs):
    text = workload_report(graphs, fmt="md")
    assert text.startswith("# 部门工作负荷报告")
    assert "| ALL | 青山区发展和改革局 | 3 | 1 | 3.5 | 57.1% |" in text
    for heading in ("## 跨方案合计", "## 按部门类型比较", "## 协同负担", "## 隐性负荷", "### 责任矩阵"):
        assert heading in text
    assert "| 青山区卫生健康局 | 牵头 | 居民健康素养水平 | 30–35% | 2024 |" in text


def test_html_report_structure(graphs):
    page = workload_report(graphs)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "@import" not in page and "url(http" not in page
    assert page.count("<svg") == 2 + len(PLANS)  # across plans, by type, one per plan
    assert page.count('class="plan"') == len(PLANS)
    assert page.count('<table class="sortable workload">') == 2 + len(PLANS)
    # every count expands to its tasks with quotes
    assert "原文写作：区卫健局" in page and "<blockquote>3.扩充优质学位。" in page
    assert 'id="types"' in page and "发展和改革" in page


@pytest.mark.parametrize("shrink", [0.9, 0.05])
def test_html_over_its_budget_is_laid_out_with_smaller_caps(graphs, shrink):
    from kg.report.html import render_html
    from kg.report.model import build_report

    report = build_report(graphs)
    full = render_html(report)
    assert "报告较大" not in full
    budget = int(len(full.encode("utf-8")) * shrink)
    page = render_html(report, budget=budget)
    assert "报告较大" in page and "--format csv" in page  # says so, and where the full tables are
    assert len(page.encode("utf-8")) < len(full.encode("utf-8"))
    if shrink > 0.5:
        assert len(page.encode("utf-8")) <= budget
    else:  # no smaller layout fits: the smallest, without plan sections
        assert page.count('class="plan"') == 0 and page.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("departments, rows, note", [(3, 2, False), (260, 2, True), (2, 400, True)])
def test_html_follow_through_section_is_capped(graphs, departments, rows, note):
    """The departments with the most targets, each with at most MAX_TABLE_ROWS rows; a note says so."""
    from kg.report.followthrough import FollowThroughSection
    from kg.report.html import MAX_DEPARTMENTS, MAX_TABLE_ROWS, render_html
    from kg.report.model import build_report

    section = FollowThroughSection(rows=[
        {"department": f"单位{d:03d}", "target": f"t{d}-{i}", "status": "reached", "status_label": "已完成",
         "indicator": "地区生产总值", "measures": "", "role": "lead", "plan": "p", "target_year": "2025",
         "change": "增长", "comparator": ">=", "target_value": "6", "target_unit": "%", "target_quote": "增长6%",
         "result": "r", "result_change": "增长", "result_value": "6.5", "result_unit": "%", "result_quote": "增长6.5%",
         "report": "q"}
        for d in range(departments) for i in range(rows + (d == departments - 1))])
    page = render_html(build_report(graphs, follow_through=section))
    shown = min(departments, MAX_DEPARTMENTS)
    assert page.count('<table class="sortable follow-through">') == shown
    assert ("kg query target-follow-through" in page) is note
    assert f"单位{departments - 1:03d}" in page  # the department with the most rows is kept, last by name
    assert page.count('<tr class="status-reached">') == shown * min(rows, MAX_TABLE_ROWS) + (rows < MAX_TABLE_ROWS)


def test_html_of_one_plan_has_one_section(graphs):
    page = workload_report(graphs, plan="shimen_2023_plan", by="type")
    assert page.count('class="plan"') == 1 and 'id="plan-shimen_2023_plan"' in page
    assert 'id="all"' not in page


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json"])
def test_reports_are_deterministic(graphs, fmt):
    assert workload_report(graphs, fmt=fmt) == workload_report(graphs, fmt=fmt)


def test_top_units(dataset, graphs):
    top = top_units(dataset, n=2)
    assert list(top) == [*PLANS, "ALL"]
    assert top["ALL"] == [("青山区发展和改革局", 3.5), ("青山区财政局", 3.5)]
    assert top["shimen_2023_plan"] == [("石门县发展和改革局", 2.5), ("石门县商务局", 2.0)]
    assert top_units(graphs, n=2) == top


def test_unknown_format(graphs):
    with pytest.raises(ValueError, match="unknown report format"):
        workload_report(graphs, fmt="pdf")


@pytest.mark.parametrize("args, exit_code, check", [
    (["--format", "csv"], 0, lambda out: out.splitlines()[0].startswith("plan,unit,")),
    (["--by", "type", "--format", "json"], 0, lambda out: json.loads(out)["by"] == "type"),
    (["--plan", "nope", "--format", "csv"], 1, lambda out: out == ""),
])
def test_cli(args, exit_code, check):
    result = CliRunner().invoke(cli, ["report", "workload", "--graph", str(WORKLOAD_FIXTURE), *args])
    assert result.exit_code == exit_code, result.output
    assert check(result.stdout)


@pytest.mark.parametrize("name, head", [("r.html", "<!DOCTYPE html>"), ("r.md", "# 部门工作负荷报告"),
                                        ("r.csv", "plan,unit,"), ("r.json", "{")])
def test_cli_writes_file_in_the_format_of_its_ending(tmp_path, name, head):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", "workload", "--graph", str(WORKLOAD_FIXTURE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and out.read_text(encoding="utf-8").startswith(head)


def test_cli_missing_graph_is_a_load_error(tmp_path):
    result = CliRunner().invoke(cli, ["report", "workload", "--graph", str(tmp_path / "missing")])
    assert result.exit_code == 2 and "missing" in result.stderr


def test_cli_weights(tmp_path):
    result = CliRunner().invoke(cli, ["report", "workload", "--graph", str(WORKLOAD_FIXTURE), "--format", "csv",
                                      "--lead-weight", "2", "--responsible-weight", "1"])
    rows = _csv(result.stdout)
    assert next(r for r in rows if r["plan"] == "ALL")["weighted"] == "7"


# -- the real corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(corpus_build):
    from kg.graph.store import load_graph

    graph = load_graph(corpus_build)
    return graph, to_networkx(graph)


def test_corpus_numbers_agree_with_the_named_query(corpus):
    """Tasks led and shared per plan and unit are the same in the report and in the named query
    (a unit named both as lead and as co-responsible on one task counts once, as lead, in both)."""
    from kg.sparql import query

    graph, graphs = corpus
    named = {(r["file"].removesuffix(".txt"), str(r["unit_iri"])): (r["led"], r["shared"])
             for r in query("units-by-tasks-led", graph=graph)}
    ours = {(r["plan"], r["iri"]): (r["led"], r["responsible"]) for r in workload(graphs) if r["plan"] != "ALL"}
    assert len(ours) > 100 and named == ours


def test_corpus_top_units(corpus):
    graph, graphs = corpus
    top = top_units(graphs)
    assert set(top) == set(graphs.plan_ids()) | {"ALL"}
    assert all(len(v) <= 5 for v in top.values()) and len(top["ALL"]) == 5
    rows = {(r["plan"], r["unit"]): r["weighted"] for r in workload(graphs)}
    assert all(rows[(plan, unit)] == w for plan, pairs in top.items() for unit, w in pairs)


def test_corpus_reports(corpus):
    _, graphs = corpus
    page = workload_report(graphs)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert page.count('class="plan"') == len(graphs.plan_ids())
    rows = _csv(workload_report(graphs, fmt="csv"))
    assert {r["plan"] for r in rows} <= {*graphs.plan_ids(), "ALL"} and rows[-1]["plan"] == "ALL"


def test_write_reports(tmp_path, graphs):
    written = write_reports(graphs, out=tmp_path / "build")
    assert sorted(written) == ["graph.html", "report.html", "report.md", "workload.csv"]
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == sorted(written)
    assert written["workload.csv"].read_text(encoding="utf-8") == workload_report(graphs, fmt="csv")
    assert written["report.md"].read_text(encoding="utf-8") == workload_report(graphs, fmt="md")


def test_summary_cards_say_what_they_count(graphs):
    from kg.report.html import summary_cards
    from kg.report.model import build_report

    report = build_report(graphs)
    cards = {c["key"]: c for c in summary_cards(report.summary)}
    assert cards["targets"]["label"] == "任务设定的指标" and "责任矩阵" in cards["targets"]["help"]
    assert cards["targets_all"]["value"] == len(graphs.nodes_of("target")) >= cards["targets"]["value"]
    assert "kg build" in cards["targets_all"]["help"]
    page = workload_report(graphs)
    for card in cards.values():
        assert card["help"] in page


def test_report_html_is_a_jinja2_template_with_autoescape():
    from kg.report.html import _environment

    env = _environment()
    assert env.autoescape is True or env.autoescape("report.html.j2")
    assert "report.html.j2" in env.list_templates()


@pytest.mark.parametrize("plan", [None, *PLANS])
def test_the_report_accountability_rows_are_those_of_the_analysis(graphs, plan):
    """The report makes its unit x target rows when read: the same rows, plan by plan, as the analysis gives."""
    from kg.analysis.workload import accountability
    from kg.report.model import build_report

    rows = build_report(graphs, plan=plan).accountability
    expected = accountability(graphs, plan)
    assert list(rows) == expected and len(rows) == len(expected) and rows[:1] == expected[:1]
    assert plan is not None or expected
    for pid in PLANS:
        assert rows.of(pid) == [r for r in expected if r["plan"] == pid]


@pytest.mark.parametrize("plan", [None, *PLANS])
def test_the_report_pairs_are_those_of_the_analysis(graphs, plan):
    """The report holds the ranked pairs only; each row, with its shared tasks, is made when read."""
    from kg.analysis.workload import coordination_pairs
    from kg.report.model import build_report

    pairs = build_report(graphs, plan=plan).pairs
    expected = coordination_pairs(graphs, plan)
    assert list(pairs) == expected and len(pairs) == len(expected) and pairs[:2] == expected[:2]
    assert [pairs[i] for i in range(len(pairs))] == expected
    assert plan is not None or expected


@pytest.mark.parametrize("plan", [None, *PLANS])
def test_the_evidence_looked_up_is_each_units_assignments_in_the_scope(graphs, plan):
    """Evidence is made when looked up: every unit row's assignments, in task order, with the row's counts."""
    from kg.report.model import build_report

    report = build_report(graphs, plan=plan)
    B = graphs.bipartite
    for row in report.unit_rows:
        scope_tasks = graphs.tasks() if row["plan"] == "ALL" else graphs.tasks(row["plan"])
        found = report.evidence[(row["plan"], row["iri"])]
        assert [e["task_iri"] for e in found] == [t for t in scope_tasks if B.has_edge(row["iri"], t)]
        assert [e["role"] for e in found].count("lead") == row["led"] and len(found) == row["tasks"]
    assert set(report.evidence) == {(r["plan"], r["iri"]) for r in report.unit_rows}
    assert report.evidence.get(("nope", "x"), []) == [] and ("ALL", "x") not in report.evidence


@pytest.mark.parametrize("sections", [0, 1, len(PLANS)])
def test_markdown_report_caps_plan_sections(graphs, sections):
    from kg.report.markdown import render_markdown
    from kg.report.model import build_report

    text = render_markdown(build_report(graphs), plan_sections=sections)
    assert text.count("### 责任矩阵") == sections
    omitted = len(PLANS) - sections
    assert (f"另有 {omitted} 个方案未单列章节" in text) == (omitted > 0)


@pytest.mark.parametrize("command", [["report", "workload", "--format", "json"], ["viz", "--format", "json"]])
def test_report_and_viz_read_a_build_with_workers_as_with_one_process(corpus_build, monkeypatch, command):
    """-j/--workers reads the build folder in worker processes (every document a chunk here): the same output."""
    from kg.analysis import typed

    one = CliRunner().invoke(cli, ["-q", *command, "--graph", str(corpus_build)])
    monkeypatch.setattr(typed, "CHUNK", 1)
    two = CliRunner().invoke(cli, ["-q", *command, "--graph", str(corpus_build), "--workers", "2"])
    assert one.exit_code == two.exit_code == 0, (one.output, two.output)
    assert json.loads(two.stdout) == json.loads(one.stdout) and json.loads(one.stdout)
