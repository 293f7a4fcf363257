"""Follow-through: indicator concepts, comparing a target with a later result, linking across documents.

The end-to-end case is a made-up pair of plans of one county: targets for 2025 in the
first, the 2025 results in the second (one met, one missed, one not mentioned), built
with :func:`kg.graph.build.build_graph` into ``tmp_path``.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.graph.followthrough import Figure, compare, follow_through
from kg.indicators import indicator_vocabulary
from kg.namespaces import IND, KG

VOCAB = indicator_vocabulary()


@pytest.mark.parametrize("text, notation", [
    ("地区生产总值", "gdp"),
    ("GDP", "gdp"),
    ("生产总值", "gdp"),
    ("全县地区生产总值", "gdp"),
    ("鄂城区GDP", "gdp"),
    ("规上工业增加值", "industrial-value-added"),
    ("规模以上工业增加值", "industrial-value-added"),
    ("全社会固定资产投资", "fixed-asset-investment"),
    ("社会消费品零售总额", "retail-sales"),
    ("地方一般公共预算收入", "budget-revenue"),
    ("城镇居民人均可支配收入", "urban-income"),
    ("农村居民人均可支配收入", "rural-income"),
    ("全体居民人均可支配收入", "resident-income"),
    ("外贸进出口总额", "foreign-trade"),
    ("实际使用外资", "foreign-investment"),
    ("R&D投入强度", "rd-intensity"),
    ("常住人口城镇化率", "urbanisation"),
    ("城镇调查失业率", "unemployment"),
    ("地区生产总值(GDP)", "gdp"),
    # not the indicator of the scheme: a share, a per-capita figure, a part
    ("人均地区生产总值", None),
    ("地区生产总值占全省比重", None),
    ("数字经济核心产业增加值", None),
    ("工业技改投资", "tech-renovation-investment"),
    ("新增高新技术企业", None),  # an increment is not the stock
    ("", None),
])
def test_indicator_concept(text, notation):
    assert VOCAB.notation(VOCAB.concept_of(text)) == notation


def test_the_vocabulary_is_data():
    assert len(VOCAB.concepts) >= 15
    assert VOCAB.concepts[str(IND["unemployment"])].lower_is_better
    assert not VOCAB.concepts[str(IND["gdp"])].lower_is_better
    assert VOCAB.direction("下降") == -1 and VOCAB.direction("提高") == 1


def _fig(iri="t", kind="goal", concept=str(IND["gdp"]), year=2025, value=7.0, low=None, high=None, unit="%",
         comparator=">=", change="增长", plan="plan/a", date="2025-02-10", place="青山县") -> Figure:
    return Figure(iri, kind, concept, year, value, low, high, unit, comparator, change, plan, date, place)


def _result(**kw) -> Figure:
    base = {"iri": "r", "kind": "achievement", "comparator": "=", "plan": "plan/b", "date": "2026-02-12"}
    return _fig(**{**base, **kw})


@pytest.mark.parametrize("target, result, status", [
    (_fig(), _result(value=7.5), "reached"),
    (_fig(), _result(value=7.0), "reached"),
    (_fig(), _result(value=6.5), "missed"),
    (_fig(comparator=">"), _result(value=7.0), "missed"),
    (_fig(comparator="~"), _result(value=6.8), "reached"),  # within 5% of 7
    (_fig(comparator="~"), _result(value=6.5), "missed"),
    (_fig(comparator="="), _result(value=7.2), "reached"),  # a level or growth: more is better
    (_fig(value=None, low=6.0, high=7.0, comparator="="), _result(value=6.2), "reached"),
    (_fig(value=None, low=6.0, high=7.0, comparator="="), _result(value=5.5), "missed"),
    (_fig(), _result(value=2.0, change="下降"), "missed"),  # a decline against a growth target
    (_fig(change="下降", value=3.0), _result(value=3.2, change="降低"), "reached"),  # energy use down 3.2% >= 3%
    (_fig(unit="亿元", value=500.0, change="达到"), _result(unit="万元", value=5_100_000.0, change="达到"), "reached"),
    (_fig(unit="亿元", value=500.0, change=None), _result(unit="亿元", value=480.0, change=None), "missed"),
    (_fig(concept=str(IND["unemployment"]), comparator="~", value=5.5, change=None),
     _result(concept=str(IND["unemployment"]), value=5.2, change=None), "reached"),  # lower is better
    (_fig(concept=str(IND["unemployment"]), comparator="<=", value=5.5, change=None),
     _result(concept=str(IND["unemployment"]), value=5.8, change=None), "missed"),
    (_fig(), _result(unit="亿元", value=500.0, change=None), "not-comparable"),  # a level against a growth rate
    (_fig(), _result(unit="个百分点", value=1.0), "not-comparable"),
])
def test_compare(target, result, status):
    assert compare(target, result, VOCAB) == status


@pytest.mark.parametrize("figures, expected", [
    ([_fig(), _result(value=7.5)], [("t", "r", "reached")]),
    # another place, another year, another indicator: nothing to link, nothing reported that year
    ([_fig(), _result(place="黄山县")], []),
    ([_fig(), _result(year=2024)], []),
    # the same document, or an earlier one, does not report on a target
    ([_fig(), _result(plan="plan/a")], []),
    ([_fig(), _result(date="2024-12-01")], []),
    # a later report of the same year that does not name the indicator
    ([_fig(), _result(concept=str(IND["retail-sales"]))], [("t", None, "not-reported")]),
    ([_fig(), _result(concept=None)], [("t", None, "not-reported")]),
    # two later reports: one link each
    ([_fig(), _result(value=7.5), _result(iri="r2", plan="plan/c", date="2026-05-01", value=6.0)],
     [("t", "r", "reached"), ("t", "r2", "missed")]),
    # a target without a year or indicator concept is not followed
    ([_fig(year=None), _result()], []),
    ([_fig(concept=None), _result()], []),
])
def test_follow_through_links(figures, expected):
    assert [(x.target, x.result, x.status) for x in follow_through(figures, VOCAB)] == expected


def test_follow_through_is_deterministic():
    figures = [_fig(iri=f"t{i}", value=float(i)) for i in range(5)] + [_result(value=3.0)]
    links = follow_through(figures, VOCAB)
    assert links == follow_through(list(reversed(figures)), VOCAB)
    assert [x.status for x in links] == ["reached"] * 4 + ["missed"]


# -- end to end: a plan and the next year's plan of one county --------------------------------

PLAN_2025 = """青山县2025年经济社会发展工作要点

一、主要目标
2025年，全县地区生产总值增长7%以上，一般公共预算收入增长6%。

二、重点任务
1.推动工业提质增效。规模以上工业增加值增长9%以上。（牵头单位：县经信局；责任单位：县发改局）
2.扩大有效投资。固定资产投资增长10%。（牵头单位：县发改局）
"""

PLAN_2026 = """青山县2026年经济社会发展工作要点

一、2025年工作回顾
过去一年，全县地区生产总值增长7.5%，规模以上工业增加值增长8.2%。全年一般公共预算收入增长6.3%。

二、2026年主要目标
2026年，全县地区生产总值增长7%左右。
"""

MANIFEST = """file,title,issuer,parents,date,genre,source
a.txt,青山县2025年经济社会发展工作要点,青山县,,2025-02-10,plan,test
b.txt,青山县2026年经济社会发展工作要点,青山县,,2026-02-12,plan,test
"""

EXPECTED = {  # indicator -> (status, report)
    "地区生产总值": ("reached", "b.txt"),
    "一般公共预算收入": ("reached", "b.txt"),
    "规模以上工业增加值": ("missed", "b.txt"),
    "固定资产投资": ("not-reported", None),
}


@pytest.fixture(scope="module")
def pair_build(tmp_path_factory):
    from kg.graph.build import build_graph

    root = tmp_path_factory.mktemp("follow-through")
    docs = root / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PLAN_2025, encoding="utf-8")
    (docs / "b.txt").write_text(PLAN_2026, encoding="utf-8")
    (docs / "manifest.csv").write_text(MANIFEST, encoding="utf-8")
    result = build_graph([docs], out=root / "out")
    return result


@pytest.fixture(scope="module")
def pair_graph(pair_build):
    from kg.graph.store import load_graph

    return load_graph(pair_build.out, store="memory")


def test_results_are_recorded_as_achievements_never_as_commitments(pair_graph):
    kinds = {}
    for t in pair_graph.subjects(KG.targetKind, None):
        plan = str(pair_graph.value(t, KG.inPlan)).rsplit("/", 1)[-1]
        kinds.setdefault(plan, []).append(str(pair_graph.value(t, KG.targetKind)))
    assert sorted(kinds["b"]).count("achievement") == 3 and len(kinds["b"]) == 4  # and the 2026 target
    assert "achievement" not in kinds["a"] and len(kinds["a"]) == 4


def test_later_results_report_on_the_targets(pair_graph):
    links = {}
    for result, target in pair_graph.subject_objects(KG.reportsOn):
        assert str(pair_graph.value(result, KG.targetKind)) == "achievement"
        assert "/plan/b/" in str(result) and "/plan/a/" in str(target)
        links[str(pair_graph.value(target, KG.indicator))] = pair_graph.value(result, KG.value).toPython()
    assert {k: float(v) for k, v in links.items()} == {"地区生产总值": 7.5, "一般公共预算收入": 6.3, "规模以上工业增加值": 8.2}
    statuses = {}
    for node in pair_graph.subjects(KG.followsTarget, None):
        target = pair_graph.value(node, KG.followsTarget)
        met = pair_graph.value(node, KG.met)
        statuses[str(pair_graph.value(target, KG.indicator))] = (
            pair_graph.value(node, KG.status), None if met is None else met.toPython())
    assert statuses == {
        "地区生产总值": (KG.Reached, True), "一般公共预算收入": (KG.Reached, True),
        "规模以上工业增加值": (KG.Missed, False), "固定资产投资": (KG.NotReported, None),
    }


def test_measures_points_into_the_vocabulary(pair_graph):
    concepts = {str(o) for o in pair_graph.objects(None, KG.measures)}
    assert concepts == {str(IND[n]) for n in ("gdp", "budget-revenue", "industrial-value-added", "fixed-asset-investment")}
    assert (URIRef(IND["gdp"]), None, None) in pair_graph  # the scheme is in the build's ontology graph


def test_the_build_conforms(pair_build):
    from kg.graph.validate import validate_graph

    assert pair_build.validation.conforms, pair_build.validation.text()
    report = validate_graph(pair_build.out)  # the union, follow-through graph included
    assert report.conforms, report.text()


def test_query_lists_follow_through_per_department(pair_build):
    from kg.sparql import query

    rows = list(query("target-follow-through", graph=pair_build.out))
    got = {(r["department"], r["role"], r["indicator"], r["status"], r["report"]) for r in rows}
    assert got == {
        ("", "", "地区生产总值", "reached", "b.txt"),
        ("", "", "一般公共预算收入", "reached", "b.txt"),
        ("青山县经济和信息化局", "lead", "规模以上工业增加值", "missed", "b.txt"),
        ("青山县发展和改革局", "responsible", "规模以上工业增加值", "missed", "b.txt"),
        ("青山县发展和改革局", "lead", "固定资产投资", "not-reported", None),
    }
    for r in rows:
        assert (r["status"], r["report"]) == EXPECTED[r["indicator"]]
        assert r["plan"] == "a.txt" and r["target_year"] == "2025"
    missed = list(query("target-follow-through", graph=pair_build.out, params={"show": "missed"}))
    assert {(r["department"], r["target_value"], r["result_value"], r["status_label"]) for r in missed} == {
        ("青山县经济和信息化局", "9", "8.2", "未完成"), ("青山县发展和改革局", "9", "8.2", "未完成")}


def test_report_section(pair_graph):
    from kg.report import workload_report

    md = workload_report(pair_graph, fmt="md")
    section = md.split("## 目标完成情况（按部门）")[1].split("\n## ")[0]
    assert "已完成 2 项，未完成 1 项" in section and "另有 1 项目标" in section
    assert "### 青山县经济和信息化局" in section
    assert "| 牵头 | 规模以上工业增加值 | a.txt | 2025 | 增长≥9% | 增长8.2% | b.txt | 未完成 |" in section
    assert "| 牵头 | 固定资产投资 | a.txt | 2025 | 增长10% |  |  | 未报告 |" in section
    html = workload_report(pair_graph, fmt="html")
    assert 'href="#follow-through"' in html and '<tr class="status-missed">' in html and ">None<" not in html


def test_report_says_when_nothing_was_found(tmp_path):
    from kg.graph.build import build_graph
    from kg.graph.store import load_graph
    from kg.report import workload_report

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(PLAN_2025, encoding="utf-8")
    (docs / "manifest.csv").write_text(MANIFEST.splitlines()[0] + "\n" + MANIFEST.splitlines()[1] + "\n", encoding="utf-8")
    build_graph([docs], out=tmp_path / "out", validate=False)
    md = workload_report(load_graph(tmp_path / "out", store="memory"), fmt="md")
    section = md.split("## 目标完成情况（按部门）")[1].split("\n## ")[0]
    assert "尚无法判断这些目标是否完成" in section and "已完成情况 0 项" in section


def test_the_same_documents_give_the_same_files(pair_build, tmp_path):
    from kg.graph.build import build_graph

    docs = pair_build.out.parent / "docs"
    build_graph([docs], out=tmp_path / "again", validate=False, store=False)
    for name in ("graph.nq", "graph.ttl"):
        assert (tmp_path / "again" / name).read_bytes() == (pair_build.out / name).read_bytes(), name
    assert b"graph/follow-through>" in (tmp_path / "again" / "graph.nq").read_bytes()


def test_follow_through_graph_from_an_rdf_graph(pair_graph):
    from kg.graph.followthrough import follow_through_graph

    derived = follow_through_graph(pair_graph)
    assert set(derived.subject_objects(KG.reportsOn)) == set(pair_graph.subject_objects(KG.reportsOn))



# -- results under a heading of an earlier year -----------------------------------------------

REPORT_2026 = """青山县2026年政府工作报告

一、2025年工作回顾
过去一年，全县地区生产总值增长7.5%，规模以上工业增加值增长8.2%。
全年一般公共预算收入增长6.3%。

二、2026年主要目标
地区生产总值增长7%左右。
"""


PLAN_WITH_YEAR_HEADING = """青山县2025年工作要点

一、2025年主要目标
全县地区生产总值增长7%以上。
"""


@pytest.mark.parametrize("text, title, date, expected", [
    # a 2026 report: the section headed 2025年 states results of 2025, the next one sets targets
    (REPORT_2026, "青山县2026年政府工作报告", "2026-01-12",
     [("地区生产总值", 2025, "achievement"), ("规模以上工业增加值", 2025, "achievement"),
      ("一般公共预算收入", 2025, "achievement"), ("地区生产总值", 2026, "task")]),
    # a section headed with the plan's own year sets targets
    (PLAN_WITH_YEAR_HEADING, "青山县2025年工作要点", "2025-01-12", [("地区生产总值", 2025, "task")]),
], ids=["review-of-2025-in-2026", "own-year-heading"])
def test_results_under_a_heading_of_an_earlier_year(text, title, date, expected):
    from kg.extract import extract_text
    from kg.extract.model import PlanInfo

    ex = extract_text(text, "r.txt", PlanInfo("r.txt", title, "青山县", date))
    assert [(t.indicator, t.year, t.kind) for t in ex.targets] == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_the_networkx_graphs_read_from_the_entries_equal_those_read_from_the_store(pair_build, monkeypatch, workers):
    """The follow-through graph's facts about a document's targets join that document's nodes when the build's
    entries are read one document at a time (here with every document a chunk of its own)."""
    from kg.analysis import typed
    from kg.analysis.convert import to_networkx
    from kg.analysis.rdfread import named_entry_files
    from kg.graph.store import load_graph

    assert typed.EXTRA_GRAPHS[1] in dict(named_entry_files(load_graph(pair_build.out)))
    monkeypatch.setattr(typed, "CHUNK", 1)
    a, b = to_networkx(load_graph(pair_build.out), workers=workers), to_networkx(load_graph(pair_build.out, store="memory"))
    for name in ("graph", "bipartite", "coresponsibility"):
        x, y = getattr(a, name), getattr(b, name)
        assert list(x.nodes(data=True)) == list(y.nodes(data=True)) and list(x.edges(data=True)) == list(y.edges(data=True))
