"""Inline SVG bar charts: weighted workload per unit or department type, split by role.

Each bar is the lead part (``led * weights["lead"]``) followed by the co-responsible
part; every text is escaped, so names from documents are shown, never interpreted.

>>> svg = bar_chart([{"unit": "区<财政>局", "led": 2, "responsible": 1, "weighted": 2.5}],
...                 {"lead": 1.0, "responsible": 0.5}, title="示例")
>>> "区&lt;财政&gt;局" in svg and "<script" not in svg
True
>>> svg.count('class="lead"'), svg.count('class="responsible"')
(2, 2)
"""

from __future__ import annotations

from html import escape

from ..analysis.workload import load_parts
from ..roles import ROLE_LABELS

__all__ = ["bar_chart"]

WIDTH = 760
LABEL_WIDTH = 280
VALUE_WIDTH = 60
ROW_HEIGHT = 22
TOP = 34


def _fmt(value: float) -> str:
    return f"{value:g}"


def bar_chart(rows: list[dict], weights: dict, *, label: str = "unit", n: int = 15, title: str = "") -> str:
    """A horizontal bar chart of the first ``n`` rows (rows already sorted)."""
    rows = rows[:n]
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 10
    scale_max = max((r["weighted"] for r in rows), default=0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10
    parts = [
        f'<svg class="bars" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}">',
        f'<rect class="lead" x="{LABEL_WIDTH}" y="8" width="12" height="12"/>'
        f'<text x="{LABEL_WIDTH + 16}" y="18">牵头 ×{_fmt(weights["lead"])}</text>'
        f'<rect class="responsible" x="{LABEL_WIDTH + 110}" y="8" width="12" height="12"/>'
        f'<text x="{LABEL_WIDTH + 126}" y="18">配合 ×{_fmt(weights["responsible"])}</text>',
    ]
    for i, row in enumerate(rows):
        y = TOP + i * ROW_HEIGHT
        name = str(row.get(label) or row.get("unit_type_label") or "(未分类)")
        if label == "unit_type":
            name = str(row.get("unit_type_label") or name)
        lead, resp = load_parts(row["led"], row["responsible"], weights)
        w_lead = span * lead / scale_max
        w_resp = span * resp / scale_max
        tip = escape(f"{name}: 牵头 {row['led']}，配合 {row['responsible']}，加权 {_fmt(row['weighted'])}")
        short = name if len(name) <= 18 else name[:17] + "…"
        parts.append(
            f'<g><title>{tip}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{escape(short)}</text>'
            f'<rect class="lead" x="{LABEL_WIDTH}" y="{y + 3}" width="{w_lead:.1f}" height="{ROW_HEIGHT - 6}"/>'
            f'<rect class="responsible" x="{LABEL_WIDTH + w_lead:.1f}" y="{y + 3}" width="{w_resp:.1f}" '
            f'height="{ROW_HEIGHT - 6}"/>'
            f'<text x="{LABEL_WIDTH + w_lead + w_resp + 6:.1f}" y="{y + 15}">{_fmt(row["weighted"])}</text></g>'
        )
    if not rows:
        parts.append(f'<text x="{LABEL_WIDTH}" y="{TOP + 15}">（无数据）</text>')
    parts.append("</svg>")
    return "".join(parts)
