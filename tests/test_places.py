"""Places: the division table, short forms, suffix families, natural features, counting."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.document import Document
from kg.extract.divisions import divisions, jurisdiction, short_form, table_surfaces
from kg.extract.enterprises import find_enterprises
from kg.extract.model import Enterprise, PlanInfo
from kg.extract.places import LEVELS, find_place_mentions, find_places

ROOT = Path(__file__).resolve().parent.parent


def plan(issuer, *parents):
    return PlanInfo(doc="t", title=None, issuer=issuer, date=None, parents=parents)


EZHOU = plan("鄂城区", "鄂州市", "湖北省")
KUNSHAN = plan("昆山市", "苏州市", "江苏省")


def places(text, p=None):
    return [(x.name, x.level) for x in find_places(Document.from_text(text), p)]


@pytest.mark.parametrize(
    "text, p, expected",
    [
        # Jiangsu: towns in a list, zones named after the city
        ("推进千灯镇、周庄镇、锦溪镇特色小镇建设,支持昆山开发区、昆山高新区提档升级。", KUNSHAN,
         [("千灯镇", "town"), ("周庄镇", "town"), ("锦溪镇", "town"), ("昆山开发区", "zone"), ("昆山高新区", "zone")]),
        # Guangdong: prefecture short forms in the plan's province, a town whose stem is a common word
        ("主动对接深圳、东莞,推动园洲镇、石湾镇融入广深科技创新走廊。", plan("博罗县", "惠州市", "广东省"),
         [("深圳市", "prefecture"), ("东莞市", "prefecture"), ("园洲镇", "town"), ("石湾镇", "town")]),
        # Anhui: villages
        ("推动小岗村、大溪村创建全国乡村振兴示范村。", plan("凤阳县", "滁州市", "安徽省"),
         [("小岗村", "village"), ("大溪村", "village")]),
        # Sichuan: autonomous prefectures written short (阿坝州), a municipality
        ("推进阿坝州、甘孜州对口协作,深化与成都、重庆的合作。", plan("雁江区", "资阳市", "四川省"),
         [("阿坝藏族羌族自治州", "prefecture"), ("甘孜藏族自治州", "prefecture"), ("成都市", "prefecture"), ("重庆市", "province")]),
        # Hubei: a street in an address, after its district
        ("地址:鄂州市鄂城区凤凰街道办明塘路70号", EZHOU, [("鄂州市", "prefecture"), ("鄂城区", "county"), ("凤凰街道", "street")]),
        # benchmarks far away: a county-level city and a district of the province, by their short forms; a country
        ("近学武昌、远学昆山、海外学新加坡", EZHOU, [("武昌区", "county"), ("昆山市", "county"), ("新加坡", "other")]),
        # natural features: a lake known to the lexicon, a local lake, hills in a list, a creek after a river
        ("实施太湖、洪泽湖综合治理", KUNSHAN, [("太湖", "other"), ("洪泽湖", "other")]),
        ("提档升级小雷山、龙凤山景区,抓好长港河、泉塘港治理", EZHOU,
         [("小雷山", "other"), ("龙凤山", "other"), ("长港河", "other"), ("泉塘港", "other")]),
        # the town named by a characteristic town; a theme is no town (佛手 is a fruit)
        ("打造泽林龙舟小镇、碧石八戒小镇,推进佛手山药小镇建设", EZHOU, [("泽林", "town"), ("碧石", "town")]),
        # areas listed for renewal; a facility in the list is no area
        ("推进火车站、菜园头、熊八升等片区改造", EZHOU, [("菜园头", "other"), ("熊八升", "other")]),
        # regions: a metropolitan area, a new district, a string of city abbreviations
        ("融入武汉都市圈,对接武汉新城,建设武鄂黄黄协同发展示范区", EZHOU,
         [("武汉都市圈", "other"), ("武汉新城", "zone"), ("武鄂黄黄", "other")]),
        # a county town's own districts are parts of it (zones of the issuer), not Beijing's 东城区/西城区
        ("构建老城区、东城区、西城区和滨湖新区协调发展新格局", plan("武穴市", "黄冈市", "湖北省"),
         [("东城区", "zone"), ("西城区", "zone"), ("滨湖新区", "zone")]),
        # generic nouns and set phrases name no place
        ("推进城乡融合发展,建设美丽乡村和特色小镇,打造重点镇、中心村,绿水青山就是金山银山", EZHOU, []),
        # words that contain a place name: a fish, a villa, a street, a verb phrase, a province inside a phrase
        ("做优“武昌鱼”品牌,提档升级凤凰山庄,沿中山路布局商业,打通城乡瓶颈路", EZHOU, []),
    ],
)
def test_find_places(text, p, expected):
    assert places(text, p) == expected


def test_place_name_across_word_boundaries_of_unknown_names():
    assert places("唱响匡山西游品牌", plan("武穴市", "黄冈市", "湖北省")) == []


HUNAN = plan("宁乡市", "长沙市", "湖南省")


@pytest.mark.parametrize(
    "text, expected",
    [
        # regions: a known place or a major river with a region word; a pair joined by a hyphen
        ("深入实施长江经济带发展战略,融入珠江经济带。", [("长江经济带", "other"), ("珠江经济带", "other")]),
        ("加大黄河滩区居民迁建力度。", [("黄河滩区", "other")]),
        ("打造宜居宜业长沙-株洲都市区。", [("长沙-株洲都市区", "other")]),
        ("推动中部地区高质量发展,对接东北地区。", [("中部地区", "other"), ("东北地区", "other")]),
        ("打造湘南开放高地,带动湘北发展。", [("湘南", "other"), ("湘北", "other")]),
        # zones and sub-city areas; a bare 中心城区 is the issuer's
        ("加快对接望城核心区,推进长沙中心城区扩容,融入湖南自贸试验区。",
         [("望城核心区", "zone"), ("长沙中心城区", "zone"), ("湖南自贸试验区", "zone")]),
        # a stray character before a place word is not part of the name
        ("做实滨河科技新区。", [("滨河科技新区", "zone")]),
        ("高标准规划建设中心城区。", [("中心城区", "zone")]),
        # areas, old streets, sites, communities named by their stem
        ("推动桃花岭片区开发,修缮白沙老街,保护炭河里遗址。",
         [("桃花岭片区", "other"), ("白沙老街", "other"), ("炭河里遗址", "other")]),
        ("实施枫林社区、桂花坪社区等一批完整社区建设,推广智慧社区。", [("枫林社区", "village"), ("桂花坪社区", "village")]),
        # bare names before 等N个村
        ("支持梅岗、杨坳、彭冲等3个村发展集体经济。", [("梅岗", "other"), ("杨坳", "other"), ("彭冲", "other")]),
        # the issuer's own areas with names shared by many cities, listed
        ("构建老城区、东城区、西城区协同发展格局。", [("东城区", "zone"), ("西城区", "zone")]),
        # areas known by a name of their own, and regions named after them
        ("融入光谷科创大走廊,对接中关村。", [("光谷科创大走廊", "other"), ("中关村", "zone")]),
        # regions of the country; not a company named after one
        ("辐射华南、服务全国,支持华中数控发展,加强北部山区建设。", [("华南", "other"), ("北部山区", "other")]),
        # runs of city abbreviations before a transport word
        ("加快长株城际铁路建设。", [("长株", "other")]),
        # a town named by one character, listed or naming a zone; a zone named after it
        ("推动经开区、柳镇“两型”示范区建设,建设柳镇工业新区。", [("柳镇", "town"), ("柳镇工业新区", "zone")]),
        # village names longer than three characters
        ("推动上官九龙村、白石村建设。", [("上官九龙村", "village"), ("白石村", "village")]),
    ],
)
def test_regions_zones_and_areas(text, expected):
    assert places(text, HUNAN) == expected


@pytest.mark.parametrize(
    "text",
    [
        "组织民营企业实施“百企兴百村”行动。",                      # a name cut from a numbered slogan
        "持续推进“五湖同治”等重点工程。",                         # numerals with a feature word: a slogan
        "推动万象城、铜锣湾等商业综合体提档升级,盘活东港等传统商圈。",  # brand and shopping-district lists
        "坚持省负总责、市县乡抓落实。",                             # 县乡 is a common word
        "选聘大学生村官,培育国际人才港。",                          # 村官; 人才 is no place stem
        "推动绿色社区、村改社区建设。",                             # kinds of communities
    ],
)
def test_not_places(text):
    assert places(text, HUNAN) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # 鄂城 in a company name is not a mention; 鄂城区 and 鄂城 are one place
        ("鄂城区推动鄂城高质量发展,支持鄂城钢铁技改", {"鄂城区": 2}),
        # the longer name wins: 汀祖镇 once, then its short form
        ("汀祖镇建设汀祖康养小镇", {"汀祖镇": 2}),
        # greedy longest match: 花湖机场 and 花湖开发区 are places of their own
        ("抢抓花湖机场机遇,推进花湖开发区建设,打造花湖临空小镇", {"花湖机场": 1, "花湖开发区": 1, "花湖": 1}),
    ],
)
def test_mention_counts(text, expected):
    doc = Document.from_text(text)
    found = {p.name: p.mentions for p in find_places(doc, EZHOU, find_enterprises(doc))}
    assert found == expected


def test_mentions_and_first_offsets_index_the_text():
    text = "（一）鄂城区对接大武汉，学习昆山经验。"
    doc = Document.from_text(text)
    mentions = find_place_mentions(doc, EZHOU, ())
    assert [(name, text[s:e]) for name, s, e in mentions] == [("鄂城区", "鄂城区"), ("武汉市", "武汉"), ("昆山市", "昆山")]
    first = {p.name: text[p.start:p.end] for p in find_places(doc, EZHOU, ())}
    assert first == {"鄂城区": "鄂城区", "武汉市": "武汉", "昆山市": "昆山"}


def test_company_names_given_explicitly_are_not_mentions():
    doc = Document.from_text("鄂城钢铁在鄂城")
    assert [p.mentions for p in find_places(doc, EZHOU, (Enterprise("鄂城钢铁", 0, 4),))] == [1]
    assert [p.mentions for p in find_places(doc, EZHOU, ())] == [2]


@pytest.mark.parametrize(
    "name, short",
    [("鄂城区", "鄂城"), ("大冶市", "大冶"), ("湖北省", "湖北"), ("恩施土家族苗族自治州", "恩施"), ("内蒙古自治区", "内蒙古"),
     ("宁夏回族自治区", "宁夏"), ("香港特别行政区", "香港"), ("神农架林区", "神农架"), ("矿区", None), ("县", None)],
)
def test_short_form(name, short):
    assert short_form(name) == short


@pytest.mark.parametrize(
    "issuer, parents, issuer_code, prefecture, province",
    [
        ("鄂城区", ("鄂州市", "湖北省"), "420704", "420700", "420000"),
        ("武穴", ("黄冈市", "湖北省"), "421182", "421100", "420000"),
        ("朝阳区", ("北京市",), "110105", None, "110000"),  # a municipality's district: no prefecture row
        ("仙桃市", ("湖北省",), "429004", None, "420000"),  # a county-level city under the province
        (None, ("湖北省",), None, None, "420000"),
    ],
)
def test_jurisdiction(issuer, parents, issuer_code, prefecture, province):
    j = jurisdiction(plan(issuer, *parents))
    assert (j.issuer.code if j.issuer else None, j.prefecture, j.province) == (issuer_code, prefecture, province)


@pytest.mark.parametrize(
    "surface, expected",
    [("鄂城", "鄂城区"), ("梁子湖", "梁子湖区"), ("黄冈", "黄冈市"), ("苏州", "苏州市"), ("昆山", "昆山市"), ("浙江", "浙江省"),
     ("朝阳区", None), ("滨江", None), ("新建", None), ("长治", None)],
)
def test_table_surfaces_for_a_plan_in_ezhou(surface, expected):
    entry = table_surfaces(jurisdiction(EZHOU)).get(surface)
    assert (entry.name if entry else None) == expected


def test_division_table_is_complete_and_consistent():
    table = divisions()
    assert len([d for d in table.values() if d.level == "province"]) == 34
    assert len(table) > 3000
    for d in table.values():
        assert len(d.code) == 6 and d.code.isdigit() and d.level in LEVELS[:3]
        assert (d.parent is None) == (d.level == "province")
        assert d.parent is None or d.parent in table
    assert (ROOT / "scripts" / "make_divisions.py").is_file()
    with open(ROOT / "kg" / "data" / "divisions.tsv", encoding="utf-8") as fh:
        rows = list(csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"))
    codes = [r[0] for r in rows[1:]]
    assert codes == sorted(codes)


def test_places_are_sorted_and_deterministic(corpus_dir):
    from kg.document import read_document

    doc = read_document(corpus_dir / "003_806b7ce717d61b69.txt")
    p = plan("大冶市", "黄石市", "湖北省")
    first, second = find_places(doc, p), find_places(doc, p)
    assert first == second
    assert [x.start for x in first] == sorted(x.start for x in first)
    assert all(x.level in LEVELS and x.mentions >= 1 for x in first)
    names = {x.name for x in first}
    assert {"大冶市", "黄石市", "陈贵镇", "灵乡镇", "金山店镇", "茗山乡", "大冶湖高新区", "黄石临空经济区", "东风路街道"} <= names


@pytest.mark.parametrize(
    "text, p, expected",
    [
        ("学习昆山经验,对接苏州。", None, [("昆山市", "昆山"), ("苏州市", "苏州")]),
        ("推进千灯镇建设,千灯要先行。", KUNSHAN, [("千灯镇", "千灯镇")]),
        ("对接ＡＢ路以东的深圳市。", None, [("深圳市", "深圳市")]),
    ],
)
def test_place_records_keep_the_surface_as_written(text, p, expected):
    doc = Document.from_text(text)
    found = find_places(doc, p)
    assert [(x.name, x.surface) for x in found] == expected
    assert all(doc.text[x.start:x.end] == x.surface for x in found)


@pytest.mark.parametrize(
    "text, p, expected",
    [
        # a national body's office named after its place: the place, never 国网鄂州 read by its ending 州
        ("加强电网建设。（牵头单位：国网鄂州供电公司）", EZHOU, [("鄂州市", "prefecture")]),
        ("国网鄂州供电公司负责电网改造。", None, [("鄂州市", "prefecture")]),
        ("依托国网山东省电力公司推进电网建设。", None, [("山东省", "province")]),
    ],
)
def test_a_body_before_a_place_gives_the_place(text, p, expected):
    from kg.extract import extract_text

    found = places(text, p)
    assert sorted(found) == sorted(expected)
    jurisdictions = {u.jurisdiction for t in extract_text("电网建设方案\n1." + text, plan=p).tasks for u in t.units}
    assert not any(j and j.startswith("国网") for j in jurisdictions)
