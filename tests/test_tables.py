"""Task-breakdown tables copied as text (tabs, pipes or runs of spaces between cells)."""

from __future__ import annotations

import pytest

from kg.document import Document
from kg.extract.structure import find_headings
from kg.extract.tables import find_flat_table_tasks, find_table_tasks
from kg.extract.tasks import find_tasks

L, R, C = "lead", "responsible", "collective"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("附件\n序号\t重点任务\t牵头单位\t责任单位\t完成时限\n1\t推进产业链长制。围绕主导产业。\t市发改委\t市财政局、各县市区\t2024年底\n"
         "2\t优化营商环境\t市政务服务局\t市市场监管局\t长期坚持\n",
         [("1", "推进产业链长制", [("市发改委", L), ("市财政局", R), ("各县市区", C)]),
          ("2", "优化营商环境", [("市政务服务局", L), ("市市场监管局", R)])]),
        ("| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n| --- | --- | --- | --- |\n| 1 | 建设数字政府 | 县大数据中心 | 县委网信办、县财政局 |\n",
         [("1", "建设数字政府", [("县大数据中心", L), ("县委网信办", R), ("县财政局", R)])]),
        ("序号  工作任务        责任单位          完成时间\n1     推进老旧小区改造  区住建局、各街道   2025年6月\n",
         [("1", "推进老旧小区改造", [("区住建局", R), ("各街道", C)])]),
        # no lead column, but the document says the first listed leads
        ("责任单位中列第一位的为牵头单位。\n序号\t任务\t责任单位\n1\t推进改革\t市发改委、市财政局\n",
         [("1", "推进改革", [("市发改委", L), ("市财政局", R)])]),
        # ... also when the first listed is a collective
        ("责任单位中列第一位的为牵头单位。\n序号\t任务\t责任单位\n1\t推进改革\t各县市区、市财政局\n",
         [("1", "推进改革", [("各县市区", L), ("市财政局", R)])]),
    ],
)
def test_table_rows_are_tasks(text, expected):
    doc = Document.from_text(text)
    got = [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in find_table_tasks(doc)]
    assert got == expected
    assert [(t.id, t.title) for t in find_tasks(doc, find_headings(doc))] == [(e[0], e[1]) for e in expected]


def test_a_table_without_unit_columns_is_ignored():
    doc = Document.from_text("序号\t指标\t2023年\t2024年\n1\t地区生产总值\t100\t107\n")
    assert find_table_tasks(doc) == ()


@pytest.mark.parametrize(
    "text, expected",
    [
        # a 牵头 column then a 配合 column, flattened: the first cell leads, the second is responsible
        ("序号 重点任务 牵头单位 配合单位 完成时限 1 推进改革 县发改局 县财政局、县商务局 2025年6月底前 2 推进开放 县商务局 县外办 持续推进",
         [("1", "推进改革", [("县发改局", L), ("县财政局", R), ("县商务局", R)]),
          ("2", "推进开放", [("县商务局", L), ("县外办", R)])]),
        ("序号 重点任务 牵头单位 配合单位 完成时限 1 推进改革 县发改局、县住建局 县财政局、县商务局 2025年6月底前 2 推进开放 县商务局 各乡镇 持续推进",
         [("1", "推进改革", [("县发改局", L), ("县住建局", L), ("县财政局", R), ("县商务局", R)]),
          ("2", "推进开放", [("县商务局", L), ("各乡镇", C)])]),
        # no space between the cells: split where one name ends and the next begins
        ("序号 重点任务 牵头单位 配合单位 完成时限 1 推进改革县发改局县财政局、县商务局 2025年6月底前 2 推进开放县委宣传部县委网信办、各乡镇持续推进",
         [("1", "推进改革", [("县发改局", L), ("县财政局", R), ("县商务局", R)]),
          ("2", "推进开放", [("县委宣传部", L), ("县委网信办", R), ("各乡镇", C)])]),
        # one cell only (which column is empty cannot be told), a name holding a level character
        ("序号 重点任务 牵头单位 配合单位 完成时限 1 推进改革 县住房和城乡建设局 2025年6月底前",
         [("1", "推进改革", [("县住房和城乡建设局", R)])]),
        # a lead column alone, and a role written after a name, as before
        ("序号 重点任务 牵头单位 完成时限 1 推进改革 县发改局、县住建局 2025年6月底前",
         [("1", "推进改革", [("县发改局", L), ("县住建局", L)])]),
        ("序号 重点任务 责任单位 完成时限 1 推进改革 县发改局（牵头）、县财政局 2025年6月底前",
         [("1", "推进改革", [("县发改局", L), ("县财政局", R)])]),
    ],
)
def test_flat_table_lead_and_partner_columns(text, expected):
    doc = Document.from_text(text)
    assert [(t.id, t.title, [(u.surface, u.role) for u in t.units]) for t in find_flat_table_tasks(doc)] == expected
