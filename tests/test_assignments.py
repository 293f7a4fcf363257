"""Every assignment form real plans use, one short snippet each."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.assignments import find_assignments
from kg.extract.structure import find_headings
from kg.extract.tasks import find_tasks


def roles(text):
    doc = Document.from_text(text)
    return [[(u.surface, u.role) for u in a.units] for a in find_assignments(doc)]


def flat(text):
    return [pair for group in roles(text) for pair in group]


L, R, C = "lead", "responsible", "collective"


@pytest.mark.parametrize(
    "text, expected",
    [
        # labelled, every bracket family, full- and half-width punctuation
        ("推进改革。（牵头单位：区发改局；责任单位：区财政局、区住建局）", [("区发改局", L), ("区财政局", R), ("区住建局", R)]),
        ("推进改革。(牵头单位:区发改局;责任单位:区财政局,区住建局)", [("区发改局", L), ("区财政局", R), ("区住建局", R)]),
        ("推进改革。〔牵头单位：市交通运输局；责任单位：市发改局，各乡镇（街道）〕", [("市交通运输局", L), ("市发改局", R), ("各乡镇（街道）", C)]),
        ("推进改革。【牵头单位：县发改局】", [("县发改局", L)]),
        ("推进改革。[牵头部门:县委组织部;责任部门:县委宣传部]", [("县委组织部", L), ("县委宣传部", R)]),
        # labels with nothing between them
        ("推进改革。（牵头单位：区发改局责任单位：区财政局）", [("区发改局", L), ("区财政局", R)]),
        # co-operating and participating labels
        ("推进改革。（牵头单位：省发展改革委；配合单位：省财政厅、省自然资源厅）", [("省发展改革委", L), ("省财政厅", R), ("省自然资源厅", R)]),
        ("推进改革。（主责单位：区委政法委；参与单位：区公安分局）", [("区委政法委", L), ("区公安分局", R)]),
        # other text first in the bracket: a deadline, a score
        ("完成改造。（2024年6月底前完成；牵头单位：区住建局）", [("区住建局", L)]),
        ("完成改造。（10分，牵头单位：区住建局，责任单位：区城管局）", [("区住建局", L), ("区城管局", R)]),
        # nested brackets stay inside names; surfaces are kept as written
        ("推进改革。（牵头单位：市财政局（国资办）；责任单位：各乡镇（场）、街道）", [("市财政局（国资办）", L), ("各乡镇（场）、街道", C)]),
        # collectives kept whole, 等 dropped, duplicates kept once
        ("推进改革。（责任单位：市发改局、市文旅局、市文旅局等部门，各镇、各街道）", [("市发改局", R), ("市文旅局", R), ("各镇", C), ("各街道", C)]),
        # 等 with a count, or with a class of units of any form after it
        ("推进改革。（责任单位：区发改局、区财政局等3个部门）", [("区发改局", R), ("区财政局", R)]),
        ("推进改革。（区发改局牵头，区财政局等5部门配合）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（责任单位：区发改局、区财政局等相关部门和单位）", [("区发改局", R), ("区财政局", R), ("相关部门和单位", C)]),
        ("推进改革。（责任单位：区发改局、各高等学校）", [("区发改局", R), ("各高等学校", C)]),
        ("推进改革。（责任单位：区直各部门，各镇街、花湖开发区）", [("区直各部门", C), ("各镇街", C), ("花湖开发区", R)]),
        # the lead department of a mechanism is named as a unit (as 县数字经济工作专班牵头单位 is after a label)
        ("推进改革。（省发展改革委、省“十强产业”协调推进机制牵头部门负责）", [("省发展改革委", R), ("省“十强产业”协调推进机制牵头部门", R)]),
        ("推进改革。（配合单位：市财政局、各专项牵头单位）", [("市财政局", R), ("各专项牵头单位", C)]),
        ("推进改革。（责任单位：市住建局、相关乡镇（街道））", [("市住建局", R), ("相关乡镇（街道）", C)]),
        # a level word, then a quantifier: still a class of units
        ("推进改革。（责任单位：市财政局、市相关行业主管部门）", [("市财政局", R), ("市相关行业主管部门", C)]),
        ("推进改革。（县商务局牵头，县有关企业配合）", [("县商务局", L), ("县有关企业", C)]),
        ("推进改革。（责任单位：黄冈市生态环境局武穴分局，沿江镇、街道）", [("黄冈市生态环境局武穴分局", R), ("沿江镇、街道", C)]),
        ("推进改革。（责任单位：市工业和信息化局，各区、市政府）", [("市工业和信息化局", R), ("各区、市政府", C)]),
        ("推进改革。（省财政厅牵头，各市、县人民政府负责）", [("省财政厅", L), ("各市、县人民政府", C)]),
        ("推进改革。（责任单位：各市、县（市、区）人民政府）", [("各市、县（市、区）人民政府", C)]),
        ("推进改革。（责任单位：市发改委，各县市区党委和政府）", [("市发改委", R), ("各县市区党委和政府", C)]),
        ("推进改革。（市发改委牵头，各县市区及开发区管委会配合）", [("市发改委", L), ("各县市区及开发区管委会", C)]),
        # a unit both lead and responsible keeps both roles
        ("推进改革。（牵头单位：区发改局、区审批局；责任单位：区审批局、区财政局）", [("区发改局", L), ("区审批局", L), ("区审批局", R), ("区财政局", R)]),
        # names with quotes keep their inner punctuation
        ("推进改革。（责任单位：田镇“两型”社会建设循环经济试验区、城发集团）", [("田镇“两型”社会建设循环经济试验区", R), ("城发集团", R)]),
        # unlabelled, role by suffix
        ("推进改革。（市发改委牵头，市财政局、市自然资源局配合）", [("市发改委", L), ("市财政局", R), ("市自然资源局", R)]),
        ("推进改革。（区住建局牵头负责）", [("区住建局", L)]),
        ("推进改革。（区住建局负责）", [("区住建局", R)]),
        ("推进改革。（县发改局、县财政局按职责分工负责）", [("县发改局", R), ("县财政局", R)]),
        ("推进改革。（县发改局、县财政局按照职责分工负责）", [("县发改局", R), ("县财政局", R)]),
        ("推进改革。（由各镇街负责）", [("各镇街", C)]),
        ("推进改革。（省大数据局牵头，各有关部门分头落实）", [("省大数据局", L), ("各有关部门", C)]),
        ("推进改革。（市商务局牵头，市财政局、市税务局分头负责）", [("市商务局", L), ("市财政局", R), ("市税务局", R)]),
        # labelled lines outside brackets
        ("1.推进改革。\n牵头单位：市发改委\n责任单位：市财政局、各县市区", [("市发改委", L), ("市财政局", R), ("各县市区", C)]),
        # space-separated names copied from a PDF
        ("推进改革。（责任单位：市发改局 市财政局 市住建局）", [("市发改局", R), ("市财政局", R), ("市住建局", R)]),
    ],
)
def test_assignment_forms(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bracket of bare unit names closing a sentence: everyone shares the task
        ("推进改革。（市发改委、市财政局）", [("市发改委", R), ("市财政局", R)]),
        # ... unless the document states that the first listed leads
        ("列第一位的为牵头单位。\n1.推进改革。（市发改委、市财政局）", [("市发改委", L), ("市财政局", R)]),
        ("各项任务中排在第一位的为牵头单位。\n1.推进改革。（责任单位：市发改委、市财政局）", [("市发改委", L), ("市财政局", R)]),
        # ... also for a list whose suffix names no lead, where the rule is stated in its bracket
        ("1.推进改革。（省教育厅、省财政厅负责，列第一位者为牵头部门，下同）\n2.推进开放。（省商务厅、省财政厅负责）",
         [("省教育厅", L), ("省财政厅", R), ("省商务厅", L), ("省财政厅", R)]),
        # a suffix that names the lead wins over the rule
        ("列第一位的为牵头单位。\n1.推进改革。（市财政局、市发改委牵头，市商务局配合）", [("市财政局", L), ("市发改委", L), ("市商务局", R)]),
    ],
)
def test_unlabelled_lists_and_first_listed_rule(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a cover letter's distribution list
        "各镇人民政府，市直有关部门，各街道办事处：\n现将方案印发给你们。",
        # a leading group's member list
        "成立领导小组，组长：张三，成员单位：市发改委、市财政局、市住建局。",
        # a unit mentioned inside the task text
        "领导小组办公室设在市发改局，由市发改局（市数据局）负责日常工作。",
        # brackets that are not assignments
        "建成武阳高速（大冶段），推进花湖机场高速二期。",
        "根据《实施意见》（鄂发〔2023〕5号），制定本方案。",
        # web-page footer
        "主办单位：鄂城区人民政府    承办：鄂城区人民政府办公室    网站地图",
        "各牵头单位和责任单位要围绕本方案提出的目标要求谋划项目。",
    ],
)
def test_names_without_an_assignment_create_nothing(text):
    doc = Document.from_text(text)
    assert find_assignments(doc) == ()
    assert find_tasks(doc, find_headings(doc)) == ()


def test_offsets_point_at_the_names():
    text = "1.推进改革。（牵头单位：区发改局；责任单位：各乡镇（场）、街道）"
    doc = Document.from_text(text)
    for unit in find_assignments(doc)[0].units:
        assert text[unit.start:unit.end].replace("（", "(").replace("）", ")") == unit.surface.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize(
    "text, expected",
    [
        # the role written after a name
        ("推进改革。（责任单位：市发改委（牵头）、市财政局、市住建局）", [("市发改委", L), ("市财政局", R), ("市住建局", R)]),
        # labels in their own brackets, outside any list bracket
        ("1.推进改革。\n【牵头单位】市发改委【责任单位】市财政局、各县市区", [("市发改委", L), ("市财政局", R), ("各县市区", C)]),
        # bracketed labels inside a list bracket are read once, with the bracket
        ("推进改革。（2024年底前；【牵头单位】市发改委【责任单位】市财政局）", [("市发改委", L), ("市财政局", R)]),
        # labelled text on one line with the next task: the list stops at the next heading
        ("1.推进改革。牵头单位：市发改委；责任单位：市财政局 2.推进开放。牵头单位：市商务局", [("市发改委", L), ("市财政局", R), ("市商务局", L)]),
    ],
)
def test_more_layouts(text, expected):
    from kg.extract.structure import find_headings as headings

    doc = Document.from_text(text)
    found = [(u.surface, u.role) for a in find_assignments(doc, headings(doc)) for u in a.units]
    assert found == expected


@pytest.mark.parametrize("text", ["推进各乡镇建设（含开发区）。", "服务业增加值（不含金融业）。", "完善市场体系（以下简称“市场局”）。"])
def test_asides_in_brackets_are_not_assignments(text):
    assert find_assignments(Document.from_text(text)) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        # the opening word of 由X负责 / 请X落实 is not part of the name ...
        ("推进改革。（由区住建局负责）", [("区住建局", R)]),
        ("推进改革。（请区财政局、区民政局落实）", [("区财政局", R), ("区民政局", R)]),
        # ... but a name may begin with a joiner's character
        ("推进改革。（责任单位：和平区教育局、和林格尔县财政局）", [("和平区教育局", R), ("和林格尔县财政局", R)]),
        ("推进改革。（和平区教育局牵头，及时雨公司配合）", [("和平区教育局", L), ("及时雨公司", R)]),
        # a name holding 和 does not keep the list from being split at the 及 after it
        ("推进改革。（责任单位：市工业和信息化局及专班成员单位，各区县政府）",
         [("市工业和信息化局", R), ("专班成员单位", C), ("各区县政府", C)]),
        ("推进改革。（市文化和旅游局会同市工业和信息化局负责）", [("市文化和旅游局", R), ("市工业和信息化局", R)]),
    ],
)
def test_the_frame_around_a_list_is_not_part_of_a_name(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 由X负责 / X牵头 after a label: the frame is not part of the name, the label gives the role
        ("推进改革。（牵头单位：由区发改局负责）", [("区发改局", L)]),
        ("推进改革。（牵头单位：由区发改局牵头）", [("区发改局", L)]),
        ("推进改革。（牵头单位：区发改局负责；责任单位：区财政局）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（牵头单位：由区财政局、区民政局负责）", [("区财政局", L), ("区民政局", L)]),
        ("推进改革。（责任单位：各区、县级市负责）", [("各区、县级市", C)]),
        # a suffix that names a role gives it to its clause
        ("推进改革。（责任单位：市发改委、市财政局牵头，市民政局配合）", [("市发改委", L), ("市财政局", L), ("市民政局", R)]),
        ("推进改革。（牵头单位：市发改委，市财政局配合）", [("市发改委", L), ("市财政局", R)]),
        # a copula for the colon, or a copula and a label after the names
        ("推进改革。（牵头单位为市发改委，配合单位为市财政局、市商务局）", [("市发改委", L), ("市财政局", R), ("市商务局", R)]),
        ("推进改革。（市发改委为牵头单位，市财政局、市商务局为配合单位）", [("市发改委", L), ("市财政局", R), ("市商务局", R)]),
        ("推进改革。（市发改委为牵头部门，各区县为责任单位）", [("市发改委", L), ("各区县", C)]),
        ("推进改革。（以市发改委为牵头单位，市财政局为配合单位）", [("市发改委", L), ("市财政局", R)]),
        # 以下… is an aside or a remark, not a frame
        ("推进改革。（市商务局牵头，市财政局负责落实。以下各项任务均需各区县落实，不再一一列出）", [("市商务局", L), ("市财政局", R)]),
        # a deadline after the suffixed clause still ends the list
        ("推进改革。（牵头单位：区发改局负责，2024年底前完成）", [("区发改局", L)]),
        # what is not a unit before the suffix is left alone (and ends the list)
        ("推进改革。（责任单位：区财政局，加快落实）", [("区财政局", R)]),
    ],
)
def test_a_role_suffix_after_a_label_is_not_part_of_a_name(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 请X、Y落实: a request assigns every unit of its list
        ("推进改革。（请区财政局、区民政局落实）", [("区财政局", R), ("区民政局", R)]),
        ("推进改革。（请区财政局、区民政局负责落实）", [("区财政局", R), ("区民政局", R)]),
        ("推进改革。（责任单位：请区财政局、区民政局落实）", [("区财政局", R), ("区民政局", R)]),
        # a role word before a generic verb (配合落实, 牵头落实) gives the role; no unit is dropped
        ("推进改革。（请区财政局牵头，区民政局协助落实）", [("区财政局", L), ("区民政局", R)]),
        ("推进改革。（区财政局牵头落实，区民政局配合）", [("区财政局", L), ("区民政局", R)]),
        ("推进改革。（责任单位：区财政局牵头落实，区民政局配合落实）", [("区财政局", L), ("区民政局", R)]),
    ],
)
def test_a_request_assigns_every_unit_it_names(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # place names sharing the ending of the last name of their list keep their surface and
        # resolve as the name the list implies
        ("推进改革。（牵头单位：省大数据局，参加单位：济南、青岛、烟台市政府）",
         [("省大数据局", "山东省大数据局"), ("济南", "济南市人民政府"), ("青岛", "青岛市人民政府"), ("烟台市政府", "烟台市人民政府")]),
        ("推进改革。（责任单位：省财政厅，黄石、大冶市财政局）",
         [("省财政厅", "山东省财政厅"), ("黄石", "黄石市财政局"), ("大冶市财政局", "大冶市财政局")]),
        # a unit name before the shared ending is its own name
        ("推进改革。（责任单位：省财政厅、烟台市政府）", [("省财政厅", "山东省财政厅"), ("烟台市政府", "烟台市人民政府")]),
    ],
)
def test_a_shared_ending_gives_the_implied_name(text, expected):
    from kg.extract.model import PlanInfo
    from kg.extract.units import resolve_mention

    plan = PlanInfo("a", None, "山东省", None)
    found = [resolve_mention(u, plan) for a in find_assignments(Document.from_text(text)) for u in a.units]
    assert [(u.surface, u.canonical) for u in found] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # an adverb or a second verb between a collective and its role suffix is not part of
        # the collective's name (各… reads as a collective whatever follows it)
        ("推进改革。（区发改局牵头，各镇街具体负责）", [("区发改局", L), ("各镇街", C)]),
        ("推进改革。（区发改局牵头，各有关部门密切配合）", [("区发改局", L), ("各有关部门", C)]),
        ("推进改革。（区发改局牵头，各有关部门按职能分工负责）", [("区发改局", L), ("各有关部门", C)]),
        ("推进改革。（区发改局牵头，各县区政府负责组织实施）", [("区发改局", L), ("各县区政府", C)]),
        ("推进改革。（区发改局牵头，区财政局、区民政局具体负责）", [("区发改局", L), ("区财政局", R), ("区民政局", R)]),
        ("推进改革。（牵头单位：区发改局；责任单位：各镇街具体负责）", [("区发改局", L), ("各镇街", C)]),
        ("推进改革。（区发改局牵头，各镇街组织落实）", [("区发改局", L), ("各镇街", C)]),
        ("推进改革。（区发改局牵头，各有关部门共同推进）", [("区发改局", L), ("各有关部门", C)]),
        ("推进改革。（区发改局牵头抓总，区财政局配合）", [("区发改局", L), ("区财政局", R)]),
        # a deadline or a score before the suffixed list
        ("推进改革。（2024年底前完成，区发改局牵头，区财政局配合）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（持续推进，区发改局牵头）", [("区发改局", L)]),
        ("推进改革。（5分，区发改局负责）", [("区发改局", R)]),
        ("推进改革。（2024年底前完成）", []),
        # 推进 alone is no role: a remark on a place
        ("推进改革。（高新区推进）", []),
        # suffixed clauses joined by 、
        ("推进改革。（区发改局牵头、区财政局配合）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（区发改局、区商务局牵头、区财政局配合）", [("区发改局", L), ("区商务局", L), ("区财政局", R)]),
        ("推进改革。（责任单位：区发改局牵头、区财政局配合）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（区发改局总牵头，区财政局配合）", [("区发改局", L), ("区财政局", R)]),
        # 推进 after words that are not names is a deadline, not a role
        ("推进改革。（牵头单位：区发改局，持续推进）", [("区发改局", L)]),
        ("推进改革。（区发改局负责，区财政局做好配合）", [("区发改局", R), ("区财政局", R)]),
        ("推进改革。（区发改局负责，区财政局予以配合）", [("区发改局", R), ("区财政局", R)]),
        ("推进改革。（区发改局牵头实施，各镇街配合实施）", [("区发改局", L), ("各镇街", C)]),
        ("推进改革。（区发改局牵头组织，各镇街配合）", [("区发改局", L), ("各镇街", C)]),
        ("推进改革。（区发改局督促落实，各镇街配合）", [("区发改局", R), ("各镇街", C)]),
        ("推进改革。（区发改局牵头协调）", [("区发改局", L)]),
        # 牵头, 负责, 配合, 做好 inside what is not a unit name: a verb phrase, no unit
        ("推进改革。（区发改局牵头研究制定）", []),
        ("推进改革。（区发改局做好宣传）", []),
        ("推进改革。（区发改局负责组织，各镇街配合）", [("区发改局", R), ("各镇街", C)]),
        ("推进改革。（牵头单位：区发改局，负责统筹协调）", [("区发改局", L)]),
        ("推进改革。（牵头单位：区发改局，做好统筹）", [("区发改局", L)]),
        # a name that ends like a verb phrase's object stays whole
        ("推进改革。（区民政局牵头，各社会组织参与）", [("区民政局", L), ("各社会组织", C)]),
    ],
)
def test_the_words_between_a_name_and_its_role_are_cut(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a table's unit column is a label: its cells are read as labelled lists
        ("序号\t重点任务\t责任单位\t完成时限\n1\t推进改革\t由县发改局负责\t2025年6月底前", [("县发改局", R)]),
        ("序号\t重点任务\t责任单位\t完成时限\n1\t推进开放\t县商务局牵头，县外办配合\t持续推进", [("县商务局", L), ("县外办", R)]),
        ("序号\t重点任务\t牵头单位\t责任单位\t完成时限\n1\t推进改革\t县发改局负责\t县财政局、县民政局落实\t2025年6月底前",
         [("县发改局", L), ("县财政局", R), ("县民政局", R)]),
    ],
)
def test_a_table_cell_is_read_as_a_labelled_list(text, expected):
    from kg.extract.tables import find_table_tasks

    rows = find_table_tasks(Document.from_text(text))
    assert [(u.surface, u.role) for t in rows for u in t.units] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a label in brackets right after a name marks that name's role
        ("推进改革。（责任单位：市发改委（牵头单位）、市财政局）", [("市发改委", L), ("市财政局", R)]),
        ("推进改革。（责任单位：市财政局、市发改委（牵头部门））", [("市财政局", R), ("市发改委", L)]),
        ("推进改革。（市发改委（牵头单位）、市财政局）", [("市发改委", L), ("市财政局", R)]),
        # any bracket family
        ("推进改革。（责任单位：市发改委[牵头]、市财政局）", [("市发改委", L), ("市财政局", R)]),
        # a label in brackets before names is a label
        ("1.推进改革。\n【牵头单位】市发改委【责任单位】市财政局", [("市发改委", L), ("市财政局", R)]),
    ],
)
def test_a_role_in_brackets_after_a_name(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a label with a prefix or a bracketed aside is the label
        ("推进改革。（牵头部门（单位）：区发改局；配合部门（单位）：区财政局）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（责任单位（部门）：区发改局、区财政局）", [("区发改局", R), ("区财政局", R)]),
        ("推进改革。（牵头单位：区发改局；主要责任单位：区财政局；其他责任单位：区民政局）", [("区发改局", L), ("区财政局", R), ("区民政局", R)]),
        # a label the cues do not know ends the list before it
        ("推进改革。（责任单位：区发改局、区财政局；督导单位：区督查室）", [("区发改局", R), ("区财政局", R)]),
        ("推进改革。（牵头单位：区发改局，完成时限：2024年底）", [("区发改局", L)]),
        # the same on labelled lines
        ("1.推进改革。\n牵头单位（部门）：区发改局\n责任单位：区财政局", [("区发改局", L), ("区财政局", R)]),
        ("1.推进改革。\n主要责任单位：区发改局\n其他责任单位：区财政局", [("区发改局", R), ("区财政局", R)]),
    ],
)
def test_label_variants(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # 由X牵头 / X牵头 in a task's sentence, in a document without brackets
        ("1.建立机制。由县发改局牵头，县财政局、县统计局配合落实，建立考核机制。", [("县发改局", L), ("县财政局", R), ("县统计局", R)]),
        ("1.建立机制。县发改局牵头、县财政局配合，建立考核机制。", [("县发改局", L), ("县财政局", R)]),
        ("1.建立机制。由县发改局牵头负责，各乡镇具体实施。", [("县发改局", L), ("各乡镇", C)]),
    ],
)
def test_prose_assignments(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a note on how the lead and the co-units share the work names no unit
        ("推进改革。（以牵头单位为主，配合单位为辅）", []),
        ("推进改革。（牵头单位为主，配合单位为辅）", []),
        ("推进改革。（牵头单位负总责，配合单位积极配合）", []),
        ("推进改革。（牵头单位：区发改局；责任单位：各镇街）（以牵头单位为主，配合单位为辅）", [("区发改局", L), ("各镇街", C)]),
        # inside the assigning bracket, after the lists or after suffixed clauses
        ("推进改革。（牵头单位：区发改局；配合单位：区财政局。以牵头单位为主，配合单位为辅）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（牵头单位：区发改局；配合单位：区财政局，以牵头单位为主，配合单位为辅）", [("区发改局", L), ("区财政局", R)]),
        ("推进改革。（区发改局牵头，区财政局配合；牵头单位为主，配合单位为辅）", [("区发改局", L), ("区财政局", R)]),
        # a label followed by a name that starts like a share word is still a label
        ("推进改革。（牵头单位为主管部门）", [("主管部门", L)]),
        ("推进改革。（责任单位为区财政局）", [("区财政局", R)]),
    ],
)
def test_a_note_on_how_roles_share_the_work_names_no_unit(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t推进改革\t区发改局\t区财政局（以牵头单位为主，配合单位为辅）\t2024年底",
         [("区发改局", L), ("区财政局", R)]),
        ("序号\t重点任务\t责任单位\t完成时限\n1\t推进改革\t区发改局、区财政局（以牵头单位为主，配合单位为辅）\t2024年底",
         [("区发改局", R), ("区财政局", R)]),
        ("序号\t重点任务\t牵头单位\t配合单位\n1\t推进改革\t区发改局\t以牵头单位为主，配合单位为辅", [("区发改局", L)]),
    ],
)
def test_a_share_note_in_a_table_cell_names_no_unit(text, expected):
    from kg.extract.tables import find_table_tasks

    rows = find_table_tasks(Document.from_text(text))
    assert [(u.surface, u.role) for t in rows for u in t.units] == expected
