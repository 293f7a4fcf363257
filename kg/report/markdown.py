"""The workload report in Markdown, for pasting into documents.

Text from documents is escaped for Markdown by :func:`kg.output.md_text`, the one
Markdown escaper of every Markdown output, so a pasted report shows names literally
and never as markup or links.

>>> print(md_text("区<b>局</b>*1"))
区\\<b\\>局\\</b\\>\\*1
>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE, to_networkx
>>> from kg.report.model import build_report
>>> text = render_markdown(build_report(to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))))
>>> print(text.splitlines()[0])
# 部门工作负荷报告
>>> "| qingshan_plan | 青山区发展和改革局 | 2 | 1 | 2.5 | 100.0% |" in text
True
"""

from __future__ import annotations

from collections import defaultdict

from ..analysis.workload import ALL
from ..output import md_text, render
from ..roles import ROLE_LABELS
from .followthrough import FOLLOW_THROUGH_NOTE, display_rows, largest_departments
from .html import MAX_DEPARTMENTS, MAX_PLAN_SECTIONS
from .model import WorkloadReport

__all__ = ["render_markdown", "md_text"]

MAX_ROWS = 50
"""Rows per table (the CSV has every row)."""

def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _table(rows: list[dict], columns: dict[str, str]) -> str:
    """``columns`` maps row keys to headings; text cells are escaped."""
    out = []
    for row in rows[:MAX_ROWS]:
        cells = {}
        for key, heading in columns.items():
            value = row.get(key)
            if key == "share":
                value = _pct(value)
            cells[heading] = value  # escaped by render(..., "md")
        out.append(cells)
    text = render(out, "md", columns=list(columns.values())) if out else "（无数据）\n"
    if len(rows) > MAX_ROWS:
        text += f"\n前 {MAX_ROWS} 行，共 {len(rows)} 行；完整数据见 CSV。\n"
    return text


UNIT_COLUMNS = {"plan": "方案", "unit": "单位", "led": "牵头", "responsible": "配合", "weighted": "加权负荷",
                "share": "任务占比"}
TYPE_COLUMNS = {"plan": "方案", "unit_type_label": "部门类型", "units": "单位数", "led": "牵头", "responsible": "配合",
                "weighted": "加权负荷", "share": "任务占比"}


def render_markdown(report: WorkloadReport, title: str = "部门工作负荷报告", plan_sections: int = MAX_PLAN_SECTIONS,
                    departments: int = MAX_DEPARTMENTS) -> str:
    """The report as Markdown: summary, per-plan tables, comparisons, accountability.

    As in the HTML report, the first ``plan_sections`` plans get a section of their own and
    the follow-through section lists the ``departments`` departments with the most targets;
    a note counts the others (the CSV output has every row).

    >>> from rdflib import Graph
    >>> from kg.analysis.convert import EXAMPLE, to_networkx
    >>> from kg.report.model import build_report
    >>> text = render_markdown(build_report(to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))), plan_sections=0)
    >>> "### 责任矩阵" in text, text.splitlines()[-1]
    (False, '另有 1 个方案未单列章节：完整数据见 CSV 输出（kg report workload --format csv），单个方案可用 --plan 生成完整报告。')
    """
    w, s = report.weights, report.summary
    columns = UNIT_COLUMNS if report.by == "unit" else TYPE_COLUMNS
    parts = [
        f"# {title}\n",
        f"加权负荷 = 牵头任务数 × {w['lead']:g} + 配合任务数 × {w['responsible']:g}。\n",
        f"- 方案 {s['plans']} 个，辖区 {s['jurisdictions']} 个，任务 {s['tasks']} 项（无牵头单位 {s['tasks_without_lead']} 项）",
        f"- 责任单位 {s['units']} 个（未分类 {s['untyped_units']} 个），集合主体 {s['collectives']} 个，"
        f"分工 {s['assignments']} 条",
        f"- 任务设定的量化指标 {s['targets']} 项（可归属到责任单位，即责任矩阵的列）；"
        f"这些方案的全部量化指标 {s['targets_all']} 项（与 kg build 的 targets 相同，另含目标下的指标和已完成情况）\n",
    ]
    all_rows = [r for r in report.rows if r["plan"] == ALL]
    if all_rows:
        parts += ["## 跨方案合计\n", _table(all_rows, columns)]
    types = [r for r in report.type_rows if r["plan"] == (ALL if all_rows else (report.plans or [{}])[0].get("id"))]
    parts += ["## 按部门类型比较\n", _table(types, TYPE_COLUMNS)]
    if report.jurisdictions:
        parts += ["### 各辖区的部门类型分布\n", _table(report.jurisdictions, {
            "jurisdiction": "辖区", "unit_type_label": "部门类型", "units": "单位数", "weighted": "加权负荷",
            "share": "占辖区负荷"})]
    parts += ["## 协同负担\n", _table(report.pairs, {"unit_a": "单位甲", "unit_b": "单位乙", "shared": "共同任务"}),
              "## 隐性负荷：从不牵头却频繁配合\n",
              _table(report.hidden, {"unit": "单位", "responsible": "配合任务", "share": "任务占比", "plans": "方案数"})]
    if report.follow_through is not None:
        parts += _follow_through(report.follow_through, departments)
    rows_of = defaultdict(list)  # grouped once: thousands of plans
    for r in report.rows:
        rows_of[r["plan"]].append(r)
    for plan in report.plans[:plan_sections]:
        rows = rows_of[plan["id"]]
        parts += [f"## {md_text(plan['title'])}\n",
                  f"{md_text(plan['id'])} · {md_text(plan['jurisdiction'])} · 任务 {plan['tasks']} 项\n",
                  _table(rows, columns), "### 责任矩阵\n",
                  _table([{**r, "role": ROLE_LABELS.get(r["role"], r["role"])}
                          for r in report.accountability.of(plan["id"])],
                         {"unit": "单位", "role": "角色", "indicator": "指标", "value": "目标值", "year": "年份",
                          "quote": "原文"})]
    if len(report.plans) > plan_sections:
        parts.append(f"另有 {len(report.plans) - plan_sections} 个方案未单列章节：完整数据见 CSV 输出"
                     "（kg report workload --format csv），单个方案可用 --plan 生成完整报告。")
    return "\n".join(parts)



FOLLOW_COLUMNS = {"role": "角色", "indicator": "指标", "plan": "方案", "target_year": "年份", "target": "目标",
                  "result": "报告值", "report": "报告文件", "status_label": "完成情况"}


def _follow_through(section, departments: int) -> list[str]:
    parts = ["## 目标完成情况（按部门）\n", f"{FOLLOW_THROUGH_NOTE}\n", md_text(section.findings()) + "\n"]
    groups = section.departments()
    for group in largest_departments(groups, departments):
        parts += [f"### {md_text(group['department'])}\n", _table(display_rows(group["rows"]), FOLLOW_COLUMNS)]
    if len(groups) > departments:
        parts.append(f"另有 {len(groups) - departments} 个部门未列出（只列目标最多的 {departments} 个）：完整数据见 JSON 输出。\n")
    return parts
