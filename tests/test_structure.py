"""Heading hierarchy and task boundaries, including flattened one-line documents."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.structure import cn_number, find_headings
from kg.extract.tasks import find_tasks


def outline(text):
    return [(h.number, h.depth, h.title) for h in find_headings(Document.from_text(text))]


def tasks(text):
    doc = Document.from_text(text)
    return [(t.id, t.title, t.section, [u.surface for u in t.units]) for t in find_tasks(doc, find_headings(doc))]


@pytest.mark.parametrize(
    "text, expected",
    [
        # every numbering family, nested in the usual order
        ("一、总体要求\n（一）指导思想\n1.坚持稳中求进\n（1）强化统筹\n①抓落实",
         [("一、", 1, "总体要求"), ("（一）", 2, "指导思想"), ("1.", 3, "坚持稳中求进"), ("（1）", 4, "强化统筹"), ("①", 5, "抓落实")]),
        # 1． and 1、 variants
        ("1．甲项\n2、乙项", [("1．", 1, "甲项"), ("2、", 1, "乙项")]),
        # chapters
        ("第一章 总则\n一、目的\n第二章 任务\n一、任务一", [("第一章", 1, "总则"), ("一、", 2, "目的"), ("第二章", 1, "任务"), ("一、", 2, "任务一")]),
        # numbering restarting in each chapter
        ("一、甲\n1.子一\n2.子二\n二、乙\n1.子三", [("一、", 1, "甲"), ("1.", 2, "子一"), ("2.", 2, "子二"), ("二、", 1, "乙"), ("1.", 2, "子三")]),
        # numbering continuing across parents
        ("（一）甲\n1.子一\n2.子二\n（二）乙\n3.子三", [("（一）", 1, "甲"), ("1.", 2, "子一"), ("2.", 2, "子二"), ("（二）", 1, "乙"), ("3.", 2, "子三")]),
        # the whole document on one line
        ("一、重点任务。（一）构建新产业。1.推行链长制。内容。2.推动技改。内容。（二）打造新环境。3.优化政务环境。",
         [("一、", 1, "重点任务"), ("（一）", 2, "构建新产业"), ("1.", 3, "推行链长制"), ("2.", 3, "推动技改"), ("（二）", 2, "打造新环境"), ("3.", 3, "优化政务环境")]),
        # decimals, dates, document numbers and out-of-sequence numbers are text
        ("1.甲。增长7.5%，2024.1起施行。鄂发〔2023〕5号。3.不是标题。", [("1.", 1, "甲")]),
        # a marker inside a sentence is not a heading
        ("坚持一、二、三产业融合发展", []),
    ],
)
def test_outline(text, expected):
    assert outline(text) == expected


@pytest.mark.parametrize("numeral, value", [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("三十五", 35), ("一百", 100)])
def test_chinese_numerals(numeral, value):
    assert cn_number(numeral) == value


@pytest.mark.parametrize(
    "text, expected",
    [
        # a task per numbered item, with its heading path
        ("三、重点任务\n（一）构建新产业\n1.推行产业链长制。内容。（牵头单位：区发改局）\n2.推动老树发新芽。（牵头单位：区经信局）",
         [("1.", "推行产业链长制", ("三、重点任务", "（一）构建新产业"), ["区发改局"]),
          ("2.", "推动老树发新芽", ("三、重点任务", "（一）构建新产业"), ["区经信局"])]),
        # the task is the smallest numbered item: a parent's assignment goes to the parent
        ("（一）打造枢纽。（牵头单位：市交通局）\n1.建设高速。内容。",
         [("（一）", "打造枢纽", (), ["市交通局"])]),
        # the same on one line
        ("一、重点任务。（一）构建新产业。1.推行链长制。内容。（牵头单位：区发改局）2.推动技改。内容。（牵头单位：区经信局）",
         [("1.", "推行链长制", ("一、重点任务", "（一）构建新产业"), ["区发改局"]),
          ("2.", "推动技改", ("一、重点任务", "（一）构建新产业"), ["区经信局"])]),
        # several assignments under one number: one task per sentence run
        ("1.优化营商环境。深化改革。（牵头单位：市审批局）加强监管执法。（牵头单位：市市场监管局）",
         [("1-1", "优化营商环境", (), ["市审批局"]), ("1-2", "加强监管执法", (), ["市市场监管局"])]),
        # no numbering at all: each paragraph that carries an assignment is a task
        ("加快项目建设，确保开工。（牵头单位：县发改局）\n做好要素保障。（牵头单位：县自然资源局）",
         [("", "加快项目建设", (), ["县发改局"]),
          ("", "做好要素保障", (), ["县自然资源局"])]),
        # labelled lines after a numbered item make one task
        ("1.推进改革。内容。\n牵头单位：市发改委\n责任单位：市财政局\n2.推进开放。\n牵头单位：市商务局",
         [("1.", "推进改革", (), ["市发改委", "市财政局"]), ("2.", "推进开放", (), ["市商务局"])]),
    ],
)
def test_tasks(text, expected):
    assert tasks(text) == expected


def test_web_chrome_creates_no_task():
    text = ("首页 > 政府信息公开 > 政府文件\n信息来源：县政府办 日期：2024-03-15 字体：[大 中 小] 打印 关闭\n"
            "1.推进改革。（牵头单位：县发改局）\n"
            "主办单位：某县人民政府  承办：某县人民政府办公室  网站地图  ICP备案号：12345号  分享到：微信 微博")
    assert tasks(text) == [("1.", "推进改革", (), ["县发改局"])]


def test_task_offsets_cover_heading_to_assignment():
    text = "前言。\n1.推行产业链长制。围绕主导产业。（牵头单位：区发改局）\n结尾。"
    doc = Document.from_text(text)
    (task,) = find_tasks(doc, find_headings(doc))
    assert text[task.start:task.end] == "1.推行产业链长制。围绕主导产业。（牵头单位：区发改局）"
