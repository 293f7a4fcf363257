"""Document text that looks like HTML stays text: extraction -> graph -> report / viz -> browser DOM."""

from __future__ import annotations

import pytest

from kg.graph.build import build_graph
from kg.graph.store import load_graph
from kg.output import write_atomic
from kg.report import workload_report
from kg.viz import render_graph_html
from tests.fixtures.browser import wait_for_drawing

pytest_plugins = ("tests.fixtures.browser",)  # fixture: pages (headless Chromium)

EVIL_UNIT = '区<script>alert("x")</script>局'
EVIL_IMG = "区<img src=x onerror=alert(document.domain)>办"
DOCUMENT = f"""青山区推进<script>alert("t")</script>高质量发展行动方案

一、总体要求
坚持稳中求进。

二、重点任务
1.推进<b>加粗</b>招商。围绕产业链开展招商工作。(牵头单位:{EVIL_UNIT};责任单位:区财政局、{EVIL_IMG})
2.建设"引号"&项目。推进重点项目建设。(牵头单位:区财政局;责任单位:{EVIL_UNIT}、区住建局)
3.优化营商环境。深化改革。(牵头单位:区发改局;责任单位:区财政局、{EVIL_UNIT})
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("evil")
    (root / "docs").mkdir()
    (root / "docs" / "evil_plan.txt").write_text(DOCUMENT, encoding="utf-8")
    build_graph([root / "docs"], out=root / "build", validate=False, store=False)
    graph = load_graph(root / "build")
    return {
        "graph": graph,
        "report": write_atomic(root / "report.html", workload_report(graph)),
        "md": workload_report(graph, fmt="md"),
        "viz": write_atomic(root / "graph.html", render_graph_html(graph, plan="evil_plan")),
    }


def test_the_names_survive_extraction(built):
    """The test is only meaningful if the hostile names reach the graph."""
    text = built["report"].read_text(encoding="utf-8").replace("&#34;", "&quot;")  # markupsafe writes &#34;
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;局" in text
    assert "&lt;img src=x onerror=alert(document.domain)&gt;办" in text
    assert "推进&lt;b&gt;加粗&lt;/b&gt;招商" in text


@pytest.mark.parametrize("page_key", ["report", "viz"])
def test_no_raw_markup_from_the_document(built, page_key):
    text = built[page_key].read_text(encoding="utf-8")
    for raw in ('<script>alert("x")', '<script>alert("t")', "<img src=x", "<b>加粗"):
        assert raw not in text


def test_markdown_escapes(built):
    assert "\\<script\\>" in built["md"] and "<script>" not in built["md"]


def _dialogs(page) -> list[str]:
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def test_report_dom_shows_the_text_literally(pages, built):
    page = pages.open(built["report"])
    dialogs = _dialogs(page)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    body = page.inner_text("body")
    assert EVIL_UNIT in body and EVIL_IMG in body and "推进<b>加粗</b>招商" in body
    assert page.evaluate("document.querySelectorAll('script').length") == 1  # the table-sorting script only
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("""Array.from(document.querySelectorAll('b')).every(b => !b.textContent.startsWith('加粗'))""")
    assert dialogs == [] and pages.remote_requests() == []
    page.close()


def test_graph_dom_shows_the_text_literally(pages, built):
    page = pages.open(built["viz"])
    dialogs = _dialogs(page)
    wait_for_drawing(page)
    assert '<script>alert("t")</script>' in page.inner_text("h1")
    tips = page.evaluate("""() => network.body.data.nodes.get().concat(network.body.data.edges.get())
        .filter(x => x.title).map(x => [x.title.textContent, x.title.querySelectorAll('*:not(br)').length])""")
    texts = [t for t, _ in tips]
    assert any(EVIL_UNIT in t for t in texts) and any(EVIL_IMG in t for t in texts)
    assert all(elements == 0 for _, elements in tips)  # tooltips hold text and line breaks only
    labels = page.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert any("<script>" in label for label in labels)  # drawn on the canvas as text
    assert page.evaluate("document.querySelectorAll('script').length") == 2  # vis-network and the page's own
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert dialogs == [] and pages.remote_requests() == []
    page.close()
