"""The report's follow-through section: which promised figures later documents report as reached.

:func:`follow_through_section` runs the named queries ``target-follow-through`` (one
row per target, result and department) and ``follow-through-coverage`` (what could be
compared) over the RDF graph; the renderers lay the section out per department and
state what was found, also when nothing was.

>>> section = FollowThroughSection(rows=[], coverage=[])
>>> section.findings()
'图中没有归入指标词表的目标或完成情况，无法比对目标是否完成。'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..roles import ROLE_LABELS

__all__ = ["FollowThroughSection", "follow_through_section", "largest_departments", "display_rows", "NO_DEPARTMENT",
           "STATUS_ORDER", "FOLLOW_THROUGH_NOTE"]

FOLLOW_THROUGH_NOTE = ("同一辖区、同一年份、同一指标（指标词表 ontology/indicators.ttl）的目标，"
                       "与更晚文件中报告的完成情况相比对；只列出其年份已有后续文件报告完成情况的目标。")
"""What the section compares, as the report says it."""

COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "~": "约", "=": ""}

NO_DEPARTMENT = "（未落实到部门：方案总体目标）"
"""Heading of the targets set by a goal rather than by a task with named units."""

STATUS_ORDER = ("missed", "reached", "not-comparable", "not-reported")
"""Order of the statuses in a department's table: misses first."""


@dataclass
class FollowThroughSection:
    """Rows of ``target-follow-through`` and of ``follow-through-coverage``."""

    rows: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)

    def departments(self, limit: int | None = None) -> list[dict]:
        """``{"department", "rows"}`` per department (units first, then targets without one).

        With ``limit``, only the ``limit`` departments with the most rows, in the same order.

        >>> section = FollowThroughSection(rows=[{"department": d, "target": t, "status": "reached"}
        ...                                      for d, t in [("b", 1), ("a", 2), ("b", 3), ("", 4)]])
        >>> [(g["department"], len(g["rows"])) for g in section.departments(limit=2)]
        [('a', 1), ('b', 2)]
        """
        groups: dict[str, list[dict]] = {}
        for row in self.rows:
            groups.setdefault(row.get("department") or "", []).append(row)
        order = sorted(groups, key=lambda d: (d == "", d))
        rank = {s: i for i, s in enumerate(STATUS_ORDER)}
        found = [{"department": d or NO_DEPARTMENT, "rows": sorted(
                    groups[d], key=lambda r: (rank.get(r.get("status"), 9), r.get("plan") or "",
                                              r.get("indicator") or "", r.get("report") or "", r.get("role") or ""))}
                 for d in order]
        return found if limit is None else largest_departments(found, limit)

    def counts(self) -> Counter:
        """Status -> number of distinct (target, result) pairs, whatever the departments."""
        pairs = {(r["target"], r.get("result") or "", r["status"]) for r in self.rows}
        return Counter(status for _, _, status in pairs)

    def labels(self) -> dict[str, str]:
        """Status -> its Chinese label, as the ontology gives it."""
        return {r["status"]: r.get("status_label") or r["status"] for r in self.rows}

    def findings(self) -> str:
        """One plain sentence on what was found."""
        targets = sum(int(c.get("targets") or 0) for c in self.coverage)
        results = sum(int(c.get("results") or 0) for c in self.coverage)
        if not targets and not results:
            return "图中没有归入指标词表的目标或完成情况，无法比对目标是否完成。"
        target_years = sorted({c["year"] for c in self.coverage if int(c.get("targets") or 0) and c.get("year")})
        result_years = sorted({c["year"] for c in self.coverage if int(c.get("results") or 0) and c.get("year")})
        found = (f"图中归入指标词表的目标 {targets} 项（年份：{'、'.join(target_years) or '无'}），"
                 f"已完成情况 {results} 项（年份：{'、'.join(result_years) or '无'}）。")
        if not self.rows:
            return found + ("没有一项目标在同一辖区、同一年份、同一指标的后续文件中有完成情况可比对，"
                            "也没有后续文件报告这些目标年份的完成情况：尚无法判断这些目标是否完成。")
        n, labels = self.counts(), self.labels()
        reported = sum(v for k, v in n.items() if k != "not-reported")
        parts = [f"{labels.get(s, s)} {n[s]} 项" for s in ("reached", "missed", "not-comparable") if n[s]]
        text = found + f"后续文件报告了 {reported} 项目标–完成情况：{'，'.join(parts) or '无'}。" if reported else found
        if n["not-reported"]:
            text += f"另有 {n['not-reported']} 项目标，同一辖区后续文件报告了该年度的完成情况，却未提及这些指标（{labels['not-reported']}）。"
        return text


def largest_departments(groups: list[dict], limit: int) -> list[dict]:
    """The ``limit`` groups of :meth:`FollowThroughSection.departments` with the most rows, in their order.

    >>> [g["department"] for g in largest_departments([{"department": "a", "rows": [1]},
    ...                                                 {"department": "b", "rows": [1, 2]}], 1)]
    ['b']
    """
    kept = sorted(sorted(range(len(groups)), key=lambda i: -len(groups[i]["rows"]))[:limit])
    return [groups[i] for i in kept]


def follow_through_section(graph) -> FollowThroughSection:
    """The section's rows, queried from an RDF graph or dataset in kg's layout."""
    from ..sparql import query

    return FollowThroughSection(rows=list(query("target-follow-through", graph=graph, limit=None)),
                                coverage=list(query("follow-through-coverage", graph=graph, limit=None)))


def _number(text: str) -> str:
    """``9.0`` and ``9`` both as ``9``; a range ``6.0-7.0`` as ``6-7`` (stores write decimals differently)."""
    try:
        return "-".join(f"{float(part):g}" for part in text.split("-")) if text else ""
    except ValueError:
        return text


def _figure(change: str | None, comparator: str | None, value: str | None, unit: str | None) -> str:
    """``增长``, ``>=``, ``7``, ``%`` written as ``增长≥7%``."""
    if not value:
        return ""
    return f"{change or ''}{COMPARATOR_SIGNS.get(comparator or '=', '')}{_number(value)}{unit or ''}"


def display_rows(rows: list[dict]) -> list[dict]:
    """Rows of a department's table with the role in words and the figures written out.

    >>> display_rows([{"role": "lead", "change": "增长", "comparator": ">=", "target_value": "9", "target_unit": "%",
    ...                "result_change": "增长", "result_value": "8.2", "result_unit": "%"}])[0]["target"]
    '增长≥9%'
    """
    return [{**r, "role": ROLE_LABELS.get(r.get("role"), r.get("role") or ""),
             "target": _figure(r.get("change"), r.get("comparator"), r.get("target_value"), r.get("target_unit")),
             "result": _figure(r.get("result_change"), "=", r.get("result_value"), r.get("result_unit"))}
            for r in rows]
