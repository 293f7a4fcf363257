"""Layout families of task structure seen in plans from many jurisdictions, on short made-up snippets."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.structure import find_headings, heading_cues
from kg.extract.tasks import find_tasks


def outline(text):
    return [(h.number, h.depth, h.title) for h in find_headings(Document.from_text(text))]


def tasks(text):
    doc = Document.from_text(text)
    return [(t.id, t.title, [u.surface for u in t.units]) for t in find_tasks(doc, find_headings(doc))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the small full stop U+FE52
        ("1﹒建设平台。内容。\n2﹒培育企业。内容。", [("1﹒", 1, "建设平台"), ("2﹒", 1, "培育企业")]),
        # a full-width full stop and the typo 1。
        ("1．建设平台。\n2。培育企业。\n3、引进人才。", [("1．", 1, "建设平台"), ("2。", 1, "培育企业"), ("3、", 1, "引进人才")]),
        # a title that starts with digits is a heading at the start of a line, not a decimal
        ("10.引才项目。内容。\n11.121人才梯队项目。内容。\n12.博士后项目。",
         [("10.", 1, "引才项目"), ("11.", 1, "121人才梯队项目"), ("12.", 1, "博士后项目")]),
        # ... but inside a line a number with a decimal part stays a number
        ("1.稳增长。增速达到2.5个百分点。\n2.促消费。", [("1.", 1, "稳增长"), ("2.", 1, "促消费")]),
        # a number run into its title with no separator, at the start of a line
        ("1突破关键核心技术。内容。\n2建设算力平台。内容。", [("1", 1, "突破关键核心技术"), ("2", 1, "建设算力平台")]),
        # ... not a quantity at the start of a line
        ("1.目标。\n12个项目建成投产。\n2.任务。", [("1.", 1, "目标"), ("2.", 1, "任务")]),
        # ... or separated from it by a private-use glyph a converter could not map
        ("1\ue010突破关键核心技术。\n2\ue010建设算力平台。", [("1", 1, "\ue010突破关键核心技术"), ("2", 1, "\ue010建设算力平台")]),
        # flattened text: a heading that follows a word runs straight into its first subsection
        ("一、总体要求(一)指导思想。内容。(二)目标。到2025年完成。附表二、深入调整产业结构(三)淘汰落后产能。内容。",
         [("一、", 1, "总体要求"), ("(一)", 2, "指导思想"), ("(二)", 2, "目标"), ("二、", 1, "深入调整产业结构"),
          ("(三)", 2, "淘汰落后产能")]),
        # ... but a list of numerals in a sentence stays text, even when it could continue the outline
        ("一、总体要求。内容。二、重点任务。推动一、二、三产业融通发展(一)农业。",
         [("一、", 1, "总体要求"), ("二、", 1, "重点任务")]),
        # a cover notice's list of annexes numbers files, not sections; the plan's own numbering starts after it
        ("关于印发方案的通知\n请认真贯彻落实。\n附件：1.成员单位名单\n2.某市行动方案\n某市行动方案\n一、重点任务\n1.建设平台\n2.培育企业",
         [("一、", 1, "重点任务"), ("1.", 2, "建设平台"), ("2.", 2, "培育企业")]),
        ("关于确认目标指标的函。附件:1.省有关部门名单2.行动方案(送审稿)山东省某厅2021年8月17日附件2行动方案。一、总体要求(一)指导思想。",
         [("一、", 1, "总体要求"), ("(一)", 2, "指导思想")]),
        # numbering that restarts after a cover notice with numbered paragraphs of its own
        ("各区政府：\n一、请各区认真组织实施。\n二、请于年底前报送情况。\n某市行动方案\n一、总体要求\n二、重点任务",
         [("一、", 1, "请各区认真组织实施"), ("二、", 1, "请于年底前报送情况"), ("一、", 1, "总体要求"), ("二、", 1, "重点任务")]),
        # Chinese numerals past ten
        ("九、甲项\n十、乙项\n十一、丙项\n十二、丁项", [("九、", 1, "甲项"), ("十、", 1, "乙项"), ("十一、", 1, "丙项"), ("十二、", 1, "丁项")]),
        ("（十九）甲项\n（二十）乙项\n（二十一）丙项", [("（十九）", 1, "甲项"), ("（二十）", 1, "乙项"), ("（二十一）", 1, "丙项")]),
        # circled numbers and bracketed arabic numbers under an item
        ("1.推进改革\n（1）简政放权\n①下放事项\n②精简材料\n（2）优化服务",
         [("1.", 1, "推进改革"), ("（1）", 2, "简政放权"), ("①", 3, "下放事项"), ("②", 3, "精简材料"), ("（2）", 2, "优化服务")]),
        # articles numbered through the chapters
        ("第一章 总则\n第一条 为规范资金管理，制定本细则。\n第二章 支持措施\n第二条 对新设企业给予补贴。\n第三条 对入驻企业给予奖励。",
         [("第一章", 1, "总则"), ("第一条", 2, "为规范资金管理，制定本细则"), ("第二章", 1, "支持措施"),
          ("第二条", 2, "对新设企业给予补贴"), ("第三条", 2, "对入驻企业给予奖励")]),
        # a reference to an article inside a sentence is text
        ("第一条 适用范围。\n本细则涉及的第二条至第五条资金由区政府负责。", [("第一条", 1, "适用范围")]),
    ],
)
def test_numbering_families(text, expected):
    assert outline(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # each article closes its own block; the sub-headings under an article take no task
        ("第一条 对新设企业给予房租补贴。（责任单位：区政府）\n（一）申报条件\n1.注册在区内。\n（二）政策咨询\n区管委会，联系电话：12345。\n"
         "第二条 对入驻企业给予奖励。（责任单位：区政府，市财政局）\n（一）申报条件\n1.注册在区内。",
         [("第一条", "对新设企业给予房租补贴", ["区政府"]), ("第二条", "对入驻企业给予奖励", ["区政府", "市财政局"])]),
        # several blocks in one numbered item: each closes its own task, in order, with unprinted ordinals
        ("3.推进数字政府建设。整合平台。（省大数据局牵头，各有关部门配合）建立监测体系，加强研判（省发展改革委牵头）。"
         "深化财政数据应用（省财政厅负责）。\n4.推进开放。（牵头单位：省商务厅）",
         [("3-1", "推进数字政府建设", ["省大数据局", "各有关部门"]), ("3-2", "建立监测体系", ["省发展改革委"]),
          ("3-3", "深化财政数据应用", ["省财政厅"]), ("4.", "推进开放", ["省商务厅"])]),
        # a later block's title is the first clause of its own text, or the first two when the first only says when
        ("5.推进改革。内容。（省发展改革委牵头）2021年年底前，建成监测平台，实现共享。（省大数据局负责）",
         [("5-1", "推进改革", ["省发展改革委"]), ("5-2", "2021年年底前，建成监测平台", ["省大数据局"])]),
        # the same with bracketed numbers
        ("（二）培育产业。内容。（牵头单位：区经信局）壮大集群。（牵头单位：区发改局）",
         [("（二）-1", "培育产业", ["区经信局"]), ("（二）-2", "壮大集群", ["区发改局"])]),
        # unnumbered headline paragraphs under a section heading that stands on its own line
        ("一、支持平台建设\n培育各类平台。重点培育一批平台。（责任单位：省经信厅）\n推动企业上云。建立资源池。（责任单位：省财政厅）\n"
         "二、支持技术发展\n推动芯片产业发展。支持设计企业。（责任单位：省科技厅）",
         [("一-1", "培育各类平台", ["省经信厅"]), ("一-2", "推动企业上云", ["省财政厅"]), ("二、", "推动芯片产业发展", ["省科技厅"])]),
        # where the document writes its tasks as paragraphs under section headings, a lone paragraph
        # without a headline is a task titled by its first clause
        ("一、支持平台建设\n培育各类平台。重点培育一批平台。（责任单位：省经信厅）\n推动企业上云。建立资源池。（责任单位：省财政厅）\n"
         "二、支持安全体系建设\n鼓励平台企业落实主体责任，完善安全制度。（责任单位：省委网信办）",
         [("一-1", "培育各类平台", ["省经信厅"]), ("一-2", "推动企业上云", ["省财政厅"]), ("二、", "鼓励平台企业落实主体责任", ["省委网信办"])]),
        # ... but a heading line closed by a full stop keeps its sub-paragraphs, and the block
        # on the last sub-paragraph belongs to the item
        ("13.开展新模式推广。\n智能化制造。鼓励企业应用。\n数字化管理。打通管理环节。（责任单位：省经信厅）\n14.提升安全生产。（责任单位：省应急厅）",
         [("13.", "开展新模式推广", ["省经信厅"]), ("14.", "提升安全生产", ["省应急厅"])]),
        # ... and a heading whose paragraph opens with a long sentence keeps its own title
        ("（一）加强组织领导\n成立由市政府主要领导任组长的工作专班，统筹推进各项工作。（责任单位：市发展改革委）",
         [("（一）", "加强组织领导", ["市发展改革委"])]),
        # numbering runs past ten with a title starting with digits
        ("10.引才项目。内容。（牵头单位：市人社局）\n11.121人才梯队项目。内容。（牵头单位：市委组织部）",
         [("10.", "引才项目", ["市人社局"]), ("11.", "121人才梯队项目", ["市委组织部"])]),
    ],
)
def test_task_per_item(text, expected):
    assert tasks(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # a cover letter that names the drafting department
        "关于征求意见的函\n市发展改革委、市财政局、市科技局：\n由我厅牵头代拟了《某市数字经济行动方案（征求意见稿）》，请于5月10日前反馈意见。\n某省工业和信息化厅",
        # the departments asked for comments, and a sign-off list run together
        "征求意见单位：市发展改革委、市财政局、市科技局\n会签单位：市发展改革委市财政局市科技局市商务局",
        # a member list with people's names
        "领导小组成员名单\n组长：张三（市长）\n副组长：李四（副市长）\n成员：王五（市发展改革委主任）、赵六（市财政局局长）",
    ],
)
def test_distractors_create_no_task(text):
    assert tasks(text) == []


def test_distractors_leave_the_plan_tasks_alone():
    text = ("关于征求意见的函\n市发展改革委、市财政局：\n由我厅牵头代拟了《行动方案》，请反馈意见。\n"
            "会签：市发展改革委 市财政局 市科技局\n行动方案\n一、重点任务\n1.建设算力平台。内容。（牵头单位：市大数据局；责任单位：市财政局）\n"
            "附件\n领导小组成员名单\n组长：张三（市长）\n成员：李四（市发展改革委主任）")
    assert tasks(text) == [("1.", "建设算力平台", ["市大数据局", "市财政局"])]


CUE_FAMILIES = [k for k in heading_cues() if k != "about"]
CUE_EXAMPLES = [tuple(e) for f in CUE_FAMILIES for e in heading_cues()[f]["examples"]]


@pytest.mark.parametrize("family", CUE_FAMILIES)
def test_every_heading_cue_family_is_documented(family):
    assert heading_cues()[family]["about"] and heading_cues()[family]["examples"] and heading_cues()[family]["words"]


@pytest.mark.parametrize("heading, title", CUE_EXAMPLES)
def test_every_heading_cue_example_reads_as_documented(heading, title):
    assert outline(heading)[0][2] == title


@pytest.mark.parametrize(
    "text, title",
    [
        # a heading that runs into its body: cut before the word that opens the body
        ("三、建立完善市场化机制按照公益性定位、市场化运作的原则，组建储备基地。", "建立完善市场化机制"),
        # an opener after the first comma is part of the body, not of the heading
        ("1.加强统筹协调，按照职责分工推进。", "加强统筹协调，按照职责分工推进"),
        # too early to be a run-on: the heading itself starts with the word
        ("（一）坚持创新驱动发展，推动转型。", "坚持创新驱动发展，推动转型"),
        # an article is a sentence and keeps its first clause
        ("第九条 专题会议根据工作需要召开，研究部署专项工作。", "专题会议根据工作需要召开，研究部署专项工作"),
    ],
)
def test_run_on_headings(text, title):
    assert outline(text)[0][2] == title
