"""The workload report as one self-contained HTML page.

Everything is inline (CSS, the table-sorting script, SVG charts): the page makes no
network request. Every string that comes from a document -- unit names, task titles,
quotes -- is escaped with :func:`html.escape`, so a document cannot inject markup.

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
from html import escape

from ..analysis.workload import ALL
from .assets import CSS, PAGE_JS
from ..roles import ROLE_LABELS
from .model import WorkloadReport
from .svg import bar_chart

__all__ = ["render_html", "task_anchor"]

MAX_PLAN_SECTIONS = 100
"""Plans shown with their own section; the others are counted in a note (all are in the CSV)."""

MAX_TABLE_ROWS = 300
"""Rows of the cross-plan tables; the CSV has every row."""

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


def _e(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _num(value) -> str:
    if value is None or value == "":
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _quote(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def _th(label: str, numeric: bool = False) -> str:
    return f'<th data-type="num" class="num">{_e(label)}</th>' if numeric else f"<th>{_e(label)}</th>"


def _role_tag(role: str | None) -> str:
    return f'<span class="tag {_e(role)}">{_e(ROLE_LABELS[role])}</span>' if role else ""


def task_anchor(task_iri: str) -> str:
    """The HTML id of a task's row in its plan's task list (stable, ASCII).

    >>> task_anchor("https://w3id.org/kg-policy/id/plan/a/task/0")
    't-c0edaf6eaec9'
    """
    return "t-" + hashlib.sha1(task_iri.encode("utf-8")).hexdigest()[:12]


class _Page:
    """One report being laid out, with its rows indexed by scope."""

    def __init__(self, report: WorkloadReport):
        self.report = report
        self.shown_plans = report.plans[:MAX_PLAN_SECTIONS]
        self.linked = {p["id"] for p in self.shown_plans}
        self.rows = defaultdict(list)
        for row in report.rows:
            self.rows[row["plan"]].append(row)
        self.units_by_type = defaultdict(list)
        for row in report.unit_rows:
            self.units_by_type[(row["plan"], row["unit_type"])].append(row)

    # -- evidence ---------------------------------------------------------------------

    def evidence(self, row: dict) -> list[tuple[dict, str | None]]:
        """(assignment, unit name or None) behind a unit row or a type row."""
        scope = row["plan"]
        if "iri" in row:
            return [(a, None) for a in self.report.evidence.get((scope, row["iri"]), [])]
        return [(a, unit["unit"]) for unit in self.units_by_type[(scope, row["unit_type"])]
                for a in self.report.evidence.get((scope, unit["iri"]), [])]

    def evidence_item(self, assignment: dict, unit: str | None) -> str:
        task = self.report.tasks[assignment["task_iri"]]
        label = _e(task["task"])
        if task["plan"] in self.linked:
            label = f'<a href="#{task_anchor(assignment["task_iri"])}">{label}</a>'
        parts = [f"<li>{_role_tag(assignment['role'])} "]
        if unit:
            parts.append(f"{_e(unit)} · ")
        parts.append(f'{label} <span class="muted">{_e(task["plan"])}</span>')
        if assignment.get("surface"):
            parts.append(f' <span class="muted">原文写作：{_e(assignment["surface"])}</span>')
        if task["plan"] not in self.linked:  # no task list on this page: quote here
            parts.append(f"<blockquote>{_e(_quote(task['quote']))}</blockquote>")
        parts.append("</li>")
        return "".join(parts)

    def evidence_cell(self, count: int, items: list[tuple[dict, str | None]]) -> str:
        """A count that expands to the tasks behind it."""
        if not count or not items:
            return f'<td class="num" data-sort="{count}">{count}</td>'
        body = "".join(self.evidence_item(a, unit) for a, unit in items[:MAX_EVIDENCE])
        if len(items) > MAX_EVIDENCE:
            body += f'<li class="muted">另有 {len(items) - MAX_EVIDENCE} 项（可用 --plan 生成单个方案的报告）</li>'
        return (f'<td class="num" data-sort="{count}"><details><summary>{count}</summary>'
                f"<ol>{body}</ol></details></td>")

    # -- tables -----------------------------------------------------------------------

    def workload_table(self, rows: list[dict], by: str) -> str:
        by_unit = by == "unit"
        head = ["单位", "辖区", "部门类型"] if by_unit else ["部门类型", "单位数"]
        numeric = ["牵头", "配合", "任务", "加权负荷", "任务占比"]
        numeric += ["目标领域", "指标", "方案数", "度", "加权度", "介数中心性", "PageRank", "社区"] if by_unit else \
            ["人均负荷", "指标", "辖区数", "方案数"]
        out = ['<table class="sortable workload"><thead><tr>', "".join(_th(h) for h in head),
               "".join(_th(h, True) for h in numeric), "</tr></thead><tbody>"]
        for row in rows:
            evidence = self.evidence(row)
            type_label = row["unit_type_label"] or ("(未分类)" if not row["unit_type"] else row["unit_type"])
            if by_unit:
                cells = [f'<td data-sort="{_e(row["unit"])}">{_e(row["unit"])}</td>',
                         f"<td>{_e(row['jurisdiction'])}</td>", f"<td>{_e(type_label)}</td>"]
            else:
                cells = [f"<td>{_e(type_label)}</td>", f'<td class="num">{row["units"]}</td>']
            cells += [self.evidence_cell(row["led"], [x for x in evidence if x[0]["role"] == "lead"]),
                      self.evidence_cell(row["responsible"], [x for x in evidence if x[0]["role"] == "responsible"]),
                      f'<td class="num">{row["tasks"]}</td>', f'<td class="num">{_num(row["weighted"])}</td>',
                      f'<td class="num" data-sort="{row["share"]}">{_pct(row["share"])}</td>']
            cells += [f'<td class="num">{_num(row[k])}</td>' for k in (UNIT_COLUMNS if by_unit else TYPE_COLUMNS)]
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody></table>")
        return "".join(out)

    def task_list(self, plan_id: str) -> str:
        """Every task of a plan once: its units by role and its quoted text."""
        rows = []
        for iri, task in self.report.tasks.items():
            if task["plan"] != plan_id:
                continue
            units = "".join(f"<div>{_role_tag(role)} {_e('、'.join(task[role]))}</div>"
                            for role in ROLE_LABELS if task[role])
            where = f"第{task['start']}–{task['end']}字" if task.get("start") is not None else ""
            rows.append(f'<tr id="{task_anchor(iri)}"><td>{_e(task["task"])}'
                        f'<div class="muted">{_e(task["section"])}</div></td><td>{units}</td>'
                        f'<td><blockquote>{_e(_quote(task["quote"]))}</blockquote>'
                        f'<div class="muted">{_e(where)}</div></td></tr>')
        return ('<table class="tasks"><thead><tr><th>任务</th><th>责任单位</th><th>原文</th></tr></thead>'
                f'<tbody>{"".join(rows)}</tbody></table>')

    def type_table(self, rows: list[dict]) -> str:
        if not rows:
            return '<p class="muted">（无数据）</p>'
        return (bar_chart(rows, self.report.weights, label="unit_type", title="按部门类型的工作负荷")
                + self.workload_table(rows, "type"))

    def type_matrix(self) -> str:
        """Jurisdictions as columns, department types as rows: share of the jurisdiction's workload."""
        report = self.report
        if not report.jurisdictions:
            return ""
        totals: dict = defaultdict(float)
        for r in report.jurisdictions:
            totals[r["jurisdiction"]] += r["weighted"]
        columns = sorted(totals, key=lambda j: (-totals[j], j))[:MAX_JURISDICTIONS]
        cells = {(r["jurisdiction"], r["unit_type"]): r for r in report.jurisdictions}
        out = ['<table class="sortable matrix"><thead><tr>', _th("部门类型"),
               "".join(_th(j, True) for j in columns), "</tr></thead><tbody>"]
        for t in (r for r in report.type_rows if r["plan"] == ALL):
            row = [f"<td>{_e(t['unit_type_label'])}</td>"]
            for j in columns:
                cell = cells.get((j, t["unit_type"]))
                if cell is None:
                    row.append('<td class="heat" data-sort="0"></td>')
                    continue
                alpha = min(0.85, 0.08 + cell["share"] * 2.5)
                row.append(f'<td class="heat" data-sort="{cell["share"]}" style="background: rgba(47,93,138,'
                           f'{alpha:.2f}); color: {"#fff" if alpha > 0.45 else "inherit"}" '
                           f'title="加权 {_num(cell["weighted"])}">{_pct(cell["share"])}</td>')
            out.append("<tr>" + "".join(row) + "</tr>")
        out.append("</tbody></table>")
        if len(totals) > len(columns):
            out.append(f'<p class="note">只列出负荷最大的 {len(columns)} 个辖区（共 {len(totals)} 个）；'
                       "完整数据见 JSON 输出。</p>")
        return "".join(out)

    def pairs(self) -> str:
        if not self.report.pairs:
            return '<p class="muted">没有共同承担两项以上任务的单位。</p>'
        rows = []
        for p in self.report.pairs[:MAX_TABLE_ROWS]:
            tasks = "".join(f"<li>{self._task_link(iri)}</li>" for iri in p["task_iris"])
            rows.append(f'<tr><td>{_e(p["unit_a"])}</td><td>{_e(p["unit_b"])}</td>'
                        f'<td class="num" data-sort="{p["shared"]}"><details><summary>{p["shared"]}</summary>'
                        f"<ul>{tasks}</ul></details></td></tr>")
        return ('<table class="sortable pairs"><thead><tr>' + _th("单位甲") + _th("单位乙") + _th("共同任务", True)
                + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def _task_link(self, iri: str) -> str:
        task = self.report.tasks.get(iri)
        if task is None:
            return ""
        label = _e(task["task"])
        if task["plan"] in self.linked:
            return f'<a href="#{task_anchor(iri)}">{label}</a> <span class="muted">{_e(task["plan"])}</span>'
        return f'{label} <span class="muted">{_e(task["plan"])}</span>'

    def hidden(self) -> str:
        if not self.report.hidden:
            return '<p class="muted">没有从不牵头却承担多项任务的单位。</p>'
        rows = "".join(
            f'<tr><td>{_e(h["unit"])}</td><td>{_e(h["jurisdiction"])}</td><td>{_e(h["unit_type_label"])}</td>'
            f'<td class="num">{h["responsible"]}</td><td class="num" data-sort="{h["share"]}">{_pct(h["share"])}</td>'
            f'<td class="num">{h["plans"]}</td><td class="num">{h["goal_areas"]}</td></tr>'
            for h in self.report.hidden[:MAX_TABLE_ROWS])
        return ('<table class="sortable hidden-load"><thead><tr>' + _th("单位") + _th("辖区") + _th("部门类型")
                + "".join(_th(h, True) for h in ("配合任务", "任务占比", "方案数", "目标领域"))
                + "</tr></thead><tbody>" + rows + "</tbody></table>")

    def accountability(self, plan_id: str) -> str:
        """Units x targets of one plan: which role each unit has for each target."""
        rows = [r for r in self.report.accountability if r["plan"] == plan_id]
        if not rows:
            return '<p class="muted">本方案的任务中没有可归属到单位的量化指标。</p>'
        targets: dict = {}
        for r in rows:
            targets.setdefault(r["target_iri"], r)
        units = sorted({r["unit"] for r in rows})
        roles = {(r["unit"], r["target_iri"]): r["role"] for r in rows}
        order = list(targets)
        out = []
        for i in range(0, len(order), TARGETS_PER_MATRIX):
            chunk = order[i:i + TARGETS_PER_MATRIX]
            head = "".join(
                f'<th class="target"><details><summary>{_e(targets[t]["indicator"])} {_e(targets[t]["value"])}'
                f'{" · " + _e(targets[t]["year"]) + "年" if targets[t]["year"] else ""}</summary>'
                f'<blockquote>{_e(_quote(targets[t]["quote"]))}</blockquote>'
                f'<div class="muted">任务：{self._task_link(targets[t]["task_iri"])}</div></details></th>'
                for t in chunk)
            body = []
            for u in units:
                if any((u, t) in roles for t in chunk):
                    cells = "".join(f'<td class="cell">{_role_tag(roles.get((u, t)))}</td>' for t in chunk)
                    body.append(f"<tr><td>{_e(u)}</td>{cells}</tr>")
            out.append(f'<table class="matrix accountability"><thead><tr><th>单位</th>{head}</tr></thead>'
                       f'<tbody>{"".join(body)}</tbody></table>')
        return "".join(out)

    # -- sections ---------------------------------------------------------------------

    def plan_section(self, plan: dict) -> str:
        rows = self.rows[plan["id"]]
        label = "unit" if self.report.by == "unit" else "unit_type"
        meta = " · ".join(_e(x) for x in (plan["id"], plan["jurisdiction"], plan["date"], plan["genre"]) if x)
        return (
            f'<section class="plan" id="plan-{_e(plan["id"])}"><h2>{_e(plan["title"])}</h2>'
            f'<p class="muted">{meta}</p>'
            f'<p>任务 {plan["tasks"]} 项（无牵头单位 {plan["tasks_without_lead"]} 项），责任单位 {plan["units"]} 个，'
            f'量化指标 {plan["targets"]} 项。</p>'
            + bar_chart(rows, self.report.weights, label=label, title=f"{plan['title']} 工作负荷")
            + self.workload_table(rows, self.report.by)
            + f"<h3>责任矩阵：单位 × 指标</h3>{self.accountability(plan['id'])}"
            + f"<details><summary>任务与原文（{plan['tasks']} 项）</summary>{self.task_list(plan['id'])}</details>"
            + "</section>"
        )

    def render(self, title: str) -> str:
        report, w = self.report, self.report.weights
        label = "unit" if report.by == "unit" else "unit_type"
        all_rows = self.rows[ALL]
        nav = "".join(f'<li><a href="#plan-{_e(p["id"])}">{_e(p["title"])}</a></li>' for p in self.shown_plans)
        body = [
            "<header>", f"<h1>{_e(title)}</h1>",
            f'<p class="muted">加权负荷 = 牵头任务数 × {_num(w["lead"])} + 配合任务数 × {_num(w["responsible"])}；'
            "点击表头排序，点击数字查看对应任务，点击任务查看原文。</p>",
            '<nav><ul><li><a href="#summary">概览</a></li>',
            '<li><a href="#all">跨方案合计</a></li>' if all_rows else "",
            '<li><a href="#types">按部门类型比较</a></li><li><a href="#pairs">协同负担</a></li>'
            '<li><a href="#hidden">隐性负荷</a></li>', nav, "</ul></nav></header><main>",
            f'<section id="summary"><h2>概览</h2>{_figures(report.summary)}',
        ]
        if report.untyped:
            items = "".join(f"<li>{_e(u)}</li>" for u in report.untyped)
            body.append(f"<details><summary>未能归入部门类型的单位（{len(report.untyped)}）：可补充到部门类型词表"
                        f"</summary><ul>{items}</ul></details>")
        body.append("</section>")
        if all_rows:
            shown = all_rows[:MAX_TABLE_ROWS]
            note = (f'<p class="note">表中列出负荷最高的 {len(shown)} 行（共 {len(all_rows)} 行）；完整数据见 CSV 输出。</p>'
                    if len(all_rows) > len(shown) else "")
            body.append('<section id="all"><h2>跨方案合计</h2>'
                        + bar_chart(all_rows, w, label=label, n=20, title="跨方案工作负荷")
                        + note + self.workload_table(shown, report.by) + "</section>")
        scope = ALL if all_rows else (report.plans[0]["id"] if report.plans else None)
        body.append('<section id="types"><h2>按部门类型比较</h2>'
                    '<p class="muted">各类职能部门承担的任务与负荷；下表再按辖区列出每类部门占该辖区总负荷的比例。</p>'
                    + self.type_table([r for r in report.type_rows if r["plan"] == scope])
                    + self.type_matrix() + "</section>")
        body.append(f'<section id="pairs"><h2>协同负担：经常共同承担任务的单位</h2>{self.pairs()}</section>')
        body.append(f'<section id="hidden"><h2>隐性负荷：从不牵头却频繁配合的单位</h2>{self.hidden()}</section>')
        body += [self.plan_section(p) for p in self.shown_plans]
        if len(report.plans) > len(self.shown_plans):
            body.append(f'<p class="note">另有 {len(report.plans) - len(self.shown_plans)} 个方案未单独列出；'
                        "请用 --plan 单独生成，或查看 CSV 输出。</p>")
        body.append("</main>")
        return ("<!DOCTYPE html>\n"
                '<html lang="zh-CN"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{_e(title)}</title><style>{CSS}</style></head>\n<body>"
                + "\n".join(body) + f"\n<script>{PAGE_JS}</script></body></html>\n")


def _figures(summary: dict) -> str:
    labels = [("plans", "方案"), ("jurisdictions", "辖区"), ("tasks", "任务"), ("tasks_without_lead", "无牵头任务"),
              ("units", "责任单位"), ("collectives", "集合主体"), ("assignments", "分工"), ("targets", "量化指标"),
              ("untyped_units", "未分类单位")]
    return '<dl class="figures">' + "".join(
        f"<div><dt>{_e(label)}</dt><dd>{summary[key]}</dd></div>" for key, label in labels) + "</dl>"


def render_html(report: WorkloadReport, title: str = "部门工作负荷报告") -> str:
    """The report as one HTML page (see the module documentation)."""
    return _Page(report).render(title)
