"""Goals, goal areas and chapters (kg.extract.goals), and the task -> goal links."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.goals import find_goals, is_goal_section, link_tasks_to_goals
from kg.extract.model import Goal, Heading, Task, record_to_dict
from kg.extract.structure import find_headings
from kg.extract.tasks import find_tasks


def _goals(text):
    doc = Document.from_text(text)
    return [(g.id, g.title, g.section) for g in find_goals(doc, find_headings(doc))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a goals section and its numbered items
        ("一、总体要求\n坚持稳中求进。\n二、主要目标\n(一)强产争先。增长7%。\n(二)强城争优。改造78个。\n",
         [("G2", "主要目标", ()), ("G2.1", "强产争先", ("二、主要目标",)), ("G2.2", "强城争优", ("二、主要目标",))]),
        # a goals section without items is one goal
        ("一、指导思想\n以…为指导。\n二、行动目标\n到2023年底,地区生产总值突破400亿元。\n三、重点任务\n1.甲。\n",
         [("G2", "行动目标", ())]),
        # goal areas under 工作思路 (the 思路 heading itself is not a goal)
        ("一、总体要求\n(一)指导思想\n坚持。\n(二)工作思路\n1.坚持做大总量。确保第一。\n2.坚持争先进位。\n(三)发展目标\n1.综合实力实现新提升。\n",
         [("G1.2.1", "坚持做大总量", ("一、总体要求", "(二)工作思路")),
          ("G1.2.2", "坚持争先进位", ("一、总体要求", "(二)工作思路")),
          ("G1.3", "发展目标", ("一、总体要求",)),
          ("G1.3.1", "综合实力实现新提升", ("一、总体要求", "(三)发展目标"))]),
        # chapters: headings with sub-headings outside boilerplate
        ("二、加快融圈入群一体\n(一)打造交通枢纽。内容。\n(二)打造物流节点。内容。\n三、保障措施\n(一)坚持党建引领。\n(二)强化要素保障。\n",
         [("G2", "加快融圈入群一体", ())]),
        ("三、重点任务\n(一)构建新产业。\n1.推行链长制。\n(二)打造新环境。\n2.优化环境。\n四、组织保障\n(一)加强领导。\n",
         [("G3.1", "构建新产业", ("三、重点任务",)), ("G3.2", "打造新环境", ("三、重点任务",))]),
        # nothing goal-like
        ("一、指导思想\n正文。\n二、保障措施\n(一)加强领导。\n", []),
    ],
)
def test_find_goals(text, expected):
    assert _goals(text) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [("主要目标", True), ("行动目标", True), ("发展目标", True), ("目标任务", True), ("总体目标", True),
     ("主要目标。到2025年", True), ("综合实力实现新提升", False), ("锚定目标争先进位", False), ("重点任务", False)],
)
def test_is_goal_section(title, expected):
    assert is_goal_section(Heading("二、", "cn_dun", 2, 1, title, 0, 2, 10)) is expected


def test_link_tasks_to_chapters_and_areas():
    text = (
        "一、总体要求\n(一)主要目标\n1.城市品质实现新提升。建成区面积60平方公里。\n2.综合实力实现新提升。\n"
        "二、提升城市品质\n(一)加快城市更新。内容。(牵头单位:市住建局)\n(二)推进文旅融合。内容。(牵头单位:市文旅局)\n"
        "三、加快融圈入群\n(一)打造交通枢纽。内容。(牵头单位:市交通局)\n(二)打造物流节点。内容。(牵头单位:市商务局)\n"
    )
    doc = Document.from_text(text)
    headings = find_headings(doc)
    goals = find_goals(doc, headings)
    linked = link_tasks_to_goals(find_tasks(doc, headings), goals, headings)
    titles = {g.id: g.title for g in goals}
    assert [(t.title, titles[t.goal]) for t in linked] == [
        ("加快城市更新", "城市品质实现新提升"),   # the chapter 提升城市品质 shares 城市品质 with the goal area
        ("推进文旅融合", "城市品质实现新提升"),
        ("打造交通枢纽", "加快融圈入群"),          # no goal area matches: the chapter
        ("打造物流节点", "加快融圈入群"),
    ]


def test_link_leaves_tasks_outside_goals_unlinked():
    goals = (Goal("G3.1", "构建新产业", ("三、重点任务",), 10, 100),)
    tasks = (Task("1.", "推行链长制", (), 20, 40, ()), Task("9.", "加强领导", (), 200, 240, ()))
    assert [t.goal for t in link_tasks_to_goals(tasks, goals, ())] == ["G3.1", None]


def test_goal_record_shape():
    doc = Document.from_text("二、主要目标\n(一)强产争先。增长7%。\n")
    goal = find_goals(doc, find_headings(doc))[1]
    assert record_to_dict(goal, doc="a.txt") == {
        "type": "goal", "doc": "a.txt", "id": "G2.1", "title": "强产争先", "section": ["二、主要目标"],
        "start": goal.start, "end": goal.end,
    }
    assert doc.text[goal.start:goal.start + 3] == "(一)"
