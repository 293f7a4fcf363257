"""The workload report as one self-contained HTML page, from Jinja2 templates.

The page is laid out by ``templates/report.html.j2`` and its macros
(``templates/macros.html.j2``) with autoescape on: every string that comes from a
document -- unit names, task titles, quotes -- is escaped by the template engine, and
nothing from a document is ever marked safe. Only kg's own CSS and script are
inserted as they are. Everything is inline (CSS, the table-sorting script, SVG
charts): the page makes no network request.

Every figure leads to its source: each count in a table expands (``<details>``) to
the tasks behind it, each linked to the plan's task list, where the task's quoted text
and offsets are shown once, with the units named for it.

>>> from rdflib import Graph
>>> from kg.analysis.convert import EXAMPLE, to_networkx
>>> from kg.report.model import build_report
>>> page = render_html(build_report(to_networkx(Graph().parse(data=EXAMPLE, format="turtle"))))
>>> page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
True
>>> "https://" in page.split("<body>")[0], page.count("<svg")
(False, 3)
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..analysis.workload import ALL
from ..roles import ROLE_LABELS
from .assets import CSS, PAGE_JS
from .followthrough import FOLLOW_THROUGH_NOTE, display_rows, largest_departments
from .model import WorkloadReport
from .svg import bar_geometry

__all__ = ["render_html", "task_anchor", "summary_cards"]

TEMPLATES = Path(__file__).resolve().parent / "templates"

MAX_PLAN_SECTIONS = 100
"""Plans shown with their own section; the others are counted in a note (all are in the CSV)."""

MAX_TABLE_ROWS = 300
"""Rows of the cross-plan tables; the CSV has every row."""

MAX_DEPARTMENTS = 200
"""Departments of the follow-through section (those with the most targets), each with at most
:data:`MAX_TABLE_ROWS` rows; the JSON output has every row."""

MAX_JURISDICTIONS = 30
"""Columns of the jurisdiction x department-type matrix."""

QUOTE_CHARS = 240
"""Quotes longer than this are cut (the offsets locate the full text)."""

MAX_EVIDENCE = 60
"""Tasks listed under one count; longer lists end with how many more there are."""

TARGETS_PER_MATRIX = 16
"""Target columns per accountability table; more targets continue in a further table."""

UNIT_COLUMNS = ("goal_areas", "targets", "plans", "degree", "weighted_degree", "betweenness", "pagerank", "community")
TYPE_COLUMNS = ("weighted_per_unit", "targets", "jurisdictions", "plans")

CARDS = (
    ("plans", "方案", "报告涵盖的方案（文件）数"),
    ("jurisdictions", "辖区", "发布这些方案的辖区数"),
    ("tasks", "任务", "方案中带有分工的任务数"),
    ("tasks_without_lead", "无牵头任务", "没有写明牵头单位的任务数"),
    ("units", "责任单位", "被点名牵头或配合至少一项任务的单位数（各镇街等集合主体不计）"),
    ("collectives", "集合主体", "被点名的集合主体数，如 各镇街、区直各部门"),
    ("assignments", "分工", "任务与单位之间的分工条数（一个单位在一项任务中计一次）"),
    ("targets", "任务设定的指标", "由任务设定、可归属到责任单位的量化指标数（责任矩阵的列）"),
    ("targets_all", "全部量化指标", "图中这些方案的全部量化指标数，与 kg build 的 targets 相同；"
                                   "另含挂在目标下、不属于任何任务的指标和已完成情况"),
    ("untyped_units", "未分类单位", "部门类型词表未能归类的单位数"),
)
"""Summary cards: (summary key, label, what it counts)."""


def summary_cards(summary: dict) -> list[dict]:
    """The summary cards of the report: value, label and a sentence saying what is counted.

    >>> [c["label"] for c in summary_cards({k: 0 for k, _, _ in CARDS})][-3:]
    ['任务设定的指标', '全部量化指标', '未分类单位']
    """
    return [{"key": key, "label": label, "value": summary.get(key, 0), "help": help_}
            for key, label, help_ in CARDS if key in summary]


def task_anchor(task_iri: str) -> str:
    """The HTML id of a task's row in its plan's task list (stable, ASCII).

    >>> task_anchor("https://w3id.org/kg-policy/id/plan/a/task/0")
    't-c0edaf6eaec9'
    """
    return "t-" + hashlib.sha1(task_iri.encode("utf-8")).hexdigest()[:12]


def _num(value) -> str:
    if value is None or value == "":
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _quote(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


HTML_BUDGET_BYTES = 9_500_000
"""A page larger than this is laid out again with the smaller caps of :data:`REDUCED_CAPS`."""
REDUCED_CAPS = ((30, 200, 20, 50), (10, 100, 5, 20), (0, 50, 1, 10))
"""(plan sections, table rows, evidence per figure, follow-through departments) tried in turn while the
page exceeds the budget."""


class _Page:
    """One report being laid out: its rows indexed by scope, and the tables' cells."""

    def __init__(self, report: WorkloadReport, plan_sections: int = MAX_PLAN_SECTIONS):
        self.report = report
        self.shown_plans = report.plans[:plan_sections]
        self.linked = {p["id"] for p in self.shown_plans}
        self.rows = defaultdict(list)
        for row in report.rows:
            self.rows[row["plan"]].append(row)
        self.tasks_of = defaultdict(list)
        """Plan id -> its (task IRI, task) pairs, in the report's order."""
        for iri, task in report.tasks.items():
            self.tasks_of[task["plan"]].append((iri, task))
        self.units_by_type = defaultdict(list)
        for row in report.unit_rows:
            self.units_by_type[(row["plan"], row["unit_type"])].append(row)

    def evidence(self, row: dict) -> list[tuple[dict, str | None]]:
        """(assignment, unit name or None) behind a unit row or a type row."""
        scope = row["plan"]
        if "iri" in row:
            return [(a, None) for a in self.report.evidence.get((scope, row["iri"]), [])]
        return [(a, unit["unit"]) for unit in self.units_by_type[(scope, row["unit_type"])]
                for a in self.report.evidence.get((scope, unit["iri"]), [])]

    def type_matrix(self) -> dict | None:
        """Jurisdictions as columns, department types as rows: share of the jurisdiction's workload."""
        report = self.report
        if not report.jurisdictions:
            return None
        totals: dict = defaultdict(float)
        for r in report.jurisdictions:
            totals[r["jurisdiction"]] += r["weighted"]
        columns = sorted(totals, key=lambda j: (-totals[j], j))[:MAX_JURISDICTIONS]
        cells = {(r["jurisdiction"], r["unit_type"]): r for r in report.jurisdictions}
        rows = []
        for t in (r for r in report.type_rows if r["plan"] == ALL):
            row = []
            for j in columns:
                cell = cells.get((j, t["unit_type"]))
                row.append(None if cell is None else {**cell, "alpha": min(0.85, 0.08 + cell["share"] * 2.5)})
            rows.append({"label": t["unit_type_label"], "cells": row})
        return {"columns": columns, "rows": rows, "total": len(totals)}

    def accountability(self, plan_id: str) -> list[dict]:
        """Units x targets of one plan, in tables of at most :data:`TARGETS_PER_MATRIX` targets."""
        rows = self.report.accountability.of(plan_id)
        targets: dict = {}
        for r in rows:
            targets.setdefault(r["target_iri"], r)
        units = sorted({r["unit"] for r in rows})
        roles = {(r["unit"], r["target_iri"]): r["role"] for r in rows}
        order = list(targets)
        chunks = []
        for i in range(0, len(order), TARGETS_PER_MATRIX):
            chunk = order[i:i + TARGETS_PER_MATRIX]
            body = [(u, [roles.get((u, t)) for t in chunk]) for u in units if any((u, t) in roles for t in chunk)]
            chunks.append({"targets": [targets[t] for t in chunk], "rows": body})
        return chunks


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=False, lstrip_blocks=False)
    env.globals.update(
        ROLE_LABELS=ROLE_LABELS, UNIT_COLUMNS=UNIT_COLUMNS, TYPE_COLUMNS=TYPE_COLUMNS, MAX_EVIDENCE=MAX_EVIDENCE,
        MAX_TABLE_ROWS=MAX_TABLE_ROWS, FOLLOW_THROUGH_NOTE=FOLLOW_THROUGH_NOTE, display_rows=display_rows,
        largest_departments=largest_departments,
        task_anchor=task_anchor, num=_num, pct=_pct, quote=_quote, bars=bar_geometry,
    )
    return env


def render_html(report: WorkloadReport, title: str = "部门工作负荷报告", budget: int = HTML_BUDGET_BYTES) -> str:
    """The report as one HTML page (see the module documentation).

    A page over ``budget`` bytes (a corpus of hundreds of plans) is laid out again with
    fewer plan sections, table rows and quotes (:data:`REDUCED_CAPS`), saying so at the top;
    the CSV output keeps every row.
    """
    caps = [(MAX_PLAN_SECTIONS, MAX_TABLE_ROWS, MAX_EVIDENCE, MAX_DEPARTMENTS), *REDUCED_CAPS]
    for level, (sections, rows, evidence, departments) in enumerate(caps):
        text = _render(report, title, sections, rows, evidence, departments, reduced=level > 0)
        if len(text.encode("utf-8")) <= budget:
            break
    return text


def _render(report: WorkloadReport, title: str, sections: int, rows: int, evidence: int, departments: int,
            reduced: bool) -> str:
    page = _Page(report, plan_sections=sections)
    all_rows = page.rows[ALL]
    scope = ALL if all_rows else (report.plans[0]["id"] if report.plans else None)
    type_rows = [r for r in report.type_rows if r["plan"] == scope]
    return _environment().get_template("report.html.j2").render(
        title=title, report=report, page=page, weights=report.weights, all_rows=all_rows,
        label="unit" if report.by == "unit" else "unit_type", type_rows=type_rows[:rows] if reduced else type_rows,
        cards=summary_cards(report.summary), css=Markup(CSS), script=Markup(PAGE_JS),
        MAX_TABLE_ROWS=rows, MAX_EVIDENCE=evidence, MAX_DEPARTMENTS=departments, reduced=reduced,
    ) + "\n"
