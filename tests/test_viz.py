"""kg.viz: selection filters and caps, the offline page, and the `kg viz` command."""

from __future__ import annotations

import json
import logging
import re

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from kg.analysis.convert import to_networkx
from kg.cli import cli
from kg.namespaces import KG, KGR
from kg.viz import render_graph_html, select
from kg.viz.page import CLASS_STYLES

from .conftest import WORKLOAD_FIXTURE


def _labels(graphs, nodes):
    return [graphs.graph.nodes[n]["label"] for n in nodes]


def _data(page: str, name: str) -> list[dict]:
    """The JSON array a page hands to vis.DataSet (``var nodeData = [...]``)."""
    match = re.search(rf"var {name} = (\[.*?\]);\n", page)
    assert match, name
    return json.loads(match.group(1))


@pytest.mark.parametrize("kwargs, units, omitted_units", [
    ({"top": 3}, ["青山区发展和改革局", "青山区财政局", "石门县发展和改革局"], 10),
    ({"plan": "shimen_2023_plan", "top": 2}, ["石门县发展和改革局", "石门县商务局"], 4),
    ({"unit_type": "finance"}, ["青山区财政局", "石门县财政局"], 0),
    ({"unit_type": "交通运输"}, ["石门县交通运输局"], 0),
    ({"unit": "卫健"}, ["青山区卫生健康局", "青山区财政局", "青山区教育局"], 0),
    ({"unit": "no such unit"}, [], 0),
])
def test_selection_filters_and_caps(graphs, kwargs, units, omitted_units):
    s = select(graphs, **kwargs)
    assert _labels(graphs, s.units) == units
    assert s.omitted["units"] == omitted_units


def test_selection_keeps_tasks_of_shown_units_and_their_context(graphs):
    s = select(graphs, unit="教育局")
    assert _labels(graphs, s.tasks) == ["3.扩充优质学位"]
    kinds = sorted(graphs.graph.nodes[n]["kind"] for n in s.others)
    assert kinds == ["goal", "place", "plan", "target"]


def test_task_cap(graphs):
    s = select(graphs, max_tasks=4)
    assert len(s.tasks) == 4 and s.omitted["tasks"] == 7
    assert "另有 7 项任务未显示" in s.message()


def test_page_is_self_contained(graphs):
    page = render_graph_html(graphs)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "cdnjs" not in page and "jsdelivr" not in page and "<link" not in page
    assert "vis.Network" in page and "vis-network" in page  # the library is inlined
    for label, color, _ in CLASS_STYLES.values():
        assert label in page and color in page  # the legend


def test_nodes_coloured_by_class_and_units_sized_by_workload(graphs):
    page = render_graph_html(graphs)
    nodes = _data(page, "nodeData")
    assert {n["kind"] for n in nodes} == {"plan", "goal", "task", "unit", "collective", "target", "project", "place"}
    assert all(n["color"] == CLASS_STYLES[n["kind"]][1] for n in nodes)
    units = {n["label"]: n["size"] for n in nodes if n["kind"] == "unit"}
    assert units["青山区发展和改革局"] > units["青山区教育局"] > 10
    task = next(n for n in nodes if n["kind"] == "task" and n["label"].startswith("4."))
    assert "原文（第" in task["title"] and "居民健康素养水平达到30%-35%" in task["title"]


def test_edges_labelled_by_role(graphs):
    """Role edges carry their label, shown on hover (``role``); no edge label is drawn up front."""
    edges = _data(render_graph_html(graphs), "edgeData")
    assert not any(e.get("label") for e in edges)
    roles = [e["role"] for e in edges if e.get("role")]
    assert (roles.count("牵头"), roles.count("配合"), roles.count("集合")) == (11, 24, 4)
    assert any("原文写作：区卫健局" in e.get("title", "") for e in edges)


def test_page_and_log_say_what_was_left_out(graphs, caplog):
    with caplog.at_level(logging.WARNING, logger="kg.viz"):
        page = render_graph_html(graphs, top=2)
    assert "另有 11 个单位未显示" in page
    assert any("另有 11 个单位未显示" in r.getMessage() for r in caplog.records)


def _big_graph(plans: int, units: int, tasks: int) -> Graph:
    """A synthetic graph: each task of each plan names four of the plan's units."""
    g = Graph()
    for p in range(plans):
        plan = KGR[f"plan/p{p}"]
        g.add((plan, RDF.type, KG.Plan))
        for u in range(units):
            unit = KGR[f"unit/j{p}/u{u}"]
            g.add((unit, RDF.type, KG.Unit))
            g.add((unit, SKOS.prefLabel, Literal(f"第{p}区第{u}局", lang="zh")))
        for t in range(tasks):
            task = URIRef(f"{plan}/task/{t}")
            g.add((task, RDF.type, KG.Task))
            g.add((task, KG.inPlan, plan))
            g.add((task, KG.leadUnit, KGR[f"unit/j{p}/u{t % units}"]))
            for k in (1, 2, 3):
                g.add((task, KG.responsibleUnit, KGR[f"unit/j{p}/u{(t * k + k) % units}"]))
    return g


def test_default_caps_on_a_large_graph():
    graphs = to_networkx(_big_graph(plans=40, units=12, tasks=30))
    s = select(graphs)
    assert len(s.units) == 150 and s.omitted["units"] == 40 * 12 - 150
    assert len(s.tasks) <= 600
    page = render_graph_html(graphs)
    assert len(_data(page, "nodeData")) == len(s.nodes())


def test_cli_writes_the_page(tmp_path):
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(cli, ["viz", "--graph", str(WORKLOAD_FIXTURE), "--top", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "另有 11 个单位未显示" in result.stderr
    assert list(tmp_path.iterdir()) == [out]  # written atomically, no temporary file left


@pytest.mark.parametrize("args, exit_code", [
    (["--plan", "nope"], 1),
    (["--graph", "/nonexistent/graph.ttl"], 2),
    (["--top", "-1"], 2),
])
def test_cli_errors(tmp_path, args, exit_code):
    base = ["viz", "--graph", str(WORKLOAD_FIXTURE), "--out", str(tmp_path / "g.html")]
    result = CliRunner().invoke(cli, [*base, *args])
    assert result.exit_code == exit_code
    assert not (tmp_path / "g.html").exists()


def test_cli_to_stdout():
    result = CliRunner().invoke(cli, ["viz", "--graph", str(WORKLOAD_FIXTURE), "--plan", "qingshan_2024_points", "--out", "-"])
    assert result.exit_code == 0 and result.stdout.startswith("<!DOCTYPE html>")
    assert "青山区2024年政府工作要点" in result.stdout


@pytest.mark.parametrize("kwargs", [{}, {"top": 3}, {"unit": "财政"}])
def test_page_is_deterministic(graphs, kwargs):
    assert render_graph_html(graphs, **kwargs) == render_graph_html(graphs, **kwargs)
