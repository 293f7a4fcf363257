"""The HTML pages in a real headless Chromium: they draw, render and never touch the network."""

from __future__ import annotations

import pytest

from kg.analysis.convert import to_networkx
from kg.output import write_atomic
from kg.report import workload_report
from kg.viz import render_graph_html
from tests.fixtures.browser import wait_for_drawing

from .conftest import workload_dataset

pytest_plugins = ("tests.fixtures.browser",)  # fixture: pages



@pytest.fixture(scope="module")
def written(tmp_path_factory):
    graphs = to_networkx(workload_dataset())
    out = tmp_path_factory.mktemp("pages")
    return {
        "report": write_atomic(out / "report.html", workload_report(graphs)),
        "report_type": write_atomic(out / "report-type.html", workload_report(graphs, by="type")),
        "graph": write_atomic(out / "graph.html", render_graph_html(graphs)),
        "graph_top": write_atomic(out / "graph-top.html", render_graph_html(graphs, top=3)),
    }


@pytest.mark.parametrize("name, nodes", [("graph", 13 + 11 + 3 + 3 + 4 + 2 + 2 + 2), ("graph_top", None)])
def test_graph_page_draws_nodes_offline(pages, written, name, nodes):
    page = pages.open(written[name])
    ink = wait_for_drawing(page)
    count = page.evaluate("network.body.data.nodes.length")
    edges = page.evaluate("network.body.data.edges.length")
    assert ink > 500 and count > 0 and edges > 0
    if nodes is not None:
        assert count == nodes
    assert pages.remote_requests() == []
    page.close()


def test_graph_page_says_what_was_left_out(pages, written):
    page = pages.open(written["graph_top"])
    wait_for_drawing(page)
    assert "另有 10 个单位未显示" in page.inner_text("#kg-message")
    units = page.evaluate("network.body.data.nodes.get({filter: n => n.kind === 'unit'}).length")
    assert units == 3
    page.close()


def test_graph_search_selects_nodes(pages, written):
    page = pages.open(written["graph"])
    wait_for_drawing(page)
    page.fill("#kg-search", "财政局")
    page.dispatch_event("#kg-search", "change")
    assert page.evaluate("network.getSelectedNodes().length") == 2
    assert page.inner_text("#kg-found") == "找到 2 个节点"
    page.close()


@pytest.mark.parametrize("name, rows, bars", [("report", 4 * 7, 5), ("report_type", 4 * 7, 5)])
def test_report_renders_tables_and_charts_offline(pages, written, name, rows, bars):
    page = pages.open(written[name])
    body_rows = page.locator("table.workload tbody tr").count()
    assert body_rows >= rows
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll('svg.bars rect.lead'))
        .map(r => r.getBoundingClientRect()).filter(b => b.width > 0 && b.height > 0).length""")
    assert sizes >= bars
    svgs = page.evaluate("""() => Array.from(document.querySelectorAll('svg.bars'))
        .map(s => s.getBoundingClientRect()).filter(b => b.width > 100 && b.height > 30).length""")
    assert svgs == page.locator("svg.bars").count() >= 3
    assert pages.remote_requests() == []
    page.close()


def test_report_table_sorts_on_click(pages, written):
    page = pages.open(written["report"])
    table = page.locator("#plan-shimen_2023_plan table.workload")
    first = lambda: table.locator("tbody tr").first.locator("td").first.inner_text()  # noqa: E731
    assert first() == "石门县发展和改革局"
    header = table.locator("th", has_text="配合")
    header.click()  # numbers sort highest first on the first click
    assert first() in ("石门县发展和改革局", "石门县财政局")
    header.click()
    assert table.locator("tbody tr").first.locator("td").nth(4).get_attribute("data-sort") == "0"
    page.close()


def test_report_counts_lead_to_the_quoted_text(pages, written):
    page = pages.open(written["report"])
    cell = page.locator("#plan-qingshan_2024_plan table.workload tbody tr", has_text="青山区卫生健康局") \
        .locator("details").first
    cell.locator("summary").click()
    text = cell.inner_text()
    assert "4.建设健康青山" in text and "原文写作：区卫生健康局" in text
    link = cell.locator("a", has_text="4.建设健康青山")
    quote = page.locator(link.get_attribute("href") + " blockquote")
    assert not quote.is_visible()  # the task list starts collapsed
    link.click()
    assert quote.is_visible() and quote.inner_text().startswith("4.建设健康青山。")
    assert "牵头 青山区卫生健康局" in page.locator(link.get_attribute("href")).inner_text()
    page.close()


# -- the real corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_pages(corpus_build, tmp_path_factory):
    from kg.graph.store import load_graph

    graphs = to_networkx(load_graph(corpus_build))
    out = tmp_path_factory.mktemp("corpus-pages")
    return {
        "graphs": graphs,
        "report": write_atomic(out / "report.html", workload_report(graphs)),
        "graph": write_atomic(out / "graph.html", render_graph_html(graphs)),
    }


def test_corpus_graph_page(pages, corpus_pages):
    page = pages.open(corpus_pages["graph"])
    assert wait_for_drawing(page) > 500
    units = page.evaluate("network.body.data.nodes.get({filter: n => n.kind === 'unit'}).length")
    assert units == min(150, len(corpus_pages["graphs"].units()))
    assert pages.remote_requests() == []
    page.close()


def test_corpus_report_page(pages, corpus_pages):
    page = pages.open(corpus_pages["report"])
    plans = len(corpus_pages["graphs"].plan_ids())
    assert page.locator("section.plan").count() == plans
    assert page.locator("#all table.workload tbody tr").count() > 100
    bars = page.evaluate("""() => Array.from(document.querySelectorAll('#all svg.bars rect'))
        .filter(r => r.getBoundingClientRect().width > 0).length""")
    assert bars >= 20
    assert pages.remote_requests() == []
    page.close()


def _overlap(a, b) -> bool:
    return not (a["x2"] < b["x1"] or a["x1"] > b["x2"] or a["y2"] < b["y1"] or a["y1"] > b["y2"])


def test_graph_page_labels_the_largest_nodes_without_overlap(pages, written):
    page = pages.open(written["graph"])
    wait_for_drawing(page)
    page.wait_for_function("window.kgLabels && window.kgLabels().length > 0", timeout=30000)
    boxes = page.evaluate("kgLabels()")
    assert 0 < len(boxes) <= 15
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    largest = page.evaluate("network.body.data.nodes.get({filter: n => n.rank === 0})[0].id")
    assert boxes[0]["id"] == largest
    drawn = page.evaluate("network.body.data.nodes.get({filter: n => n.label}).map(n => n.id)")
    assert sorted(drawn) == sorted(b["id"] for b in boxes)  # unlabelled nodes draw no text
    size = page.evaluate("kgLabelSize")
    page.evaluate("() => { network.moveTo({scale: network.getScale() * 3}); network.emit('zoom', {}); }")
    page.wait_for_function(f"kgLabelSize > {size}", timeout=10000)
    page.close()


def test_graph_page_edge_labels_on_hover(pages, written):
    page = pages.open(written["graph"])
    wait_for_drawing(page)
    assert page.evaluate("network.body.data.edges.get({filter: e => e.label}).length") == 0
    edge = page.evaluate("network.body.data.edges.get({filter: e => e.role === '牵头'})[0].id")
    page.evaluate(f"() => network.emit('hoverEdge', {{edge: '{edge}'}})")
    assert page.evaluate(f"network.body.data.edges.get('{edge}').label") == "牵头"
    page.evaluate(f"() => network.emit('blurEdge', {{edge: '{edge}'}})")
    assert page.evaluate(f"network.body.data.edges.get('{edge}').label") == ""
    page.close()


def test_report_matrix_scrolls_with_the_unit_column_fixed(pages, tmp_path):
    from kg.analysis.convert import to_networkx as convert

    graphs = convert(workload_dataset())
    page = pages.open(write_atomic(tmp_path / "narrow.html", workload_report(graphs)))
    page.set_viewport_size({"width": 480, "height": 800})
    box = page.locator(".matrix-scroll").first
    box.scroll_into_view_if_needed()
    assert page.evaluate("el => getComputedStyle(el).overflowX", box.element_handle()) == "auto"
    first = box.locator("tbody th.sticky").first
    assert page.evaluate("el => getComputedStyle(el).position", first.element_handle()) == "sticky"
    width = first.bounding_box()["width"]
    assert width > 60  # the unit names are not squeezed to one character per line
    # the table is wider than its container: scrolling moves the targets, not the unit column
    assert page.evaluate("el => el.scrollWidth > el.clientWidth", box.element_handle())
    left = first.bounding_box()["x"]
    target = box.locator("thead th.target").first
    target_left = target.bounding_box()["x"]
    page.evaluate("el => { el.scrollLeft = el.scrollWidth; }", box.element_handle())
    assert abs(first.bounding_box()["x"] - left) < 1
    assert target.bounding_box()["x"] < target_left - 20
    page.close()


def test_cjk_font_installed_for_the_screenshots():
    import subprocess

    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert "Noto Sans CJK" in families, "run `make browser` (scripts/install_browser.sh installs fonts-noto-cjk)"


def test_explain_page_draws_offline(pages, tmp_path):
    from kg.document import read_document
    from kg.extract.explain import LEGEND, explain_doc, explain_html
    from kg.manifest import manifest_entry

    from .conftest import CORPUS

    path = sorted(CORPUS.glob("*.txt"))[0]
    out = write_atomic(tmp_path / "explain.html", explain_html(explain_doc(read_document(path), manifest_entry(path))))
    page = pages.open(out)
    assert page.locator("#kg-legend li").count() == len(LEGEND)
    assert page.locator(".kg-paragraph").count() > 10
    # the span labels are drawn: a lead unit's label box is visible and coloured
    lead = page.locator("#kg-text span", has_text="LEAD").first
    assert lead.is_visible() and lead.bounding_box()["height"] > 0
    assert "牵头单位" in page.inner_text("#kg-legend")
    assert pages.remote_requests() == []
    page.close()
