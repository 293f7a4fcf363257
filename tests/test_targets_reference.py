"""Targets of plan 000 against the hand-checked reference, and checks on plans 003 and 004.

Reference: ``corpus/annotations/extra/000_437e3f8e08c71f6e.json`` key ``targets``.

Matching (:func:`kg.evaluation_extra.match_targets`). An extracted target and a reference target match when

* their values are equal (a range equals a range with the same ends),
* the reference line (1-based, ``line``) lies within the lines the extracted quote spans, and
* their indicators overlap: they share at least one pair of adjacent characters
  (Chinese characters, letters or digits; brackets and quotes ignored).

Pairs are taken one-to-one, best indicator overlap (Dice coefficient of the character
pairs) first.

Figures (printed with ``-s``):

* recall = matched core reference targets / core reference targets;
* precision = extracted targets matched to a core reference target / (extracted targets
  − those matched to a non-core reference target). An extracted target that matches no
  reference target at all, core or not, counts against precision; one that matches a
  non-core reference target (a ranking aspiration, say) counts neither way;
* comparator and year agreement over all matched targets (core or not);
* no reference achievement may come out as ``goal`` or ``task``.
"""

from __future__ import annotations

import json

import pytest

from kg.document import read_document
from kg.evaluation_extra import match_targets
from kg.extract.goals import find_goals
from kg.extract.structure import find_headings
from kg.extract.targets import find_targets
from kg.extract.tasks import find_tasks
from kg.manifest import manifest_entry

DOC = "000_437e3f8e08c71f6e"


def _extract(path):
    doc = read_document(path)
    headings = find_headings(doc)
    tasks = find_tasks(doc, headings)
    return doc, find_targets(doc, headings, tasks, find_goals(doc, headings), manifest_entry(path))


@pytest.fixture(scope="module")
def run(corpus_dir, annotations_dir):
    reference = json.loads((annotations_dir / "extra" / f"{DOC}.json").read_text(encoding="utf-8"))["targets"]
    doc, extracted = _extract(corpus_dir / f"{DOC}.txt")
    return doc, extracted, reference, match_targets(doc.text, extracted, reference)


def test_reference_figures(run):
    doc, extracted, reference, matched = run
    core = {j for j, r in enumerate(reference) if r["core"]}
    matched_core = {j for j in matched.values() if j in core}
    neutral = sum(1 for j in matched.values() if j not in core)
    recall = len(matched_core) / len(core)
    precision = len(matched_core) / (len(extracted) - neutral)
    pairs = [(extracted[i], reference[j]) for i, j in matched.items()]
    comparator = sum(e.comparator == r["comparator"] for e, r in pairs) / len(pairs)
    year = sum(e.year == r["year"] for e, r in pairs) / len(pairs)
    print(f"\n{DOC} targets: extracted {len(extracted)}, reference {len(reference)} ({len(core)} core), "
          f"matched {len(pairs)}")
    print(f"core recall {recall:.3f}  precision {precision:.3f}  comparator {comparator:.3f}  year {year:.3f}")
    for e in extracted:
        if extracted.index(e) not in matched:
            print(f"  unmatched extracted: {e.indicator} {e.value} {e.unit} | {e.quote}")
    for j, r in enumerate(reference):
        if j not in matched.values():
            print(f"  missed reference {r['id']} (core={r['core']}): {r['quote']}")
    assert recall >= 0.95
    assert precision >= 0.95
    assert comparator >= 0.95
    assert year >= 0.95


def test_no_achievement_reported_as_commitment(run):
    doc, extracted, reference, matched = run
    for i, j in matched.items():
        if reference[j]["kind"] == "achievement":
            assert extracted[i].kind == "achievement", reference[j]["id"]
        else:
            assert extracted[i].kind != "achievement", reference[j]["id"]


def test_kinds_and_links(run):
    doc, extracted, reference, matched = run
    for i, j in matched.items():
        e, r = extracted[i], reference[j]
        if r["kind"] == "task":
            assert e.kind == "task" and e.task is not None and e.goal is None, r["id"]
        if r["kind"] == "goal" and r["section"].startswith("二、主要目标"):
            assert e.kind == "goal" and e.goal is not None and e.goal.startswith("G2"), r["id"]


@pytest.mark.parametrize(
    "ref_id",
    [pytest.param("000-T09", marks=pytest.mark.xfail(
        reason="打造“十大特色街区”: the count is inside a quoted programme name, and quoted numbers are read "
               "as names (“三新三强”, “133”), so this one is not extracted", strict=True))],
)
def test_known_misses(run, ref_id):
    doc, extracted, reference, matched = run
    j = next(k for k, r in enumerate(reference) if r["id"] == ref_id)
    assert j in matched.values()


# --- generalisation: plans 003 and 004 (no reference file; rows read off their goals sections) ---

GENERAL = [
    # (document, indicator fragment, value, unit, comparator, year, frequency, kind)
    ("003_806b7ce717d61b69", "经济总量", 1200.0, "亿元", ">", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "人均地区生产总值", 14.0, "万元", ">", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "高新技术企业数量", 400.0, "家", "=", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "工业总产值", 2000.0, "亿元", ">", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "城镇化率", 68.0, "%", "=", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "人均可支配收入比", 1.8, None, "<=", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "粮食综合生产能力", 25.0, "万吨", ">=", 2026, None, "goal"),
    ("003_806b7ce717d61b69", "县域经济五十强", 50.0, "名", "<=", None, None, "goal"),
    ("003_806b7ce717d61b69", "加工型龙头企业", (3.0, 5.0), "家", "=", None, "annual", "task"),
    ("004_8dd9535f0da935f7", "地区生产总值", 400.0, "亿元", ">", 2023, None, "goal"),
    ("004_8dd9535f0da935f7", "工业增加值占地区生产总值比重", 40.0, "%", ">=", 2023, None, "goal"),
    ("004_8dd9535f0da935f7", "固定资产投资", 600.0, "亿元", "=", 2023, None, "goal"),
    ("004_8dd9535f0da935f7", "技改项目", 20.0, "个", ">=", None, "annual", "task"),
    ("004_8dd9535f0da935f7", "5G基站", 700.0, "个", ">=", 2023, None, "task"),
    ("004_8dd9535f0da935f7", "旅游收入", 2.0, "倍", "=", 2023, None, "task"),
    ("004_8dd9535f0da935f7", "粮食综合生产能力", 6.7, "亿斤", ">=", 2023, None, "task"),
]


@pytest.fixture(scope="module")
def general(corpus_dir):
    return {name: _extract(corpus_dir / f"{name}.txt")[1] for name in {g[0] for g in GENERAL}}


@pytest.mark.parametrize(("name", "fragment", "value", "unit", "comparator", "year", "frequency", "kind"), GENERAL)
def test_generalisation(general, name, fragment, value, unit, comparator, year, frequency, kind):
    rows = [(t.value, t.unit, t.comparator, t.year, t.frequency, t.kind)
            for t in general[name] if fragment in t.indicator and t.value == value]
    assert (value, unit, comparator, year, frequency, kind) in rows


@pytest.mark.parametrize("name", ["003_806b7ce717d61b69", "004_8dd9535f0da935f7"])
def test_plans_hold_no_achievements_or_names(general, name):
    targets = general[name]
    assert [t.quote for t in targets if t.kind == "achievement"] == []
    # slogan and document numbers: “51020”产业集群, “52115”机制, 〔2021〕26号, (2021-2023年)
    values = {t.value for t in targets}
    assert not values & {51020.0, 52115.0, 2021.0, 2023.0}
