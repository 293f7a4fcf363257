"""Workload analyses (kg.analysis.workload, kg.analysis.network) on the layout fixture.

Expected figures are counted by hand from the fixture's design (tests/fixtures/workload.trig).
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.convert import UnknownPlanError
from kg.analysis.network import centrality, communities, pagerank
from kg.analysis.workload import (
    ALL,
    accountability,
    by_jurisdiction,
    coordination_pairs,
    hidden_load,
    unit_tasks,
    workload,
)


@pytest.fixture(scope="module")
def rows(graphs):
    return workload(graphs)


def _row(rows, plan, unit):
    found = [r for r in rows if r["plan"] == plan and r["unit"] == unit]
    assert len(found) == 1, (plan, unit)
    return found[0]


@pytest.mark.parametrize("plan, unit, led, responsible, weighted", [
    ("qingshan_2024_plan", "青山区财政局", 0, 5, 2.5),
    ("qingshan_2024_plan", "青山区发展和改革局", 2, 0, 2.0),
    ("qingshan_2024_plan", "青山区卫生健康局", 1, 1, 1.5),
    ("qingshan_2024_plan", "青山区招商和投资促进中心", 0, 1, 0.5),
    ("qingshan_2024_points", "青山区发展和改革局", 1, 1, 1.5),
    ("shimen_2023_plan", "石门县发展和改革局", 1, 3, 2.5),
    ("shimen_2023_plan", "石门县招才引智中心", 0, 2, 1.0),
    (ALL, "青山区发展和改革局", 3, 1, 3.5),
    (ALL, "青山区财政局", 0, 7, 3.5),
    (ALL, "石门县商务局", 1, 2, 2.0),
])
def test_counts_and_weighted_workload(rows, plan, unit, led, responsible, weighted):
    r = _row(rows, plan, unit)
    assert (r["led"], r["responsible"], r["tasks"], r["weighted"]) == (led, responsible, led + responsible, weighted)


@pytest.mark.parametrize("plan, unit, share, goal_areas, targets, plans", [
    ("qingshan_2024_plan", "青山区财政局", 1.0, 3, 3, 2),
    ("qingshan_2024_plan", "青山区教育局", 0.2, 1, 1, 1),
    ("shimen_2023_plan", "石门县商务局", 0.75, 2, 1, 1),
    (ALL, "青山区财政局", 1.0, 5, 3, 2),  # of the 5 + 2 tasks of the two plans it is in
    (ALL, "青山区教育局", 0.2, 1, 1, 1),
])
def test_share_areas_targets_plans(rows, plan, unit, share, goal_areas, targets, plans):
    r = _row(rows, plan, unit)
    assert (r["share"], r["goal_areas"], r["targets"], r["plans"]) == (share, goal_areas, targets, plans)


def test_rows_grouped_by_plan_then_sorted_by_weighted_then_name(rows):
    plans = [r["plan"] for r in rows]
    assert list(dict.fromkeys(plans)) == ["qingshan_2024_plan", "qingshan_2024_points", "shimen_2023_plan", ALL]
    for plan in set(plans):
        keys = [(-r["weighted"], r["unit"]) for r in rows if r["plan"] == plan]
        assert keys == sorted(keys)
    assert [r["unit"] for r in rows if r["plan"] == ALL][:2] == ["青山区发展和改革局", "青山区财政局"]


@pytest.mark.parametrize("weights, unit, expected", [
    ({"lead": 2.0, "responsible": 1.0}, "青山区发展和改革局", 7.0),
    ({"responsible": 0}, "青山区财政局", 0.0),
    ({"lead": 0.0}, "青山区财政局", 3.5),
])
def test_weights_are_parameters(graphs, weights, unit, expected):
    assert _row(workload(graphs, weights=weights), ALL, unit)["weighted"] == expected


def test_one_plan_only(graphs):
    rows = workload(graphs, plan="shimen_2023_plan.txt")
    assert {r["plan"] for r in rows} == {"shimen_2023_plan"} and len(rows) == 6


@pytest.mark.parametrize("plan, unit_type, units, led, responsible, weighted, jurisdictions", [
    (ALL, "development-reform", 2, 4, 4, 6.0, 2),
    (ALL, "finance", 2, 0, 10, 5.0, 2),
    (ALL, "", 1, 0, 2, 1.0, 1),
    ("qingshan_2024_plan", "health", 1, 1, 1, 1.5, 1),
])
def test_aggregation_by_department_type(graphs, plan, unit_type, units, led, responsible, weighted, jurisdictions):
    found = [r for r in workload(graphs, by="type") if r["plan"] == plan and r["unit_type"] == unit_type]
    assert len(found) == 1
    r = found[0]
    assert (r["units"], r["led"], r["responsible"], r["weighted"], r["jurisdictions"]) == \
        (units, led, responsible, weighted, jurisdictions)


@pytest.mark.parametrize("jurisdiction, unit_type, weighted, share", [
    ("青山区", "finance", 3.5, round(3.5 / 13.5, 4)),
    ("石门县", "development-reform", 2.5, round(2.5 / 9.5, 4)),
    ("石门县", "", 1.0, round(1.0 / 9.5, 4)),
])
def test_by_jurisdiction(graphs, jurisdiction, unit_type, weighted, share):
    found = [r for r in by_jurisdiction(graphs) if (r["jurisdiction"], r["unit_type"]) == (jurisdiction, unit_type)]
    assert [(r["weighted"], r["share"]) for r in found] == [(weighted, share)]


def test_coordination_pairs(graphs):
    pairs = coordination_pairs(graphs, min_shared=3)
    assert [(p["unit_a"], p["unit_b"], p["shared"]) for p in pairs] == [
        ("青山区发展和改革局", "青山区财政局", 4),
        ("石门县发展和改革局", "石门县商务局", 3),
        ("石门县发展和改革局", "石门县财政局", 3),
        ("青山区城投公司", "青山区财政局", 3),
    ]
    assert len(pairs[0]["tasks"]) == 4


@pytest.mark.parametrize("plan, expected", [
    (None, [("青山区财政局", 7), ("石门县财政局", 3), ("青山区城投公司", 3), ("石门县招才引智中心", 2)]),
    ("qingshan_2024_points", [("青山区财政局", 2)]),
])
def test_hidden_load(graphs, plan, expected):
    assert [(r["unit"], r["responsible"]) for r in hidden_load(graphs, plan)] == expected


def test_accountability(graphs):
    rows = accountability(graphs, "qingshan_2024_plan")
    assert {(r["unit"], r["indicator"], r["role"]) for r in rows if r["indicator"] == "居民健康素养水平"} == {
        ("青山区卫生健康局", "居民健康素养水平", "lead"), ("青山区财政局", "居民健康素养水平", "responsible")}
    health = next(r for r in rows if r["indicator"] == "居民健康素养水平")
    assert (health["value"], health["year"], health["quote"]) == ("30–35%", 2024, "居民健康素养水平达到30%-35%")
    assert {r["value"] for r in rows} == {"≥7%", "≥3000个", "30–35%"}


def test_unit_tasks_give_the_evidence(graphs):
    rows = unit_tasks(graphs, graphs.unit_by_label("青山区卫生健康局"))
    assert [(r["task"], r["role"], r["surface"]) for r in rows] == [
        ("3.扩充优质学位", "responsible", "区卫健局"), ("4.建设健康青山", "lead", "区卫生健康局")]
    assert all(r["quote"].startswith(r["task"]) for r in rows)


def test_network_measures_in_rows(rows):
    r = _row(rows, "qingshan_2024_points", "青山区发展和改革局")
    assert (r["degree"], r["weighted_degree"]) == (2, 3)
    fin = _row(rows, ALL, "青山区财政局")
    assert fin["betweenness"] > 0 and 0 < fin["pagerank"] < 1
    assert {r["community"] for r in rows if r["plan"] == ALL} == {1, 2}


def test_deterministic(graphs):
    assert workload(graphs) == workload(graphs)
    assert workload(graphs, by="type") == workload(graphs, by="type")


def test_backend_keyword_reaches_networkx(graphs):
    assert workload(graphs, backend="networkx") == workload(graphs)
    with pytest.raises(ImportError):
        workload(graphs, backend="no-such-backend")


def test_sampled_betweenness_is_seeded():
    G = nx.gnm_random_graph(80, 240, seed=3)
    a = centrality(G, k=20)
    assert a == centrality(G, k=20)
    assert a != centrality(G)  # exact differs from the estimate


def test_pagerank_matches_networkx_reference():
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 3), ("b", "c", 1), ("c", "d", 2), ("d", "a", 1), ("e", "a", 1)])
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    expected = _pagerank_python(G, weight="weight")
    assert pagerank(G) == pytest.approx(expected, abs=1e-6)


def test_communities_numbered_from_largest():
    G = nx.Graph()
    G.add_weighted_edges_from([("a", "b", 5), ("b", "c", 5), ("a", "c", 5), ("d", "e", 5), ("c", "d", 1)])
    assert communities(G) == {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}


@pytest.mark.parametrize("call, error", [
    (lambda g: workload(g, by="person"), ValueError),
    (lambda g: workload(g, weights={"chair": 1}), ValueError),
    (lambda g: workload(g, plan="nope"), UnknownPlanError),
])
def test_bad_arguments(graphs, call, error):
    with pytest.raises(error):
        call(graphs)


def _random_graph(seed: int) -> nx.Graph:
    """Several components of random sizes and densities, a path and a star among them."""
    import random

    rng = random.Random(seed)
    parts = [nx.gnp_random_graph(rng.randint(1, 45), rng.random(), seed=rng.randint(0, 10**6)) for _ in range(4)]
    parts += [nx.path_graph(rng.randint(3, 30)), nx.star_graph(rng.randint(2, 9))]
    return nx.disjoint_union_all(parts)


@pytest.mark.parametrize("seed", range(40))
def test_exact_betweenness_equals_networkx(seed):
    """By components and on the adjacency matrix: networkx's exact figures, to the digits shown."""
    from kg.analysis.network import DIGITS, betweenness, dense_betweenness

    G = _random_graph(seed)
    expected = nx.betweenness_centrality(G, normalized=True)
    for found in (betweenness(G), dense_betweenness(G)):
        assert {n: round(v, DIGITS) for n, v in found.items()} == {n: round(v, DIGITS) for n, v in expected.items()}


def test_large_graphs_of_small_components_stay_exact(monkeypatch):
    """Above SAMPLE_ABOVE nodes, betweenness is still exact while no component is large; else sampled."""
    import kg.analysis.network as network

    G = nx.disjoint_union_all([nx.gnm_random_graph(30, 90, seed=i) for i in range(25)])  # 750 nodes
    exact = nx.betweenness_centrality(G, normalized=True)
    found = centrality(G)
    assert all(abs(found[n]["betweenness"] - round(exact[n], 6)) < 1e-9 for n in G)
    monkeypatch.setattr(network, "EXACT_COMPONENT_MAX", 20)
    assert centrality(G) == centrality(G, k=network.SAMPLE_K) != found
