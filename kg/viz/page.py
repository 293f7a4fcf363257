"""The pyvis network of a :class:`~kg.viz.select.Selection` and the offline page around it.

The page is one file: vis-network's JavaScript and CSS are read from the copies that
ship inside the pyvis package (``pyvis/templates/lib``) and inlined; pyvis's own
template, which links to CDNs, is not used. Node and edge data are embedded as JSON
with ``<``, ``>`` and ``&`` written as ``\\u003c`` escapes, so no text can close the
script. Tooltips are built from HTML-escaped text (lines joined with ``<br>``) and
handed to vis-network as elements; labels are drawn on the canvas as plain text.

Labels are placed so that the first view is readable, not a tangle: nodes are ranked by
size (``rank`` 0 is the largest) and only the largest :data:`LABELS_AT_FIRST_VIEW` get a
label, each only where it overlaps no label already placed. Zooming in makes room for
more labels (the budget grows with the zoom's area) and draws them larger on screen;
zooming out keeps them at a readable size. Edge labels (牵头 / 配合 / 集合) appear while
the pointer is on the edge.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from pathlib import Path

import pyvis
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pyvis.network import Network

from ..analysis.convert import WorkloadGraphs
from ..roles import ROLE_LABELS
from .select import Selection

__all__ = ["CLASS_STYLES", "ROLE_STYLES", "build_network", "render_page", "vis_assets"]

CLASS_STYLES = {
    # kind: (legend label, colour, shape)
    "plan": ("方案 Plan", "#e15759", "diamond"),
    "goal": ("目标 Goal", "#f28e2b", "triangle"),
    "task": ("任务 Task", "#76b7b2", "dot"),
    "unit": ("单位 Unit", "#4e79a7", "dot"),
    "collective": ("集合主体 Collective", "#9c755f", "square"),
    "project": ("项目 Project", "#59a14f", "box"),
    "place": ("地点 Place", "#edc948", "ellipse"),
    "target": ("指标 Target", "#b07aa1", "star"),
}
"""Colour and shape of each node class; also the legend."""

ROLE_STYLES = {
    # rel: (edge label, colour, dashes)
    "lead": (ROLE_LABELS["lead"], "#2f5d8a", False),
    "responsible": (ROLE_LABELS["responsible"], "#8fb3d9", True),
    "collective": (ROLE_LABELS["collective"], "#9c755f", True),
    "in_plan": ("", "#d0d0d0", False),
    "serves_goal": ("", "#f6b26b", False),
    "has_target": ("", "#c9a3c1", False),
    "names_project": ("", "#8cc084", False),
    "located_in": ("", "#e9d98b", False),
    "issuer": ("", "#e9d98b", False),
}
"""Label, colour and dash style of each edge; roles are labelled, structure is not."""

REL_NAMES = {"in_plan": "属于方案", "serves_goal": "服务目标", "has_target": "设定指标", "names_project": "涉及项目",
             "located_in": "位于", "issuer": "发布机关所在地"}

TOOLTIP_CHARS = 300

LABELS_AT_FIRST_VIEW = 15
"""Node labels drawn at the first view (the largest nodes whose labels do not overlap)."""

PAGE_CSS = """
body { margin: 0; font-family: -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
       "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; color: #1d2733; }
header { padding: 10px 16px 6px; border-bottom: 1px solid #d5dde6; }
h1 { font-size: 1.25em; margin: 0 0 4px; }
.message { margin: 2px 0 6px; color: #5b6877; font-size: 0.92em; }
.controls { display: flex; flex-wrap: wrap; gap: 14px; align-items: center; font-size: 0.9em; }
.legend .key { display: inline-flex; align-items: center; gap: 4px; margin-right: 10px; }
.legend .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; }
.legend .line { display: inline-block; width: 22px; border-top: 3px solid; }
.legend .line.dashed { border-top-style: dashed; }
#mynetwork { width: 100%; height: calc(100vh - 110px); min-height: 480px; }
.kg-tip { max-width: 420px; white-space: normal; font-size: 12px; line-height: 1.45; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>{{ vis_css }}</style>
<style>{{ page_css }}</style>
<script>{{ vis_js }}</script>
</head>
<body>
<header>
<h1>{{ title }}</h1>
<p id="kg-message" class="message">{{ message }}</p>
<div class="controls">
<label>查找节点 <input id="kg-search" type="search" placeholder="单位、任务或指标名称" size="22"></label>
<span id="kg-found" class="message"></span>
<span class="legend">
{%- for item in legend %}<span class="key"><span class="swatch" style="background: {{ item.color }}"></span>{{ item.label }}</span>{% endfor -%}
{%- for item in roles %}<span class="key"><span class="line{{ ' dashed' if item.dashes }}" style="border-color: {{ item.color }}"></span>{{ item.label }}</span>{% endfor -%}
</span>
</div>
</header>
<div id="mynetwork"></div>
<script>
(function () {
  function tip(html) {
    /* html was escaped in Python: document text never becomes markup */
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.innerHTML = html;
    return el;
  }
  var nodeData = {{ nodes|tojson }};
  var edgeData = {{ edges|tojson }};
  var FIRST_VIEW = {{ first_view }};
  nodeData.forEach(function (n) {
    if (n.title) { n.title = tip(n.title); }
    n.fullLabel = n.label || ""; n.label = "";  /* placed by placeLabels */
  });
  edgeData.forEach(function (e, i) { e.id = "e" + i; if (e.title) { e.title = tip(e.title); } });
  var nodes = new vis.DataSet(nodeData);
  var edges = new vis.DataSet(edgeData);
  var options = {{ options|tojson }};
  var box = document.getElementById("mynetwork");
  var network = new vis.Network(box, {nodes: nodes, edges: edges}, options);
  var measure = document.createElement("canvas").getContext("2d");
  var firstScale = null;
  var shownLabels = [];
  function placeLabels() {
    /* the largest nodes first; a label is drawn only where it overlaps none already placed */
    var scale = network.getScale();
    if (firstScale === null) { firstScale = scale; }
    var budget = Math.max(FIRST_VIEW, Math.round(FIRST_VIEW * Math.pow(scale / firstScale, 2)));
    var px = Math.max(12, Math.min(13 * scale / firstScale, 22));  /* on-screen size grows with the zoom */
    var fontSize = px / scale;
    var positions = network.getPositions();
    var width = box.clientWidth, height = box.clientHeight;
    var placed = [], updates = [];
    measure.font = px + "px " + getComputedStyle(document.body).fontFamily;
    nodes.get({fields: ["id", "rank", "fullLabel", "label", "size", "shape"]})
      .sort(function (a, b) { return a.rank - b.rank; })
      .forEach(function (n) {
        var label = "";
        if (placed.length < budget && n.fullLabel && positions[n.id]) {
          var p = network.canvasToDOM(positions[n.id]);
          var w = measure.measureText(n.fullLabel).width + 8, h = px * 1.4, r = (n.size || 10) * scale;
          var b = (n.shape === "box" || n.shape === "ellipse")  /* label inside the node */
            ? {id: n.id, x1: p.x - w / 2 - 8, x2: p.x + w / 2 + 8, y1: p.y - h / 2 - 6, y2: p.y + h / 2 + 6}
            : {id: n.id, x1: Math.min(p.x - w / 2, p.x - r), x2: Math.max(p.x + w / 2, p.x + r),
               y1: p.y - r, y2: p.y + r + h};
          var inside = b.x2 > 0 && b.x1 < width && b.y2 > 0 && b.y1 < height;
          var free = placed.every(function (o) { return b.x2 < o.x1 || b.x1 > o.x2 || b.y2 < o.y1 || b.y1 > o.y2; });
          if (inside && free) { placed.push(b); label = n.fullLabel; }
        }
        if (label !== n.label) { updates.push({id: n.id, label: label}); }
      });
    network.setOptions({nodes: {font: {size: fontSize}}});
    nodes.update(updates);
    shownLabels = placed;
    window.kgLabelSize = px;
  }
  var pending = null;
  function placeSoon() { if (pending) { clearTimeout(pending); } pending = setTimeout(placeLabels, 60); }
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    network.fit({animation: false});
    placeLabels();
  });
  network.on("zoom", placeSoon);
  network.on("dragEnd", placeSoon);
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (e && e.role) { edges.update({id: p.edge, label: e.role}); }
  });
  network.on("blurEdge", function (p) { edges.update({id: p.edge, label: ""}); });
  window.network = network;
  window.kgLabels = function () { return shownLabels.slice(); };
  var search = document.getElementById("kg-search");
  var found = document.getElementById("kg-found");
  search.addEventListener("change", function () {
    var q = search.value.trim().toLowerCase();
    if (!q) { network.unselectAll(); found.textContent = ""; return; }
    var ids = nodes.getIds({filter: function (n) { return (n.search || "").toLowerCase().indexOf(q) >= 0; }});
    network.selectNodes(ids);
    found.textContent = "找到 " + ids.length + " 个节点";
    if (ids.length) { network.fit({nodes: ids, animation: false}); }
  });
})();
</script>
</body>
</html>
"""


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """(vis-network JavaScript, CSS) from the pyvis package's bundled copy."""
    lib = Path(pyvis.__file__).resolve().parent / "templates" / "lib"
    folders = sorted(lib.glob("vis-*"), key=lambda p: [int(x) for x in p.name[4:].split(".") if x.isdigit()])
    if not folders:
        raise FileNotFoundError(f"vis-network is missing from the pyvis package ({lib})")
    js = (folders[-1] / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folders[-1] / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():
        raise ValueError("the bundled vis-network files cannot be inlined")
    return js, css


def _tip(*lines) -> str:
    """Tooltip HTML: every line escaped, long lines cut, joined with <br>."""
    out = []
    for line in lines:
        if line is None or line == "":
            continue
        text = " ".join(str(line).split())
        if len(text) > TOOLTIP_CHARS:
            text = text[: TOOLTIP_CHARS - 1] + "…"
        out.append(escape(text, quote=True))
    return "<br>".join(out)


def _short(text: str, n: int = 16) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _node(graphs: WorkloadGraphs, n: str, selection: Selection, max_weighted: float) -> dict:
    a = graphs.graph.nodes[n]
    kind = a["kind"]
    label, color, shape = CLASS_STYLES.get(kind, (kind, "#bab0ac", "dot"))
    size, title = 10, _tip(label, a.get("label"))
    if kind == "unit":
        load = selection.workload.get(n, {"led": 0, "responsible": 0, "weighted": 0})
        size = 10 + 26 * math.sqrt(load["weighted"] / max_weighted) if max_weighted else 10
        title = _tip(f"单位：{a['label']}", f"辖区：{a.get('jurisdiction') or '—'}",
                     f"部门类型：{a.get('unit_type_label') or '未分类'}",
                     f"牵头 {load['led']} 项 · 配合 {load['responsible']} 项 · 加权 {load['weighted']:g}",
                     "原文写作：" + "、".join(a.get("alt_labels", ())) if a.get("alt_labels") else None)
    elif kind == "task":
        size = 8
        title = _tip(f"任务：{a['label']}", f"方案：{a.get('plan_id')}", f"章节：{a.get('section_path') or '—'}",
                     f"原文（第{a.get('start')}–{a.get('end')}字）：{a.get('quote') or ''}")
    elif kind == "plan":
        size = 24
        title = _tip(f"方案：{a['label']}", f"编号：{a.get('id')}", f"发布：{a.get('jurisdiction') or '—'}",
                     f"日期：{a.get('date') or '—'}")
    elif kind == "target":
        title = _tip(f"指标：{a.get('indicator')}", f"目标值：{a.get('value_text')}",
                     f"年份：{a.get('year') or '—'}", f"原文：{a.get('quote') or ''}")
    elif kind in ("goal", "project"):
        title = _tip(f"{label}：{a['label']}", f"原文：{a.get('quote') or ''}")
    text = " ".join(str(x) for x in (a.get("label"), *a.get("alt_labels", ()), a.get("indicator")) if x)
    return {"label": _short(a.get("label") or n), "title": title, "color": color, "shape": shape,
            "size": round(size, 1), "kind": kind, "search": text}


def build_network(graphs: WorkloadGraphs, selection: Selection) -> Network:
    """The pyvis network of the selected nodes and the edges between them."""
    G, B = graphs.graph, graphs.bipartite
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    shown = selection.nodes()
    keep = set(shown)
    max_weighted = max((v["weighted"] for v in selection.workload.values()), default=0)
    nodes = {n: _node(graphs, n, selection, max_weighted) for n in shown}
    order = sorted(shown, key=lambda n: (-nodes[n]["size"], KIND_ORDER.get(nodes[n]["kind"], 9), nodes[n]["label"], n))
    for rank, n in enumerate(order):
        net.add_node(n, rank=rank, **nodes[n])
    for t in selection.tasks:
        for agent, edge in sorted(B[t].items()):
            if agent not in keep:
                continue
            label, color, dashes = ROLE_STYLES[edge["role"]]
            net.add_edge(agent, t, role=label, color=color, dashes=dashes, width=2 if edge["role"] == "lead" else 1,
                         title=_tip(f"{label}：{G.nodes[agent]['label']} → {G.nodes[t]['label']}",
                                    f"原文写作：{edge.get('surface')}" if edge.get("surface") else None,
                                    f"引文（第{edge.get('start')}–{edge.get('end')}字）：{edge.get('quote')}"
                                    if edge.get("quote") else None))
    for n in shown:
        if G.nodes[n]["kind"] in ("unit", "collective"):
            continue
        for _, o, rel in sorted(G.out_edges(n, keys=True)):
            if o in keep and rel in REL_NAMES:
                _, color, dashes = ROLE_STYLES[rel]
                net.add_edge(n, o, color=color, dashes=dashes, width=1, title=_tip(REL_NAMES[rel]))
    net.set_options(json.dumps(_options(len(shown))))
    return net


KIND_ORDER = {kind: i for i, kind in enumerate(CLASS_STYLES)}
"""Ties in size are labelled in the legend's order (plans first)."""


def _options(n_nodes: int) -> dict:
    return {
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "springConstant": 0.06,
                                 "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 250 if n_nodes < 800 else 120, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": True},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "font": {"size": 10, "align": "middle", "strokeWidth": 3}},
        "nodes": {"font": {"size": 12, "strokeWidth": 3, "strokeColor": "#ffffff"}, "borderWidth": 1},
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes < 300},
    }


_ENV = Environment(loader=DictLoader({"page.html": TEMPLATE}), autoescape=True)


def render_page(net: Network, title: str, message: str) -> str:
    """The offline HTML page of a pyvis network."""
    nodes, edges, _, _, _, options = net.get_network_data()
    js, css = vis_assets()
    legend = [{"label": label, "color": color} for label, color, _ in CLASS_STYLES.values()]
    roles = [{"label": ROLE_STYLES[r][0], "color": ROLE_STYLES[r][1], "dashes": ROLE_STYLES[r][2]}
             for r in ("lead", "responsible", "collective")]
    return _ENV.get_template("page.html").render(
        title=title, message=message, nodes=nodes, edges=edges,
        options=json.loads(options) if isinstance(options, str) else options,
        vis_js=Markup(js), vis_css=Markup(css), page_css=Markup(PAGE_CSS), legend=legend, roles=roles,
        first_view=LABELS_AT_FIRST_VIEW,
    )
