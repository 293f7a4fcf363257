"""RDF -> networkx: kg.analysis.convert.to_networkx on the hand-made layout fixture."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.analysis.convert import UnknownPlanError, to_networkx
from kg.errors import EXIT_USER
from kg.graph.store import load_graph
from kg.namespaces import KG

from .conftest import WORKLOAD_FIXTURE, workload_dataset

FIXTURE = WORKLOAD_FIXTURE
_dataset = workload_dataset


def _union_graph() -> Graph:
    g = Graph()
    for s, p, o, _ in _dataset().quads((None, None, None, None)):
        g.add((s, p, o))
    return g


LOADERS = {
    "rdflib dataset": _dataset,
    "plain graph": _union_graph,
    "memory store": lambda: load_graph(FIXTURE, store="memory"),
    "oxigraph store": lambda: load_graph(FIXTURE, store="oxigraph"),
}


@pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
def test_every_store_gives_the_same_graphs(loader):
    g = to_networkx(loader())
    kinds = sorted(k for _, k in g.graph.nodes(data="kind"))
    assert {k: kinds.count(k) for k in set(kinds)} == {
        "plan": 3, "goal": 3, "task": 11, "unit": 13, "collective": 2, "target": 4, "project": 2, "place": 3}
    assert g.bipartite.number_of_nodes() == 11 + 13 + 2
    assert g.bipartite.number_of_edges() == 39
    assert sorted(g.plan_ids()) == ["qingshan_2024_plan", "qingshan_2024_points", "shimen_2023_plan"]


@pytest.mark.parametrize("label, jurisdiction, unit_type, plans, alt_labels", [
    ("青山区财政局", "青山区", "finance", ["qingshan_2024_plan", "qingshan_2024_points"], ["区财政局"]),
    ("青山区卫生健康局", "青山区", "health", ["qingshan_2024_plan"], ["区卫健局", "区卫生健康局"]),
    ("石门县招才引智中心", "石门县", None, ["shimen_2023_plan"], ["县招才引智中心"]),
])
def test_unit_attributes(graphs, label, jurisdiction, unit_type, plans, alt_labels):
    attrs = graphs.graph.nodes[graphs.unit_by_label(label)]
    assert attrs["kind"] == "unit"
    assert (attrs["jurisdiction"], attrs["unit_type"], attrs["plans"], attrs["alt_labels"]) == \
        (jurisdiction, unit_type, plans, alt_labels)


@pytest.mark.parametrize("label, type_label, goal_areas, targets", [
    ("青山区财政局", "财政", ["(三)推进新治理", "一、稳增长", "二、优环境", "强产争先", "强城争优"], 3),
    ("青山区教育局", "教育", ["强城争优"], 1),
    ("石门县交通运输局", "交通运输", ["交通枢纽"], 1),
])
def test_unit_goal_areas_and_targets(graphs, label, type_label, goal_areas, targets):
    attrs = graphs.graph.nodes[graphs.unit_by_label(label)]
    assert attrs["unit_type_label"] == type_label
    assert attrs["goal_areas"] == goal_areas
    assert len(attrs["targets"]) == targets


@pytest.mark.parametrize("plan, printed, lead, responsible, collective", [
    ("qingshan_2024_plan", "1.", {"青山区发展和改革局"}, {"青山区招商和投资促进中心", "青山区财政局", "青山区城投公司"}, {"各镇街"}),
    ("qingshan_2024_plan", "2.", {"青山区发展和改革局", "青山区住房和城乡建设局"}, {"青山区财政局", "青山区城投公司"}, set()),
    ("qingshan_2024_plan", "5.", set(), {"青山区财政局", "青山区城投公司"}, set()),
    ("shimen_2023_plan", "(一)", {"石门县交通运输局"}, {"石门县发展和改革局", "石门县财政局", "石门县商务局"},
     {"各乡镇(街道)"}),
])
def test_task_roles(graphs, plan, printed, lead, responsible, collective):
    task = next(t for t in graphs.tasks(plan) if graphs.graph.nodes[t]["printed_id"] == printed)
    by_role = {"lead": set(), "responsible": set(), "collective": set()}
    for agent, data in graphs.bipartite[task].items():
        by_role[data["role"]].add(graphs.graph.nodes[agent]["label"])
    assert by_role == {"lead": lead, "responsible": responsible, "collective": collective}


@pytest.mark.parametrize("a, b, weight", [
    ("青山区发展和改革局", "青山区财政局", 4),
    ("青山区城投公司", "青山区财政局", 3),
    ("石门县发展和改革局", "石门县商务局", 3),
    ("青山区教育局", "青山区卫生健康局", 1),
])
def test_coresponsibility_weights(graphs, a, b, weight):
    P = graphs.coresponsibility
    assert P.edges[graphs.unit_by_label(a), graphs.unit_by_label(b)]["weight"] == weight


def test_projection_has_units_only_and_no_cross_jurisdiction_edges(graphs):
    P = graphs.coresponsibility
    assert {k for _, k in P.nodes(data="kind")} == {"unit"}
    assert all(P.nodes[a]["jurisdiction"] == P.nodes[b]["jurisdiction"] for a, b in P.edges)


def test_role_edges_carry_surface_and_quote(graphs):
    fgj = graphs.unit_by_label("青山区发展和改革局")
    task = graphs.tasks("qingshan_2024_plan")[0]
    edge = graphs.bipartite.edges[fgj, task]
    assert (edge["role"], edge["surface"], edge["quote"]) == ("lead", "区发改局", "区发改局")
    assert edge["end"] - edge["start"] == len("区发改局")
    assert graphs.graph.nodes[task]["quote"].startswith("1.推进产业链招商")


def test_qualified_assignments_alone_give_the_same_roles():
    ds = _dataset()
    for prop in (KG.leadUnit, KG.responsibleUnit, KG.collective):
        ds.remove((None, prop, None, None))
    assert sorted(to_networkx(ds).bipartite.edges(data="role")) == sorted(to_networkx(_dataset()).bipartite.edges(data="role"))


HEAD = """@prefix kg: <https://w3id.org/kg-policy/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix x: <https://w3id.org/kg-policy/id/> .
"""


@pytest.mark.parametrize("body, expected", [
    # a unit named as lead and as co-responsible on one task counts once, as lead
    ("""x:t a kg:Task ; kg:inPlan x:p ; kg:leadUnit x:u ; kg:responsibleUnit x:u .
        x:p a kg:Plan . x:u a kg:Unit ; skos:prefLabel "甲局"@zh .""",
     [("lead", ("lead", "responsible"))]),
    # a collective keeps its own kind and role
    ("""x:t a kg:Task ; kg:inPlan x:p ; kg:collective x:c .
        x:p a kg:Plan . x:c a kg:Collective ; skos:prefLabel "各镇街"@zh .""",
     [("collective", ("collective",))]),
    # a role pointing to something that is neither a unit nor a collective is ignored
    ("""x:t a kg:Task ; kg:inPlan x:p ; kg:leadUnit x:nothing .
        x:p a kg:Plan .""", []),
])
def test_edge_cases(body, expected):
    g = to_networkx(Graph().parse(data=HEAD + body, format="turtle"))
    assert [(d["role"], d["roles"]) for _, _, d in g.bipartite.edges(data=True)] == expected


SECTIONS = """x:s3 a kg:Section ; kg:printedId "三、" ; dcterms:title "重点任务" .
              x:s32 a kg:Section ; kg:printedId "(二)" ; dcterms:title "打造新环境" ; kg:parentSection x:s3 .
              x:s321 a kg:Section ; kg:printedId "1." ; dcterms:title "甲" ; kg:parentSection x:s32 .
              x:p a kg:Plan ."""


@pytest.mark.parametrize("section, path, area", [
    ("x:s32", ("三、重点任务", "(二)打造新环境"), "(二)打造新环境"),
    ("x:s3", ("三、重点任务",), "三、重点任务"),
    # a section that is the task's own heading is not its goal area
    ("x:s321", ("三、重点任务", "(二)打造新环境", "1.甲"), "(二)打造新环境"),
    (None, (), None),
])
def test_section_path_and_goal_area_follow_the_section_links(section, path, area):
    """The sections above a task are read from kg:inSection and kg:parentSection, not from the kg:sectionPath text."""
    link = f"kg:inSection {section} ;" if section else ""
    body = f"""x:t a kg:Task ; kg:inPlan x:p ; kg:printedId "1." ; dcterms:title "甲" ; {link}
                  kg:sectionPath "not read" .
              {SECTIONS}"""
    g = to_networkx(Graph().parse(data=HEAD + body, format="turtle"))
    task = g.graph.nodes[g.tasks()[0]]
    assert (task["sections"], task["section_path"], task["goal_area"]) == (path, " > ".join(path), area)


def test_empty_graph():
    g = to_networkx(Graph())
    assert (len(g.graph), len(g.bipartite), len(g.coresponsibility), g.plan_ids()) == (0, 0, 0, [])


@pytest.mark.parametrize("plan", ["qingshan_2024_points", "qingshan_2024_points.txt",
                                  "https://w3id.org/kg-policy/id/plan/qingshan_2024_points"])
def test_plan_is_found_by_id_file_name_or_iri(graphs, plan):
    assert len(graphs.tasks(plan)) == 2


def test_unknown_plan_is_a_user_error(graphs):
    with pytest.raises(UnknownPlanError, match="known plans: qingshan_2024_plan") as info:
        graphs.tasks("nope")
    assert info.value.exit_code == EXIT_USER


def _same_graphs(a, b):
    for name in ("graph", "bipartite", "coresponsibility"):
        x, y = getattr(a, name), getattr(b, name)
        assert list(x.nodes(data=True)) == list(y.nodes(data=True)), name
        assert list(x.edges(data=True)) == list(y.edges(data=True)), name


def test_the_embedded_store_is_read_like_rdflib_on_the_corpus(corpus_build):
    """The Oxigraph store is read straight from pyoxigraph: same graphs and tables as rdflib's own store."""
    from kg.report import workload_report

    fast, slow = to_networkx(load_graph(corpus_build)), to_networkx(load_graph(corpus_build, store="memory"))
    assert fast.task_count() > 0
    _same_graphs(fast, slow)
    assert workload_report(fast, fmt="json") == workload_report(slow, fmt="json")


def test_a_build_folder_is_read_from_its_entries_like_from_its_store(corpus_build):
    """A build's cached N-Quads entries hold what its store holds: reading them gives the same graphs, in one pass."""
    from kg.analysis.rdfread import Index, entry_files
    from kg.graph.store import BUILD_ATTR

    ds = load_graph(corpus_build)
    files = entry_files(ds)
    assert files and all(f.is_file() for f in files)
    from_files = to_networkx(ds)
    delattr(ds, BUILD_ATTR)
    assert entry_files(ds) is None
    _same_graphs(from_files, to_networkx(ds))
    from kg.analysis.convert import READ

    idx = Index(load_graph(corpus_build), predicates=READ)
    for predicate in READ:
        idx(predicate)
    assert idx.passes == 1


@pytest.mark.parametrize("spoil", ["store-state", "entry", "sources"])
def test_entries_that_do_not_match_the_store_are_not_read(corpus_build, tmp_path, spoil):
    """A store whose state differs from the build's, a rewritten entry or a state without sources: read the store."""
    import json
    import shutil

    from kg.analysis.rdfread import entry_files
    from kg.graph.build import STATE_FILE
    from kg.graph.store import STATE_FILE as STORE_STATE

    out = tmp_path / "build"
    shutil.copytree(corpus_build, out)
    state = json.loads((out / STATE_FILE).read_text(encoding="utf-8"))
    assert entry_files(load_graph(out))
    name = sorted(state["graphs"])[0]
    if spoil == "store-state":
        held = json.loads((out / STORE_STATE).read_text(encoding="utf-8"))
        held[name] = "0" * 64
        (out / STORE_STATE).write_text(json.dumps(held), encoding="utf-8")
    elif spoil == "entry":
        entry = out / state["sources"][name]
        entry.write_bytes(b"# kg-cache " + b"1" * 64 + b"\n")
    else:
        del state["sources"]
        (out / STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
    assert entry_files(load_graph(out)) is None


def test_an_entry_gone_while_reading_falls_back_to_the_store(corpus_build, tmp_path, caplog, monkeypatch):
    import shutil

    import kg.analysis.rdfread as rdfread

    out = tmp_path / "build"
    shutil.copytree(corpus_build, out)
    ds = load_graph(out)
    files = rdfread.entry_files(ds)
    files[-1].unlink()  # after the check, before the read
    monkeypatch.setattr(rdfread, "entry_files", lambda graph: files)
    with caplog.at_level("WARNING", logger="kg.analysis"):
        found = to_networkx(ds)
    assert "reading the store instead" in caplog.text
    _same_graphs(found, to_networkx(load_graph(corpus_build, store="memory")))


def _tasks_of_both(graphs, a, b, tasks):
    """The tasks of ``tasks`` that name both units, read from the typed graph's role edges."""
    G = graphs.graph
    return [t for t in tasks if {a, b} <= {u for u, _ in G.in_edges(t)}]


def test_shared_tasks_are_the_tasks_behind_each_weight(graphs):
    """Every co-responsibility edge: its tasks, found on demand, are the tasks naming both units, in task order."""
    P = graphs.coresponsibility
    assert P.number_of_edges() > 0
    for a, b, weight in P.edges(data="weight"):
        shared = graphs.shared_tasks(a, b)
        assert shared == _tasks_of_both(graphs, a, b, graphs.tasks())
        assert len(shared) == weight
        assert graphs.shared_tasks(a, b) == graphs.shared_tasks(b, a)


@pytest.mark.parametrize("plan", ["qingshan_2024_plan", "qingshan_2024_points", "shimen_2023_plan"])
def test_shared_tasks_within_one_plan(graphs, plan):
    from kg.analysis.workload import coordination_pairs

    tasks = graphs.tasks(plan)
    pairs = coordination_pairs(graphs, plan=plan, min_shared=1)
    assert pairs
    for row in pairs:
        a, b = graphs.unit_by_label(row["unit_a"]), graphs.unit_by_label(row["unit_b"])
        assert row["task_iris"] == _tasks_of_both(graphs, a, b, tasks) == graphs.shared_tasks(a, b, set(tasks))
        assert row["shared"] == len(row["task_iris"])


def test_shared_tasks_of_units_not_in_the_graph(graphs):
    assert graphs.shared_tasks("https://example.org/none", graphs.units()[0]) == []


def test_node_attributes_are_one_dict_in_every_graph(graphs):
    unit, task = graphs.units()[0], graphs.tasks()[0]
    assert graphs.bipartite.nodes[unit] is graphs.graph.nodes[unit] is graphs.coresponsibility.nodes[unit]
    assert graphs.bipartite.nodes[task] is graphs.graph.nodes[task]
    assert (graphs.bipartite.nodes[task]["bipartite"], graphs.bipartite.nodes[unit]["bipartite"]) == (0, 1)


def test_a_bipartite_edge_is_the_typed_edge_of_the_strongest_role(graphs):
    for agent, task, data in graphs.bipartite.edges(data=True):
        agent, task = (agent, task) if graphs.graph.has_edge(agent, task) else (task, agent)
        assert data is graphs.graph.edges[agent, task, data["role"]]
        assert {k for k in graphs.graph[agent][task]} == set(data["roles"])


def test_edges_with_the_same_attributes_share_one_unchangeable_dict(graphs):
    import pickle

    from kg.analysis.graphs import SharedAttrs

    G, P = graphs.graph, graphs.coresponsibility
    in_plan = [d for _, _, k, d in G.edges(keys=True, data=True) if k == "in_plan"]
    assert len(in_plan) > 1 and all(d is in_plan[0] for d in in_plan) and in_plan[0] == {"rel": "in_plan"}
    ones = [d for _, _, d in P.edges(data=True) if d["weight"] == 1]
    assert len(ones) > 1 and all(d is ones[0] for d in ones)
    with pytest.raises(TypeError, match="shared by many edges"):
        ones[0]["weight"] = 2
    copy = P.copy()
    a, b = next(iter(copy.edges))
    copy.edges[a, b]["weight"] += 1  # a copy's attributes are plain dicts
    assert copy.edges[a, b]["weight"] == P.edges[a, b]["weight"] + 1
    again = pickle.loads(pickle.dumps(graphs))
    _same_graphs(graphs, again)
    assert isinstance(next(iter(again.coresponsibility.edges(data=True)))[2], SharedAttrs)


def test_entries_read_by_worker_processes_give_the_same_graphs(corpus_build, monkeypatch):
    """to_networkx(workers=2) reads the entries in chunks in two processes: the graphs are those of one process."""
    from kg.analysis import typed

    one = to_networkx(load_graph(corpus_build))
    monkeypatch.setattr(typed, "CHUNK", 1)
    _same_graphs(to_networkx(load_graph(corpus_build), workers=2), one)


def test_a_document_graph_not_named_after_its_plan_takes_the_extra_graphs_facts(corpus_build, monkeypatch):
    """When a document graph's name does not give its plan, the ontology and follow-through graphs' facts about
    its nodes still join it: the graphs are those read from the store."""
    from kg.analysis import typed

    ds = load_graph(corpus_build)
    named = typed.named_entry_files(ds)
    monkeypatch.setattr(typed, "named_entry_files",
                        lambda graph: [(n if n in typed.EXTRA_GRAPHS else n + "-renamed", p) for n, p in named])
    from_entries = to_networkx(ds)
    monkeypatch.undo()
    _same_graphs(from_entries, to_networkx(load_graph(corpus_build, store="memory")))
