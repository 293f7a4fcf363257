"""Projects and enterprises from short plan passages in the style of several provinces."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.enterprises import assignment_spans, find_enterprises
from kg.extract.model import PlanInfo, Task, record_to_dict
from kg.extract.projects import KINDS, find_projects


def projects(text):
    return [(p.name, p.kind) for p in find_projects(Document.from_text(text))]


def enterprises(text):
    return [e.name for e in find_enterprises(Document.from_text(text))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Zhejiang: roads and rail named after the cities they join
        ("加快建设杭绍甬智慧高速公路、沪苏湖铁路,推进G60科创走廊建设。", [("杭绍甬智慧高速公路", "road"), ("沪苏湖铁路", "rail")]),
        # Fujian: enterprise parks with a phase, a company's centre
        ("推动宁德时代新能源产业园二期、福耀玻璃汽车配件中心投产。",
         [("宁德时代新能源产业园二期", "industrial_park"), ("福耀玻璃汽车配件中心", "facility")]),
        # quoted programmes, with and without a head word
        ("深入实施“千村示范、万村整治”工程,开展“百日攻坚”行动,持续实施“疤痕治理”。",
         [("千村示范、万村整治", "programme"), ("百日攻坚", "programme"), ("疤痕治理", "programme")]),
        # a short quoted name keeps its head word and the noun phrase before it
        ("实施国省干道风貌提升等“八大”行动,开展健康鄂城“323”攻坚行动。", [("八大行动", "programme"), ("健康鄂城323攻坚行动", "programme")]),
        # quoted items listed with a programme are programmes
        ("实施“经营主体高质量发展”“工业进规商业进限”等“三个计划”。",
         [("经营主体高质量发展", "programme"), ("工业进规商业进限", "programme"), ("三个计划", "programme")]),
        # an existing airport mentioned in passing is no project; its extension is
        ("主动对接白云机场,加快白云机场三期扩建工程建设。", [("白云机场三期", "airport_port")]),
        # roads by number, by their ends, and by a road-network name with its section
        ("推进G106改线工程、S349一级公路等项目建设,加快推进高新区至陈贵快速通道,加快“三横三纵”路网鄂城段建设。",
         [("G106改线工程", "road"), ("S349一级公路", "road"), ("高新区至陈贵快速通道", "road"), ("三横三纵路网鄂城段", "road")]),
        # a list closed by a project head: every item is a project, kinds from their own words
        ("服务花湖机场高速二期、大广高速新增东方山互通等项目建设", [("花湖机场高速二期", "road"), ("大广高速新增东方山互通", "road")]),
        ("谋划启动环西雷山、鄂州大学校中村、吴王城等城市更新项目",
         [("环西雷山", "urban_renewal"), ("鄂州大学校中村", "urban_renewal"), ("吴王城", "urban_renewal")]),
        # items listed with a project are projects too when they are names
        ("提档升级莲花山、凤凰山庄,攻坚盘活意邦广场、莲花中央广场等闲置资源",
         [("莲花山", "facility"), ("凤凰山庄", "facility"), ("意邦广场", "facility"), ("莲花中央广场", "facility")]),
        # a programme opened by a verb, and one joined to it
        ("实施红色堡垒工程,实施高企培育计划和科小倍增计划。",
         [("红色堡垒工程", "programme"), ("高企培育计划", "programme"), ("科小倍增计划", "programme")]),
        # events
        ("组织全国跳绳锦标赛、武汉都市圈半程马拉松,举办第三届中国国际进口博览会。",
         [("全国跳绳锦标赛", "other"), ("武汉都市圈半程马拉松", "other"), ("第三届中国国际进口博览会", "other")]),
        # works named after the place they are in
        ("抓好三山湖向阳港片区治理。", [("三山湖向阳港片区治理", "other")]),
        # a name across a parenthesis
        ("高标准建设大冶(武汉)离岸科创中心。", [("大冶(武汉)离岸科创中心", "facility")]),
        # generic phrases are no projects
        ("实施重大项目120个,推进老旧小区改造,新建一批口袋公园、文化广场,引进2-3个知名城市综合体。", []),
        ("优先保障重点企业、科技创新等建设项目用地。", []),
        # units in an assignment clause are no projects; nor is a media centre in a page header
        ("信息来源:大冶市融媒体中心\n1.建设全市大数据中心。(牵头单位:市政数局;责任单位:市政务服务中心)", []),
    ],
)
def test_find_projects(text, expected):
    assert projects(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a list closed by an enterprise head
        ("围绕鄂城钢铁、悦科大数据、欧冶链金、中新开维等链主企业,招引落地1-2家企业。", ["鄂城钢铁", "悦科大数据", "欧冶链金", "中新开维"]),
        ("扶持壮大福康油脂、襄大农牧、金磊粮油等企业。", ["福康油脂", "襄大农牧", "金磊粮油"]),
        # names the lexicon knows, and names it does not, in one list
        ("支持宁德时代、比亚迪等龙头企业扩产。", ["宁德时代", "比亚迪"]),
        # company words, state farms, industry words
        ("以劲牌公司、迪峰公司为龙头,组建城控集团,深化国营长港农场股份制改革。", ["劲牌公司", "迪峰公司", "城控集团", "国营长港农场"]),
        ("推广华新水泥“金银铜”工作法,支持华鑫实业等钢铁、建材企业技改。", ["华新水泥", "华鑫实业"]),
        # listed beside a known company
        ("支持祥云集团、华新水泥、广济药业成为百亿企业。", ["祥云集团", "华新水泥", "广济药业"]),
        # a company behind a project list
        ("加快双杰电气等45个续建项目建设。", ["双杰电气"]),
        # classes of companies and sectors are no companies
        ("紧盯“三类500强”、上市公司、行业龙头等“链主”级企业,围绕新材料、大数据、生物医药等12家领军企业。", []),
        ("大力发展冷链物流、新能源汽车,支持钢铁产业转型。", []),
        # units in an assignment clause are no actors
        ("推进融资。(牵头单位:区财政局;责任单位:区城投公司、光谷东国投集团)", []),
    ],
)
def test_find_enterprises(text, expected):
    assert enterprises(text) == expected


def test_enterprises_are_not_projects():
    names = [p.name for p in find_projects(Document.from_text("支持鄂城钢铁、顾地科技等企业追加投资,推动中新开维食品产业园智能制造中心投产"))]
    assert names == ["中新开维食品产业园智能制造中心"]


def test_project_task_places_and_kind():
    text = "1.打造泽林龙舟小镇。(牵头单位:区文旅局)\n2.推动中新开维食品产业园投产。围绕中新开维等链主企业招商。"
    doc = Document.from_text(text)
    tasks = (Task("1.", "打造", (), 0, 24, (), uid="1."), Task("2.", "推动", (), 25, len(text), (), uid="2."))
    plan = PlanInfo(doc="t", title=None, issuer="鄂城区", date=None, parents=("鄂州市", "湖北省"))
    found = find_projects(doc, tasks=tasks, plan=plan)
    assert [(p.name, p.kind, p.task, p.places) for p in found] == [
        ("泽林龙舟小镇", "other", "1.", ("泽林",)),
        ("中新开维食品产业园", "enterprise_project", "2.", ()),
    ]
    assert all(text[p.start:p.end] == p.name for p in found)
    assert record_to_dict(found[0], doc="t") == {
        "type": "project", "doc": "t", "name": "泽林龙舟小镇", "kind": "other", "start": 4, "end": 10, "task": "1.", "places": ["泽林"],
    }


def test_kinds_are_the_documented_ones(corpus_dir):
    from kg.document import read_document

    doc = read_document(corpus_dir / "004_8dd9535f0da935f7.txt")
    found = find_projects(doc)
    assert found == find_projects(doc)
    assert {p.kind for p in found} <= set(KINDS)
    assert len({p.name for p in found}) == len(found)
    names = {p.name for p in found}
    assert {"G220武穴至瑞昌过江通道", "武穴通用机场", "黄黄高铁武穴段", "马口智慧物流园", "田镇马口医药化工产业园三期"} <= names


@pytest.mark.parametrize(
    "text, clauses",
    [
        ("前文。(牵头单位:市发改局;责任单位:市财政局(国资办)、城投公司)后文", ["(牵头单位:市发改局;责任单位:市财政局(国资办)、城投公司)"]),
        ("前文。(责任单位:市发改局、各镇、各街道)", ["(责任单位:市发改局、各镇、各街道)"]),
        ("建设中心(二期)。", []),
    ],
)
def test_assignment_spans(text, clauses):
    assert [text[s:e] for s, e in assignment_spans(text)] == clauses


@pytest.mark.parametrize(
    "text, expected",
    [
        # lists closed by a category word other than 项目/工程
        ("打造桃源洞、金鸡岭等景区,推动万象汇、星河荟等商业综合体提档升级。",
         [("桃源洞", "facility"), ("金鸡岭", "facility"), ("万象汇", "facility"), ("星河荟", "facility")]),
        # programmes titling numbered items; a title opening with a verb is a task
        ("(一)青年英才行动计划。围绕产业。\n2.高层次人才开发项目。5年内引进。\n3.实施人才安居工程。\n4.135人才梯队项目。",
         [("青年英才行动计划", "programme"), ("高层次人才开发项目", "programme"), ("人才安居工程", "programme"),
          ("135人才梯队项目", "programme")]),
        # a quoted name before a longer project head
        ("8.“创在长沙”青年创业扶持项目。", [("创在长沙", "programme")]),
        # roads named by a number, reported opened; a bridge work after the project word
        ("连通两区的创新三路、滨湖大道通车,未来五路全线贯通。",
         [("创新三路", "road"), ("滨湖大道", "road"), ("未来五路", "road")]),
        # a level prefix before a facility: the issuer's own
        ("县人民医院改扩建主体工程完工,县图书馆、县社会福利中心一期工程投用。",
         [("县人民医院改扩建主体工程", "facility"), ("县图书馆", "facility"), ("县社会福利中心一期工程", "facility")]),
        # straight double quotes are quotes
        ('开展"百日攻坚"行动,推进"千企万户"工程。', [("百日攻坚", "programme"), ("千企万户", "programme")]),
        # a list closed by 等N大计划: the items and the set
        ("实施园区扩容提质、企业梯度培育、人才引育聚力等三大计划。",
         [("园区扩容提质", "programme"), ("企业梯度培育", "programme"), ("人才引育聚力", "programme"), ("三大计划", "programme")]),
        # items of a list opened by 实施, each closed by the same head
        ("实施科技企业倍增计划、工业进规和服务业进限计划、农业龙头企业培育计划。",
         [("科技企业倍增计划", "programme"), ("工业进规和服务业进限计划", "programme"), ("农业龙头企业培育计划", "programme")]),
        # items of a list closed by 等…景区 may hold brackets and quotes
        ("全面推动青龙山、白石岭“古村花乡”、黄泥口(云雾尖)等景区提档升级。",
         [("青龙山", "facility"), ("白石岭古村花乡", "facility"), ("黄泥口(云雾尖)", "facility")]),
        # a road listed with a project road, reported opened; stations to build
        ("连通两区的创新三路、锦绣大道通车,争取长沙北站建成枢纽站。",
         [("创新三路", "road"), ("锦绣大道", "road"), ("长沙北站", "rail")]),
        # named pilots in a list closed by 等一批…试点
        ("实施枫林社区、桂花坪社区等一批完整社区试点。", [("枫林社区", "other"), ("桂花坪社区", "other")]),
        # a titled programme whose first word is a noun of action (体育)
        ("22.体育后备人才项目。加大培养力度。\n36.人才特区。推进建设。", [("体育后备人才项目", "programme"), ("人才特区", "programme")]),
        # areas to build with a proper-name stem; not a rank, a count or a verb phrase
        ("加快湘江新区产城融合示范区建设,打造全省产城融合示范区,推进滨河三片区开发。",
         [("湘江新区产城融合示范区", "other")]),
    ],
)
def test_find_projects_new_families(text, expected):
    assert projects(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "坚持“一把手”工程,亲自抓。",                                  # an idiom in quotes
        "统筹抓好农村垃圾、污水、厕所“三大革命”。",                    # a summary of a list
        "办理“河道综合治理”等问题诉求100件。",                        # a complaint's topic
        "以长株潭城市副中心的标准,推进建设。",                         # a positioning phrase
        "加强港口码头建设。",                                         # a generic compound
        "建设残疾人之家。",                                           # a generic stem
        '所谓"推进新治理",就是要坚持党建引领。',                     # a verb phrase in quotes
    ],
)
def test_not_projects(text):
    assert projects(text) == []
