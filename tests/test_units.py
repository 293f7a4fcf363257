"""Unit names -> canonical name, jurisdiction and department type, rule family by rule family."""

from __future__ import annotations

import csv
import json

import pytest

from kg.extract.model import PlanInfo
from kg.extract.units import (
    ResolvedUnit,
    jurisdiction_of_level,
    jurisdiction_of_place,
    resolve_branch,
    resolve_collective,
    resolve_unit,
)

# Plans issued at every level, with their parents.
ECHENG = PlanInfo("d", None, "鄂城区", None, parents=("鄂州市", "湖北省"))        # district
DAYE = PlanInfo("c", None, "大冶市", None, parents=("黄石市", "湖北省"))          # county-level city
WUXUE = PlanInfo("w", None, "武穴市", None, parents=("黄冈市", "湖北省"))
HUANGMEI = PlanInfo("h", None, "黄梅县", None, parents=("黄冈市", "湖北省"))       # county
ENSHI = PlanInfo("e", None, "恩施市", None, parents=("恩施土家族苗族自治州", "湖北省"))
TOWN = PlanInfo("t", None, "汀祖镇", None, parents=("鄂城区", "鄂州市", "湖北省"))  # town
NOBODY = PlanInfo("n", None, None, None)


@pytest.mark.parametrize(
    "plan, surface, canonical, jurisdiction, unit_type",
    [
        # level prefix against the issuer and its parents
        (ECHENG, "区卫健局", "鄂城区卫生健康局", "鄂城区", "health"),
        (ECHENG, "市卫健委", "鄂州市卫生健康委员会", "鄂州市", "health"),
        (ECHENG, "省发改委", "湖北省发展和改革委员会", "湖北省", "development-reform"),
        (DAYE, "市发改局", "大冶市发展和改革局", "大冶市", "development-reform"),
        (HUANGMEI, "县自然资源局", "黄梅县自然资源局", "黄梅县", "natural-resources-planning"),
        (HUANGMEI, "市住建局", "黄冈市住房和城乡建设局", "黄冈市", "housing-construction"),
        (ENSHI, "州民宗委", "恩施土家族苗族自治州民族宗教事务委员会", "恩施土家族苗族自治州", "ethnic-religious"),
        (TOWN, "镇财政所", "汀祖镇财政所", "汀祖镇", "finance"),
        (TOWN, "区财政局", "鄂城区财政局", "鄂城区", "finance"),
        # the prefix inside the name, and party committees / government offices
        (ECHENG, "团区委", "鄂城区团委", "鄂城区", "communist-youth-league"),
        (DAYE, "团市委", "大冶市团委", "大冶市", "communist-youth-league"),
        (ECHENG, "区委组织部", "鄂城区委组织部", "鄂城区", "organization"),
        (ECHENG, "市委宣传部", "鄂州市委宣传部", "鄂州市", "publicity"),
        (ECHENG, "区委办", "鄂城区委办公室", "鄂城区", "party-office"),
        (ECHENG, "市政府办公室", "鄂州市政府办公室", "鄂州市", "government-office"),
        (DAYE, "市委政法委", "大冶市委政法委", "大冶市", "political-legal"),
        # an explicit place name wins
        (ECHENG, "鄂州市财政局", "鄂州市财政局", "鄂州市", "finance"),
        (ECHENG, "鄂城区委组织部", "鄂城区委组织部", "鄂城区", "organization"),
        (ECHENG, "武汉市发改委", "武汉市发展和改革委员会", "武汉市", "development-reform"),
        (ECHENG, "鄂州市鄂城区财政局", "鄂城区财政局", "鄂城区", "finance"),
        (DAYE, "大冶市某某服务中心", "大冶市某某服务中心", "大冶市", None),
        (ECHENG, "鄂州市", "鄂州市", "鄂州市", None),
        # the branch of a higher bureau belongs to the place named before 分局
        (DAYE, "黄石市生态环境局大冶市分局", "大冶市生态环境分局", "大冶市", "ecology-environment"),
        (WUXUE, "黄冈市生态环境局武穴分局", "武穴市生态环境分局", "武穴市", "ecology-environment"),
        (HUANGMEI, "市生态环境局黄梅分局", "黄梅县生态环境分局", "黄梅县", "ecology-environment"),
        (ECHENG, "区生态环境分局", "鄂城区生态环境分局", "鄂城区", "ecology-environment"),
        (ECHENG, "市公安局开发区分局", "鄂州市公安局开发区分局", "鄂州市", "public-security"),
        # no prefix: the issuer's
        (ECHENG, "花湖开发区", "鄂城区花湖开发区", "鄂城区", "development-zone"),
        (DAYE, "光谷东国投集团", "大冶市光谷东国投集团", "大冶市", "state-owned-platform"),
        (WUXUE, "城发集团", "武穴市城发集团", "武穴市", "state-owned-platform"),
        (DAYE, "东风路街道", "大冶市东风路街道", "大冶市", "township-street"),
        (DAYE, "铜绿山古铜矿遗址管委会", "大冶市铜绿山古铜矿遗址管委会", "大冶市", "scenic-area"),
        (ECHENG, "市场监督管理局", "鄂城区市场监督管理局", "鄂城区", "market-regulation"),
        # names the vocabulary does not know keep their written body
        (ECHENG, "区招才引智中心", "鄂城区招才引智中心", "鄂城区", "talent"),
        (ECHENG, "区某某协调小组", "鄂城区某某协调小组", "鄂城区", None),
        # brackets kept (full-width), width and spaces normalised
        (DAYE, "市财政局(国资办)", "大冶市财政局（国资办）", "大冶市", "finance"),
        (DAYE, "市财政局（国资办）", "大冶市财政局（国资办）", "大冶市", "finance"),
        (DAYE, "市 财政局 〔国资办〕", "大冶市财政局（国资办）", "大冶市", "finance"),
        # no issuer known: a stand-in jurisdiction of the plan, by level
        (NOBODY, "市卫健局", "市卫生健康局", "未知市（n）", "health"),
        (NOBODY, "城发集团", "城发集团", "未知（n）", "state-owned-platform"),
        (NOBODY, "黄石市卫健局", "黄石市卫生健康局", "黄石市", "health"),
        (NOBODY, "黄石市财政局", "黄石市财政局", "黄石市", "finance"),
        (DAYE, "区财政局", "区财政局", None, "finance"),
        (DAYE, "县发改局", "县发展和改革局", None, "development-reform"),
    ],
)
def test_resolve_unit(plan, surface, canonical, jurisdiction, unit_type):
    r = resolve_unit(surface, plan)
    assert (r.canonical, r.jurisdiction, r.unit_type) == (canonical, jurisdiction, unit_type)
    assert r.unit_types[:1] == ((unit_type,) if unit_type else ())


@pytest.mark.parametrize(
    "plan, spellings",
    [
        (ECHENG, ("区卫健局", "区卫生健康局", "区 卫健局")),
        (DAYE, ("市发改局", "市发展和改革局", "市发展改革局")),
        (DAYE, ("市市场监管局", "市市场监督管理局", "大冶市市场监管局")),
        (WUXUE, ("市自规局", "市资规局", "市自然资源和规划局")),
        (WUXUE, ("市交通局", "市交通运输局")),
        (DAYE, ("黄石市生态环境局大冶市分局", "市生态环境分局")),
    ],
)
def test_spellings_of_one_unit_share_a_canonical_name(plan, spellings):
    assert len({resolve_unit(s, plan).canonical for s in spellings}) == 1


@pytest.mark.parametrize(
    "surface, types",
    [
        ("市发展改革和经济信息化局", ("development-reform", "economy-information")),
        ("市科经局", ("science-technology", "economy-information")),
        ("市财政局(国资办)", ("finance", "state-assets")),
        ("市水务集团", ("state-owned-platform", "water-resources")),
    ],
)
def test_all_types_primary_first(surface, types):
    r = resolve_unit(surface, DAYE)
    assert r.unit_types == types and r.unit_type == types[0]


@pytest.mark.parametrize(
    "plan, surface, expected",
    [
        (ECHENG, "各镇街", ResolvedUnit("鄂城区各镇街", "鄂城区", "township-street", ("township-street",))),
        (WUXUE, "各乡镇(场)", ResolvedUnit("武穴市各乡镇（场）", "武穴市", "township-street", ("township-street",))),
        (DAYE, "相关乡镇（街道）", ResolvedUnit("大冶市相关乡镇（街道）", "大冶市", "township-street", ("township-street",))),
        (WUXUE, "各镇", ResolvedUnit("武穴市各镇", "武穴市", "township-street", ("township-street",))),
        (WUXUE, "各街道", ResolvedUnit("武穴市各街道", "武穴市", "township-street", ("township-street",))),
        (ECHENG, "区直各部门", ResolvedUnit("鄂城区直各部门", "鄂城区", None, ())),
        (ECHENG, "市直各单位", ResolvedUnit("鄂州市直各单位", "鄂州市", None, ())),
        (NOBODY, "各镇街", ResolvedUnit("各镇街", "未知（n）", "township-street", ("township-street",))),
    ],
)
def test_resolve_collective(plan, surface, expected):
    assert resolve_collective(surface, plan) == expected


@pytest.mark.parametrize(
    "level, chain, expected",
    [
        ("区", ("鄂城区", "鄂州市", "湖北省"), "鄂城区"),
        ("市", ("鄂城区", "鄂州市", "湖北省"), "鄂州市"),
        ("省", ("鄂城区", "鄂州市", "湖北省"), "湖北省"),
        ("市", ("大冶市", "黄石市", "湖北省"), "大冶市"),
        ("县", ("大冶市", "黄石市", "湖北省"), None),
        ("区", ("南宁市", "广西壮族自治区"), None),
        ("州", ("恩施市", "恩施土家族苗族自治州"), "恩施土家族苗族自治州"),
    ],
)
def test_jurisdiction_of_level(level, chain, expected):
    assert jurisdiction_of_level(level, chain) == expected


@pytest.mark.parametrize(
    "written, chain, expected",
    [("武穴", ("武穴市", "黄冈市"), "武穴市"), ("黄冈", ("武穴市", "黄冈市"), "黄冈市"),
     ("大冶市", ("大冶市",), "大冶市"), ("黄梅", ("武穴市", "黄冈市"), "黄梅")],
)
def test_jurisdiction_of_place(written, chain, expected):
    assert jurisdiction_of_place(written, chain) == expected


@pytest.mark.parametrize("name", ["区公安分局", "市自然资源和规划分局", "生态环境局分局"])
def test_not_a_branch_of_a_higher_bureau(name):
    assert resolve_branch(name, ("鄂城区", "鄂州市")) is None


def test_empty_name_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        resolve_unit("  ", ECHENG)


def test_results_are_cached_per_surface_and_plan_place():
    other = PlanInfo("other-doc", "another title", "鄂城区", "2024", parents=("鄂州市", "湖北省"))
    assert resolve_unit("区发改局", ECHENG) is resolve_unit("区发改局", other)


# -- the hand-checked annotations ------------------------------------------------------

def _annotated_units(annotations_dir, corpus_dir):
    with open(corpus_dir / "manifest.csv", encoding="utf-8") as f:
        manifest = {row["file"]: row for row in csv.DictReader(f)}
    for path in sorted(annotations_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        row = manifest[data["source"]]
        plan = PlanInfo(row["file"], row["title"], row["issuer"], row["date"], parents=tuple(row["parents"].split(";")))
        for task in data["tasks"]:
            for key in ("lead_units", "responsible_units"):
                for surface in task.get(key, ()):
                    yield plan, surface


def test_every_annotated_unit_resolves_to_a_jurisdiction(annotations_dir, corpus_dir):
    units = list(_annotated_units(annotations_dir, corpus_dir))
    assert len(units) > 100
    unresolved = sorted({s for plan, s in units if resolve_unit(s, plan).jurisdiction is None})
    assert unresolved == []
    typed = sum(1 for plan, s in units if resolve_unit(s, plan).unit_type)
    assert typed / len(units) > 0.9


# -- one place-name model: units and places shorten names the same way -------------------

LICHUAN = PlanInfo("l", None, "利川市", None, parents=("恩施土家族苗族自治州", "湖北省"))
SHENNONGJIA = PlanInfo("s", None, "神农架林区", None, parents=("湖北省",))


@pytest.mark.parametrize("name, short", [
    ("神农架林区", "神农架"), ("恩施土家族苗族自治州", "恩施"), ("武穴市", "武穴"), ("沙市", "沙市"), ("湖北省", "湖北"),
])
def test_units_and_places_share_the_short_form(name, short):
    from kg.extract.divisions import short_form, short_place_name

    assert short_place_name(name) == short == (short_form(name) or name)
    assert jurisdiction_of_place(short, (name,)) == name


@pytest.mark.parametrize("plan, surface, canonical, jurisdiction", [
    (LICHUAN, "恩施发改委", "恩施土家族苗族自治州发展和改革委员会", "恩施土家族苗族自治州"),
    (LICHUAN, "市发改局", "利川市发展和改革局", "利川市"),
    (SHENNONGJIA, "神农架财政局", "神农架林区财政局", "神农架林区"),
    (WUXUE, "武穴街道", "武穴市武穴街道", "武穴市"),      # a street named after the city stays a street
    (WUXUE, "武穴分局", "武穴市武穴分局", "武穴市"),
])
def test_a_short_form_before_a_department_is_that_place(plan, surface, canonical, jurisdiction):
    r = resolve_unit(surface, plan)
    assert (r.canonical, r.jurisdiction) == (canonical, jurisdiction)


@pytest.mark.parametrize("plan, surface, canonical, jurisdiction", [
    # offices of national bodies name their place after their first characters: that place's, as written
    (DAYE, "人民银行黄石市中心支行", "人民银行黄石市中心支行", "黄石市"),
    (DAYE, "国网黄石供电公司", "国网黄石供电公司", "黄石市"),
    (ECHENG, "武警湖北省总队", "武警湖北省总队", "湖北省"),
    (HUANGMEI, "金融监管总局黄冈监管分局", "金融监管总局黄冈监管分局", "黄冈市"),
    (NOBODY, "民航湖北监管局", "民航湖北监管局", "湖北省"),
    # a place word inside a department label, or a name that starts with a place or a level, is not read so
    (ECHENG, "乡村振兴局", "鄂城区乡村振兴局", "鄂城区"),
    (DAYE, "市人民银行", "大冶市人民银行", "大冶市"),
    (ECHENG, "城发集团", "鄂城区城发集团", "鄂城区"),
])
def test_a_place_inside_a_name_locates_the_unit(plan, surface, canonical, jurisdiction):
    r = resolve_unit(surface, plan)
    assert (r.canonical, r.jurisdiction) == (canonical, jurisdiction)


@pytest.mark.parametrize("plan, surface, canonical, jurisdiction", [
    # 国网鄂州 is no place read by its ending 州: State Grid's office in 鄂州, as written
    (ECHENG, "国网鄂州供电公司", "国网鄂州供电公司", "鄂州市"),
    (DAYE, "国网鄂州供电公司", "国网鄂州供电公司", "鄂州市"),
    (NOBODY, "国网鄂州供电公司", "国网鄂州供电公司", "鄂州市"),
    (ECHENG, "国网鄂州供电分公司", "国网鄂州供电分公司", "鄂州市"),
    (HUANGMEI, "国网黄冈供电分公司", "国网黄冈供电分公司", "黄冈市"),
    (DAYE, "国网大冶市供电公司", "国网大冶市供电公司", "大冶市"),
    (ECHENG, "国网湖北省电力公司", "国网湖北省电力公司", "湖北省"),
    (NOBODY, "国网山东省电力公司", "国网山东省电力公司", "山东省"),
    # a short place name before the place that ends the prefix: that place's unit
    (PlanInfo("s", None, "和平区", None, parents=("沈阳市", "辽宁省")), "沈阳和平区生态环境分局", "和平区生态环境分局", "和平区"),
    # a written place of the plan or of the table is still the prefix
    (ECHENG, "鄂州市财政局", "鄂州市财政局", "鄂州市"),
    (TOWN, "汀祖镇财政所", "汀祖镇财政所", "汀祖镇"),
])
def test_a_body_before_a_place_is_not_read_as_a_place(plan, surface, canonical, jurisdiction):
    r = resolve_unit(surface, plan)
    assert (r.canonical, r.jurisdiction) == (canonical, jurisdiction)


def test_a_vertically_managed_office_is_one_unit_in_every_plan_that_names_it():
    names = {resolve_unit("人民银行黄石市中心支行", plan) for plan in (DAYE, ECHENG, WUXUE, NOBODY)}
    assert len(names) == 1
