"""Text from documents stays data in every output: CSV cells, Markdown, terminal tables.

Each output kg writes gets a hostile value and must show it as text: a spreadsheet
formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, tab, carriage return), Markdown
markup and links, and terminal escape sequences.
"""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.output import csv_text, md_text, plain_text, render
from kg.report import workload_report
from kg.report.markdown import md_text as report_md_text

FORMULAS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
ESC_TITLE = "区\x1b[31m红色\x1b[0m方案\x1b]0;pwned\x07\x9b2J\u202eevil"
HOSTILE_TITLE = '=HYPERLINK("http://evil")<script>alert(1)</script>[x](javascript:alert(1))'

# A plan whose file name, title and unit names are hostile, in kg's RDF layout.
TTL = """
@prefix kg: <https://w3id.org/kg-policy/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix plan: <https://w3id.org/kg-policy/id/plan/> .
@prefix ex: <https://w3id.org/kg-policy/id/test/> .

plan:evil a kg:Plan ; dcterms:identifier "=cmd.txt" ; dcterms:title "%(title)s"@zh ; kg:issuer ex:place .
ex:place a kg:Place ; rdfs:label "@place"@zh .
ex:u1 a kg:Unit ; skos:prefLabel "+区<script>alert(2)</script>局"@zh ; kg:jurisdiction ex:place .
ex:u2 a kg:Unit ; skos:prefLabel "-区[y](javascript:alert(3))办%(esc)s"@zh ; kg:jurisdiction ex:place .
ex:t1 a kg:Task ; kg:inPlan plan:evil ; kg:printedId "1." ; dcterms:title "=1+1" ;
    kg:leadUnit ex:u1 ; kg:responsibleUnit ex:u2 .
"""


def _escape_turtle(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or 0x7f <= ord(c) <= 0x9f or c in '"\\' else c for c in text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "graph.ttl"
    path.write_text(TTL % {"title": _escape_turtle(ESC_TITLE + HOSTILE_TITLE), "esc": _escape_turtle(ESC_TITLE)},
                    encoding="utf-8")
    return path


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_no_formula(text: str) -> None:
    cells = _cells(text)
    assert cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_cells_never_start_a_formula(value):
    text = render([{"v": value, "n": -3}], "csv")
    assert _cells(text) == ["v", "n", "'" + value.replace("\r", "\n"), "-3"]  # numbers stay numbers
    assert csv_text(value) == "'" + value


def test_query_csv_neutralises_formulas(hostile):
    run = CliRunner().invoke(cli, ["query", "plans", "--graph", str(hostile), "--format", "csv"])
    assert run.exit_code == 0, run.output
    _assert_no_formula(run.stdout)
    assert "'=cmd.txt" in run.stdout and "'@place" in run.stdout


def test_report_csv_neutralises_formulas(hostile):
    from kg.graph.store import load_graph

    text = workload_report(load_graph(hostile), fmt="csv")
    _assert_no_formula(text)
    assert "'@place" in text and "'+区<script>" in text


def test_workload_csv_in_the_build_folder_neutralises_formulas(hostile, tmp_path):
    from kg.graph.store import load_graph
    from kg.report import write_reports

    written = write_reports(load_graph(hostile), tmp_path)
    _assert_no_formula(written["workload.csv"].read_text(encoding="utf-8"))


def test_extract_csv_neutralises_formulas(tmp_path):
    doc = tmp_path / "=cmd.txt"
    doc.write_text("=SUM(1)行动方案\n\n一、重点任务\n1.推进招商。围绕产业链开展招商。(牵头单位:区财政局)\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["extract", str(doc), "--format", "csv"])
    assert run.exit_code == 0, run.output
    _assert_no_formula(run.stdout)
    assert "'=cmd.txt" in run.stdout


@pytest.mark.parametrize("raw", ["<script>", "](javascript:", "[x]", "<b>"])
def test_markdown_outputs_show_markup_as_text(hostile, raw):
    from kg.graph.store import load_graph

    query_md = CliRunner().invoke(cli, ["query", "plans", "--graph", str(hostile), "--format", "md"]).stdout
    report_md = workload_report(load_graph(hostile), fmt="md")
    rendered = render([{"t": "<b>x</b>"}], "md")
    for text in (query_md, report_md, rendered):
        assert raw not in text
    assert "\\<script\\>" in query_md and "\\<script\\>" in report_md


def test_one_markdown_escaper():
    assert report_md_text is md_text
    assert md_text("a|b\nc") == "a\\|b c"


def test_table_output_has_no_control_characters(hostile):
    run = CliRunner().invoke(cli, ["query", "plans", "--graph", str(hostile), "--format", "table"])
    assert run.exit_code == 0, run.output
    bad = [c for c in run.stdout if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]
    assert not bad, [hex(ord(c)) for c in bad]
    assert "区红色方案" in run.stdout


@pytest.mark.parametrize("text, expected", [
    ("区\x1b[31m红\x1b[0m", "区红"),
    ("a\x1b]0;title\x07b", "ab"),
    ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
    ("a\tb\nc", "a b c"),
    ("a\x9b2Jb\x00c\x7f", "a2Jbc"),
    ("x\u202eevil\u2066y", "xevily"),
])
def test_plain_text(text, expected):
    assert plain_text(text) == expected
