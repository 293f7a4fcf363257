"""Assignment layouts of real plans, one family per test, each with short made-up snippets
(other places, other unit names than the plans they were seen in)."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.assignments import find_assignments
from kg.extract.structure import find_headings

L, R, C = "lead", "responsible", "collective"


def flat(text: str) -> list[tuple[str, str]]:
    doc = Document.from_text(text)
    return [(u.surface, u.role) for a in find_assignments(doc, find_headings(doc)) for u in a.units]


# 1. label grammar: qualifiers between the role word and 单位, labels after a deadline or a
#    score, labels that are only words of the text
@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进改革。（9月底完成，牵头考核单位：州政务服务局、州公安局）", [("州政务服务局", L), ("州公安局", L)]),
        ("推进改革。（持续推进，牵头督办单位：县委办公室）", [("县委办公室", L)]),
        ("推进改革。（牵头落实单位：县农业农村局；配合落实单位：县财政局）", [("县农业农村局", L), ("县财政局", R)]),
        ("推进改革。（1分）（年内完成，牵头考核单位：盟大数据中心）", [("盟大数据中心", L)]),
        ("推进改革。（牵头单位：省商务厅，参加单位：省财政厅、省税务局）", [("省商务厅", L), ("省财政厅", R), ("省税务局", R)]),
        ("推进改革。（牵头部门：区科技局；参与部门：区人社局）", [("区科技局", L), ("区人社局", R)]),
        ("推进改革。（牵头单位：市文旅局；协办单位：市体育局）", [("市文旅局", L), ("市体育局", R)]),
        # 含牵头单位本身 / 包括牵头单位自身 is not a label
        ("各考核单位对各部门（包括牵头单位自身）承担的任务进行考核。", []),
        ("推进改革。（含牵头单位本身）", []),
    ],
)
def test_label_grammar(text, expected):
    assert flat(text) == expected


# 3. suffix grammar: 负责落实, a remark after the assignment, a unit before 等部门
@pytest.mark.parametrize(
    "text, expected",
    [
        ("压减产能。（市工信局牵头，市发改委等部门配合）", [("市工信局", L), ("市发改委", R)]),
        ("压减产能。（州发改委、州能源局按职责分工负责，各县党委、政府负责落实。以下各项任务均需各县党委、政府落实，不再一一列出）",
         [("州发改委", R), ("州能源局", R), ("各县党委、政府", C)]),
        ("压减产能。（区商务局负责落实）", [("区商务局", R)]),
        ("压减产能。（县住建局牵头，县城管局抓好落实）", [("县住建局", L), ("县城管局", R)]),
    ],
)
def test_suffix_grammar(text, expected):
    assert flat(text) == expected


# 8. unit names of every kind, without a closed list of endings
@pytest.mark.parametrize(
    "text, expected",
    [
        # banks and their branches, supervisory offices
        ("发展绿色金融。（省科技厅、人民银行某某省分行牵头，省委金融办、金融监管总局某某监管局配合）",
         [("省科技厅", L), ("人民银行某某省分行", L), ("省委金融办", R), ("金融监管总局某某监管局", R)]),
        ("发展绿色金融。（人民银行某县支行、县农商银行按职责分工负责）", [("人民银行某县支行", R), ("县农商银行", R)]),
        # task forces, colleges, associations, customs
        ("推进平台建设。（责任单位：市推进数字经济发展工作专班）", [("市推进数字经济发展工作专班", R)]),
        ("推进平台建设。（省推进制造业数字化专项工作组负责）", [("省推进制造业数字化专项工作组", R)]),
        ("培养技能人才。（县职业技术学校、县工商业联合会、县电商协会配合）", [("县职业技术学校", R), ("县工商业联合会", R), ("县电商协会", R)]),
        ("便利通关。（某某海关、市商务局负责）", [("某某海关", R), ("市商务局", R)]),
        # a parenthesised alias stays in the name
        ("加强宣传。（县委宣传部（县新闻办）牵头）", [("县委宣传部（县新闻办）", L)]),
        # a name holding 年 or a deadline word is still a name when it ends like one
        ("服务青年创业。（责任单位：市青年联合会、市推进落实办公室）", [("市青年联合会", R), ("市推进落实办公室", R)]),
    ],
)
def test_unit_names_of_every_kind(text, expected):
    assert flat(text) == expected


# 9. collectives kept whole, with 、 or a bracket inside
@pytest.mark.parametrize(
    "text, expected",
    [
        ("引进人才。（牵头单位：市人社局，配合单位：市财政局，各区、县级市）", [("市人社局", L), ("市财政局", R), ("各区、县级市", C)]),
        ("引进人才。（责任单位：县民政局，各乡镇人民政府、开发区管委会）", [("县民政局", R), ("各乡镇人民政府、开发区管委会", C)]),
        ("引进人才。（责任单位：州民政局、各县（市、区））", [("州民政局", R), ("各县（市、区）", C)]),
        ("引进人才。（责任单位：县直相关部门（单位））", [("县直相关部门（单位）", C)]),
        ("引进人才。（县人社局牵头，有关部门和单位配合）", [("县人社局", L), ("有关部门和单位", C)]),
        # a collective can lead: kept whole, with the role the text gives it
        ("引进人才。（各旗区人民政府牵头，盟人社局配合）", [("各旗区人民政府", L), ("盟人社局", R)]),
        # a tail word alone, not after a collective, is not merged into anything
        ("引进人才。（责任单位：市人社局、市财政局）", [("市人社局", R), ("市财政局", R)]),
    ],
)
def test_collectives_kept_whole(text, expected):
    assert flat(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a unit before 等有关部门 is kept, and the collective is recorded
        ("储备煤炭。（市国资委牵头，市发改委、市能源局等有关部门按职责分工负责）",
         [("市国资委", L), ("市发改委", R), ("市能源局", R), ("有关部门", C)]),
        ("储备煤炭。（责任单位：县商务局等相关单位）", [("县商务局", R), ("相关单位", C)]),
        # 等部门 names no class of its own
        ("储备煤炭。（县商务局等部门负责）", [("县商务局", R)]),
        # a collective holding a deadline word is still a collective
        ("营造氛围。（责任单位：省推进数字经济发展专项工作组成员单位，各市人民政府）",
         [("省推进数字经济发展专项工作组成员单位", C), ("各市人民政府", C)]),
    ],
)
def test_units_before_etc(text, expected):
    assert flat(text) == expected


# 5. a duty list keyed by unit, in a document without assignment blocks
@pytest.mark.parametrize(
    "text, expected",
    [
        ("三、成员单位职责\n（一）县委宣传部：负责舆论引导。\n（二）县应急局：牵头统筹救灾，会同县水利局做好防汛。\n（三）县消防救援大队：负责抢险救援。",
         [[("县委宣传部", R)], [("县应急局", R)], [("县消防救援大队", R)]]),
        # keys joined by 和 are split when both read as units
        ("二、职责(一)市气象局:负责预警。(二)市地震局和市水务局:负责监测。",
         [[("市气象局", R)], [("市地震局", R), ("市水务局", R)]]),
        # one keyed entry alone is no list; keys that are not units are no list
        ("（一）县应急局：负责救灾。", []),
        ("（一）主要目标：到2025年建成体系。\n（二）基本原则：坚持统筹。", []),
    ],
)
def test_duty_list_keyed_by_unit(text, expected):
    doc = Document.from_text(text)
    assert [[(u.surface, u.role) for u in a.units] for a in find_assignments(doc, find_headings(doc))] == expected


def test_duty_list_is_ignored_where_the_document_has_blocks():
    text = "（一）县应急局：负责救灾（县应急局牵头，县民政局配合）。\n（二）县水利局：负责防汛。"
    doc = Document.from_text(text)
    assert [[(u.surface, u.role) for u in a.units] for a in find_assignments(doc, find_headings(doc))] == [
        [("县应急局", L), ("县民政局", R)]]


@pytest.mark.parametrize(
    "text, expected",
    [
        # endings no fixed list holds, known to the department vocabulary
        ("培养人才。（州人社局牵头，州科协、州妇联配合）", [("州人社局", L), ("州科协", R), ("州妇联", R)]),
        ("培养人才。（县工商联、县残联负责）", [("县工商联", R), ("县残联", R)]),
        # a bracket holding another name of what precedes it is no assignment
        ("认定为市级工程技术中心（实验室）。", []),
        # ... but a unit with its jurisdiction after a name is one
        ("建成社区服务中心（县民政局）。", [("县民政局", R)]),
    ],
)
def test_names_the_vocabulary_knows_and_aliases(text, expected):
    assert flat(text) == expected


# 4. role rules declared by the document
@pytest.mark.parametrize(
    "text, expected",
    [
        ("各项任务排在首位的为牵头单位。\n1.推进改革。（县发改局、县财政局）", [("县发改局", L), ("县财政局", R)]),
        # stated inside the first block, then 下同: the rule's words never become units
        ("1.推进改革。（县发改局，县财政局、县住建局。列第一位的为牵头单位，下同）\n2.推进开放。（县商务局，县财政局）",
         [("县发改局", L), ("县财政局", R), ("县住建局", R), ("县商务局", L), ("县财政局", R)]),
        # by punctuation: the units before the first semicolon lead
        ("任务分工中，分号前的单位为牵头单位。\n1.推进改革。（县发改局、县工信局；县财政局、县住建局）",
         [("县发改局", L), ("县工信局", L), ("县财政局", R), ("县住建局", R)]),
        # a list without the mark gets no lead: none is invented
        ("任务分工中，分号前的单位为牵头单位。\n1.推进改革。（县发改局、县财政局）", [("县发改局", R), ("县财政局", R)]),
        # no rule, no lead
        ("1.推进改革。（县发改局、县财政局）", [("县发改局", R), ("县财政局", R)]),
    ],
)
def test_role_rules_declared_by_the_document(text, expected):
    assert flat(text) == expected


# 5. 由X牵头 in prose, in documents without assignment blocks
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.建立机制。由县发改局牵头，县财政局、县统计局配合，建立考核机制。",
         [("县发改局", L), ("县财政局", R), ("县统计局", R)]),
        ("二、工作组\n(1)综合协调组州交通运输局牵头，州公安局、州卫健委等参与。负责协调。",
         [("州交通运输局", L), ("州公安局", R), ("州卫健委", R)]),
        # prose that names no lead assigns nothing; a cover letter's words for itself name no unit
        ("1.建立机制。由县发改局负责日常工作。", []),
        ("现将由我厅牵头起草的方案印发给你们。", []),
    ],
)
def test_lead_in_prose_without_blocks(text, expected):
    assert flat(text) == expected


def test_prose_is_ignored_where_the_document_has_blocks():
    text = "1.建立机制。由县发改局牵头，建立考核机制（县统计局负责）。"
    assert flat(text) == [("县统计局", R)]


# 7. lists joined by 和 / 及 / 会同, the role written after a name
@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进改革。（县发改局会同县财政局负责）", [("县发改局", R), ("县财政局", R)]),
        ("推进改革。（县发改局（牵头），县财政局及各乡镇）", [("县发改局", L), ("县财政局", R), ("各乡镇", C)]),
        ("推进改革。（责任单位：县民政局和县残联）", [("县民政局", R), ("县残联", R)]),
        # names holding 和 stay whole
        ("推进改革。（县文化和旅游局、县工业和信息化局负责）", [("县文化和旅游局", R), ("县工业和信息化局", R)]),
        ("推进改革。（责任单位：各县工业和信息化局）", [("各县工业和信息化局", C)]),
    ],
)
def test_lists_joined_by_words(text, expected):
    assert flat(text) == expected


# 8. a verb phrase after a name is cut; a name holding a label word is a name
@pytest.mark.parametrize(
    "text, expected",
    [
        ("推进改革。（牵头单位：县高新区管委会抓好落实）", [("县高新区管委会", L)]),
        ("推进改革。（责任单位：县商务局、县电商产业园管委会具体落实）", [("县商务局", R), ("县电商产业园管委会", R)]),
        ("推进改革。（责任单位：县数字经济工作专班牵头单位、县财政局）", [("县数字经济工作专班牵头单位", R), ("县财政局", R)]),
    ],
)
def test_verb_phrases_and_label_words_in_names(text, expected):
    assert flat(text) == expected


# 7. task-breakdown tables flattened into text: a deadline ends a row's unit list
@pytest.mark.parametrize(
    "text, expected",
    [
        ("附件 序号 重点任务 责任单位 完成时限 1 推进改革 旗发改委（牵头）、旗财政局 2025年6月底前 2 推进开放 旗商务局和旗外办 持续推进",
         [("1", "推进改革", [("旗发改委", L), ("旗财政局", R)]), ("2", "推进开放", [("旗商务局", R), ("旗外办", R)])]),
        # cells run together with no space at all
        ("序号工作任务牵头单位完成时间1建设智慧社区县民政局2024年底前2优化营商环境县政务服务中心长期坚持",
         [("1", "建设智慧社区", [("县民政局", L)]), ("2", "优化营商环境", [("县政务服务中心", L)])]),
        # a list joined by 会同 and a collective
        ("序号 任务 责任单位 时限 1 整治河道 县水利局会同县生态环境分局、各乡镇 年内完成",
         [("1", "整治河道", [("县水利局", R), ("县生态环境分局", R), ("各乡镇", C)])]),
    ],
)
def test_flattened_task_table_rows(text, expected):
    from kg.extract.tables import find_table_tasks
    from kg.extract.tasks import find_tasks

    doc = Document.from_text(text)
    got = [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in find_table_tasks(doc)]
    assert got == expected
    assert [t.id for t in find_tasks(doc, find_headings(doc))] == [e[0] for e in expected]


def test_a_header_without_rows_makes_no_task():
    from kg.extract.tables import find_table_tasks

    assert find_table_tasks(Document.from_text("明确工作任务、牵头单位、责任单位和完成时限，于2024年底前完成。")) == ()


def test_flattened_rows_keep_a_collective_whole():
    from kg.extract.tables import find_table_tasks

    doc = Document.from_text("序号工作任务责任单位完成时限1清理河道各乡镇2024年底前")
    assert [(u.surface, u.role) for t in find_table_tasks(doc) for u in t.units] == [("各乡镇", C)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # districts, counties and towns named as units
        ("推进改革。（白云区牵头，观山湖区、某某县配合）", [("白云区", L), ("观山湖区", R), ("某某县", R)]),
        ("推进改革。（青岩镇、马铃乡按职责分工负责）", [("青岩镇", R), ("马铃乡", R)]),
        # courts, procuratorates, party organs, companies, colleges
        ("推进改革。（市中级人民法院、市人民检察院、团市委负责）", [("市中级人民法院", R), ("市人民检察院", R), ("团市委", R)]),
        ("推进改革。（国网某县供电公司、某某职业学院负责）", [("国网某县供电公司", R), ("某某职业学院", R)]),
        # an aside that names a part of a city is no unit
        ("覆盖建成区。（市区）", []),
    ],
)
def test_places_and_bodies_named_as_units(text, expected):
    assert flat(text) == expected


# 2. labels outside brackets: sentences closing a paragraph, lines of their own
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.推进改革。加快建设。牵头单位：县发改局。责任单位：县财政局、各乡镇。\n2.推进开放。牵头单位：县商务局。",
         [("县发改局", L), ("县财政局", R), ("各乡镇", C), ("县商务局", L)]),
        ("1.推进改革。加快建设。\n牵头单位：县发改局；配合单位：县财政局\n2.推进开放。",
         [("县发改局", L), ("县财政局", R)]),
        ("1.推进改革。\n牵头考核单位：盟大数据中心\n2.推进开放。", [("盟大数据中心", L)]),
    ],
)
def test_labels_outside_brackets(text, expected):
    assert flat(text) == expected


def test_duty_list_entry_without_a_colon():
    text = ("三、成员单位职责\n（一）县委宣传部：负责舆论引导。\n（二）县应急局：负责救灾。\n"
            "（三）县人武部和县消防救援大队根据需要，担负抢险任务。\n四、工作要求\n（一）各单位要根据职责做好工作。")
    doc = Document.from_text(text)
    found = [[(u.surface, u.role) for u in a.units] for a in find_assignments(doc, find_headings(doc))]
    assert found == [[("县委宣传部", R)], [("县应急局", R)], [("县人武部", R), ("县消防救援大队", R)]]
