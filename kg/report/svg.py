"""Geometry of the report's horizontal bar charts: weighted workload split by role.

Each bar is the lead part followed by the co-responsible part, both from
:func:`kg.analysis.workload.load_parts` (the one workload formula). Only numbers and
the names to show are computed here; the SVG itself is drawn by the report's
template (``templates/macros.html.j2``, ``bar_chart``), which escapes every name.

>>> chart = bar_geometry([{"unit": "区<财政>局", "led": 2, "responsible": 1, "weighted": 2.5}],
...                      {"lead": 1.0, "responsible": 0.5})
>>> bar = chart["bars"][0]
>>> bar["name"], round(bar["w_lead"] / (bar["w_lead"] + bar["w_resp"]), 2)
('区<财政>局', 0.8)
"""

from __future__ import annotations

from ..analysis.workload import load_parts

__all__ = ["bar_geometry"]

WIDTH = 760
LABEL_WIDTH = 280
VALUE_WIDTH = 60
ROW_HEIGHT = 22
TOP = 34
NAME_CHARS = 18


def bar_geometry(rows: list[dict], weights: dict, label: str = "unit", n: int = 15) -> dict:
    """Sizes and positions of a chart of the first ``n`` rows (rows already sorted)."""
    rows = rows[:n]
    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 10
    scale_max = max((r["weighted"] for r in rows), default=0) or 1.0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10
    bars = []
    for i, row in enumerate(rows):
        name = str(row.get(label) or row.get("unit_type_label") or "(未分类)")
        if label == "unit_type":
            name = str(row.get("unit_type_label") or name)
        lead, resp = load_parts(row["led"], row["responsible"], weights)
        bars.append({
            "name": name, "short": name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…",
            "y": TOP + i * ROW_HEIGHT, "led": row["led"], "responsible": row["responsible"],
            "weighted": row["weighted"], "w_lead": span * lead / scale_max, "w_resp": span * resp / scale_max,
        })
    return {"width": WIDTH, "height": height, "label_width": LABEL_WIDTH, "top": TOP,
            "bar_height": ROW_HEIGHT - 6, "bars": bars}
