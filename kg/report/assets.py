"""The inline CSS and JavaScript of the HTML report (the page fetches nothing).

The script does two things: a click (or Enter) on a column header orders the rows by
the cells' ``data-sort`` values, numerically when the column is marked
``data-type="num"``; a click on a link to a task opens the collapsed sections that hold
the task, so the browser can scroll to it. It never reads document text.
"""

from __future__ import annotations

FONT_STACK = ('-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
              '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Segoe UI", sans-serif')
"""System fonts with Chinese glyphs on macOS, Windows and Linux (none is downloaded)."""

CSS = """
:root { --lead: #2f5d8a; --resp: #8fb3d9; --ink: #1d2733; --muted: #5b6877; --line: #d5dde6; --bg: #f6f8fa; }
* { box-sizing: border-box; }
body { font-family: %(font)s; color: var(--ink); margin: 0; line-height: 1.55; background: #fff; }
header, main { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 24px; }
h1 { font-size: 1.6em; margin: 0 0 6px; }
h2 { font-size: 1.3em; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 1.1em; margin-top: 24px; }
nav ul { columns: 3; padding-left: 18px; }
.muted, .note { color: var(--muted); font-size: 0.92em; }
.note { background: var(--bg); border-left: 3px solid var(--line); padding: 6px 10px; }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; }
dl.figures div { background: var(--bg); border-radius: 6px; padding: 8px 12px; }
dl.figures dt { color: var(--muted); font-size: 0.85em; }
dl.figures dd { margin: 0; font-size: 1.4em; font-weight: 600; }
dl.figures dd.help { font-size: 0.78em; font-weight: normal; color: var(--muted); line-height: 1.35; margin-top: 2px; }
.scroll { overflow-x: auto; max-width: 100%%; margin: 10px 0 18px; border: 1px solid var(--line); }
.scroll > table { margin: 0; width: max-content; min-width: 100%%; }
.accountability .sticky { position: sticky; left: 0; z-index: 1; background: #fff; min-width: 11em; max-width: 16em;
  text-align: left; font-weight: normal; white-space: normal; box-shadow: 1px 0 0 var(--line); }
.accountability thead .sticky { background: var(--bg); z-index: 2; }
table { border-collapse: collapse; width: 100%%; margin: 10px 0 18px; font-size: 0.92em; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.sortable th { cursor: pointer; user-select: none; white-space: nowrap; background: var(--bg); }
table.sortable th::after { content: " \\2195"; color: #a0aab5; font-size: 0.8em; }
table.sortable th[aria-sort="ascending"]::after { content: " \\2191"; color: var(--ink); }
table.sortable th[aria-sort="descending"]::after { content: " \\2193"; color: var(--ink); }
details > summary { cursor: pointer; }
td details > summary { color: var(--lead); }
details ol, details ul { margin: 4px 0 4px 18px; padding: 0; }
td details[open] > ol, td details[open] > ul { text-align: left; min-width: 24em; max-width: 40em; }
table.workload td:first-child, table.pairs td, table.hidden-load td:first-child { min-width: 9em; }
details li { margin: 3px 0; }
blockquote { margin: 3px 0; padding: 2px 8px; border-left: 3px solid var(--resp); color: #334; background: #fbfcfd; }
.tag { display: inline-block; font-size: 0.8em; padding: 0 5px; border-radius: 3px; background: var(--bg); color: var(--muted); }
.tag.lead { background: var(--lead); color: #fff; }
.tag.responsible { background: var(--resp); color: #123; }
svg.bars { max-width: 100%%; height: auto; }
svg.bars text { font-family: %(font)s; font-size: 12px; fill: var(--ink); }
svg.bars .lead { fill: var(--lead); }
svg.bars .responsible { fill: var(--resp); }
td.heat { text-align: right; }
tr:target { background: #fff7d6; }
table.tasks td:first-child { min-width: 12em; }
table.follow-through tr.status-missed td:last-child { color: #a12622; font-weight: 600; }
table.follow-through tr.status-reached td:last-child { color: #1d6b35; }
.matrix th.target { font-weight: normal; min-width: 110px; max-width: 220px; }
.matrix td.cell { text-align: center; }
footer { max-width: 1180px; margin: 40px auto 30px; padding: 0 20px; }
""".replace("%(font)s", FONT_STACK).replace("%%", "%")

PAGE_JS = """
(function () {
  function key(cell, numeric) {
    var v = cell ? (cell.getAttribute("data-sort") || cell.textContent) : "";
    if (!numeric) { return v; }
    var n = parseFloat(v);
    return isNaN(n) ? -Infinity : n;
  }
  function sortBy(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    if (th.getAttribute("aria-sort") === null && numeric) { ascending = false; }
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return ascending ? c : -c;
    });
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest('a[href^="#"]');
    var target = a && document.getElementById(a.getAttribute("href").slice(1));
    for (var d = target && target.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
  });
  document.querySelectorAll("table.sortable th").forEach(function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(th); } });
  });
})();
"""
